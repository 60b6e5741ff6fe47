"""Past initiatives from a province's own sheets: historical records of the years before DVK.

Each row becomes an ordinary Initiative in a recognized or not-recognized end state, so that it
takes part in the similar-initiatives search, the re-reporting guard and the summaries of its
year. It is created outside the lifecycle on purpose: the lifecycle's checks (registration
window, inspections, score sheets) describe work done in DVK, and none of it happened here. It
gets no TransitionLog (no one made a move); instead `imported_from` marks it imported and its
campaign — one per year, summarized and never launched — keeps it read-only (is_frozen).

Re-importing the same file changes nothing: a row is found again by its import key (year, unit,
kind, accent-folded name); a refused row stops the whole file unless asked to skip; any error
rolls everything back (report.run_atomically).
"""

from __future__ import annotations

import datetime
import difflib
import hashlib
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import Campaign, CampaignState, Field, InitiativeKind, Level, SteeringCommittee, Unit
from campaigns.text import fold

from .. import counts
from ..models import Gender, Initiative, Origin, RecognitionDecision, State, Subject
from ..models.initiative import subject_mismatches
from ..search import SAME_INITIATIVE_RATIO, similarity
from .history_columns import KNOWN, _choice, _percent, missing_targets, suggest
from .models import ColumnMapping
from .reading import open_sheet, read_headers
from .refusals import RowRefused
from .report import Action, Report, run_atomically
from .values import LooseDate, UnreadableDate, clean, key, parse_date, parse_year, parse_yes_no

logger = logging.getLogger(__name__)


BATCH = 500
CLOSEST = 3


def history_campaign(committee: SteeringCommittee, year: int) -> Campaign:
    """Return the campaign that holds a committee's imported initiatives of a year, creating it.

    It is the one summarized campaign of that committee and year that was never launched:
    a year from before DVK. Summarized, it keeps its initiatives read-only.
    """
    found = Campaign.objects.filter(
        committee=committee, year=year, state=CampaignState.SUMMARIZED, launched_at__isnull=True
    ).first()
    if found is not None:
        return found
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return Campaign.objects.create(
        committee=committee,
        year=year,
        name=_("Dữ liệu lịch sử năm %(year)s (nhập từ tệp)") % {"year": year},
        starts_on=first,
        ends_on=last,
        registration_opens_on=first,
        registration_closes_on=last,
        requires_inspection=False,
        state=CampaignState.SUMMARIZED,
        summarized_at=timezone.now(),
    )


class _DetachedProgress:
    """Report progress from a thread of its own: the import's transaction would hide it until the end."""

    # A little longer than JobProgress's own interval, so that it never skips the beat.
    def __init__(self, progress, interval: float = 1.1) -> None:
        self.progress, self.interval = progress, interval
        self.last = time.monotonic()
        self.done = 0
        self.thread: threading.Thread | None = None

    def _write(self, call: Callable[[], None]) -> None:
        from django.db import connections

        try:
            call()
        except Exception:  # noqa: BLE001 — a progress bar must never fail the import (SQLite's lock)
            logger.info("Import progress not recorded", exc_info=True)
        finally:
            connections.close_all()

    def _start(self, call: Callable[[], None]) -> None:
        if self.thread is not None and self.thread.is_alive():
            return  # still writing the last one: skip this beat
        self.thread = threading.Thread(target=self._write, args=(call,), daemon=True)
        self.thread.start()

    def set_total(self, total: int) -> None:
        self._start(lambda: self.progress.set_total(total))

    def __call__(self, done: int) -> None:
        self.done = done
        now = time.monotonic()
        if now - self.last >= self.interval:
            self.last = now
            self._start(lambda: self.progress(done))

    def close(self) -> None:
        if self.thread is not None:
            self.thread.join(timeout=10)
        if hasattr(self.progress, "done"):
            self.progress.done = self.done  # what the job records as rows done when it finishes


