"""Launch documents: the type is read from the file's bytes, never trusted from its name.

Kept in the campaigns app on purpose (the registry has its own evidence checks; this app
must not import it). Accepted: PDF, Word (DOC, DOCX) and OpenDocument text (ODT).
"""

from __future__ import annotations

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

PDF = "application/pdf"
DOC = "application/msword"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
ACCEPTED_DOCUMENTS = {PDF: "PDF", DOC: "Word", DOCX: "Word", ODT: "OpenDocument"}

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff_document(upload) -> str | None:
    """Return the content type the file's bytes reveal, if it is a document DVK accepts."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(_OLE2):
        return DOC
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
                if "mimetype" in names:
                    # Read only the first bytes: a crafted archive may inflate this member to gigabytes.
                    with archive.open("mimetype") as member:
                        if member.read(128).strip() == ODT.encode():
                            return ODT
                if "[Content_Types].xml" in names and any(n.startswith("word/") for n in names):
                    return DOCX
        except (zipfile.BadZipFile, OSError, KeyError, NotImplementedError, RuntimeError):
            return None
        finally:
            upload.seek(0)
    return None


def check_document(upload: UploadedFile) -> str:
    """Return the sniffed content type of a launch document, or raise ValidationError saying why not."""
    limit = settings.DVK_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("Tệp “%(name)s” quá lớn (%(size)s); dung lượng tối đa là %(limit)s.")
            % {"name": upload.name, "size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
        )
    if not upload.size:
        raise ValidationError(_("Tệp “%(name)s” rỗng.") % {"name": upload.name})
    content_type = sniff_document(upload)
    if content_type is None:
        raise ValidationError(
            _("Tệp “%(name)s” không phải văn bản PDF, Word (DOC, DOCX) hoặc OpenDocument (ODT).")
            % {"name": upload.name}
        )
    return content_type
