"""The reports a province hands up: the written assessment, period reports, the report as PDF and Word,
the XLSX that prints cleanly and files named by what they hold."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from campaigns.models import DocumentFormat, SigningAuthority
from dvk.downloads import ascii_filename, content_disposition, readable_filename
from models_registry.models import ReportAssessment
from models_registry.reports.periods import Period, parse_period, period_choices
from tests.factories import CampaignFactory
from tests.jobs.helpers import body, export
from tests.models_registry.export_helpers import recognize_batch
from tests.models_registry.reports.papers.helpers import docx_paragraphs, pdf_pages, settings_for

pytestmark = pytest.mark.django_db
EXPORT = "reports:export"


def _text(pages: list[str]) -> str:
    return " ".join(" ".join(pages).split())


def _packed(text) -> str:
    # pypdf spaces out some kerned pairs ("IV ."): compare without white space.
    return "".join(str(text).split())


def _assess(world, period: Period, **texts) -> ReportAssessment:
    return ReportAssessment.objects.create(committee=world.province_committee, period_key=period.key, **texts)


@pytest.fixture
def recognized(world):
    return recognize_batch(world, 2, number="05/QĐ-BCĐ")


# ----- the written assessment --------------------------------------------------------------
def test_the_chair_sees_the_assessment_form_prefilled_with_the_figures(client, world, recognized):
    client.force_login(world.chair)

    response = client.get(reverse("reports:summary"), {"campaign": world.campaign.pk})

    form = response.context["assessment_form"]
    assert form is not None
    assert "2 mô hình, điển hình được công nhận" in form.initial["results"]
    assert "data-save-assessment" in response.content.decode()


@pytest.mark.parametrize("who", ["member", "staff", "staff2", "outsider"])
def test_who_does_not_lead_the_issuing_committee_sees_no_form_and_may_not_save(client, world, recognized, who):
    client.force_login(getattr(world, who))
    url = reverse("reports:assessment") + f"?campaign={world.campaign.pk}"

    page = client.get(reverse("reports:summary"), {"campaign": world.campaign.pk})
    response = client.post(url, {"shortcomings": "Không nên lưu."})

    assert page.status_code != 200 or page.context["assessment_form"] is None
    assert response.status_code in (403, 404)
    assert not ReportAssessment.objects.exists()


@pytest.mark.parametrize("who", ["chair", "secretary", "admin"])
def test_the_leaders_and_the_administrator_save_the_assessment(client, world, recognized, who):
    client.force_login(getattr(world, who))

    response = client.post(reverse("reports:assessment") + f"?campaign={world.campaign.pk}", {"lessons": "Bài học."})

    assert response.status_code == 302
    assert ReportAssessment.objects.get().committee == world.province_committee


def test_anonymous_saving_an_assessment_is_sent_to_log_in(client, world):
    response = client.post(reverse("reports:assessment") + f"?campaign={world.campaign.pk}", {"results": "x"})

    assert response.status_code == 302 and "login" in response["Location"]


def test_the_chair_saves_a_draft_and_the_report_prints_each_part(client, world, recognized):
    settings_for(world)
    client.force_login(world.chair)
    texts = {
        "results": "Phong trào lan tỏa rộng khắp.",
        "shortcomings": "Một số đơn vị đăng ký muộn.",
        "causes": "Cấp ủy chưa sát sao.",
        "lessons": "Phát huy vai trò người đứng đầu.",
        "directions": "Nhân rộng mô hình tiêu biểu.",
    }

    saved = client.post(reverse("reports:assessment") + f"?campaign={world.campaign.pk}", texts)
    pdf_text = _text(pdf_pages(body(export(client, reverse(EXPORT), {"campaign": world.campaign.pk, "format": "pdf"}))))
    docx = docx_paragraphs(body(export(client, reverse(EXPORT), {"campaign": world.campaign.pk, "format": "docx"})))

    assert saved.status_code == 302
    assessment = ReportAssessment.objects.get()
    assert assessment.period_key == f"c{world.campaign.pk}" and assessment.updated_by == world.chair
    for heading in ("I. KẾT QUẢ THỰC HIỆN", "II. HẠN CHẾ VÀ NGUYÊN NHÂN", "III. BÀI HỌC KINH NGHIỆM"):
        assert heading in pdf_text and heading in docx
    assert _packed("IV. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM TỚI") in _packed(pdf_text)
    assert "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM TỚI" in docx
    for text in texts.values():
        assert _packed(text) in _packed(pdf_text)
        assert any(text in line for line in docx)


def test_a_too_long_assessment_is_refused_beside_its_field_and_the_text_stays(client, world, recognized):
    client.force_login(world.chair)

    response = client.post(
        reverse("reports:assessment") + f"?campaign={world.campaign.pk}",
        {"results": "x" * 20001, "lessons": "Bài học <b>giữ lại</b>"},
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "tối đa 20.000 ký tự" in html
    assert "Bài học &lt;b&gt;giữ lại&lt;/b&gt;" in html and "<b>giữ lại</b>" not in html
    assert not ReportAssessment.objects.exists()


def test_an_empty_part_prints_its_heading_with_a_dotted_line_to_fill_in(world, recognized):
    from models_registry.reports.papers.report import summary_docx
    from models_registry.reports.summary import build_summary, summary_scope_for

    initiatives, root = summary_scope_for(world.chair)
    period = Period.of_campaign(world.campaign)
    summary = build_summary(period.filter(initiatives), root_unit=root)

    lines = docx_paragraphs(summary_docx(summary, period=period, root_unit=root))

    at = lines.index("1. Hạn chế")
    assert lines[at + 1].startswith("……")


# ----- the official form ----------------------------------------------------------------------
def test_the_report_follows_the_committees_state_format(client, world, recognized):
    settings_for(world, signing_authority=SigningAuthority.DEPUTY)
    client.force_login(world.chair)

    docx = docx_paragraphs(body(export(client, reverse(EXPORT), {"campaign": world.campaign.pk, "format": "docx"})))

    assert "TỈNH ỦY VĨNH LONG" in docx
    assert "BAN CHỈ ĐẠO PHONG TRÀO DÂN VẬN KHÉO TỈNH" in docx
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in docx and "Độc lập - Tự do - Hạnh phúc" in docx
    assert any(line.startswith("Số:") and line.endswith("/BC-BCĐ") for line in docx)
    assert "BÁO CÁO" in docx
    assert "KT. TRƯỞNG BAN" in docx and "PHÓ TRƯỞNG BAN" in docx
    assert "- Ban Dân vận Trung ương;" in docx
    assert docx[docx.index("Nơi nhận:") :].count("- Lưu: VT, BDV.") == 1


def test_a_party_committees_report_carries_the_party_heading_and_number(world, recognized):
    from models_registry.reports.pdf import summary_pdf
    from models_registry.reports.summary import build_summary, summary_scope_for

    settings_for(world, format=DocumentFormat.PARTY, signing_authority=SigningAuthority.COLLECTIVE)
    initiatives, root = summary_scope_for(world.chair)
    period = Period.of_campaign(world.campaign)

    text = _text(pdf_pages(summary_pdf(build_summary(period.filter(initiatives), root_unit=root), period=period)))

    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "CỘNG HÒA XÃ HỘI" not in text
    assert "-BC/BCĐ" in text
    assert "T/M BAN CHỈ ĐẠO PHONG TRÀO DÂN VẬN KHÉO TỈNH" in text


# ----- period reports -------------------------------------------------------------------------
def test_a_period_is_read_from_first_and_last_year_and_refused_when_wrong():
    assert parse_period("2020-2025") == (2020, 2025)
    assert parse_period(" 2025–2030 ") == (2025, 2030)
    for wrong in ("2025-2020", "2020-2020", "2000-2025", "abc", "<b>2020-2025</b>", ""):
        assert parse_period(wrong) is None


def test_the_period_choices_are_the_mid_terms_and_five_year_terms_holding_a_campaign():
    choices = dict(period_choices([2026, 2021]))

    assert set(choices) == {"2020-2022", "2020-2025", "2025-2027", "2025-2030"}


def test_a_five_year_report_counts_every_campaign_of_its_years(client, world, recognized):
    year = world.campaign.year
    earlier = CampaignFactory(committee=world.province_committee, name="Đợt trước", year=year - 1)
    from tests.factories import InitiativeFactory

    InitiativeFactory(campaign=earlier, unit=world.hamlet, name="Mô hình năm trước")
    world.initiative("submitted", name="Mô hình năm nay")
    client.force_login(world.chair)
    period = f"{year - 1}-{year + 3}"

    page = client.get(reverse("reports:summary"), {"period": period})
    report = export(client, reverse(EXPORT), {"period": period, "format": "pdf"})
    text = _text(pdf_pages(body(report)))

    assert page.status_code == 200
    assert page.context["period"] == f"Giai đoạn {year - 1}–{year + 3}"
    assert page.context["summary"].registered == 3  # the draft of the earlier campaign is not registered
    assert f"Tổng kết phong trào thi đua “Dân vận khéo” giai đoạn {year - 1} - {year + 3}" in text
    assert _packed("IV. PHƯƠNG HƯỚNG, NHIỆM VỤ GIAI ĐOẠN TỚI") in _packed(text)
    assert f'filename="bao-cao-tong-ket-dvk-giai-doan-{year - 1}-{year + 3}.pdf"' in report["Content-Disposition"]
    # The years side by side: the earlier one has its draft only (nothing registered), this one three.
    assert "2. Theo năm" in text
    assert f"1 {year - 1} 0 0" in text and f"2 {year} 3 2 66,7" in text
    workbook = load_workbook(io.BytesIO(body(export(client, reverse(EXPORT), {"period": period, "format": "xlsx"}))))
    years = list(workbook["Theo năm"].iter_rows(min_row=5, values_only=True))
    assert [r[1:4] for r in years] == [(str(year - 1), 0, 0), (str(year), 3, 2), ("Tổng cộng", 3, 2)]


def test_a_wrong_period_gets_a_clear_message_never_echoed(client, world):
    client.force_login(world.chair)

    page = client.get(reverse("reports:summary"), {"period": "<b>2030-2020</b>", "shown": "campaign"})
    export_response = client.get(reverse(EXPORT), {"period": "<b>2030-2020</b>", "format": "pdf"})

    assert page.status_code == 200
    assert "Giai đoạn không hợp lệ" in page.content.decode()
    assert "<b>2030" not in page.content.decode()
    assert export_response.status_code == 400
    assert export_response["Content-Type"].startswith("text/plain")
    assert "2030" not in export_response.content.decode()


def test_the_saved_draft_comes_back_in_the_form_and_a_second_save_changes_it(client, world, recognized):
    client.force_login(world.chair)
    url = reverse("reports:assessment") + f"?campaign={world.campaign.pk}"
    client.post(url, {"results": "Bản nháp đầu.", "directions": "Nhân rộng."})

    page = client.get(reverse("reports:summary"), {"campaign": world.campaign.pk})
    again = client.post(url, {"results": "Bản nháp sửa lại.", "directions": "Nhân rộng."})

    assert page.context["assessment_form"].instance.results == "Bản nháp đầu."
    assert "Bản nháp đầu." in page.content.decode()
    assert again.status_code == 302
    assert list(ReportAssessment.objects.values_list("results", flat=True)) == ["Bản nháp sửa lại."]


def test_a_period_assessment_is_kept_apart_from_the_years(client, world, recognized):
    year = world.campaign.year
    client.force_login(world.chair)

    client.post(reverse("reports:assessment") + f"?period={year}-{year + 4}", {"directions": "Giai đoạn mới."})

    assert ReportAssessment.objects.get().period_key == f"{year}-{year + 4}"


# ----- the XLSX prints cleanly --------------------------------------------------------------
def test_every_sheet_of_the_workbook_prints_on_a4_fit_to_width_with_headers_and_page_numbers(client, world, recognized):
    client.force_login(world.chair)

    response = export(client, reverse(EXPORT), {"campaign": world.campaign.pk, "format": "xlsx"})
    workbook = load_workbook(io.BytesIO(body(response)))

    for ws in workbook.worksheets:
        assert int(ws.page_setup.paperSize) == 9, ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert ws.page_setup.fitToWidth in (1, None) and ws.page_setup.fitToHeight == 0, ws.title
        assert ws.print_title_rows, ws.title
        assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text, ws.title
    full_list = workbook["Danh sách đăng ký"]
    assert full_list.page_setup.orientation == "landscape"
    assert full_list.print_title_rows == "$1:$1"
    assert workbook["Đã công nhận"].print_title_rows == "$4:$4"


def test_the_selected_list_workbook_prints_landscape_too(world, recognized):
    from models_registry.models import Initiative
    from models_registry.reports.xlsx import ExportWorkbook, initiatives_workbook

    out = io.BytesIO()
    with ExportWorkbook(out) as workbook:
        initiatives_workbook(workbook, Initiative.objects.all())
    ws = load_workbook(io.BytesIO(out.getvalue())).active

    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9  # A4
    assert ws.print_title_rows == "$1:$1"


# ----- names ----------------------------------------------------------------------------------
def test_a_readable_name_keeps_vietnamese_and_drops_what_a_file_system_refuses():
    assert readable_filename('Tổng hợp: "Đợt 1/2026"', "xlsx") == "Tổng hợp Đợt 1 2026.xlsx"
    assert readable_filename("../../etc", "pdf") == "etc.pdf"
    assert readable_filename("\x00", "pdf") == "tep.pdf"


def test_the_download_header_gives_an_ascii_name_and_the_utf8_name():
    header = content_disposition("Báo cáo tổng kết DVK năm 2026.pdf")

    assert header.startswith('attachment; filename="bao-cao-tong-ket-dvk-nam-2026.pdf"; ')
    assert "filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20t%E1%BB%95ng%20k%E1%BA%BFt%20DVK%20n%C4%83m%202026.pdf" in header
    assert content_disposition("plain.pdf", inline=True) == 'inline; filename="plain.pdf"'
    assert ascii_filename("Đợt 1.xlsx") == "dot-1.xlsx"
