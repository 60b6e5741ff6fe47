"""Exports read back with real readers: openpyxl for XLSX, csv for CSV, pypdf for the PDF report."""

from __future__ import annotations

import csv
import datetime
import io
import unicodedata
import zipfile

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from models_registry.models import Commendation, CommendationKind, Initiative, State
from models_registry.reports import exports, pdf
from models_registry.reports.summary import build_summary, summary_scope_for
from tests.jobs.helpers import body, export
from tests.models_registry.export_helpers import recognize_batch

HEADERS = [
    "STT",
    "Mã hồ sơ",
    "Tên mô hình/điển hình",
    "Đơn vị",
    "Đơn vị cấp trên",
    "Lĩnh vực",
    "Loại",
    "Chủ thể",
    "Hình thức",
    "Trạng thái",
    "Năm",
    "Đợt phát động",
    "Thời gian bắt đầu",
    "Thời gian kết thúc",
    "Địa bàn",
    "Số quyết định công nhận",
    "Ngày quyết định",
    "Cấp công nhận",
    "Tiêu biểu",
    "Số khen thưởng",
    "Số lần nhân rộng",
]


@pytest.fixture
def data(world):
    """A small known set: two recognized (one with two commendations), one submitted, one draft named like a formula."""
    first, second = recognize_batch(world, 2)
    for number in ("12/QĐ-UBND", "13/QĐ-UBND"):
        Commendation.objects.create(
            initiative=first,
            kind=CommendationKind.CERTIFICATE_OF_MERIT,
            authority="UBND tỉnh",
            decision_number=number,
            decided_on=datetime.date.today(),
            recipient="Chi hội Phụ nữ",
        )
    Initiative.objects.filter(pk=second.pk).update(outstanding=True)
    submitted = world.initiative("submitted", unit=world.other_hamlet, name="Khóm 3 sạch đẹp")
    formula = world.initiative("draft", name='=cmd|" /C calc"!A0')
    return {"first": first, "second": second, "submitted": submitted, "formula": formula}


def _expected_rows():
    """The database's view of the list, in the export's order."""
    qs = Initiative.objects.select_related("unit__parent", "field", "campaign", "decision").order_by(
        "unit__path", "campaign__year", "name", "pk"
    )
    return list(qs)


def _xlsx(response) -> object:
    body = b"".join(response.streaming_content)
    return load_workbook(io.BytesIO(body))


# ----- the full list: XLSX -------------------------------------------------------------------
def test_the_list_xlsx_has_vietnamese_headers_frozen_and_typed_cells_matching_the_database(data):
    workbook = _xlsx(exports.initiatives_xlsx_response(Initiative.objects.all()))
    sheet = workbook.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))

    assert list(rows[0]) == HEADERS
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["C"].width >= 40  # the name column is wide
    assert sheet["A1"].font.bold
    expected = _expected_rows()
    assert len(rows) - 1 == len(expected)
    for index, (row, initiative) in enumerate(zip(rows[1:], expected, strict=True), start=1):
        cells = dict(zip(HEADERS, row, strict=True))
        assert cells["STT"] == index
        assert cells["Mã hồ sơ"] == initiative.pk
        assert cells["Đơn vị"] == initiative.unit.name
        assert cells["Đơn vị cấp trên"] == initiative.unit.parent.name
        assert cells["Lĩnh vực"] == initiative.field.name
        assert cells["Trạng thái"] == initiative.get_state_display()
        assert cells["Năm"] == initiative.campaign.year and isinstance(cells["Năm"], int)
        assert isinstance(cells["Thời gian bắt đầu"], datetime.datetime)
        assert cells["Thời gian bắt đầu"].date() == initiative.starts_on
        assert cells["Thời gian kết thúc"].date() == initiative.ends_on
        assert cells["Số khen thưởng"] == initiative.commendations.count()
        if initiative.state == State.RECOGNIZED:
            assert cells["Số quyết định công nhận"] == initiative.decision.number
            assert cells["Ngày quyết định"].date() == initiative.decision.decided_on
            assert cells["Cấp công nhận"] == initiative.decision.get_level_display()
        else:
            assert cells["Số quyết định công nhận"] is None and cells["Ngày quyết định"] is None
        assert cells["Tiêu biểu"] == ("Có" if initiative.outstanding else None)
    date_cell = sheet.cell(row=2, column=HEADERS.index("Thời gian bắt đầu") + 1)
    assert date_cell.number_format == "DD/MM/YYYY"


