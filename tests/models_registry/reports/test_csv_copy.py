"""The CSV of initiatives written by PostgreSQL's COPY: the same bytes as the Python path, whole, in scope."""

from __future__ import annotations

import csv
import datetime
import io
import threading
import time

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import connection
from django.urls import reverse
from django.utils import translation

from models_registry.models import Commendation, CommendationKind, Initiative, Origin, State
from models_registry.reports import csv_copy, exports
from models_registry.reports.summary import build_summary
from tests.jobs.helpers import body, export

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="COPY is PostgreSQL's: on SQLite the CSV is the Python path's only"
)

# Text that the two writers could treat differently: formulas, every character that makes Python's
# csv quote a value (comma, quote, LF, CR), quotes and spaces at the edges, a lone "\." and a backslash.
TRICKY_NAMES = [
    "=SUM(A1:A9)",
    "+84 vận động",
    "-  Hội viên giúp nhau",
    "@mention",
    "\tthụt lề",
    "\rvề đầu dòng",
    'Ấp "Đoàn kết", mô hình\nmới',
    "Dòng một\r\nDòng hai, có dấu phẩy",
    ' "trích dẫn" ',
    "\\.",
    "C:\\thư mục\\",
]


@pytest.fixture
def every_case(world):
    """An initiative in every state, tricky names, empty and NULL fields, a flag, a commendation, a province's own."""
    made = [world.initiative(state) for state in State.values]
    for i, name in enumerate(TRICKY_NAMES):
        tricky = world.initiative("submitted")
        # Stored as given (saving through the model would trim the edges): data imported or typed long ago.
        Initiative.objects.filter(pk=tricky.pk).update(name=name, area="=1+1" if i % 2 else 'Ấp 1, "Phú Hòa"')
        made.append(tricky)
    # No start, no end, no decision (NULLs), an empty name and area; and a unit with no parent (NULL too).
    made.append(world.initiative("draft", name="", area="", starts_on=None, ends_on=None))
    made.append(world.initiative("draft", unit=world.province, starts_on=datetime.date(999, 3, 4)))
    recognized = next(i for i in made if i.state == State.RECOGNIZED)
    Initiative.objects.filter(pk=recognized.pk).update(outstanding=True)
    Commendation.objects.create(
        initiative=recognized,
        kind=CommendationKind.CERTIFICATE_OF_MERIT,
        authority="UBND tỉnh",
        decision_number="-12/QĐ",
        decided_on=datetime.date(2026, 1, 9),
        recipient="Chi hội",
    )
    return made


def _python_list(queryset) -> bytes:
    out = io.BytesIO()
    exports.write_csv(out, exports.initiatives_list_csv_rows(queryset))
    return out.getvalue()


def _copy_list(queryset, progress=None) -> bytes:
    out = io.BytesIO()
    exports.write_initiatives_csv(out, queryset, progress)
    return out.getvalue()


def _rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@needs_postgresql
@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_copy_path_and_the_python_path_write_the_same_list_byte_for_byte(every_case, language):
    queryset = Initiative.objects.all()
    assert csv_copy.copy_supported(queryset)

    with translation.override(language):
        python, copied = _python_list(queryset), _copy_list(queryset)
        state_labels = {str(label) for label in State.labels}

    assert copied == python
    rows = _rows(copied)
    assert rows == _rows(python)
    assert len(rows) == len(every_case) + 1
    assert {row[9] for row in rows[1:]} == state_labels
    names = {row[2] for row in rows[1:]}
    assert {
        "'=SUM(A1:A9)",
        "'-  Hội viên giúp nhau",
        "'\tthụt lề",
        "'\rvề đầu dòng",
        'Ấp "Đoàn kết", mô hình\nmới',
        "\\.",
    } <= names
    assert copied.startswith(b"\xef\xbb\xbf") and copied.endswith(b"\r\n")


@needs_postgresql
def test_the_copy_paths_joined_counts_equal_the_python_paths_per_row_counts(every_case, world):
    # COPY counts commendations and replications with grouped joins below the sort (csv_copy.JOINED_COUNTS),
    # Python with a sub-select per row: a source replicated twice (once by a draft, not counted) and
    # commended twice, in a scope that leaves some of them out.
    source = next(i for i in every_case if i.state == State.RECOGNIZED)
    for state in ("submitted", "recognized", "draft"):
        world.initiative(state, origin=Origin.REPLICATED, replicates=source, unit=world.other_hamlet)
    Commendation.objects.create(
        initiative=source,
        kind=CommendationKind.OTHER,
        authority="UBND xã",
        decision_number="7/QĐ",
        decided_on=datetime.date(2026, 2, 1),
        recipient="Tổ",
    )

    for queryset in (Initiative.objects.all(), Initiative.objects.filter(unit=world.hamlet)):
        copied = _copy_list(queryset)
        assert copied == _python_list(queryset)
        row = next(r for r in _rows(copied)[1:] if r[1] == str(source.pk))
        assert row[-2:] == ["2", "2"]


