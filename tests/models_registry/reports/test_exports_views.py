"""The summary downloads (reports:export): who may export what, file names and query budgets."""

from __future__ import annotations

import csv
import io

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.factories import CampaignFactory, CommitteeFactory, UnitFactory
from tests.jobs.helpers import body, export
from tests.models_registry.export_helpers import recognize_batch

URL = "reports:export"


@pytest.fixture
def two_units(world):
    """One recognized initiative in staff's hamlet, one submitted in staff2's urban hamlet."""
    [own] = recognize_batch(world, 1, name="Mô hình của ấp Phú Hòa", number="QĐ-PH")
    other = world.initiative("submitted", unit=world.other_hamlet, name="Mô hình của khóm 3")
    return own, other


def _csv_names(response) -> list[str]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    return [row[2] for row in rows[1:]]


def _get(client, **params):
    # Asking creates a job; the test follows it to the file, as the user does from the job page.
    return export(client, reverse(URL), params)


def test_anonymous_visitors_are_sent_to_the_login_page(client, world):
    response = _get(client, format="csv", campaign=world.campaign.pk)

    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_a_user_without_unit_or_committee_gets_403(client, world):
    client.force_login(world.outsider)

    assert _get(client, format="xlsx", campaign=world.campaign.pk).status_code == 403


def test_unit_staff_export_only_their_own_units_rows(client, world, two_units):
    own, other = two_units
    client.force_login(world.staff2)

    response = _get(client, format="csv", campaign=world.campaign.pk)

    assert isinstance(response, StreamingHttpResponse)
    names = _csv_names(response)
    assert names == [other.name]
    assert own.name not in names


def test_unit_staff_get_their_own_units_summary_workbook(client, world, two_units):
    own, other = two_units
    client.force_login(world.staff)

    response = _get(client, format="xlsx", campaign=world.campaign.pk)
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))

    names = [row[2] for row in workbook["Danh sách đăng ký"].iter_rows(min_row=2, values_only=True)]
    assert names == [own.name]
    overview = {row[1]: row[2] for row in workbook["Tổng quan"].iter_rows(min_row=5, values_only=True)}
    assert overview["Tổng số mô hình, điển hình đăng ký"] == 1


def test_a_commune_committee_member_exports_the_communes_subtree_only(client, world, two_units):
    own, other = two_units
    client.force_login(world.member)

    names = _csv_names(_get(client, format="csv", campaign=world.campaign.pk))

    assert names == [own.name]


def test_the_province_chair_and_the_administrator_export_everything(client, world, two_units):
    for user in (world.chair, world.admin):
        client.force_login(user)
        names = _csv_names(_get(client, format="csv", campaign=world.campaign.pk))
        assert sorted(names) == sorted(i.name for i in two_units)


def test_a_campaign_outside_the_users_scope_is_404(client, world):
    elsewhere = UnitFactory(name="Tỉnh khác")
    foreign = CampaignFactory(committee=CommitteeFactory(unit=elsewhere))
    client.force_login(world.member)

    assert _get(client, format="xlsx", campaign=foreign.pk).status_code == 404


def test_an_unknown_format_gets_a_clear_400(client, world):
    client.force_login(world.chair)

    response = _get(client, format="odt", campaign=world.campaign.pk)

    assert response.status_code == 400
    assert "không được hỗ trợ" in response.content.decode()


