"""Lay papers out as PDF with WeasyPrint: vendored fonts only, nothing fetched from the network."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

from ..pdf import FONT_DIR, safe_url_fetcher
from .decision import decision_paper
from .document import in_vietnamese

STYLESHEET = Path(settings.BASE_DIR) / "static" / "css" / "papers.css"


def html_to_pdf(html: str) -> bytes:
    """Return the PDF of a paper's HTML, styled by static/css/papers.css."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    base_url = FONT_DIR.resolve().as_uri() + "/"
    stylesheet = CSS(
        string=STYLESHEET.read_text(encoding="utf-8"),
        # Its font URLs are relative to the stylesheet (../fonts/…), which is what collectstatic's
        # manifest storage checks in a deployment.
        base_url=STYLESHEET.parent.resolve().as_uri() + "/",
        url_fetcher=safe_url_fetcher,
        font_config=font_config,
    )
    document = HTML(string=html, base_url=base_url, url_fetcher=safe_url_fetcher)
    return document.write_pdf(stylesheets=[stylesheet], font_config=font_config)


@in_vietnamese
def decision_html(decision) -> str:
    """Render the decision's printable HTML."""
    return render_to_string("models_registry/reports/papers/decision.html", {"paper": decision_paper(decision)})


def decision_pdf(decision) -> bytes:
    """Return the recognition decision as an A4 PDF in its committee's format."""
    return html_to_pdf(decision_html(decision))
