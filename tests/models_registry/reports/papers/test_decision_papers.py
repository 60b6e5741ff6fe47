"""The recognition decision as PDF and DOCX, part by part, in the committee's format."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse

from campaigns.models import DocumentFormat, SigningAuthority
from models_registry.reports.papers.render import decision_pdf
from models_registry.reports.papers.word import decision_docx
from tests.models_registry.reports.papers.helpers import docx_paragraphs, issue, pdf_pages, settings_for

pytestmark = pytest.mark.django_db

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"


def flatten(pages: list[str]) -> str:
    """The text on one line; pypdf puts a space before some punctuation ("VT , BDV ."): drop it."""
    return re.sub(r"\s+([,.;:])", r"\1", " ".join(" ".join(pages).split()))


def test_the_state_decision_pdf_prints_every_part_in_order(world):
    settings_for(world)
    decision = issue(world)

    text = "\n".join(pdf_pages(decision_pdf(decision)))
    flat = flatten([text])

    assert MOTTO in text  # on one line: no break inside it
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" not in text
    parts = [
        "TỈNH ỦY VĨNH LONG",
        "BAN CHỈ ĐẠO PHONG TRÀO DÂN VẬN KHÉO TỈNH",
        "Số: 05/QĐ-BCĐ",
        "Vĩnh Long, ngày 05 tháng 3 năm 2026",
        "QUYẾT ĐỊNH",
        "Về việc công nhận mô hình, điển hình “Dân vận khéo”",
        "TRƯỞNG BAN CHỈ ĐẠO PHONG TRÀO DÂN VẬN KHÉO TỈNH",
        "Căn cứ Hướng dẫn số 02-HD/BDV ngày 12/9/2017 của Ban Dân vận;",
        "QUYẾT ĐỊNH:",
        "Điều 1.",
        "Mô hình số 1",
        "Mô hình số 2",
        "Điều 2.",
        "Điều 3.",
        "Nơi nhận:",
        "- Như Điều 3;",
        "- Ban Dân vận Trung ương;",
        "- Lưu: VT, BDV.",
        "Nguyễn Văn An",
    ]
    positions = [flat.find(part) for part in parts]
    assert -1 not in positions, [p for p, at in zip(parts, positions, strict=True) if at == -1]
    assert flat.find("Điều 1.") < flat.find("Điều 2.") < flat.find("Điều 3.") < flat.find("Nơi nhận:")


def test_the_last_legal_basis_ends_with_a_full_stop(world):
    settings_for(world)
    decision = issue(world)

    flat = flatten(pdf_pages(decision_pdf(decision)))

    assert "đề nghị của các đơn vị." in flat
    assert "đề nghị của các đơn vị;" not in flat


def test_the_pdf_is_a4_portrait(world):
    from pypdf import PdfReader

    settings_for(world)
    decision = issue(world)

    page = PdfReader(io.BytesIO(decision_pdf(decision))).pages[0]

    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)


def test_a_party_decision_is_never_headed_with_the_national_motto(world):
    settings_for(world, format=DocumentFormat.PARTY, term="2025-2030", signing_authority=SigningAuthority.DEPUTY)
    decision = issue(world, number="05-QĐ/BCĐ")

    flat = flatten(pdf_pages(decision_pdf(decision)))

    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in flat
    assert MOTTO not in flat
    assert "Độc lập - Tự do - Hạnh phúc" not in flat
    assert "Số 05-QĐ/BCĐ" in flat
    assert "K/T TRƯỞNG BAN" in flat and "PHÓ TRƯỞNG BAN" in flat


def test_a_collective_signs_with_tm(world):
    settings_for(world, signing_authority=SigningAuthority.COLLECTIVE)
    decision = issue(world)

    flat = flatten(pdf_pages(decision_pdf(decision)))

    assert "TM. BAN CHỈ ĐẠO PHONG TRÀO DÂN VẬN KHÉO TỈNH" in flat
    assert "T/M" not in flat


def test_a_long_list_goes_into_an_appendix(world):
    settings_for(world)
    decision = issue(world, n=11)

    pages = pdf_pages(decision_pdf(decision))

    flat_first = flatten(pages[:1])
    assert "có danh sách kèm theo Quyết định này" in flat_first
    assert "Mô hình số 11" not in flat_first
    appendix = flatten(pages[1:])
    assert "DANH SÁCH MÔ HÌNH, ĐIỂN HÌNH" in appendix
    assert "Kèm theo Quyết định số 05/QĐ-BCĐ" in appendix
    assert "Mô hình số 11" in appendix


def test_the_docx_carries_every_part_with_a4_margins_and_times_new_roman(world):
    from docx import Document

    settings_for(world)
    decision = issue(world)

    data = decision_docx(decision)

    paragraphs = docx_paragraphs(data)
    for part in (
        "TỈNH ỦY VĨNH LONG",
        MOTTO,
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 05/QĐ-BCĐ",
        "Vĩnh Long, ngày 05 tháng 3 năm 2026",
        "QUYẾT ĐỊNH",
        "QUYẾT ĐỊNH:",
        "Căn cứ Hướng dẫn số 02-HD/BDV ngày 12/9/2017 của Ban Dân vận;",
        "Mô hình số 1",
        "Nơi nhận:",
        "- Lưu: VT, BDV.",
        "TRƯỞNG BAN",
        "Nguyễn Văn An",
    ):
        assert part in paragraphs, part
    assert any(p.startswith("Điều 1.") for p in paragraphs)
    assert any(p.startswith("Điều 3.") for p in paragraphs)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" not in paragraphs
    section = Document(io.BytesIO(data)).sections[0]
    mm = [round(length.mm) for length in (section.page_width, section.page_height)]
    margins = [round(length.mm) for length in (section.left_margin, section.right_margin, section.top_margin)]
    assert (mm, margins) == ([210, 297], [30, 15, 20])
    assert Document(io.BytesIO(data)).styles["Normal"].font.name == "Times New Roman"


def test_the_decision_page_links_its_pdf_and_docx(client, world):
    decision = issue(world)
    client.force_login(world.chair)

    page = client.get(decision.get_absolute_url()).content.decode()
    pdf = client.get(reverse("committee:decision_pdf", args=[decision.pk]))
    docx = client.get(reverse("committee:decision_docx", args=[decision.pk]))

    assert reverse("committee:decision_pdf", args=[decision.pk]) in page
    assert reverse("committee:decision_docx", args=[decision.pk]) in page
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert docx.content.startswith(b"PK")
    assert pdf["Content-Disposition"].startswith('inline; filename="quyet-dinh-05-qd-bcd-nam-2026.pdf"; ')
    assert "filename*=UTF-8''Quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh%2005-Q%C4%90-BC%C4%90" in pdf["Content-Disposition"]
    assert docx["Content-Disposition"].startswith('attachment; filename="quyet-dinh-05-qd-bcd-nam-2026.docx"')


@pytest.mark.parametrize("name", ["decision_pdf", "decision_docx", "decision_detail"])
def test_staff_of_a_unit_gets_404_for_the_decision_papers(client, world, name):
    decision = issue(world)
    client.force_login(world.staff)

    response = client.get(reverse(f"committee:{name}", args=[decision.pk]))

    assert response.status_code == 404


def test_the_decision_page_of_a_party_committee_never_mixes_the_two_headers(client, world):
    settings_for(world, format=DocumentFormat.PARTY, term="2025-2030", signing_authority=SigningAuthority.COLLECTIVE)
    decision = issue(world, number="05-QĐ/BCĐ")
    client.force_login(world.chair)

    body = client.get(decision.get_absolute_url()).content.decode()

    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in body and "Số 05-QĐ/BCĐ" in body
    assert MOTTO not in body and "Độc lập - Tự do - Hạnh phúc" not in body
    assert "T/M BAN CHỈ ĐẠO PHONG TRÀO DÂN VẬN KHÉO TỈNH" in body
    assert "- Lưu: VT, BDV." in body


def test_the_decision_page_of_a_state_committee_has_no_party_star_and_ends_with_luu_vt(client, world):
    decision = issue(world)
    client.force_login(world.chair)

    body = client.get(decision.get_absolute_url()).content.decode()

    assert MOTTO in body and "ĐẢNG CỘNG SẢN VIỆT NAM" not in body
    assert '<p class="mb-0">*</p>' not in body
    assert "- Lưu: VT." in body


def test_the_decision_page_says_the_same_articles_as_the_pdf(client, world):
    # The page once wrote its own Điều 2 ("continue to maintain…") while the PDF said "in force from signing".
    import html as html_module

    from models_registry.reports.papers.decision import decision_paper
    from models_registry.reports.papers.render import decision_pdf

    settings_for(world)
    decision = issue(world)
    client.force_login(world.chair)

    page = html_module.unescape(client.get(decision.get_absolute_url()).content.decode())
    pdf = " ".join(" ".join(pdf_pages(decision_pdf(decision))).split())
    paper = decision_paper(decision)

    for text in (paper.article1, paper.article2, paper.article3, paper.subject, paper.authority, *paper.bases):
        assert text in page
        assert "".join(text.split()) in "".join(pdf.split())
    assert "Quyết định này có hiệu lực kể từ ngày ký." in page
    assert "tiếp tục duy trì, phát huy" not in page


def test_the_decision_pdf_embeds_a_times_new_roman_metric_font_and_nothing_else(world):
    # Decree 30/2020 asks for Times New Roman: the PDF carries Liberation Serif, drawn to its metrics.
    from fontTools.ttLib import TTFont
    from pypdf import PdfReader

    settings_for(world)
    reader = PdfReader(io.BytesIO(decision_pdf(issue(world))))

    families = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            embedded = TTFont(io.BytesIO(descriptor["/FontFile2"].get_object().get_data()))
            families.add(embedded["name"].getDebugName(1))

    assert families == {"Liberation Serif"}