def test_a_name_that_starts_like_a_formula_is_neutralized_in_the_xlsx(data):
    workbook = _xlsx(exports.initiatives_xlsx_response(Initiative.objects.all()))
    names = [row[2] for row in workbook.worksheets[0].iter_rows(min_row=2, values_only=True)]

    assert "'" + data["formula"].name in names
    assert not any(isinstance(n, str) and n.startswith("=") for n in names)
    cell = next(c for c in workbook.worksheets[0]["C"] if c.value == "'" + data["formula"].name)
    assert cell.data_type == "s"  # text, never a formula


TRICKY_TEXTS = {
    "=1+1": "'=1+1",
    "+84 912 345 678": "'+84 912 345 678",
    "http://example.com/x": "http://example.com/x",
    "mailto:a@example.com": "mailto:a@example.com",
    "00123": "00123",
    "<r><t>Chi hội</t></r>": "<r><t>Chi hội</t></r>",
    # XlsxWriter's constant-memory mode copies text shaped like rich-string runs into the XML as is.
    '<r><t>x</t></r></is></c><c r="Z9"><f>1+1</f></c><c><is><r><t>y</t></r>': (
        '<r><t>x</t></r></is></c><c r="Z9"><f>1+1</f></c><c><is><r><t>y</t></r>'
    ),
    "Khóm\x01 2\x1f": "Khóm 2",
    "\x01=2+2": "'=2+2",
    "\x02<r><t>Khóm 3</t></r>": "<r><t>Khóm 3</t></r>",
}


def test_text_that_looks_like_a_formula_a_link_a_number_or_markup_stays_text_in_the_xlsx(world):
    for name in TRICKY_TEXTS:
        world.initiative("draft", name=name, area=name)
    world.initiative("draft", name="_x0041_ Khóm 1")

    response = exports.initiatives_xlsx_response(Initiative.objects.all())
    body = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(body)).worksheets[0]
    area_by_name = {row[2].value: row[14] for row in sheet.iter_rows(min_row=2)}
    names = [c for c in sheet["C"][1:] if c.value in TRICKY_TEXTS.values()]

    assert len(names) == len(TRICKY_TEXTS)
    assert all(area_by_name[text].value == text for text in TRICKY_TEXTS.values())
    areas = [area_by_name[text] for text in TRICKY_TEXTS.values()]
    assert all(c.data_type == "s" and c.hyperlink is None for c in [*names, *areas])
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
        assert "<f>" not in sheet_xml and "<hyperlinks>" not in sheet_xml
        # Excel would decode a bare _x0041_ to "A"; escaped, it shows as typed (openpyxl decodes neither).
        assert "<t>_x005F_x0041_ Khóm 1</t>" in sheet_xml
        assert not any(n.startswith("xl/worksheets/_rels/") for n in archive.namelist())


def test_the_list_xlsx_header_is_bold_filled_wrapped_and_filtered(data):
    sheet = _xlsx(exports.initiatives_xlsx_response(Initiative.objects.all())).worksheets[0]

    header = sheet["A1"]
    assert header.font.bold and header.alignment.wrap_text and header.alignment.vertical == "center"
    assert header.fill.fill_type == "solid" and header.fill.fgColor.rgb.endswith("DDEBF7")
    assert sheet.auto_filter.ref == "A1:U1"
    assert sheet.title == "Danh sách"
    assert [round(sheet.column_dimensions[letter].width) for letter in "ABC"] == [7, 10, 51]


