"""The papers as a person sees them: the decision page, its PDF, the certificates and the verification page.

Pictures go to test-artifacts/papers/ for people to look at; Chromium's own PDF viewer draws the PDFs.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.urls import reverse

from campaigns.models import DocumentSettings, LegalBasis, SigningAuthority
from models_registry import bulk
from models_registry.models import Certificate
from tests.conftest import score

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PICTURES = Path(__file__).resolve().parents[2] / "test-artifacts" / "papers"


def test_the_decision_its_pdf_certificates_and_verification_render(world, live_server, browser, password):
    # Arrange
    DocumentSettings.objects.create(
        committee=world.province_committee,
        governing_body="Tỉnh ủy Vĩnh Long",
        issuer_name="Ban Chỉ đạo phong trào Dân vận khéo tỉnh",
        place="Vĩnh Long",
        signing_authority=SigningAuthority.COLLECTIVE,
        default_recipients="Ban Dân vận Trung ương\nThường trực Tỉnh ủy",
        archive_mark="BDV",
    )
    LegalBasis.objects.create(committee=world.province_committee, text="Căn cứ Hướng dẫn số 02-HD/BDV ngày 12/9/2017")
    initiatives = []
    for name in ("Tổ phụ nữ tiết kiệm vì người nghèo", "Dân vận khéo trong xây dựng đường giao thông nông thôn"):
        # Aimed at the province's level: the province's committee decides (levels).
        initiative = world.initiative("recognition_requested", name=name, level="province")
        score(initiative, world.member, 90)
        score(initiative, world.chair, 90)
        initiatives.append(initiative)
    decision = bulk.recognize_many(
        initiatives,
        world.chair,
        number="05/QĐ-BCĐ",
        decided_on=datetime.date(2026, 3, 5),
        signer="Nguyễn Văn An",
        committee=world.province_committee,
        notify=False,
    )
    PICTURES.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(locale="vi-VN", viewport={"width": 1100, "height": 1400})
    page = context.new_page()
    try:
        log_in(page, live_server.url, "chair", password)

        # Act
        page.goto(live_server.url + decision.get_absolute_url())
        links = [page.locator(f'[data-paper="{kind}"]').count() for kind in ("pdf", "docx", "certificates", "dossier")]
        page.screenshot(path=str(PICTURES / "decision-page.png"), full_page=True)
        page.goto(live_server.url + reverse("committee:decision_pdf", args=[decision.pk]))
        page.wait_for_timeout(1500)
        page.screenshot(path=str(PICTURES / "decision-pdf.png"))
        # The certificates are a job: its page says when the file is ready and links to it.
        page.goto(live_server.url + reverse("committee:decision_certificates", args=[decision.pk]))
        download = page.locator('a[href$="/download/"]').first
        download.wait_for(timeout=60_000)
        page.screenshot(path=str(PICTURES / "certificates-job.png"), full_page=True)
        # Opened in the browser's viewer (the plain download is an attachment).
        page.goto(live_server.url + download.get_attribute("href") + "?view=1")
        page.wait_for_timeout(1500)
        page.screenshot(path=str(PICTURES / "certificates-pdf.png"))
        certificate = Certificate.objects.filter(decision=decision).first()
        page.goto(live_server.url + certificate.get_absolute_url())
        verdict = page.locator("[data-verdict]").get_attribute("data-verdict")
        page.screenshot(path=str(PICTURES / "verification-page.png"), full_page=True)

        # Assert
        assert links == [1, 1, 1, 1]
        assert verdict == "valid"
        assert all((PICTURES / name).stat().st_size > 10_000 for name in ("decision-pdf.png", "certificates-pdf.png"))
    finally:
        context.close()


def _download_link(page, live_server) -> str:
    """Wait on a job's page until its file is ready; return the download's address."""
    link = page.locator('a[href$="/download/"]').first
    link.wait_for(timeout=60_000)
    return live_server.url + link.get_attribute("href")


def test_the_report_with_its_assessment_and_the_dossiers_letter_render(world, live_server, browser, password):
    # Arrange
    import io
    import zipfile

    from tests.models_registry.reports.papers.helpers import issue, settings_for

    settings_for(world)
    decision = issue(world, n=2)
    PICTURES.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(locale="vi-VN", viewport={"width": 1100, "height": 1400})
    page = context.new_page()
    try:
        log_in(page, live_server.url, "chair", password)

        # Act: write the assessment on the summary page, then print the report and the dossier
        page.goto(live_server.url + reverse("reports:summary") + f"?campaign={world.campaign.pk}")
        page.fill("#id_shortcomings", "Một số đơn vị đăng ký muộn, hồ sơ minh chứng còn sơ sài.")
        page.fill("#id_directions", "Nhân rộng các mô hình tiêu biểu ra toàn tỉnh.")
        page.click("[data-save-assessment]")
        page.wait_for_url("**/reports/?campaign=*")
        saved = page.locator("#id_shortcomings").input_value()
        page.locator("#assessment-section").screenshot(path=str(PICTURES / "report-assessment-form.png"))
        page.goto(live_server.url + reverse("reports:export") + f"?campaign={world.campaign.pk}&format=pdf")
        page.goto(_download_link(page, live_server) + "?view=1")
        page.wait_for_timeout(1500)
        page.screenshot(path=str(PICTURES / "report-pdf.png"))
        page.goto(live_server.url + reverse("committee:decision_dossier", args=[decision.pk]))
        dossier = page.request.get(_download_link(page, live_server)).body()
        page.screenshot(path=str(PICTURES / "dossier-job.png"), full_page=True)
        letter = zipfile.ZipFile(io.BytesIO(dossier)).read("01 Tờ trình đề nghị khen thưởng.pdf")
        (PICTURES / "proposal-letter.pdf").write_bytes(letter)

        # Assert
        assert "đăng ký muộn" in saved
        assert (PICTURES / "report-pdf.png").stat().st_size > 10_000
        assert letter.startswith(b"%PDF")
    finally:
        context.close()