class HistoryImport:
    """One run over a sheet: reads, checks and writes row by row into the report."""

    def __init__(self, columns: dict[int, str], committee: SteeringCommittee, user=None, source: str = "") -> None:
        self.columns = columns
        self.committee = committee
        self.user = user
        self.source = source[:255]
        self.units = list(
            Unit.objects.filter(path__startswith=committee.unit.path).only("id", "name", "code", "search_text", "path")
        )
        self.by_code: dict[str, list[Unit]] = {}
        self.by_name: dict[str, list[Unit]] = {}
        for unit in self.units:
            if unit.code:
                self.by_code.setdefault(unit.code, []).append(unit)
            self.by_name.setdefault(unit.search_text, []).append(unit)
        self.fields = list(Field.objects.all())
        self.default_field = next((f for f in self.fields if f.code == "other"), None) or next(
            (f for f in self.fields if f.active), None
        )
        self.campaigns: dict[int, Campaign] = {}
        self.existing: dict[int, dict[str, Initiative]] = {}
        self.known_decisions: dict[tuple[str, int], RecognitionDecision] | None = None
        self.taken_numbers: set[str] = set()
        self.seen: dict[str, int] = {}
        self.pending: list[tuple[int, Initiative, int | None, str]] = []
        self.links: list[tuple[int, str, int]] = []  # (row, import key, year it continues)
        self.keys: dict[str, Initiative] = {}

    # ----- lookups -----------------------------------------------------------------------
    def unit(self, value: object) -> Unit | str:
        """Return the unit named by code or name, or the refusal (with the closest names)."""
        text = clean(value)
        found = self.by_code.get(text) or self.by_name.get(fold(text)) or []
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            return _("Có nhiều đơn vị tên “%(name)s”: hãy ghi mã đơn vị.") % {"name": text}
        close = difflib.get_close_matches(fold(text), list(self.by_name), n=CLOSEST, cutoff=0.6)
        if close:
            names = ", ".join(self.by_name[c][0].name for c in close)
            return _("Không có đơn vị “%(name)s”. Tên gần nhất: %(names)s.") % {"name": text, "names": names}
        return _("Không có đơn vị “%(name)s”.") % {"name": text}

    def field(self, value: object) -> Field | None:
        text = key(value)
        if not text:
            return self.default_field
        for field in self.fields:
            if text in (key(field.name), field.code):
                return field
        return None

    def campaign(self, year: int) -> Campaign:
        if year not in self.campaigns:
            campaign = history_campaign(self.committee, year)
            self.campaigns[year] = campaign
            # Plain tuples, not model instances: a year of a big province is tens of thousands of rows.
            self.existing[year] = {
                values[0]: values[1:]
                for values in Initiative.objects.filter(campaign=campaign)
                .exclude(import_key="")
                .values_list("import_key", "pk", *_COMPARED)
            }
        return self.campaigns[year]

    def decision(
        self, number: str, decided_on: datetime.date | None, level: str | None, year: int
    ) -> RecognitionDecision:
        """Return the decision of this number in this year, creating it (numbers repeat from year to year)."""
        if self.known_decisions is None:
            self.known_decisions = {}
            for found in RecognitionDecision.objects.filter(committee=self.committee):
                self.known_decisions[(found.number, found.decided_on.year)] = found
                self.taken_numbers.add(found.number)
        found = self.known_decisions.get((number, year)) or self.known_decisions.get((f"{number} ({year})", year))
        if found is None:
            day = decided_on or datetime.date(year, 12, 31)
            note = _("Nhập từ danh sách của tỉnh.")
            if not decided_on:
                note = _("Nhập từ danh sách của tỉnh; tệp không ghi ngày quyết định.")
            # The same number is reused from one year to the next: the year tells them apart.
            stored = f"{number} ({year})" if number in self.taken_numbers else number
            found = RecognitionDecision.objects.create(
                committee=self.committee,
                number=stored,
                decided_on=day,
                signer="",
                level=level or self.committee.unit.level,
                note=note,
                created_by=self.user,
            )
            self.taken_numbers.add(stored)
            self.known_decisions[(number, year)] = found
        return found

    # ----- one row -----------------------------------------------------------------------
    def row(self, number: int, values: list, report: Report) -> None:
        """Read one row and record it: refused, or its initiative created, updated or unchanged."""
        cells = {name: values[pos] if pos < len(values) else None for pos, name in self.columns.items()}
        try:
            read = self.read(cells)
        except RowRefused as refusal:
            return report.refuse(number, refusal.message, refusal.label)
        import_key = read.import_key()
        if import_key in self.seen:
            return report.refuse(number, _("Trùng với dòng %(row)s.") % {"row": self.seen[import_key]}, read.name)
        self.seen[import_key] = number

        campaign = self.campaign(read.year)
        decision = None
        if read.recognized and read.decision_number:
            day = read.decided.day if read.decided else None
            decision = self.decision(read.decision_number, day, read.level, read.year)
        wanted = read.wanted(decision)
        current = self.existing[read.year].get(import_key)
        if current is not None:
            self._update(number, read, import_key, current, wanted, report)
        else:
            self._add(number, read, import_key, campaign, wanted, report)
        return None

    def read(self, cells: dict[str, object]) -> SheetRow:
        """Read and check one row's cells; raise RowRefused with the first thing wrong."""
        name = clean(cells.get("name"))
        year = _year(cells, name)
        if not name:
            raise RowRefused(_("Thiếu tên mô hình, điển hình."), "")
        unit = self.unit(cells.get("unit"))
        if isinstance(unit, str):
            raise RowRefused(unit, name)
        kind, field, subject, gender, women_share = self._what(cells, name)
        recognized, decision_number, decided, level = _recognition(cells, name)
        return SheetRow(
            cells=cells,
            name=name,
            year=year,
            unit=unit,
            kind=kind,
            field=field,
            subject=subject,
            gender=gender,
            women_share=women_share,
            recognized=recognized,
            decision_number=decision_number,
            decided=decided,
            level=level,
            continues_year=_continues_year(cells, name, year),
        )

    def _what(self, cells: dict[str, object], name: str) -> tuple[str, Field, str, str, int | None]:
        """Read the kind, field and subject, and the gender or share of women that fits the subject."""
        kind = _choice(cells.get("kind"), InitiativeKind, {"mh": "model", "dh": "exemplar"}, InitiativeKind.MODEL)
        if kind is None:
            raise _unreadable(_("Không rõ loại “%(value)s”."), cells, "kind", name)
        field = self.field(cells.get("field"))
        if field is None:
            raise _unreadable(_("Không rõ lĩnh vực “%(value)s”."), cells, "field", name)
        subject = _choice(cells.get("subject"), Subject, None, Subject.COLLECTIVE)
        if subject is None:
            raise _unreadable(_("Không rõ chủ thể “%(value)s”."), cells, "subject", name)
        gender = _choice(cells.get("gender"), Gender, None, "")
        if gender is None:
            raise _unreadable(_("Không rõ giới tính “%(value)s”."), cells, "gender", name)
        women_share = _percent(cells.get("women_share"))
        if women_share == -1:
            raise _unreadable(_("Không đọc được tỷ lệ nữ “%(value)s”."), cells, "women_share", name)
        for message in subject_mismatches(subject, gender, women_share).values():
            raise RowRefused(message, name)
        return kind, field, subject, gender, women_share

    def _update(
        self, number: int, read: SheetRow, import_key: str, current: tuple, wanted: dict, report: Report
    ) -> None:
        """Record a row found again: save what changed (or nothing), and keep it to be linked if it says so."""
        pk, stored = current[0], dict(zip(_COMPARED, current[1:], strict=True))
        changed = [k for k, v in wanted.items() if stored[k] != v]
        if read.continues_year is not None:
            self.keys[import_key] = Initiative(
                pk=pk,
                unit_id=stored["unit_id"],
                name=stored["name"],
                kind=stored["kind"],
                continues_id=stored["continues_id"],
            )
            self.links.append((number, import_key, read.continues_year))
        if changed:
            initiative = Initiative.objects.get(pk=pk)
            for k in changed:
                setattr(initiative, k, wanted[k])
            initiative.save(update_fields=[*changed, "search_text", "updated_at"])
            report.add(number, Action.UPDATED, label=read.name)
        else:
            report.add(number, Action.UNCHANGED, label=read.name)

    def _add(
        self, number: int, read: SheetRow, import_key: str, campaign: Campaign, wanted: dict, report: Report
    ) -> None:
        """Record a new row: its initiative waits for the next batch, and to be linked if it says so."""
        initiative = Initiative(
            campaign=campaign,
            unit_id=read.unit.pk,
            origin=Origin.NEW,
            imported_from=self.source,
            import_key=import_key,
            created_by=self.user,
            **wanted,
        )
        initiative.normalize()
        if read.continues_year is not None:
            self.keys[import_key] = initiative  # kept only to be linked (its id comes with bulk_create)
        self.pending.append((number, initiative, read.continues_year, read.name))
        report.add(number, Action.CREATED, label=read.name)
        if read.continues_year is not None:
            self.links.append((number, import_key, read.continues_year))
        if len(self.pending) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            created = [i for _n, i, _y, _name in self.pending]
            Initiative.objects.bulk_create(created, batch_size=BATCH)
            counts.add_many(created)  # in the import's transaction, like the rows
            self.pending = []

    # ----- links to the earlier initiative -----------------------------------------------
    def link(self, report: Report) -> None:
        """Point each row that says so at the earlier initiative it continues (same unit or its predecessors)."""
        self.flush()
        by_row = {r.row: r for r in report.rows}
        lineage: dict[int, set[int]] = {}
        for number, import_key, earlier_year in self.links:
            initiative = self.keys[import_key]
            if initiative.pk is None:  # bulk_create on a backend that returns no ids
                initiative = Initiative.objects.get(import_key=import_key)
            if initiative.unit_id not in lineage:
                lineage[initiative.unit_id] = Unit.objects.get(pk=initiative.unit_id).with_predecessors()
            candidates = Initiative.objects.filter(
                unit_id__in=lineage[initiative.unit_id], campaign__year=earlier_year, kind=initiative.kind
            ).only("id", "name", "search_text")
            best, best_score = None, 0.0
            for candidate in candidates:
                score = (
                    1.0
                    if fold(candidate.name) == fold(initiative.name)
                    else similarity(initiative.name, "", candidate.name, "")
                )
                if score > best_score:
                    best, best_score = candidate, score
            result = by_row[number]
            if best is None or best_score < SAME_INITIATIVE_RATIO:
                result.message = _("Không tìm thấy mô hình năm %(year)s mà dòng này duy trì; chưa nối.") % {
                    "year": earlier_year
                }
                continue
            if initiative.continues_id == best.pk:
                continue
            old_columns = counts.loaded_columns(initiative)
            Initiative.objects.filter(pk=initiative.pk).update(continues=best, origin=Origin.MAINTAINED)
            new_columns = {**old_columns, "origin": Origin.MAINTAINED}
            counts.move(counts.key_from(initiative, old_columns), counts.key_from(initiative, new_columns))
            counts.remember(initiative, new_columns)
            if result.action in (Action.CREATED, Action.UNCHANGED):
                result.action = Action.LINKED if result.action == Action.CREATED else Action.UPDATED
            result.message = _("Duy trì từ “%(name)s” (%(year)s).") % {"name": best.name, "year": earlier_year}