def test_summary_tables_have_a_bold_total_row_and_rates_with_one_decimal(data, world):
    initiatives, root = summary_scope_for(world.admin)
    summary = build_summary(initiatives, root_unit=root)

    with exports.summary_xlsx(summary, initiatives, "Tổng kết năm 2026", "Tỉnh Vĩnh Long") as tmp:
        workbook = load_workbook(tmp)

    fields = workbook["Theo lĩnh vực"]
    assert fields["A1"].font.size == 13 and fields["A2"].value == "Tỉnh Vĩnh Long — Theo lĩnh vực"
    assert fields["A4"].fill.fgColor.rgb.endswith("DDEBF7")
    assert fields["E5"].value == pytest.approx(66.7) and fields["E5"].number_format == "0.0"
    total = next(row for row in fields.iter_rows(min_row=5) if row[1].value == "Tổng cộng")
    assert all(cell.font.bold for cell in total)
    assert total[4].number_format == "0.0"
    overview = workbook["Tổng quan"]
    rate = next(row for row in overview.iter_rows(min_row=5) if row[1].value == "Tỷ lệ công nhận (%)")
    assert rate[2].number_format == "0.0"
    recognized = workbook["Đã công nhận"]
    assert recognized.freeze_panes == "A5" and recognized["H5"].number_format == "DD/MM/YYYY"


@pytest.mark.parametrize("trigger", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_trigger_is_prefixed_with_an_apostrophe(trigger):
    assert exports.neutralize(f"{trigger}1+1") == f"'{trigger}1+1"
    assert exports.neutralize("Mô hình 1+1") == "Mô hình 1+1"
    assert exports.neutralize(5) == 5


def test_the_xlsx_download_is_an_attachment_with_a_dated_file_name(data):
    response = exports.initiatives_xlsx_response(Initiative.objects.all())

    assert response["Content-Type"] == exports.XLSX_CONTENT_TYPE
    assert response["Content-Disposition"].startswith("attachment;")
    assert ".xlsx" in response["Content-Disposition"]


# ----- the full list: CSV --------------------------------------------------------------------
def test_the_list_csv_is_streamed_utf8_with_a_bom_and_matches_the_database_row_by_row(data):
    response = exports.initiatives_csv_response(Initiative.objects.all())
    body = b"".join(response.streaming_content)

    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="danh-sach-mo-hinh-' in response["Content-Disposition"]
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0] == HEADERS
    expected = _expected_rows()
    assert len(rows) - 1 == len(expected)
    for index, (row, initiative) in enumerate(zip(rows[1:], expected, strict=True), start=1):
        cells = dict(zip(HEADERS, row, strict=True))
        assert cells["STT"] == str(index)
        assert cells["Mã hồ sơ"] == str(initiative.pk)
        assert cells["Tên mô hình/điển hình"] == exports.neutralize(initiative.name)
        assert cells["Đơn vị"] == initiative.unit.name
        assert cells["Loại"] == initiative.get_kind_display()
        assert cells["Chủ thể"] == initiative.get_subject_display()
        assert cells["Hình thức"] == initiative.get_origin_display()
        assert cells["Trạng thái"] == initiative.get_state_display()
        assert cells["Thời gian bắt đầu"] == initiative.starts_on.strftime("%d/%m/%Y")
        assert cells["Số khen thưởng"] == str(initiative.commendations.count())
        assert cells["Số quyết định công nhận"] == (initiative.decision.number if initiative.decision_id else "")
        assert cells["Tiêu biểu"] == ("Có" if initiative.outstanding else "")
    assert rows[1 + [i.pk for i in expected].index(data["formula"].pk)][2].startswith("'=")


def test_the_csv_is_produced_lazily_row_by_row(data):
    response = exports.initiatives_csv_response(Initiative.objects.all())
    chunks = iter(response.streaming_content)

    first = next(chunks)

    assert first == b"\xef\xbb\xbf"  # nothing but the BOM is produced before the body is read


# ----- query budgets -------------------------------------------------------------------------
@pytest.mark.parametrize("count", [3, 30])
def test_the_list_exports_run_one_query_whatever_the_number_of_rows(world, django_assert_num_queries, count):
    recognize_batch(world, count)
    qs = Initiative.objects.all()

    with django_assert_num_queries(1):
        b"".join(exports.initiatives_csv_response(qs).streaming_content)
    with django_assert_num_queries(1):
        exports.initiatives_xlsx_response(qs).close()


@pytest.mark.parametrize("count", [3, 30])
def test_the_summary_workbook_runs_a_fixed_number_of_queries(world, django_assert_num_queries, count):
    recognize_batch(world, count)
    world.initiative("submitted", unit=world.other_hamlet)
    initiatives, root = summary_scope_for(world.admin)

    # build_summary's fixed queries (3 + the root lookup already done) + recognized list + full list.
    with django_assert_num_queries(5):
        summary = build_summary(initiatives, root_unit=root)
        exports.summary_xlsx(summary, initiatives, "Tổng kết").close()


