"""A decision with settings, as the papers' tests build it."""

from __future__ import annotations

import datetime
import io

from campaigns.models import DocumentFormat, DocumentSettings, LegalBasis, SigningAuthority
from models_registry import bulk
from tests.conftest import score


def recognizable(world, n: int = 2, unit=None, level: str = "province"):
    initiatives = []
    for i in range(n):
        # Aimed at the province (issue 15): the province's committee, whose papers these tests print, decides them.
        initiative = world.initiative("recognition_requested", unit=unit, name=f"Mô hình số {i + 1}", level=level)
        score(initiative, world.member, 90)
        score(initiative, world.chair, 90)
        initiatives.append(initiative)
    return initiatives


def settings_for(world, **overrides) -> DocumentSettings:
    values = {
        "committee": world.province_committee,
        "format": DocumentFormat.STATE,
        "governing_body": "Tỉnh ủy Vĩnh Long",
        "issuer_name": "Ban Chỉ đạo phong trào Dân vận khéo tỉnh",
        "place": "Vĩnh Long",
        "number_symbol": "BCĐ",
        "signing_authority": SigningAuthority.HEAD,
        "default_recipients": "Ban Dân vận Trung ương\nThường trực Tỉnh ủy",
        "archive_mark": "BDV",
    }
    values.update(overrides)
    settings = DocumentSettings.objects.create(**values)
    LegalBasis.objects.create(
        committee=world.province_committee, order=1, text="Căn cứ Hướng dẫn số 02-HD/BDV ngày 12/9/2017 của Ban Dân vận"
    )
    return settings


def issue(world, n: int = 2, number: str = "05/QĐ-BCĐ", day=datetime.date(2026, 3, 5)):
    return bulk.recognize_many(
        recognizable(world, n),
        world.chair,
        number=number,
        decided_on=day,
        signer="Nguyễn Văn An",
        committee=world.province_committee,
        notify=False,
    )


def pdf_pages(data: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def docx_paragraphs(data: bytes) -> list[str]:
    """Every paragraph's text, in document order, table cells included."""
    from docx import Document

    document = Document(io.BytesIO(data))
    body = document.element.body
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p"))]


def qn(tag: str) -> str:
    from docx.oxml.ns import qn as namespaced

    return namespaced(tag)
