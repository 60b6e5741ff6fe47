"""Evidence uploads: the type comes from the file's bytes, never from its name."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError
from django.template.defaultfilters import filesizeformat
from openpyxl import Workbook
from PIL import Image

from campaigns.lifecycle import SUMMARIZED_MESSAGE, apply_campaign
from campaigns.models import Campaign
from models_registry import lifecycle
from models_registry.access import INSPECTORS_ONLY
from models_registry.evidence import check_upload, save_attachments
from models_registry.models import Attachment, Initiative
from tests.conftest import PDF_BYTES, PNG_BYTES, add_inspection

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"


def upload(name: str, data: bytes, claimed: str = "application/octet-stream") -> SimpleUploadedFile:
    # The browser's claimed type is deliberately wrong: it must not matter.
    return SimpleUploadedFile(name, data, content_type=claimed)


def jpeg_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(buffer, format="JPEG")
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    workbook = Workbook()
    workbook.active.append(["Hộ tham gia", 50])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def zip_bytes(members: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in members.items():
            # ODF wants "mimetype" first and stored uncompressed.
            compression = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(name, text, compress_type=compression)
    return buffer.getvalue()


def docx_bytes() -> bytes:
    return zip_bytes(
        {
            "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
            "_rels/.rels": "<Relationships/>",
            "word/document.xml": "<w:document><w:body><w:p><w:r><w:t>Biên bản</w:t></w:r></w:p></w:body></w:document>",
        }
    )


def odt_bytes(mimetype: str = ODT) -> bytes:
    return zip_bytes(
        {"mimetype": mimetype, "content.xml": "<office:document-content/>", "META-INF/manifest.xml": "<m/>"}
    )


@pytest.mark.parametrize(
    ("name", "make", "expected"),
    [
        ("anh-hop-dan.png", lambda: PNG_BYTES, "image/png"),
        ("anh-cong-trinh.jpg", jpeg_bytes, "image/jpeg"),
        ("bien-ban.pdf", lambda: PDF_BYTES, "application/pdf"),
        ("bao-cao.docx", docx_bytes, DOCX),
        ("danh-sach-ho.xlsx", xlsx_bytes, XLSX),
        ("bao-cao.odt", odt_bytes, ODT),
        ("van-ban-cu.doc", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504, "application/msword"),
        # The name lies but the bytes are a real PNG: accepted as what it is.
        ("anh.pdf", lambda: PNG_BYTES, "image/png"),
    ],
)
def test_real_documents_and_images_are_accepted_by_their_bytes(settings, name, make, expected):
    settings.DVK_MAX_UPLOAD_BYTES = 1024 * 1024

    checked = check_upload(upload(name, make()))

    assert checked.content_type == expected
    assert checked.upload.tell() == 0


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("bien-ban.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64),
        ("bao-cao.pdf", "Đây chỉ là một tệp văn bản đổi tên thành .pdf".encode()),
        ("anh.png", b"<html><script>alert(1)</script></html>"),
        ("bao-cao.docx", b"PK\x03\x04 not really a zip archive at all"),
        ("tai-lieu.docx", zip_bytes({"readme.txt": "một tệp zip bình thường"})),
        ("sach.odt", odt_bytes("application/epub+zip")),
        ("chuong-trinh.xlsx", b"\x7fELF\x02\x01\x01" + b"\x00" * 40),
    ],
)
def test_files_whose_bytes_are_not_an_accepted_type_are_refused_by_name(name, data):
    with pytest.raises(ValueError) as excinfo:
        check_upload(upload(name, data, claimed="application/pdf"))

    assert f"Tệp “{name}” không phải định dạng được chấp nhận" in str(excinfo.value)


def test_an_oversize_file_is_refused_naming_the_file_and_the_limit(settings):
    settings.DVK_MAX_UPLOAD_BYTES = 1024

    with pytest.raises(ValueError) as excinfo:
        check_upload(upload("anh-lon.png", PNG_BYTES + b"\x00" * 2000))

    message = str(excinfo.value)
    assert "Tệp “anh-lon.png” quá lớn" in message
    assert f"dung lượng tối đa là {filesizeformat(1024)}" in message


def test_a_file_exactly_at_the_limit_is_accepted(settings):
    settings.DVK_MAX_UPLOAD_BYTES = len(PNG_BYTES)

    assert check_upload(upload("anh.png", PNG_BYTES)).content_type == "image/png"


def test_an_empty_file_is_refused_naming_the_file():
    with pytest.raises(ValueError) as excinfo:
        check_upload(upload("trong.pdf", b""))

    assert str(excinfo.value) == "Tệp “trong.pdf” rỗng."


def test_save_attachments_keeps_the_good_files_and_names_the_refused_ones(world):
    initiative = world.initiative("approved")

    saved, refused = save_attachments(
        initiative,
        [upload("anh.png", PNG_BYTES), upload("virus.pdf", b"MZ" + b"\x00" * 30), upload("ds.xlsx", xlsx_bytes())],
        world.staff,
    )

    assert [a.original_name for a in saved] == ["anh.png", "ds.xlsx"]
    assert len(refused) == 1 and "virus.pdf" in refused[0]
    png = Attachment.objects.get(initiative=initiative, original_name="anh.png")
    assert (png.content_type, png.size, png.uploaded_by, png.purpose) == (
        "image/png",
        len(PNG_BYTES),
        world.staff,
        "evidence",
    )
    assert png.is_image and png.is_inline
    assert png.file.read() == PNG_BYTES
    sheet = Attachment.objects.get(initiative=initiative, original_name="ds.xlsx")
    assert not sheet.is_inline
    assert Attachment.objects.filter(initiative=initiative).count() == 2


def test_files_stored_by_a_save_that_does_not_commit_are_taken_back_from_the_disk(world, settings, monkeypatch):
    # A database error on the second row rolls back the first row too: its stored file must go with it.
    initiative = world.initiative("approved")
    real_save = Attachment.save
    rows = []

    def save_then_fail(self, *args, **kwargs):
        rows.append(self.original_name)
        if len(rows) == 2:
            raise DatabaseError("connection lost")
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(Attachment, "save", save_then_fail)
    before = Attachment.objects.count()

    with pytest.raises(DatabaseError):
        save_attachments(initiative, [upload("anh.png", PNG_BYTES), upload("bien-ban.pdf", PDF_BYTES)], world.staff)

    assert rows == ["anh.png", "bien-ban.pdf"]
    assert Attachment.objects.count() == before
    left = [path.name for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]
    assert left == []


def test_a_file_sent_to_an_initiative_that_moved_on_since_its_page_was_read_joins_nothing(world):
    # The page asked the rule on what it read; the unit withdrew the initiative in between.
    on_the_page = world.initiative("approved")
    lifecycle.apply(Initiative.objects.get(pk=on_the_page.pk), "withdraw", world.staff, comment="Đơn vị rút.")

    saved, refused = save_attachments(on_the_page, [upload("anh.png", PNG_BYTES)], world.staff)

    assert saved == []
    assert refused == ["Không thể bổ sung minh chứng cho hồ sơ này lúc này."]
    assert not Attachment.objects.filter(initiative=on_the_page, original_name="anh.png").exists()


def test_a_file_sent_after_the_campaign_was_summarized_is_refused_with_the_summary_message(world):
    on_the_page = world.initiative("approved")
    before = Attachment.objects.count()
    apply_campaign(Campaign.objects.get(pk=world.campaign.pk), "summarize", world.chair, lessons_learned="Bài học.")

    saved, refused = save_attachments(on_the_page, [upload("anh.png", PNG_BYTES)], world.staff)

    assert (saved, refused) == ([], [str(SUMMARIZED_MESSAGE)])
    assert Attachment.objects.count() == before


def test_an_inspection_file_is_taken_from_the_committee_only(world):
    initiative = world.initiative("approved")
    inspection = add_inspection(initiative, world.chair)

    saved, refused = save_attachments(
        initiative, [upload("bien-ban.pdf", PDF_BYTES)], world.staff, purpose="inspection", inspection=inspection
    )

    assert saved == [] and refused == [str(INSPECTORS_ONLY)]
    assert not inspection.attachments.exists()


def test_inspection_evidence_is_linked_to_its_inspection(world):
    initiative = world.initiative("approved")
    inspection = add_inspection(initiative, world.chair)

    saved, refused = save_attachments(
        initiative, [upload("bien-ban.pdf", PDF_BYTES)], world.chair, purpose="inspection", inspection=inspection
    )

    assert refused == []
    assert list(inspection.attachments.all()) == saved
    assert saved[0].is_inline and not saved[0].is_image
