"""File names of downloads: readable Vietnamese for the user, with an ASCII fallback for old clients.

A paper is saved as "Tổng hợp DVK năm 2026 - Đợt 1.xlsx" by every current browser (RFC 6266's
`filename*=UTF-8''…`), and as "tong-hop-dvk-nam-2026-dot-1.xlsx" by a client that reads only
`filename=`; both come from one name, so they never say different things.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from django.utils.text import slugify

from campaigns.text import fold

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
MAX_NAME = 150


def readable_filename(stem: str, extension: str) -> str:
    """Return a safe file name in the user's language: no path separators, quotes or control characters."""
    stem = unicodedata.normalize("NFC", _UNSAFE.sub(" ", stem))
    stem = " ".join(stem.split()).strip(" .")[:MAX_NAME].rstrip(" .") or "tep"
    return f"{stem}.{extension.lstrip('.')}"


def ascii_filename(name: str) -> str:
    """Return the ASCII fallback of a file name: "Tổng hợp năm 2026.xlsx" → "tong-hop-nam-2026.xlsx"."""
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    ascii_stem = slugify(fold(stem))[:MAX_NAME].strip("-") or "tep"
    extension = slugify(extension)
    return f"{ascii_stem}.{extension}" if extension else ascii_stem


def content_disposition(name: str, *, inline: bool = False) -> str:
    """Return the Content-Disposition header: the ASCII fallback first, then the UTF-8 name (RFC 6266)."""
    kind = "inline" if inline else "attachment"
    fallback = ascii_filename(name)
    if fallback == name:
        return f'{kind}; filename="{fallback}"'
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"
