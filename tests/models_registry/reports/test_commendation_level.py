"""The level of a commendation's authority: asked on the forms, counted in the summary and its exports."""

from __future__ import annotations

import csv
import datetime
import io
import shutil
import subprocess

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from openpyxl import load_workbook

from campaigns.models import InitiativeKind
from models_registry.models import Commendation, CommendationKind, CommendationLevel, Initiative
from models_registry.reports import exports, pdf
from models_registry.reports.summary import build_summary, summary_scope_for
from tests.models_registry.export_helpers import recognize_batch

UNSTATED = "Chưa xác định"


def commendation_data(**overrides):
    data = {
        "kind": "certificate_of_merit",
        "level": "commune",
        "authority": "Ủy ban nhân dân xã Long Hồ",
        "decision_number": "45/QĐ-UBND",
        "decided_on": "2026-10-14",
        "recipient": "Chi hội Phụ nữ ấp Phú Hòa",
    }
    data.update(overrides)
    return data


def commend(initiative, kind: str, level: str, number: str) -> Commendation:
    return Commendation.objects.create(
        initiative=initiative,
        kind=kind,
        level=level,
        authority="UBND",
        decision_number=number,
        decided_on=datetime.date.today(),
        recipient="Chi hội Phụ nữ",
    )


@pytest.fixture
def data(world):
    """Two recognized initiatives and five commendations: hand count by level below."""
    first, second = recognize_batch(world, 2)
    commend(first, CommendationKind.CERTIFICATE_OF_MERIT, CommendationLevel.COMMUNE, "1/QĐ")
    commend(first, CommendationKind.CERTIFICATE_OF_MERIT, CommendationLevel.COMMUNE, "2/QĐ")
    commend(first, CommendationKind.HIGHER_CERTIFICATE_OF_MERIT, CommendationLevel.PROVINCE, "3/QĐ")
    commend(second, CommendationKind.HIGHER_CERTIFICATE_OF_MERIT, CommendationLevel.CENTRAL, "4/QĐ")
    # Recorded before the level was asked.
    commend(second, CommendationKind.CERTIFICATE_OF_MERIT, "", "5/QĐ")
    return {"first": first, "second": second}


def counts(rows) -> dict[str, int]:
    return {r.label: r.count for r in rows}


# ----- the form ------------------------------------------------------------------------------
def url(initiative):
    return reverse("reports:commendation_create", args=[initiative.pk])


def test_a_commendation_is_recorded_with_its_level_and_listed_with_it(client, world):
    initiative = world.initiative("recognized")
    client.force_login(world.chair)

    response = client.post(url(initiative), commendation_data(), follow=True)

    assert response.status_code == 200
    assert Commendation.objects.get(initiative=initiative).level == CommendationLevel.COMMUNE
    assert "Cấp xã" in response.content.decode()


def test_the_form_refuses_a_commendation_without_a_level_and_keeps_the_rest(client, world):
    initiative = world.initiative("recognized")
    client.force_login(world.chair)

    response = client.post(url(initiative), commendation_data(level=""))

    assert response.status_code == 400
    page = response.content.decode()
    assert "Hãy chọn cấp khen thưởng." in page
    assert 'value="45/QĐ-UBND"' in page and 'value="Ủy ban nhân dân xã Long Hồ"' in page
    assert '<option value="certificate_of_merit" selected>' in page
    assert not Commendation.objects.exists()


def test_the_form_refuses_an_unknown_level_in_vietnamese_and_keeps_the_rest(client, world):
    initiative = world.initiative("recognized")
    client.force_login(world.chair)

    response = client.post(url(initiative), commendation_data(level="national"))

    assert response.status_code == 400
    page = response.content.decode()
    assert "Cấp khen thưởng không hợp lệ: hãy chọn một cấp trong danh sách." in page
    assert 'value="Chi hội Phụ nữ ấp Phú Hòa"' in page and 'value="2026-10-14"' in page
    assert not Commendation.objects.exists()


def test_the_form_offers_every_level_and_selects_none_beforehand(client, world):
    initiative = world.initiative("recognized")
    client.force_login(world.chair)

    page = client.get(url(initiative)).content.decode()

    for value in CommendationLevel.values:
        assert f'<option value="{value}">' in page
    assert '<option value="" selected>' in page