# ----- the summary workbook ------------------------------------------------------------------
def test_the_summary_workbook_has_a_sheet_per_breakdown_with_the_summary_numbers_and_the_full_list(data, world):
    initiatives, root = summary_scope_for(world.admin)
    summary = build_summary(initiatives, root_unit=root)

    with exports.summary_xlsx(summary, initiatives, "Tổng kết năm 2026", "Tỉnh Vĩnh Long") as tmp:
        workbook = load_workbook(tmp)

    assert workbook.sheetnames[:3] == ["Tổng quan", "Theo lĩnh vực", "Mô hình và điển hình"]
    assert {"Theo đơn vị", "Khen thưởng", "Đã công nhận", "Danh sách đăng ký"} <= set(workbook.sheetnames)
    overview = workbook["Tổng quan"]
    assert overview["A1"].value == "Tổng kết năm 2026" and overview["A1"].font.bold
    assert overview.freeze_panes == "A5"
    assert [c.value for c in overview[4]] == ["STT", "Chỉ tiêu", "Số lượng"]
    values = {row[1]: row[2] for row in overview.iter_rows(min_row=5, values_only=True)}
    # Hand-computed: 3 registered (2 recognized + 1 submitted; the draft is not registered).
    assert values["Tổng số mô hình, điển hình đăng ký"] == 3
    assert values["Số mô hình, điển hình được công nhận"] == 2
    assert values["Tỷ lệ công nhận (%)"] == pytest.approx(66.7)
    assert values["Số mô hình, điển hình tiêu biểu"] == 1
    assert values["Số khen thưởng"] == 2

    units = workbook["Theo đơn vị"]
    unit_rows = {row[1]: row for row in units.iter_rows(min_row=5, values_only=True)}
    # The commune's row sums its hamlet; the ward's row its urban hamlet.
    assert unit_rows["Xã Long Hồ"][3:6] == (2, 2, 1)
    assert unit_rows["Phường Trà Vinh"][3:6] == (1, 0, 0)
    assert unit_rows["Tổng cộng"][3:5] == (3, 2)
    assert units["B4"].font.bold

    commendations = {row[1]: row[2] for row in workbook["Khen thưởng"].iter_rows(min_row=5, values_only=True)}
    assert commendations["Giấy khen"] == 2

    recognized = list(workbook["Đã công nhận"].iter_rows(min_row=5, values_only=True))
    assert {row[1] for row in recognized} == {data["first"].name, data["second"].name}
    assert all(row[6] == "QĐ-LOẠT" and isinstance(row[7], datetime.datetime) for row in recognized)

    full = workbook["Danh sách đăng ký"]
    assert full.freeze_panes == "A2"
    assert full.max_row == 1 + Initiative.objects.count()


def test_the_summary_csv_lists_every_table_and_the_recognized_initiatives(data, world):
    initiatives, root = summary_scope_for(world.admin)
    summary = build_summary(initiatives, root_unit=root)

    body = b"".join(exports.csv_stream(exports.summary_csv_rows(summary, "Tổng kết", "Tỉnh Vĩnh Long")))
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))

    assert rows[0] == ["Tổng kết"]
    assert ["Theo lĩnh vực"] in rows
    field_header = rows.index(["Theo lĩnh vực"]) + 1
    assert rows[field_header] == ["STT", "Lĩnh vực", "Đăng ký", "Công nhận", "Tỷ lệ công nhận (%)"]
    assert rows[field_header + 1] == ["1", "Phát triển kinh tế", "3", "2", "66.7"]
    assert any(row[:2] == ["1", data["first"].name] or row[1:2] == [data["first"].name] for row in rows)


# ----- the PDF report ------------------------------------------------------------------------
def _pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return unicodedata.normalize("NFC", "\n".join(page.extract_text() for page in reader.pages))


