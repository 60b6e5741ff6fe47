"""One certificate per recognized initiative in one PDF, each with a QR code and a code that verifies it."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from models_registry.models import Certificate
from models_registry.reports.papers.certificates import certificates_pdf
from tests.models_registry.reports.papers.helpers import issue, pdf_pages, settings_for

pytestmark = pytest.mark.django_db
SITE = "https://dvk.example.vn"


def test_the_batch_has_one_landscape_page_per_recognized_initiative(world):
    from pypdf import PdfReader

    settings_for(world)
    decision = issue(world, n=3)

    reader = PdfReader(io.BytesIO(certificates_pdf(decision, SITE)))

    assert len(reader.pages) == 3
    assert all(page.mediabox.width > page.mediabox.height for page in reader.pages)


def test_each_certificate_prints_its_initiative_unit_decision_and_code(world):
    settings_for(world)
    decision = issue(world, n=2)

    pages = pdf_pages(certificates_pdf(decision, SITE))

    certificates = list(Certificate.objects.filter(decision=decision).select_related("initiative"))
    assert len(certificates) == 2
    for certificate in certificates:
        page = next(" ".join(p.split()) for p in pages if certificate.initiative.name in p)
        assert "GIẤY CÔNG NHẬN" in page
        assert "Ấp Phú Hòa" in page
        assert "05/QĐ-BCĐ" in page
        assert certificate.display_code in page.replace(" ", "")  # pypdf may space out "-"
        assert "Nguyễn Văn An" in page


def test_each_certificate_embeds_a_qr_image(world):
    from pypdf import PdfReader

    settings_for(world)
    decision = issue(world, n=2)

    reader = PdfReader(io.BytesIO(certificates_pdf(decision, SITE)))

    # One square image a page (pypdf lists its transparency mask too): the QR code.
    for page in reader.pages:
        sizes = {image.image.size for image in page.images}
        assert len(sizes) == 1
        width, height = sizes.pop()
        assert width == height > 100


def test_printing_again_keeps_the_same_codes(world):
    settings_for(world)
    decision = issue(world, n=2)
    certificates_pdf(decision, SITE)
    first = set(Certificate.objects.values_list("code", flat=True))

    certificates_pdf(decision, SITE)

    assert set(Certificate.objects.values_list("code", flat=True)) == first


def test_the_code_opens_the_public_verification_page_without_login(client, world):
    settings_for(world)
    decision = issue(world, n=1)
    certificates_pdf(decision, SITE)
    certificate = Certificate.objects.get()

    response = client.get(reverse("showcase:verify", args=[certificate.code]))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-verdict="valid"' in html
    for text in ("05/QĐ-BCĐ", "05/03/2026", "Nguyễn Văn An", "Mô hình số 1", "Ấp Phú Hòa"):
        assert text in html


def test_a_typed_code_with_dashes_and_lower_case_finds_the_certificate(client, world):
    decision = issue(world, n=1)
    [certificate] = Certificate.objects.issue_for(decision)

    response = client.get(reverse("showcase:verify_lookup"), {"code": certificate.display_code.lower()})

    assert response.status_code == 302
    assert response["Location"] == certificate.get_absolute_url()


def test_an_unknown_code_is_404_and_not_repeated(client, world):
    response = client.get(reverse("showcase:verify", args=["ZZZZ<b>NOPE<b>"]))

    html = response.content.decode()
    assert response.status_code == 404
    # Only the language switch carries the address back (URL-encoded, as on every page); the page
    # itself never says the code.
    assert "NOPE" not in html.replace('value="/showcase/verify/ZZZZ%3Cb%3ENOPE%3Cb%3E/"', "")


def test_the_certificates_download_is_access_checked_like_the_decision(client, world):
    from tests.jobs.helpers import body, export

    decision = issue(world, n=1)
    url = reverse("committee:decision_certificates", args=[decision.pk])

    client.force_login(world.staff)
    refused = client.get(url)
    client.force_login(world.chair)
    served = export(client, url)

    assert refused.status_code == 404
    data = body(served)
    assert served.status_code == 200 and data.startswith(b"%PDF")
    assert "verify" in " ".join(pdf_pages(data)).replace(" ", "")
    assert 'filename="giay-cong-nhan-theo-quyet-dinh-05-qd-bcd-nam-2026.pdf"' in served["Content-Disposition"]


def test_a_replacing_decision_prints_a_certificate_for_each_initiative_it_recognizes(world):
    # Arrange: the replacement names the first decision and recognizes its initiatives (none of its own).
    import datetime

    from models_registry.models import Amendment

    settings_for(world)
    first = issue(world, n=2)
    replacing = first.amend(
        world.chair,
        kind=Amendment.REPLACE,
        number="09/QĐ-BCĐ",
        decided_on=datetime.date.today(),
        signer="Nguyễn Văn An",
        reason="Sai tên đơn vị",
    )

    # Act
    pages = pdf_pages(certificates_pdf(replacing, SITE))

    # Assert
    assert len(pages) == 2
    assert Certificate.objects.filter(decision=replacing).count() == 2


def test_the_certificates_are_a_job_whose_pdf_opens_in_the_browser_when_asked(client, world):
    from tests.jobs.helpers import job_of, run_pending

    decision = issue(world, n=2)
    client.force_login(world.chair)

    asked = client.get(reverse("committee:decision_certificates", args=[decision.pk]))
    job = run_pending(job_of(asked))
    viewed = client.get(reverse("jobs:download", args=[job.pk]) + "?view=1")
    saved = client.get(reverse("jobs:download", args=[job.pk]))

    assert asked.status_code == 302 and job.kind == "papers.certificates"
    assert job.rows_total == 2
    assert viewed["Content-Disposition"].startswith("inline;")
    assert saved["Content-Disposition"].startswith("attachment;")