@dataclass
class SheetRow:
    """One row of the sheet, read and checked (`HistoryImport.read`)."""

    cells: dict[str, object]
    name: str
    year: int
    unit: Unit
    kind: str
    field: Field
    subject: str
    gender: str
    women_share: int | None
    recognized: bool
    decision_number: str
    decided: LooseDate | None
    level: str | None
    continues_year: int | None

    def import_key(self) -> str:
        """The key a re-import finds the row's initiative by: year, unit, kind and accent-folded name."""
        return hashlib.sha256(f"{self.year}|{self.unit.pk}|{self.kind}|{fold(self.name)}".encode()).hexdigest()[:40]

    def wanted(self, decision: RecognitionDecision | None) -> dict[str, object]:
        """The initiative's columns as the row gives them; a column the sheet lacks is left as it is."""
        cells = self.cells
        wanted = {
            "name": self.name,
            "kind": self.kind,
            "field_id": self.field.pk,
            "subject": self.subject,
            "state": State.RECOGNIZED if self.recognized else State.NOT_RECOGNIZED,
            "decision_id": decision.pk if decision else None,
            "solutions": clean(cells.get("content")) if "content" in cells else None,
            "address": clean(cells.get("address"))[:500] if "address" in cells else None,
            "gender": self.gender if "gender" in cells else None,
            "women_share": self.women_share,
        }
        return {k: v for k, v in wanted.items() if v is not None}


