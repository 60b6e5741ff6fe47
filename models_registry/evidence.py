"""Evidence files: the type is read from the file's bytes, never trusted from its name."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# Content types that DVK accepts as evidence, and how they are recognized.
ACCEPTED = {
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/gif": "GIF",
    "image/webp": "WebP",
    "application/pdf": "PDF",
    "application/msword": "Word",
    "application/vnd.ms-excel": "Excel",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PowerPoint",
    "application/vnd.oasis.opendocument.text": "OpenDocument",
    "application/vnd.oasis.opendocument.spreadsheet": "OpenDocument",
    "application/vnd.oasis.opendocument.presentation": "OpenDocument",
}

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff(head: bytes, fileobj=None) -> str | None:
    """Return the content type that the first bytes (and, for ZIP, the members) reveal."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(_OLE2):
        # Old Word and Excel share the OLE2 container; the stream names tell them apart.
        if fileobj is not None:
            fileobj.seek(0)
            blob = fileobj.read(512 * 1024)
            fileobj.seek(0)
            if b"W\x00o\x00r\x00k\x00b\x00o\x00o\x00k" in blob:
                return "application/vnd.ms-excel"
        return "application/msword"
    if head.startswith(b"PK\x03\x04") and fileobj is not None:
        return _sniff_zip(fileobj)
    return None


def _sniff_zip(fileobj) -> str | None:
    try:
        fileobj.seek(0)
        with zipfile.ZipFile(fileobj) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                # Read only the first bytes: a "mimetype" member could be a zip bomb.
                with archive.open("mimetype") as member:
                    mimetype = member.read(128).decode("ascii", "ignore").strip()
                return mimetype if mimetype in ACCEPTED else None
            if "[Content_Types].xml" in names:
                if any(n.startswith("word/") for n in names):
                    return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                if any(n.startswith("xl/") for n in names):
                    return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                if any(n.startswith("ppt/") for n in names):
                    return "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, NotImplementedError):
        return None
    finally:
        fileobj.seek(0)
    return None


@dataclass
class CheckedFile:
    upload: UploadedFile
    content_type: str


def check_upload(upload: UploadedFile) -> CheckedFile:
    """Return the upload with its sniffed type, or raise ValueError with a message naming the file."""
    limit = settings.DVK_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise ValueError(
            _("Tệp “%(name)s” quá lớn (%(size)s); dung lượng tối đa là %(limit)s.")
            % {"name": upload.name, "size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
        )
    if upload.size == 0:
        raise ValueError(_("Tệp “%(name)s” rỗng.") % {"name": upload.name})
    upload.seek(0)
    head = upload.read(16)
    content_type = sniff(head, upload)
    upload.seek(0)
    if content_type not in ACCEPTED:
        raise ValueError(
            _(
                "Tệp “%(name)s” không phải định dạng được chấp nhận (ảnh JPEG/PNG/GIF/WebP, PDF, Word, Excel, OpenDocument)."
            )
            % {"name": upload.name}
        )
    return CheckedFile(upload=upload, content_type=content_type)


def save_attachments(initiative, uploads, user, purpose: str = "evidence", inspection=None):
    """Save every acceptable file; return (saved attachments, messages for refused files)."""
    from .models import Attachment

    saved, refused = [], []
    for upload in uploads:
        try:
            checked = check_upload(upload)
        except ValueError as error:
            refused.append(str(error))
            continue
        attachment = Attachment(
            initiative=initiative,
            inspection=inspection,
            purpose=purpose,
            original_name=upload.name[:255],
            content_type=checked.content_type,
            size=upload.size,
            uploaded_by=user,
        )
        attachment.file.save(upload.name, upload, save=False)
        attachment.save()
        saved.append(attachment)
    return saved, refused
