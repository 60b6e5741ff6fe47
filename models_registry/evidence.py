"""Evidence files: the type is read from the file's bytes, never trusted from its name.

The sniffing and the size guard are the campaigns app's (campaigns/files.py); the evidence keeps
its own allow-list, its Excel-in-OLE2 check and its messages.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from campaigns.files import DOC, OLE2_MAGIC, XLS, ZIP_MAGIC, read_head, read_zip, size_problem, sniff_head

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


def sniff(head: bytes, fileobj=None) -> str | None:
    """Return the content type that the first bytes (and, for ZIP, the members) reveal."""
    if head.startswith(OLE2_MAGIC):
        # Old Word and Excel share the OLE2 container; the stream names tell them apart.
        if fileobj is not None:
            fileobj.seek(0)
            blob = fileobj.read(512 * 1024)
            fileobj.seek(0)
            if b"W\x00o\x00r\x00k\x00b\x00o\x00o\x00k" in blob:
                return XLS
        return DOC
    if head.startswith(ZIP_MAGIC):
        return _sniff_zip(fileobj) if fileobj is not None else None
    return sniff_head(head)


def _sniff_zip(fileobj) -> str | None:
    contents = read_zip(fileobj)
    if contents is None:
        return None
    if contents.mimetype is not None:
        # An OpenDocument names its type; any other "mimetype" is refused, whatever else the archive holds.
        mimetype = contents.mimetype.decode("ascii", "ignore").strip()
        return mimetype if mimetype in ACCEPTED else None
    return contents.ooxml


@dataclass
class CheckedFile:
    upload: UploadedFile
    content_type: str


def check_upload(upload: UploadedFile) -> CheckedFile:
    """Return the upload with its sniffed type, or raise ValueError with a message naming the file."""
    problem = size_problem(upload)
    if problem:
        raise ValueError(problem)
    content_type = sniff(read_head(upload), upload)
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
