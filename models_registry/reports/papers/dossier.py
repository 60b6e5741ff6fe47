"""The dossier (hồ sơ) of a decision: one ZIP for the archive and for proposing a commendation upward.

It holds the proposal letter (PDF and DOCX), the decision (PDF and DOCX), the list of the
initiatives (XLSX), and for each initiative a folder with its dossier sheet as PDF (registration
form, the committee's plan, inspections, score sheets, results, the decision, its nominations
upward) and its evidence files. Entry names are readable, safe (no path, no control character) and unique. The ZIP is
written into the job's temporary file, which the job runner moves into place only when complete.

The dossier is filed as one Vietnamese paper (`write_dossier` is `in_vietnamese`): its papers, its entry
names and its table of contents are Vietnamese whatever language the job runs in; only the ZIP's own
name (`dossier_filename`, made outside) is in the reader's language.
"""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Callable
from typing import BinaryIO

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext

from dvk.downloads import readable_filename

from ...models import REGISTRATION_FIELDS, Attachment, Initiative, Inspection, Nomination, ScoreSheet
from ..pdf import official_date
from .document import in_vietnamese, paper_docx, paper_pdf
from .proposal import proposal_paper
from .render import decision_pdf, html_to_pdf
from .word import decision_docx

NAME_LIMIT = 80  # a folder's name; Windows still refuses paths past 260 characters


class UniqueNames:
    """Hand out entry names that no other entry of the archive has (Windows and macOS ignore case)."""

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def __call__(self, folder: str, stem: str, extension: str) -> str:
        base = readable_filename(stem.replace("/", "-")[:NAME_LIMIT], extension)
        stem, dot, extension = base.rpartition(".")
        candidate, number = base, 1
        while f"{folder}{candidate}".casefold() in self.taken:
            number += 1
            candidate = f"{stem} ({number}){dot}{extension}"
        self.taken.add(f"{folder}{candidate}".casefold())
        return f"{folder}{candidate}"


def _value(initiative: Initiative, name: str) -> str:
    field = Initiative._meta.get_field(name)
    if field.choices:
        return str(getattr(initiative, f"get_{name}_display")())
    value = getattr(initiative, name)
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return str(value)


def dossier_initiatives(decision, owner, only: int | None = None):
    """The decision's initiatives the owner may open (`only`: just that one), with what their sheets print."""
    chosen = Initiative.objects.visible_to(owner).filter(pk__in=decision.recognized_initiatives().values("pk"))
    if only is not None:
        chosen = chosen.filter(pk=only)
    return (
        chosen.select_related("unit", "field", "campaign", "decision")
        .prefetch_related(
            "supporting_cadres",
            Prefetch("inspections", queryset=Inspection.objects.prefetch_related("inspectors")),
            Prefetch(
                "score_sheets",
                queryset=ScoreSheet.objects.select_related("member").prefetch_related("items__criterion"),
            ),
            Prefetch("attachments", queryset=Attachment.objects.order_by("uploaded_at", "id")),
            # Who proposed it upward, when, on which decision (issue 15): the upper committee decides on this.
            Prefetch(
                "nominations",
                queryset=Nomination.objects.select_related(
                    "from_committee", "to_committee", "created_by", "from_decision", "decision"
                ).order_by("created_at", "id"),
            ),
        )
        .order_by("unit__path", "name", "id")
    )


@in_vietnamese
def initiative_sheet_html(initiative: Initiative, decision, evidence_names: list[str]) -> str:
    registration = [
        (str(Initiative._meta.get_field(name).verbose_name).capitalize(), _value(initiative, name))
        for name in REGISTRATION_FIELDS
        if name not in ("continues", "replicates") or getattr(initiative, f"{name}_id")
    ]
    cadres = ", ".join(u.get_full_name() or u.get_username() for u in initiative.supporting_cadres.all())
    return render_to_string(
        "models_registry/reports/papers/initiative_dossier.html",
        {
            "initiative": initiative,
            "unit": initiative.unit,
            "registration": registration,
            "cadres": cadres,
            "inspections": list(initiative.inspections.all()),
            "sheets": [s for s in initiative.score_sheets.all() if s.submitted_at],
            "decision": decision,
            "decision_date": official_date(decision.decided_on),
            "evidence_names": evidence_names,
            "nominations": list(initiative.nominations.all()),
        },
    )


def initiative_sheet_pdf(initiative: Initiative, decision, evidence_names: list[str]) -> bytes:
    """Return the initiative's dossier sheet: registration, plan, inspections, score sheets, result, decision."""
    return html_to_pdf(initiative_sheet_html(initiative, decision, evidence_names))