@pytest.mark.parametrize("value", ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"])
def test_an_unknown_format_is_never_echoed_back_as_html(client, world, value):
    # Arrange
    client.force_login(world.chair)

    # Act
    response = _get(client, format=value, campaign=world.campaign.pk)

    # Assert
    assert response.status_code == 400
    # Plain text, and browsers told not to sniff it into HTML: the value is shown as typed, never run.
    assert response["Content-Type"].startswith("text/plain")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_year_without_campaigns_is_refused_as_plain_text(client, world):
    # Arrange
    client.force_login(world.chair)

    # Act
    response = _get(client, format="csv", year="1900")

    # Assert
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert "Không có đợt phát động nào của năm này." in response.content.decode()  # the report page's words


def test_files_are_attachments_with_good_names(client, world, two_units):
    client.force_login(world.chair)
    year = world.campaign.year

    by_year = {fmt: _get(client, format=fmt, year=year) for fmt in ("xlsx", "csv", "pdf")}
    summary_csv = _get(client, format="csv", part="summary", year=year)

    # The ASCII spelling for old clients, then the readable Vietnamese name (RFC 6266).
    assert f'filename="tong-hop-dvk-nam-{year}.xlsx"' in by_year["xlsx"]["Content-Disposition"]
    assert (
        f"filename*=UTF-8''T%E1%BB%95ng%20h%E1%BB%A3p%20DVK%20n%C4%83m%20{year}.xlsx"
        in by_year["xlsx"]["Content-Disposition"]
    )
    assert f'filename="danh-sach-dvk-nam-{year}.csv"' in by_year["csv"]["Content-Disposition"]
    assert f'filename="bao-cao-tong-ket-dvk-nam-{year}.pdf"' in by_year["pdf"]["Content-Disposition"]
    assert f'filename="tong-hop-dvk-nam-{year}.csv"' in summary_csv["Content-Disposition"]
    for response in (*by_year.values(), summary_csv):
        assert response["Content-Disposition"].startswith("attachment;")
    by_campaign = _get(client, format="xlsx", campaign=world.campaign.pk)
    # Named by its campaign and year, never by the campaign's internal id.
    assert f'filename="tong-hop-dvk-nam-{year}-dan-van-kheo-nam-nay.xlsx"' in by_campaign["Content-Disposition"]
    assert f"-{world.campaign.pk}." not in by_campaign["Content-Disposition"]


def test_the_pdf_download_is_the_report_of_the_users_scope(client, world, two_units):
    client.force_login(world.member)

    response = _get(client, format="pdf", campaign=world.campaign.pk)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body(response))).pages)

    assert response["Content-Type"] == "application/pdf"
    assert "Dân vận khéo" in text
    assert "Phạm vi: Xã Long Hồ" in text
    assert "Khóm" not in text  # staff2's urban hamlet is outside the commune committee's scope


def test_the_summary_csv_part_is_streamed_with_the_tables(client, world, two_units):
    client.force_login(world.chair)

    response = _get(client, format="csv", part="summary", campaign=world.campaign.pk)
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))

    assert isinstance(response, StreamingHttpResponse)
    assert ["Theo đơn vị"] in rows
    assert ["Tổng quan"] in rows


@pytest.mark.parametrize("count", [3, 30])
def test_the_csv_download_runs_the_same_queries_for_3_and_30_rows(client, world, django_assert_num_queries, count):
    recognize_batch(world, count)
    client.force_login(world.chair)

    # Asking (session, user, scope, the form's campaigns, the job: stale check, lookup, insert), the worker
    # run at once by the test backend (claim, load, scope, count, the list, done, cleanup) and the download.
    with django_assert_num_queries(27):
        response = export(client, reverse(URL), {"format": "csv", "campaign": world.campaign.pk})
        rows = body(response).decode("utf-8-sig").splitlines()

    assert len(rows) == count + 1


@pytest.mark.parametrize("count", [3, 30])
def test_the_xlsx_download_runs_the_same_queries_for_3_and_30_rows(client, world, django_assert_num_queries, count):
    recognize_batch(world, count)
    client.force_login(world.chair)

    # + the replication proposals counted in the overview, + the lower committees' roll-up and the funnel per
    # level, field and unit (issue 15), read from the kept counts with the rest since (no query of its own);
    # the summary's fields, grouped counts, unit counts and commendations in one round trip (`read_together`)
    with django_assert_num_queries(32):
        response = export(client, reverse(URL), {"format": "xlsx", "campaign": world.campaign.pk})
        body(response)

    assert response.status_code == 200