@needs_postgresql
@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_copy_path_and_the_python_path_write_the_same_summary_csv_byte_for_byte(every_case, world, language):
    summary = build_summary(Initiative.objects.all())

    with translation.override(language):
        python = b"".join(exports.csv_stream(exports.summary_csv_rows(summary, "Tổng kết", "=Tỉnh")))
        out = io.BytesIO()
        exports.write_summary_csv(out, summary, "Tổng kết", "=Tỉnh")

    assert out.getvalue() == python
    assert _rows(out.getvalue())[-1][-1] == ("Có" if language == "vi" else "Yes")


@needs_postgresql
def test_the_copy_path_reports_progress_as_rows_arrive_and_counts_every_row(every_case):
    seen: list[int] = []

    csv_copy.copy_csv_rows(
        io.BytesIO(),
        exports.list_queryset(Initiative.objects.all()),
        csv_copy.LIST_CELLS,
        exports.choice_labels(),
        seen.append,
    )

    assert seen and seen[-1] == len(every_case)
    assert seen == sorted(seen)


class _SlowFile(io.BytesIO):
    """A file that takes its time, so that the reporter sees rows arrive before the end."""

    def write(self, data: bytes) -> int:
        time.sleep(0.05)
        return super().write(data)


@needs_postgresql
# Outside a transaction, as in a worker; serialized rollback as the project's other such tests (tests/races.py).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_outside_a_transaction_progress_comes_from_a_thread_while_the_rows_arrive(world, monkeypatch):
    for _ in range(3):
        world.initiative("draft")
    monkeypatch.setattr(csv_copy, "FLUSH_BYTES", 1)
    seen: list[tuple[int, bool]] = []

    def progress(done: int) -> None:
        seen.append((done, threading.current_thread() is threading.main_thread()))

    rows = csv_copy.copy_csv_rows(
        _SlowFile(),
        exports.list_queryset(Initiative.objects.all()),
        csv_copy.LIST_CELLS,
        exports.choice_labels(),
        progress,
        every=0.01,
    )

    assert rows == 3
    assert any(not on_main for _, on_main in seen), "no report from the reporter thread"
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    assert seen[-1] == (3, True)


def test_row_ends_become_crlf_while_a_line_feed_inside_a_quoted_value_stays_even_across_chunks(monkeypatch):
    monkeypatch.setattr(csv_copy, "FLUSH_BYTES", 4)
    out = io.BytesIO()
    writer = csv_copy._CrlfWriter(out)
    for piece in (b'1,"a\n', b'b",x\n2,', b'"say ""hi""\n', b'",y\n3,z\n'):
        writer.write(piece)
    writer.flush()

    assert out.getvalue() == b'1,"a\nb",x\r\n2,"say ""hi""\n",y\r\n3,z\r\n'
    assert writer.rows == 3


@pytest.fixture
def mine_and_theirs(world):
    mine = [world.initiative("submitted", name=name) for name in ("Ấp sạch", 'Có "dấu", phẩy\nvà dòng')]
    theirs = world.initiative("submitted", unit=world.other_hamlet, name="Khóm 3 sạch đẹp")
    return mine, theirs


def _chair_of_the_commune(world):
    """The chair, with the admin, of the commune's committee: the other commune is out of sight."""
    from campaigns.models import CommitteeMembership, Role
    from models_registry.management.commands.seed_demo import Command as SeedDemo

    world.chair.groups.add(SeedDemo().committee_group())
    CommitteeMembership.objects.filter(user=world.chair).delete()
    CommitteeMembership.objects.create(committee=world.commune_committee, user=world.chair, role=Role.CHAIR)
    return world.chair


def test_the_years_list_job_writes_a_whole_file_of_the_owners_rows_only(client, world, mine_and_theirs):
    mine, theirs = mine_and_theirs
    client.force_login(_chair_of_the_commune(world))

    data = body(export(client, reverse("reports:export"), {"format": "csv", "year": world.campaign.year}))

    rows = _rows(data)
    assert len(rows) == len(mine) + 1
    assert data.count(b"\r\n") == len(mine) + 1
    assert {row[1] for row in rows[1:]} == {str(i.pk) for i in mine}
    assert str(theirs.pk) not in {row[1] for row in rows[1:]}


def test_the_admins_csv_of_everything_selected_writes_a_whole_file_of_the_owners_rows_only(
    client, world, mine_and_theirs
):
    mine, theirs = mine_and_theirs
    client.force_login(_chair_of_the_commune(world))
    url = reverse("admin:models_registry_initiative_changelist")

    data = body(
        export(client, url, {"action": "export_csv", "select_across": "1", ACTION_CHECKBOX_NAME: [mine[0].pk]}, "post")
    )

    rows = _rows(data)
    assert data.count(b"\r\n") == len(rows) == len(mine) + 1
    assert rows[0][0] == "STT" and [row[0] for row in rows[1:]] == ["1", "2"]
    assert str(theirs.pk) not in {row[1] for row in rows[1:]}