def test_the_pdf_report_has_the_vietnamese_title_the_header_block_and_the_right_numbers(data, world):
    initiatives, root = summary_scope_for(world.admin)
    summary = build_summary(initiatives, root_unit=root)

    body = pdf.summary_pdf(summary, campaign=world.campaign, today=datetime.date(2026, 2, 5))
    text = _pdf_text(body)

    assert body.startswith(b"%PDF")
    assert "BÁO CÁO" in text
    assert f"Tổng kết phong trào thi đua “Dân vận khéo” năm {world.campaign.year}" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Vĩnh Long, ngày 05 tháng 02 năm 2026" in text
    assert "BAN CHỈ ĐẠO TỈNH" in text
    assert "có 3 mô hình, điển hình đăng ký" in text
    assert "2 mô hình, điển hình được công nhận (tỷ lệ 66,7%)" in " ".join(text.split())
    assert "Phát triển kinh tế 3 2 66,7" in text
    assert "Xã Long Hồ Xã 2 2 1 100,0" in text
    # Table cells wrap, and pypdf drops the space at a wrap: compare without white space.
    packed = "".join(text.split())
    assert data["first"].name.replace(" ", "") in packed and data["second"].name.replace(" ", "") in packed
    assert "QĐ-LOẠT" in packed
    assert "TRƯỞNG BAN" in text


def test_the_pdf_embeds_its_fonts(data, world):
    initiatives, root = summary_scope_for(world.admin)
    reader = PdfReader(io.BytesIO(pdf.summary_pdf(build_summary(initiatives, root_unit=root))))

    fonts = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            fonts.append((str(font["/BaseFont"]), "/FontFile2" in descriptor or "/FontFile3" in descriptor))
    assert fonts and all(embedded for _, embedded in fonts)
    assert all("DVK-Serif" in name for name, _ in fonts)


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/logo.png",
        "https://example.com/font.ttf",
        "ftp://example.com/x",
        "file:///etc/passwd",
        "file:///work/main/static/fonts/../../dvk/settings.py",
    ],
)
def test_the_pdf_url_fetcher_refuses_anything_but_the_bundled_fonts(url):
    with pytest.raises(pdf.RefusedURL):
        pdf.safe_url_fetcher(url)


def test_the_pdf_url_fetcher_serves_the_bundled_fonts_and_data_uris():
    font = pdf.safe_url_fetcher((pdf.FONT_DIR / pdf.FONT_FILES["regular"]).resolve().as_uri())
    inline = pdf.safe_url_fetcher("data:text/plain;base64,RFZL")

    assert font["string"][:4] in (b"\x00\x01\x00\x00", b"true")
    assert inline["string"] == b"DVK" if "string" in inline else inline["file_obj"].read() == b"DVK"


def test_rendering_html_that_points_at_the_network_opens_no_connection(monkeypatch):
    from weasyprint import HTML

    def no_network(*args, **kwargs):
        raise AssertionError("the PDF renderer tried to open a URL")

    monkeypatch.setattr("urllib.request.urlopen", no_network)
    monkeypatch.setattr("weasyprint.urls.urlopen", no_network)
    html = '<img src="http://example.com/a.png"><link rel="stylesheet" href="https://example.com/a.css"><p>Dân vận khéo</p>'

    body = HTML(string=html, url_fetcher=pdf.safe_url_fetcher).write_pdf()

    assert body.startswith(b"%PDF")


def test_official_dates_pad_days_and_the_first_two_months():
    assert pdf.official_date(datetime.date(2026, 2, 5)) == "ngày 05 tháng 02 năm 2026"
    assert pdf.official_date(datetime.date(2026, 11, 27)) == "ngày 27 tháng 11 năm 2026"


def test_a_long_recognized_list_is_left_to_the_workbook_with_a_note_in_the_pdf(data, world):
    initiatives, root = summary_scope_for(world.admin)
    summary = build_summary(initiatives, root_unit=root)

    short = pdf.summary_html(summary, list_limit=1)
    full = pdf.summary_html(summary, list_limit=None)

    assert data["first"].name not in short
    assert "Danh sách 2 mô hình, điển hình được công nhận được gửi kèm trong tệp Excel" in short
    assert data["first"].name in full and data["second"].name in full


def test_sheet_names_are_made_valid_for_excel():
    assert exports.sheet_title("Models / exemplars: [x]?") == "Models - exemplars- -x--"
    assert len(exports.sheet_title("x" * 40)) == 31


