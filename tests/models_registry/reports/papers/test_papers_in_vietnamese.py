"""The official papers are Vietnamese documents (Decree 30/2020, Guidance 36): whoever downloads them in
English, and whatever language the job that builds them runs in, they print in Vietnamese. Their file
names stay in the reader's language, like every download's; the summary report follows the reader
(tests/test_language_polish.py)."""

from __future__ import annotations

import html
import io
import re
import zipfile

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from models_registry.reports.papers import render_document
from models_registry.reports.papers.render import decision_pdf
from models_registry.reports.papers.word import decision_docx
from tests.conftest import score
from tests.jobs.helpers import body, export
from tests.models_registry.reports.papers.helpers import docx_paragraphs, issue, pdf_pages, settings_for

pytestmark = pytest.mark.django_db

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
# What a decision or a letter prints in English at the same places ("Như Điều 3", "Lưu: VT", "Nơi nhận:", ...).
ENGLISH_CLOSING = ("Article", "Archived", "Recipients", "As in", "As above", "DECIDES", "Independence")


def _english(client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _flat(pages: list[str]) -> str:
    """The text on one line; pypdf puts a space before some punctuation ("VT , BDV ."): drop it."""
    return re.sub(r"\s+([,.;:])", r"\1", " ".join(" ".join(pages).split()))


def _assert_a_vietnamese_decision(text: str, count: int = 2) -> None:
    for part in (
        MOTTO,
        "Độc lập - Tự do - Hạnh phúc",
        "Vĩnh Long, ngày 05 tháng 3 năm 2026",
        "QUYẾT ĐỊNH:",
        "Điều 1.",
        f"Công nhận {count} mô hình, điển hình “Dân vận khéo”",
        "Điều 3.",
        "Nơi nhận:",
        "- Như Điều 3;",
        "- Lưu: VT, BDV.",
    ):
        assert part in text, part
    for english in ENGLISH_CLOSING:
        assert english not in text, english


# ----- the decision ---------------------------------------------------------------------------
def _issued_for_an_english_chair(client, world):
    """An issued decision, and the client logged in as its chair reading in English."""
    settings_for(world)
    decision = issue(world)
    client.force_login(world.chair)
    _english(client)
    return decision


def test_the_decision_pdf_downloaded_in_english_is_printed_in_vietnamese_under_its_english_file_name(client, world):
    decision = _issued_for_an_english_chair(client, world)

    response = client.get(reverse("committee:decision_pdf", args=[decision.pk]))

    _assert_a_vietnamese_decision(_flat(pdf_pages(response.content)))
    # The file's name is the reader's, as before: only what is printed is Vietnamese.
    assert response["Content-Disposition"].startswith('inline; filename="decision-05-qd-bcd-of-2026.pdf"')


def test_the_decision_docx_downloaded_in_english_is_written_in_vietnamese_under_its_english_file_name(client, world):
    decision = _issued_for_an_english_chair(client, world)

    response = client.get(reverse("committee:decision_docx", args=[decision.pk]))

    _assert_a_vietnamese_decision("\n".join(docx_paragraphs(response.content)))
    assert response["Content-Disposition"].startswith('attachment; filename="decision-05-qd-bcd-of-2026.docx"')


def test_a_decision_built_while_english_is_active_is_vietnamese_and_english_stays_active(world):
    settings_for(world)
    decision = issue(world)

    with translation.override("en"):
        pdf = _flat(pdf_pages(decision_pdf(decision)))
        docx = "\n".join(docx_paragraphs(decision_docx(decision)))
        after = translation.get_language()

    _assert_a_vietnamese_decision(pdf)
    _assert_a_vietnamese_decision(docx)
    assert after == "en"


def _decision_page_in_english(client, world):
    """An issued decision and its page as the chair reads it in English (the text unescaped)."""
    decision = _issued_for_an_english_chair(client, world)
    return decision, html.unescape(client.get(decision.get_absolute_url()).content.decode())


def test_the_decision_page_in_english_shows_the_papers_own_text_as_it_prints(client, world):
    # The page shows the paper itself (the same blocks as the PDF, with a print button): its text
    # is the printed one; the page's own buttons and labels are the page's (its template's).
    from models_registry.reports.papers.decision import decision_paper

    decision, page = _decision_page_in_english(client, world)

    with translation.override("vi"):
        paper = decision_paper(decision)
    for text in (paper.subject, paper.article1, paper.article2, paper.article3, *paper.bases, *paper.recipients):
        assert text in page, text
    assert "- Như Điều 3;" in page and "- Lưu: VT, BDV." in page
    assert "As in Article 3" not in page and "Archived" not in page
    assert "Recognize 2" not in page


def test_the_decision_page_in_english_labels_the_paper_in_vietnamese_and_its_own_buttons_in_english(client, world):
    # The paper's own labels (articles, "DECIDES", the list's heads, recipients) print in Vietnamese; the
    # no-print tools around them (mark outstanding, the note) stay in the reader's language.
    _decision, page = _decision_page_in_english(client, world)
    paper = page[page.index('<article class="dvk-decision"') : page.index("</article>")]

    for text in ("QUYẾT ĐỊNH:", "Điều 1.", "Điều 2.", "Điều 3.", "Nơi nhận:", "Tên mô hình, điển hình", "Lĩnh vực"):
        assert text in paper, text
    for text in ("DECIDES:", "Article 1.", "Recipients:", "Name of the model or example"):
        assert text not in paper, text
    assert 'lang="vi"' in paper
    assert "Mark outstanding" in paper
    assert "Print decision" in page.replace(paper, "")


# ----- the minutes ----------------------------------------------------------------------------
def _scored(world):
    initiative = world.initiative("recognition_requested")
    score(initiative, world.chair, 90)
    score(initiative, world.member, 85)
    return initiative


def test_the_minutes_downloaded_in_english_are_in_vietnamese_with_a_decimal_comma(client, world):
    initiative = _scored(world)
    client.force_login(world.chair)
    _english(client)

    pdf = client.get(reverse("committee:minutes_pdf", args=[initiative.pk]))
    docx = client.get(reverse("committee:minutes_docx", args=[initiative.pk]))

    for text in (_flat(pdf_pages(pdf.content)), "\n".join(docx_paragraphs(docx.content))):
        for part in (MOTTO, "BIÊN BẢN THẨM ĐỊNH", "Điểm bình quân: 87,5", "Phiếu chấm điểm đã nộp:", "Kết luận:"):
            assert part in text, part
        assert re.search(r"ngày \d{2} tháng \d{1,2} năm \d{4}", text)
        for english in ("MINUTES", "Mean score", "Conclusion", "SECRETARY", "87.5", "Independence"):
            assert english not in text, english
    assert 'filename="bien-ban-tham-dinh-' in pdf["Content-Disposition"]


# ----- the papers made by a job: certificates and dossier ------------------------------------
def test_the_certificates_asked_for_by_an_english_reader_are_printed_in_vietnamese(client, world):
    settings_for(world)
    decision = issue(world)
    client.force_login(world.chair)
    _english(client)

    response = export(client, reverse("committee:decision_certificates", args=[decision.pk]))

    text = _flat(pdf_pages(body(response)))
    for part in (MOTTO, "GIẤY CÔNG NHẬN", "Mã xác thực:", "Theo Quyết định số 05/QĐ-BCĐ, ngày 05 tháng 3 năm 2026"):
        assert part in text, part
    for english in ("CERTIFICATE", "Verification code", "Under Decision", "Recognize", "Independence"):
        assert english not in text, english
    assert 'filename="certificates-under-decision-05-qd-bcd-of-2026.pdf"' in response["Content-Disposition"]


def test_the_dossier_asked_for_by_an_english_reader_holds_vietnamese_papers(client, world):
    settings_for(world)
    decision = issue(world, n=1)
    client.force_login(world.chair)
    _english(client)

    response = export(client, reverse("committee:decision_dossier", args=[decision.pk]))
    archive = zipfile.ZipFile(io.BytesIO(body(response)))

    # The dossier is filed as one Vietnamese paper: its papers and the names inside it.
    names = archive.namelist()
    assert "01 Tờ trình đề nghị khen thưởng.docx" in names
    letter = "\n".join(docx_paragraphs(archive.read("01 Tờ trình đề nghị khen thưởng.docx")))
    for part in (MOTTO, "TỜ TRÌNH", "Kính gửi: Hội đồng Thi đua - Khen thưởng tỉnh.", "- Như trên;", "- Lưu: VT, BDV."):
        assert part in letter, part
    for english in ENGLISH_CLOSING + ("PROPOSAL", "Dear"):
        assert english not in letter, english
    _assert_a_vietnamese_decision(_flat(pdf_pages(archive.read("02 Quyết định 05-QĐ-BCĐ.pdf"))), count=1)
    sheet = _flat(pdf_pages(archive.read("04 Hồ sơ từng mô hình, điển hình/001 Mô hình số 1/Hồ sơ Mô hình số 1.pdf")))
    assert "HỒ SƠ MÔ HÌNH, ĐIỂN HÌNH" in sheet and "1. Phiếu đăng ký" in sheet
    assert "DOSSIER" not in sheet and "Registration form" not in sheet
    # The ZIP's own name is the reader's, as before.
    assert 'filename="dossier-of-decision-05-qd-bcd-of-2026.zip"' in response["Content-Disposition"]


# ----- the proposal letter --------------------------------------------------------------------
def test_the_proposal_letter_rendered_in_english_is_written_in_vietnamese_under_an_english_name(world):
    settings_for(world)
    decision = issue(world)

    with translation.override("en"):
        rendered = render_document("proposal", decision, "pdf")
        docx = render_document("proposal", decision, "docx")

    for text in (_flat(pdf_pages(rendered.data)), "\n".join(docx_paragraphs(docx.data))):
        for part in (MOTTO, "TỜ TRÌNH", "Nơi nhận:", "- Như trên;", "- Lưu: VT, BDV.", "ngày 05 tháng 3 năm 2026"):
            assert part in text, part
        for english in ENGLISH_CLOSING + ("PROPOSAL",):
            assert english not in text, english
    assert rendered.filename == "Proposal for commendation under Decision 05-QĐ-BCĐ.pdf"
