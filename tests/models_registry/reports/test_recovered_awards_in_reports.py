"""An award recovered by its authority (`Commendation.recover`) leaves every count of the reports and exports.

It stays recorded for the history, but the summary (whether read from the kept counts or through the join
from the initiatives), its workbook and CSV, and the full list's "Số khen thưởng" column count only the
awards that stand. No export lists awards one by one, so none has to say which one was recovered.
"""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from models_registry.models import Commendation, CommendationKind, CommendationLevel, Initiative
from models_registry.reports import csv_copy, exports
from models_registry.reports.periods import Period
from models_registry.reports.summary import build_summary, summary_counts_for, summary_scope_for
from tests.factories import CommendationFactory
from tests.jobs.helpers import body, export
from tests.models_registry.export_helpers import recognize_batch

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
COUNT_HEADER = "Số khen thưởng"


def commend(initiative: Initiative, user, kind: str, level: str, number: str) -> Commendation:
    return CommendationFactory(
        initiative=initiative,
        kind=kind,
        level=level,
        decision_number=number,
        recipient="Chi hội Phụ nữ",
        created_by=user,
    )


@pytest.fixture
def awards(world):
    """One recognized initiative with two awards: a standing Giấy khen of the commune, and a Bằng khen of the
    province that the authority recovered (a kind and a level of its own, so a count that keeps it shows)."""
    [initiative] = recognize_batch(world, 1)
    commend(initiative, world.chair, CommendationKind.CERTIFICATE_OF_MERIT, CommendationLevel.COMMUNE, "1/QĐ")
    recovered = commend(
        initiative, world.chair, CommendationKind.HIGHER_CERTIFICATE_OF_MERIT, CommendationLevel.PROVINCE, "2/QĐ"
    )
    recovered.recover(world.chair, number="30/QĐ-UBND", decided_on=TODAY, reason="Kê khai thành tích không đúng.")
    return initiative


def counts(rows) -> dict[str, int]:
    return {r.label: r.count for r in rows if r.count}


STANDING_BY_KIND = {"Giấy khen": 1}
STANDING_BY_LEVEL = {"Cấp xã": 1}


def test_the_summary_counts_by_kind_and_level_leave_a_recovered_award_out_of_the_join_and_the_kept_counts(
    client, world, awards
):
    # The join from the initiatives (`build_summary` without kept counts: the export command) and the kept
    # counts (the summary page, its downloads and the API) count the same awards.
    initiatives, root = summary_scope_for(world.admin)
    kept = summary_counts_for(world.admin, root, Period.of_campaign(world.campaign))
    client.force_login(world.admin)

    joined = build_summary(initiatives, root_unit=root)
    from_kept = build_summary(initiatives, root_unit=root, kept=kept)
    on_the_page = client.get(reverse("reports:summary"), {"campaign": world.campaign.pk}).context["summary"]

    for summary in (joined, from_kept, on_the_page):
        assert counts(summary.commendations_by_kind) == STANDING_BY_KIND
        assert counts(summary.commendations_by_level) == STANDING_BY_LEVEL
        assert summary.commendations_total == 1


def test_the_full_list_xlsx_counts_only_the_standing_awards_of_an_initiative(awards):
    response = exports.initiatives_xlsx_response(Initiative.objects.filter(pk=awards.pk))
    workbook = load_workbook(io.BytesIO(body(response)))

    header, row = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert dict(zip(header, row, strict=True))[COUNT_HEADER] == 1


def test_the_full_list_csv_counts_only_the_standing_awards_of_an_initiative(awards):
    response = exports.initiatives_csv_response(Initiative.objects.filter(pk=awards.pk))

    [row] = csv.DictReader(io.StringIO(body(response).decode("utf-8-sig")))
    assert row[COUNT_HEADER] == "1"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
def test_the_csv_written_by_copy_counts_only_the_standing_awards_as_the_python_path_does(awards):
    queryset = Initiative.objects.filter(pk=awards.pk)
    assert csv_copy.copy_supported(queryset)
    copied, python = io.BytesIO(), io.BytesIO()

    exports.write_initiatives_csv(copied, queryset)
    exports.write_csv(python, exports.initiatives_list_csv_rows(queryset))

    [row] = csv.DictReader(io.StringIO(copied.getvalue().decode("utf-8-sig")))
    assert row[COUNT_HEADER] == "1"
    assert copied.getvalue() == python.getvalue()


def test_the_summary_workbook_downloaded_leaves_a_recovered_award_out_of_every_sheet(client, world, awards):
    client.force_login(world.chair)

    response = export(client, reverse("reports:export"), {"format": "xlsx", "campaign": world.campaign.pk})
    workbook = load_workbook(io.BytesIO(body(response)))

    overview = {row[1]: row[2] for row in workbook["Tổng quan"].iter_rows(min_row=5, values_only=True)}
    assert overview[COUNT_HEADER] == 1
    by_kind = {row[1]: row[2] for row in workbook["Khen thưởng"].iter_rows(min_row=5, values_only=True)}
    assert (by_kind["Giấy khen"], by_kind["Bằng khen"], by_kind["Tổng cộng"]) == (1, 0, 1)
    by_level = {row[1]: row[2] for row in workbook["Khen thưởng theo cấp"].iter_rows(min_row=5, values_only=True)}
    assert (by_level["Cấp xã"], by_level["Cấp tỉnh"], by_level["Tổng cộng"]) == (1, 0, 1)
    full = workbook["Danh sách đăng ký"]
    header = [c.value for c in full[1]]
    [row] = full.iter_rows(min_row=2, values_only=True)
    assert dict(zip(header, row, strict=True))[COUNT_HEADER] == 1


def test_the_summary_csv_downloaded_counts_only_the_standing_award(client, world, awards):
    client.force_login(world.chair)

    response = export(client, reverse("reports:export"), {"format": "csv", "campaign": world.campaign.pk})
    [row] = csv.DictReader(io.StringIO(body(response).decode("utf-8-sig")))

    assert row[COUNT_HEADER] == "1"