def dossier_filename(decision, initiative=None) -> str:
    if initiative is not None:
        return readable_filename(gettext("Hồ sơ %(name)s") % {"name": initiative.name.replace("/", "-")[:120]}, "zip")
    return readable_filename(
        gettext("Hồ sơ Quyết định %(number)s năm %(year)s")
        % {"number": decision.number.replace("/", "-"), "year": decision.decided_on.year},
        "zip",
    )


class _Dossier:
    """The ZIP being written: its unique entry names, the entries written so far and the evidence missing."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.names = UniqueNames()
        self.written: list[str] = []
        self.missing: list[str] = []

    def put(self, name: str, data: bytes) -> None:
        self.archive.writestr(name, data)
        self.written.append(name)

    def papers(self, decision, ids) -> None:
        """Add the proposal letter and the decision (PDF and DOCX each), then the list as a workbook."""
        from ..xlsx import initiatives_workbook, xlsx_file

        names = self.names
        proposal = proposal_paper(decision, ids)
        letter = "01 " + gettext("Tờ trình đề nghị khen thưởng")
        self.put(names("", letter, "pdf"), paper_pdf(proposal))
        self.put(names("", letter, "docx"), paper_docx(proposal))
        decision_stem = "02 " + gettext("Quyết định %(number)s") % {"number": decision.number}
        self.put(names("", decision_stem, "pdf"), decision_pdf(decision))
        self.put(names("", decision_stem, "docx"), decision_docx(decision))
        list_name = names("", "03 " + gettext("Danh sách mô hình, điển hình"), "xlsx")
        with (
            xlsx_file(lambda workbook: initiatives_workbook(workbook, ids)) as sheet,
            self.archive.open(list_name, "w") as entry,
        ):
            shutil.copyfileobj(sheet, entry, 1024 * 1024)
        self.written.append(list_name)

    def initiative(self, root: str, position: int, initiative, decision) -> None:
        """Add one initiative's folder: its evidence files (those still on the server), then its sheet."""
        folder = self.names(root, f"{position:03d} {initiative.name}", "d").removesuffix(".d") + "/"
        evidence_folder = folder + gettext("Minh chứng") + "/"
        evidence_names = []
        for attachment in initiative.attachments.all():
            entry_name = self.names(evidence_folder, *_split(attachment.original_name))
            try:
                with attachment.file.open("rb") as source, self.archive.open(entry_name, "w") as target:
                    shutil.copyfileobj(source, target, 1024 * 1024)
            except FileNotFoundError:
                self.missing.append(f"{initiative.name}: {attachment.original_name}")
                continue
            self.written.append(entry_name)
            evidence_names.append(entry_name.removeprefix(evidence_folder))
        sheet = self.names(folder, gettext("Hồ sơ %(name)s") % {"name": initiative.name}, "pdf")
        self.put(sheet, initiative_sheet_pdf(initiative, decision, evidence_names))

    def table_of_contents(self, decision) -> None:
        """Add the table of contents: every entry written, then the evidence left out."""
        contents = [
            gettext("Hồ sơ %(decision)s — lập ngày %(day)s")
            % {"decision": decision, "day": timezone.localdate().strftime("%d/%m/%Y")},
            "",
            *self.written,
        ]
        if self.missing:
            contents += ["", gettext("Tệp minh chứng không còn trên máy chủ (không đưa vào hồ sơ):"), *self.missing]
        self.put("00 " + gettext("Mục lục") + ".txt", ("\r\n".join(contents) + "\r\n").encode("utf-8-sig"))


@in_vietnamese
def write_dossier(
    out: BinaryIO, decision, owner, progress: Callable[[int], None] | None = None, only: int | None = None
) -> list[str]:
    """Write the decision's dossier (`only`: one initiative's) as a ZIP into `out`; return its entries' names."""
    initiatives = list(dossier_initiatives(decision, owner, only))
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        dossier = _Dossier(archive)
        dossier.papers(decision, Initiative.objects.filter(pk__in=[i.pk for i in initiatives]))
        root = "04 " + gettext("Hồ sơ từng mô hình, điển hình") + "/"
        for position, initiative in enumerate(initiatives, start=1):
            dossier.initiative(root, position, initiative, decision)
            if progress:
                progress(position)
        dossier.table_of_contents(decision)
    return dossier.written


def _split(name: str) -> tuple[str, str]:
    stem, dot, extension = (name or "").rpartition(".")
    if not dot or not stem:
        return name or gettext("tệp"), "bin"
    return stem, extension[:10]