# ----- the summary ---------------------------------------------------------------------------
def test_commendations_are_counted_by_level_with_old_rows_as_not_stated(world, data):
    summary = build_summary(Initiative.objects.all(), root_unit=world.province)

    # The former district level holds nothing here, so it is left out, as for recognition levels.
    assert counts(summary.commendations_by_level) == {"Cấp xã": 2, "Cấp tỉnh": 1, "Cấp Trung ương": 1, UNSTATED: 1}
    assert counts(summary.commendations_by_kind) == {"Giấy khen": 3, "Bằng khen": 2, "Hình thức khác": 0}
    assert summary.commendations_total == 5 == sum(r.count for r in summary.commendations_by_level)


def test_the_district_level_shows_when_it_holds_commendations(world, data):
    commend(data["first"], CommendationKind.CERTIFICATE_OF_MERIT, CommendationLevel.DISTRICT, "6/QĐ")

    summary = build_summary(Initiative.objects.all(), root_unit=world.province)

    assert counts(summary.commendations_by_level)["Cấp huyện (trước 2025)"] == 1


def test_the_level_breakdown_costs_no_extra_query(world, data, django_assert_num_queries):
    # The same budget as test_summary's: kind and level come from one grouped query.
    with django_assert_num_queries(3):
        build_summary(Initiative.objects.all(), root_unit=world.province)


def test_the_summary_page_shows_commendations_by_level(client, world, data):
    client.force_login(world.admin)

    response = client.get(reverse("reports:summary"), {"campaign": world.campaign.pk})

    page = response.content.decode()
    assert "Khen thưởng theo cấp" in page
    level_table = page[page.index("Số khen thưởng theo cấp") :]
    assert "Cấp Trung ương" in level_table and UNSTATED in level_table


# ----- exports and the PDF -------------------------------------------------------------------
def test_the_summary_workbook_has_a_sheet_of_commendations_by_level(world, data):
    initiatives, root = summary_scope_for(world.admin)
    summary = build_summary(initiatives, root_unit=root)

    with exports.summary_xlsx(summary, initiatives, "Tổng kết năm 2026", "Tỉnh Vĩnh Long") as tmp:
        workbook = load_workbook(tmp)

    sheet = workbook["Khen thưởng theo cấp"]
    assert [c.value for c in sheet[4]] == ["STT", "Cấp khen thưởng", "Số lượng"]
    values = {row[1]: row[2] for row in sheet.iter_rows(min_row=5, values_only=True)}
    assert values == {"Cấp xã": 2, "Cấp tỉnh": 1, "Cấp Trung ương": 1, UNSTATED: 1, "Tổng cộng": 5}


def test_the_summary_csv_has_the_table_of_commendations_by_level(world, data):
    initiatives, root = summary_scope_for(world.admin)
    summary = build_summary(initiatives, root_unit=root)

    body = b"".join(exports.csv_stream(exports.summary_csv_rows(summary, "Tổng kết")))
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))

    start = rows.index(["Khen thưởng theo cấp"])
    assert rows[start + 1] == ["STT", "Cấp khen thưởng", "Số lượng"]
    assert rows[start + 2 : start + 7] == [
        ["1", "Cấp xã", "2"],
        ["2", "Cấp tỉnh", "1"],
        ["3", "Cấp Trung ương", "1"],
        ["4", UNSTATED, "1"],
        ["", "Tổng cộng", "5"],
    ]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")