def _unreadable(message: str, cells: dict[str, object], column: str, name: str) -> RowRefused:
    """Refuse a row for what one of its cells says (`message` shows it as %(value)s)."""
    return RowRefused(message % {"value": clean(cells.get(column))}, name)


def _year(cells: dict[str, object], name: str) -> int:
    """Read the year the initiative was registered, which every row gives."""
    try:
        year = parse_year(cells.get("year"))
    except UnreadableDate:
        raise _unreadable(_("Không đọc được năm “%(value)s”."), cells, "year", name) from None
    if year is None:
        raise RowRefused(_("Thiếu năm đăng ký."), name)
    return year


def _recognition(cells: dict[str, object], name: str) -> tuple[bool, str, LooseDate | None, str | None]:
    """Read whether it was recognized, and the number, date and level of the decision."""
    decision_number = clean(cells.get("decision_number"))
    recognized = parse_yes_no(cells.get("recognized")) if "recognized" in cells else bool(decision_number)
    if recognized is None:
        raise _unreadable(_("Không rõ đã công nhận hay chưa: “%(value)s”."), cells, "recognized", name)
    try:
        decided = parse_date(cells.get("decision_date"))
    except UnreadableDate:
        raise _unreadable(_("Không đọc được ngày “%(value)s”."), cells, "decision_date", name) from None
    level = _choice(
        cells.get("decision_level"),
        Level,
        {"tinh": "province", "xa": "commune", "huyen": "district", "co so": "grassroots"},
    )
    if clean(cells.get("decision_level")) and level is None:
        raise _unreadable(_("Không rõ cấp công nhận “%(value)s”."), cells, "decision_level", name)
    return recognized, decision_number, decided, level


