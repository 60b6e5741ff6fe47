"""Oversized uploads refused while they arrive, not after: a file past the limit is never stored.

`UploadLimitHandler` sits first in FILE_UPLOAD_HANDLERS. Once a file passes DVK_MAX_UPLOAD_BYTES
its further bytes are dropped (handed to no later handler: neither memory nor a temporary file
holds them) and the file reaches the form as an `OversizedUpload`: a name and a size, no content.
The form's own size check (campaigns.files.size_problem) then refuses it with the usual message
next to the field, and the rest of the form — parsed as usual — stays filled. The browser checks
the same limit before sending (static/js/uploads.js); this is for browsers without JavaScript and
for crafted requests.
"""

from __future__ import annotations

import io

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler

# Pages whose files have limits of their own (a province's import sheets may pass 10 MB).
EXEMPT_VIEWS = {"admin:dvk_import"}


class OversizedUpload(UploadedFile):
    """Stands for a file refused for its size: its name, type and size, without its bytes."""

    def __init__(self, name: str, content_type: str, size: int):
        super().__init__(file=io.BytesIO(b""), name=name, content_type=content_type, size=size)


class UploadLimitHandler(FileUploadHandler):
    """Drop a file's bytes past DVK_MAX_UPLOAD_BYTES; hand the form an OversizedUpload instead."""

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        match = getattr(self.request, "resolver_match", None)
        exempt = match is not None and match.view_name in EXEMPT_VIEWS
        self.limit = None if exempt else settings.DVK_MAX_UPLOAD_BYTES
        self.oversized = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if self.limit is not None and (self.oversized or start + len(raw_data) > self.limit):
            self.oversized = True
            return None  # no later handler sees it
        return raw_data

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if self.oversized:
            return OversizedUpload(self.file_name, self.content_type, file_size)
        return None  # the next handler (memory or temporary file) has the whole file