def test_the_pdf_report_has_the_commendations_by_level(world, data, tmp_path):
    initiatives, root = summary_scope_for(world.admin)
    summary = build_summary(initiatives, root_unit=root)
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf.summary_pdf(summary, campaign=world.campaign, today=datetime.date(2026, 2, 5)))

    text = subprocess.run(  # noqa: S603 — a fixed tool on a file of our own
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout

    lines = [" ".join(line.split()) for line in text.splitlines()]
    start = next(i for i, line in enumerate(lines) if line.endswith(". Khen thưởng theo cấp"))
    assert lines[start + 1 : start + 7] == [
        "STT Cấp khen thưởng Số lượng",
        "1 Cấp xã 2",
        "2 Cấp tỉnh 1",
        "3 Cấp Trung ương 1",
        f"4 {UNSTATED} 1",
        "Tổng cộng 5",
    ]


# ----- the admin -----------------------------------------------------------------------------
def test_the_admin_changelist_filters_commendations_by_level(client, world, data):
    client.force_login(world.admin)
    changelist = reverse("admin:models_registry_commendation_changelist")

    response = client.get(changelist, {"level__exact": CommendationLevel.CENTRAL})

    assert response.status_code == 200
    assert [c.decision_number for c in response.context["cl"].result_list] == ["4/QĐ"]
    assert "Cấp Trung ương" in response.content.decode()


def test_the_admin_requires_a_level_for_a_new_commendation(client, world, data):
    client.force_login(world.admin)
    add = reverse("admin:models_registry_commendation_add")

    response = client.post(
        add,
        {
            "initiative": data["first"].pk,
            "kind": "certificate_of_merit",
            "level": "",
            "authority": "UBND xã",
            "decision_number": "9/QĐ",
            "decided_on": "2026-10-14",
            "recipient": "Chi hội",
        },
    )

    assert response.status_code == 200
    assert "level" in response.context["adminform"].form.errors
    assert not Commendation.objects.filter(decision_number="9/QĐ").exists()


# ----- the migration -------------------------------------------------------------------------
# Serialized rollback: the flush after this test then leaves the content types to the next test
# that restores them (a plain flush re-creates them, and that restore then collides with them).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_keeps_existing_commendations_with_a_blank_level(world):
    # Data is built through the models before migrating back, so the old rows are real ones.
    initiative = recognize_batch(world, 1)[0]
    executor = MigrationExecutor(connection)
    before, after = (
        [("models_registry", "0006_perfb_unit_state_campaign")],
        [("models_registry", "0007_commendation_level")],
    )
    executor.migrate(before)
    try:
        old_state = executor.loader.project_state(before).apps
        OldCommendation = old_state.get_model("models_registry", "Commendation")  # noqa: N806
        OldCommendation.objects.create(
            initiative_id=initiative.pk,
            kind="certificate_of_merit",
            authority="UBND tỉnh",
            decision_number="7/QĐ",
            decided_on=datetime.date(2024, 10, 14),
            recipient="Chi hội Phụ nữ",
        )
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(after)
        # Back to the latest schema too (later migrations with SQL, like 0009, were unapplied above),
        # so that the following tests find the database the models describe.
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    assert Commendation.objects.get(decision_number="7/QĐ").level == ""
    summary = build_summary(Initiative.objects.all(), root_unit=world.province)
    assert counts(summary.commendations_by_level)[UNSTATED] == 1


# ----- the seed commands ---------------------------------------------------------------------
class _Quiet:
    def write(self, *_args) -> None:
        pass

    def flush(self) -> None:
        pass


@pytest.mark.django_db
def test_seed_bench_gives_every_commendation_a_level_that_fits_its_kind():
    call_command("seed_bench", initiatives=400, communes=4, agencies=3, stdout=_Quiet())

    pairs = set(Commendation.objects.values_list("kind", "level"))
    assert pairs, "the generator made no commendation at this size"
    higher = {CommendationLevel.PROVINCE, CommendationLevel.CENTRAL}
    for kind, level in pairs:
        assert level in CommendationLevel.values
        assert kind != CommendationKind.HIGHER_CERTIFICATE_OF_MERIT or level in higher
    # The commendation's kind must not leak into the initiative's row written after it.
    assert set(Initiative.objects.values_list("kind", flat=True)) <= set(InitiativeKind.values)


@pytest.mark.django_db
def test_seed_demo_gives_every_commendation_the_level_of_its_authority(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", "--force", stdout=_Quiet())

    rows = list(Commendation.objects.values_list("authority", "level"))
    assert rows and all(level in CommendationLevel.values for _, level in rows)
    assert all(level == CommendationLevel.COMMUNE for authority, level in rows if authority.endswith(" xã"))
    assert all(level == CommendationLevel.PROVINCE for authority, level in rows if "tỉnh" in authority.lower())