def _continues_year(cells: dict[str, object], name: str, year: int) -> int | None:
    """Read the earlier year the initiative is maintained from, if the row says so."""
    try:
        continues_year = parse_year(cells.get("continues_year"))
    except UnreadableDate:
        raise _unreadable(_("Không đọc được năm “%(value)s”."), cells, "continues_year", name) from None
    if continues_year is not None and continues_year >= year:
        raise RowRefused(_("Năm duy trì từ phải trước năm đăng ký."), name)
    return continues_year


_COMPARED = (
    "name",
    "kind",
    "field_id",
    "subject",
    "state",
    "decision_id",
    "solutions",
    "address",
    "continues_id",
    "unit_id",
    "gender",
    "women_share",
)


def province_committee() -> SteeringCommittee | None:
    """Return the committee at the top of the tree (the province's), which holds the history."""
    return SteeringCommittee.objects.select_related("unit").order_by("unit__depth", "pk").first()


def import_history(
    path: str | Path,
    columns: dict[int, str] | None = None,
    *,
    dry_run: bool = False,
    skip_refused: bool = False,
    user=None,
    committee: SteeringCommittee | None = None,
    sheet_name: str = "",
    source: str = "",
    progress=None,
    remember: bool = True,
) -> Report:
    """Import a sheet of past initiatives with a column mapping (the remembered or guessed one if None)."""
    path = Path(path)

    def work(report: Report) -> None:
        headers = read_headers(path, KNOWN, sheet_name).headers
        mapping = columns if columns is not None else suggest(headers)
        missing = missing_targets(mapping)
        if missing:
            report.refuse(0, _("Chưa ghép cột cho: %(fields)s.") % {"fields": ", ".join(missing)})
            return
        chosen = committee or province_committee()
        if chosen is None:
            report.refuse(0, _("Chưa có Ban Chỉ đạo nào: hãy nhập đơn vị và tạo Ban Chỉ đạo cấp tỉnh trước."))
            return
        if remember and not dry_run:
            ColumnMapping.remember(headers, mapping)
        run = HistoryImport(mapping, chosen, user, source or path.name)
        detached = _DetachedProgress(progress) if progress is not None else None
        try:
            with open_sheet(path, KNOWN, sheet_name) as sheet:
                report.notes.extend(sheet.notes)
                for done, (number, values) in enumerate(sheet.rows, start=1):
                    run.row(number, values, report)
                    if detached is not None:
                        detached(done)
            run.link(report)
        finally:
            if detached is not None:
                detached.close()

    return run_atomically(work, dry_run, skip_refused)
