"""Uploaded files: the type is read from the file's bytes, never trusted from its name.

The sniffing and the size guard live here, in the campaigns app, because the registry may import
this app but this app must not import the registry: the registry's evidence checks
(models_registry/evidence.py) reuse them with their own allow-list and messages. Launch documents
accept PDF, Word (DOC, DOCX) and OpenDocument text (ODT).
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.text import Truncator
from django.utils.translation import gettext as _

PDF = "application/pdf"
DOC = "application/msword"
XLS = "application/vnd.ms-excel"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"
ACCEPTED_DOCUMENTS = {PDF: "PDF", DOC: "Word", DOCX: "Word", ODT: "OpenDocument"}

# Old Word and Excel files share this container (OLE2); ZIP holds OOXML and OpenDocument files.
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
# Formats whose first bytes name them; the containers above need a look inside.
_MAGIC = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"%PDF-", PDF),
)
# The OOXML family, told by the folder its main part lives in (first match wins).
_OOXML_FOLDERS = (("word/", DOCX), ("xl/", XLSX), ("ppt/", PPTX))
# Bytes read from an OpenDocument's "mimetype" member: a crafted archive may inflate it to gigabytes.
_MIMETYPE_BYTES = 128


def read_head(upload, size: int = 16) -> bytes:
    """Return the first bytes of the file, leaving it at its start."""
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def sniff_head(head: bytes) -> str | None:
    """Return the content type that the first bytes alone reveal (images, PDF), not the containers."""
    for magic, content_type in _MAGIC:
        if head.startswith(magic):
            return content_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


@dataclass(frozen=True)
class ZipContents:
    """What a ZIP archive says it is: its OpenDocument "mimetype" member, its OOXML family."""

    mimetype: bytes | None
    ooxml: str | None


def read_zip(upload) -> ZipContents | None:
    """Look inside a ZIP archive without inflating it; None if it is not a readable archive."""
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            mimetype = None
            if "mimetype" in names:
                with archive.open("mimetype") as member:
                    mimetype = member.read(_MIMETYPE_BYTES)
            ooxml = None
            if "[Content_Types].xml" in names:
                ooxml = next(
                    (kind for folder, kind in _OOXML_FOLDERS if any(n.startswith(folder) for n in names)), None
                )
            return ZipContents(mimetype=mimetype, ooxml=ooxml)
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, NotImplementedError):
        return None
    finally:
        upload.seek(0)


# The longest file name accepted, in characters (and in UTF-8 bytes: a file system allows 255 per name,
# and the storage may add "_abc1234" to keep names unique). A longer name is refused, never cut short.
MAX_FILE_NAME_LENGTH = 100
MAX_FILE_NAME_BYTES = 200


def name_problem(upload: UploadedFile) -> str | None:
    """Say why the file's name is refused (too long for the file store), naming it; None if it is fine."""
    name = upload.name or ""
    if len(name) > MAX_FILE_NAME_LENGTH or len(name.encode("utf-8", "surrogatepass")) > MAX_FILE_NAME_BYTES:
        return _("Tên tệp “%(name)s” dài quá %(limit)d ký tự: hãy đặt tên ngắn hơn rồi tải lên lại.") % {
            "name": Truncator(name).chars(40),
            "limit": MAX_FILE_NAME_LENGTH,
        }
    return None


def upload_problem(upload: UploadedFile) -> str | None:
    """Say why the file is refused before its content is looked at (its name or its size); None if fine."""
    return name_problem(upload) or size_problem(upload)


def _upload_help(types: str) -> str:
    return _("%(types)s; mỗi tệp tối đa %(limit)s.") % {
        "types": types,
        "limit": filesizeformat(settings.DVK_MAX_UPLOAD_BYTES),
    }


# The help text beside every file field: the accepted types and the one size limit (DVK_MAX_UPLOAD_BYTES),
# read when the page is drawn (lazy), so the limit shown is always the limit enforced.
upload_help = lazy(_upload_help, str)


class LimitedFileInput(forms.ClearableFileInput):
    """A file input that tells the browser the size limit and what to say (static/js/uploads.js)."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        limit = settings.DVK_MAX_UPLOAD_BYTES
        context["widget"]["attrs"].update(
            {
                "data-max-bytes": str(limit),
                "data-too-big": _("Tệp “{name}” quá lớn; dung lượng tối đa là %(limit)s.")
                % {"limit": filesizeformat(limit)},
                "data-wrong-type": _("Tệp “{name}” không thuộc loại được chấp nhận."),
            }
        )
        return context


def size_problem(upload: UploadedFile) -> str | None:
    """Say why the file's size is refused (over DVK_MAX_UPLOAD_BYTES, or empty), naming it; None if it is fine."""
    limit = settings.DVK_MAX_UPLOAD_BYTES
    if upload.size > limit:
        return _("Tệp “%(name)s” quá lớn (%(size)s); dung lượng tối đa là %(limit)s.") % {
            "name": upload.name,
            "size": filesizeformat(upload.size),
            "limit": filesizeformat(limit),
        }
    if not upload.size:
        return _("Tệp “%(name)s” rỗng.") % {"name": upload.name}
    return None


def sniff_document(upload) -> str | None:
    """Return the content type the file's bytes reveal, if it is a document DVK accepts."""
    head = read_head(upload, 8)
    if head.startswith(OLE2_MAGIC):
        # Launch documents take every OLE2 file as Word; the evidence checks tell old Excel apart.
        return DOC
    if head.startswith(ZIP_MAGIC):
        contents = read_zip(upload)
        if contents is None:
            return None
        if contents.mimetype is not None and contents.mimetype.strip() == ODT.encode():
            return ODT
        return DOCX if contents.ooxml == DOCX else None
    content_type = sniff_head(head)
    return content_type if content_type in ACCEPTED_DOCUMENTS else None


def check_document(upload: UploadedFile) -> str:
    """Return the sniffed content type of a launch document, or raise ValidationError saying why not."""
    problem = upload_problem(upload)
    if problem:
        raise ValidationError(problem)
    content_type = sniff_document(upload)
    if content_type is None:
        raise ValidationError(
            _("Tệp “%(name)s” không phải văn bản PDF, Word (DOC, DOCX) hoặc OpenDocument (ODT).")
            % {"name": upload.name}
        )
    return content_type