def test_two_tables_whose_titles_meet_after_truncation_get_two_sheets():
    # Sheet names are cut to 31 characters and compared without case; two translated titles that
    # meet there made XlsxWriter refuse the workbook (a 500 on the download).
    long_title = "Models and exemplars recognized by level of the decision"

    def fill(workbook):
        for title in (long_title, long_title + " (again)", "by LEVEL", "By level"):
            workbook.add_worksheet(exports.sheet_title(title))

    with exports.xlsx_file(fill) as handle:
        names = load_workbook(io.BytesIO(handle.read())).sheetnames

    assert len(names) == 4 and len({name.casefold() for name in names}) == 4
    assert all(len(name) <= 31 for name in names)


def _walk(box):
    yield box
    for child in getattr(box, "children", None) or []:
        yield from _walk(child)


def test_no_text_of_the_pdf_tables_runs_past_its_cell(data, world):
    # The appendix's decision column printed "(dd/mm/yyyy)" across the next column's border.
    from weasyprint import HTML
    from weasyprint.formatting_structure import boxes

    initiatives, root = summary_scope_for(world.admin)
    summary = build_summary(initiatives, root_unit=root)
    html = pdf.summary_html(summary, campaign=world.campaign)

    document = HTML(string=html, base_url=pdf.FONT_DIR.as_uri() + "/", url_fetcher=pdf.safe_url_fetcher).render()

    overflowing = []
    for page in document.pages:
        for cell in _walk(page._page_box):
            if not isinstance(cell, boxes.TableCellBox):
                continue
            right = cell.content_box_x() + cell.width
            overflowing += [
                text.text
                for text in _walk(cell)
                if isinstance(text, boxes.TextBox) and text.position_x + text.width > right + 0.5
            ]
    assert overflowing == []


@pytest.mark.parametrize("who", ["member", "staff"])
def test_a_campaign_report_of_a_communes_part_is_issued_by_the_commune_committee(client, data, world, who):
    # The province's campaign summarized by a commune's member (or a hamlet's staff) covers that
    # commune only: the province committee's header and its chair's signature would misstate who reports.
    from campaigns.models import CommitteeMembership, Role
    from tests.factories import CommitteeMembershipFactory, UserFactory

    # The commune's own chair only (the world's `chair` and `secretary` also lead it, for levels).
    CommitteeMembership.objects.filter(
        committee=world.commune_committee, role__in=[Role.CHAIR, Role.SECRETARIAT]
    ).delete()
    commune_chair = UserFactory(username="commune-chair", first_name="Chủ tịch Mặt trận xã")
    CommitteeMembershipFactory(committee=world.commune_committee, user=commune_chair, role=Role.CHAIR)
    client.force_login(getattr(world, who))

    response = export(client, reverse("reports:export"), {"campaign": world.campaign.pk, "format": "pdf"})

    text = " ".join(_pdf_text(body(response)).split())
    assert "BAN CHỈ ĐẠO XÃ LONG HỒ" in text
    assert "Chủ tịch Mặt trận xã" in text
    assert "BAN CHỈ ĐẠO TỈNH" not in text and "Trưởng ban" not in text


def test_the_yearly_report_carries_the_lessons_of_its_committees_campaigns_of_that_year(data, world):
    # The yearly report is the one handed in; the lessons learned at summarize belong in it too.
    from campaigns.models import Campaign

    Campaign.objects.filter(pk=world.campaign.pk).update(lessons_learned="Công khai thu chi từ đầu.")
    initiatives, root = summary_scope_for(world.chair)
    summary = build_summary(initiatives, root_unit=root)

    text = " ".join(_pdf_text(pdf.summary_pdf(summary, year=world.campaign.year, root_unit=root)).split())

    assert "III. BÀI HỌC KINH NGHIỆM" in text
    assert "Công khai thu chi từ đầu." in text


def test_a_communes_report_does_not_print_the_province_committees_lessons_as_its_own(client, data, world):
    from campaigns.models import Campaign

    Campaign.objects.filter(pk=world.campaign.pk).update(lessons_learned="Công khai thu chi từ đầu.")
    client.force_login(world.member)

    response = export(client, reverse("reports:export"), {"campaign": world.campaign.pk, "format": "pdf"})

    text = " ".join(_pdf_text(body(response)).split())
    assert "BAN CHỈ ĐẠO XÃ LONG HỒ" in text
    assert "Công khai thu chi từ đầu." not in text
