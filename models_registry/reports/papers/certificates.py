"""Certificates (giấy công nhận): one A4 landscape page per recognized initiative, in one PDF.

Each carries a QR code (segno, a PNG data: URI made here, nothing fetched) and a short
code that open the public verification page. `certificates_pdf` is a plain function so the
task queue can run it as a job for a long decision.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.translation import gettext

from ...models import Certificate
from ..pdf import official_date
from .decision import signing_lines
from .document import in_vietnamese
from .render import html_to_pdf


@dataclass
class CertificatePage:
    certificate: Certificate
    kind: str
    name: str
    unit: str
    basis: str
    url: str
    qr: str


def verification_url(certificate: Certificate, site_url: str) -> str:
    """Return the absolute address of the certificate's verification page."""
    return site_url.rstrip("/") + certificate.get_absolute_url()


def _qr_data_uri(url: str) -> str:
    import segno

    # PNG at 8 px a module, drawn 3 cm wide with crisp edges: every printer and viewer shows it.
    return segno.make(url, error="m").png_data_uri(scale=8, border=2)


def certificate_pages(decision, site_url: str) -> list[CertificatePage]:
    """Return what each certificate of the decision prints, creating the missing certificates."""
    issuer = decision.committee.paper_settings().issuer_name or decision.committee.name
    basis = gettext("Theo Quyết định số %(number)s, %(date)s của %(issuer)s") % {
        "number": decision.number,
        "date": official_date(decision.decided_on),
        "issuer": issuer,
    }
    pages = []
    for certificate in Certificate.objects.issue_for(decision):
        initiative = certificate.initiative
        url = verification_url(certificate, site_url)
        kind = f"{initiative.get_kind_display().lower()} {initiative.get_subject_display().lower()}"
        pages.append(
            CertificatePage(
                certificate, kind, str(initiative.name), str(initiative.unit.name), basis, url, _qr_data_uri(url)
            )
        )
    return pages


@in_vietnamese
def certificates_pdf(decision, site_url: str) -> bytes:
    """Return every certificate of the decision as one PDF, one landscape A4 page each."""
    paper = decision.committee.paper_settings()
    issuer = (paper.issuer_name or decision.committee.name).upper()
    context = {
        "pages": certificate_pages(decision, site_url),
        "is_party": paper.is_party,
        "governing_body": paper.governing_body.upper(),
        "issuer": issuer,
        "place_date": f"{paper.place}, {official_date(decision.decided_on)}",
        "signing": signing_lines(paper, issuer),
        "signer": decision.signer,
    }
    return html_to_pdf(render_to_string("models_registry/reports/papers/certificates.html", context))
