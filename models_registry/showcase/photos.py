"""Resized copies of the evidence photos a unit made public, made once and kept in the media storage.

A copy is made on its first request (a few tens of milliseconds for a phone photo) and read from
the storage after that. Re-encoding also drops the original's metadata: a phone photo's EXIF
carries the place it was taken and the device, which the public has no business reading.
"""

from __future__ import annotations

import io
import logging

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from PIL import Image, ImageOps

from jobs.strays import id_in_path

logger = logging.getLogger(__name__)

# name → (width, height, crop): the showcase card crops to a fixed frame so the cards line up;
# the enlarged view keeps the whole picture inside the box.
SIZES = {
    "card": (480, 320, True),
    "large": (1280, 1280, False),
}
FOLDER = "showcase-photos"
# Evidence is at most a few tens of megabytes; a picture that unpacks to more pixels than a
# 60-megapixel camera makes is refused rather than decoded (a "decompression bomb").
MAX_PIXELS = 60_000_000
QUALITY = 82


def thumbnail_name(attachment_id: int, size: str) -> str:
    return f"{FOLDER}/{attachment_id}-{size}.jpg"


def thumbnail(attachment, size: str) -> str | None:
    """Return the storage name of the photo's copy at `size`, making it the first time; None if unreadable."""
    name = thumbnail_name(attachment.pk, size)
    storage = default_storage
    if storage.exists(name):
        return name
    data = _render(attachment, *SIZES[size])
    if data is None:
        return None
    saved = storage.save(name, ContentFile(data))
    if saved != name:
        # Another request made the same copy meanwhile: keep theirs, drop ours.
        storage.delete(saved)
    return name


def _render(attachment, width: int, height: int, crop: bool) -> bytes | None:
    try:
        with attachment.file.open("rb") as handle, Image.open(handle) as image:
            if image.width * image.height > MAX_PIXELS:
                return None
            # A JPEG can decode straight at a smaller scale: far less memory for a 12-megapixel photo.
            image.draft("RGB", (width * 2, height * 2))
            picture = ImageOps.exif_transpose(image)
            if picture.mode not in ("RGB", "L"):
                # Transparent PNG/GIF/WebP on white, as the page shows them.
                background = Image.new("RGB", picture.size, "white")
                rgba = picture.convert("RGBA")
                background.paste(rgba, mask=rgba.getchannel("A"))
                picture = background
            if crop:
                picture = ImageOps.fit(picture, (width, height), Image.Resampling.LANCZOS)
            else:
                picture.thumbnail((width, height), Image.Resampling.LANCZOS)
            out = io.BytesIO()
            picture.convert("RGB").save(out, "JPEG", quality=QUALITY, optimize=True, progressive=True)
            return out.getvalue()
    except (OSError, ValueError, Image.DecompressionBombError, FileNotFoundError):
        logger.warning("showcase photo %s could not be resized", attachment.pk, exc_info=True)
        return None


def delete_thumbnails(attachment_id: int) -> None:
    """Remove every resized copy of a photo (it was withdrawn from the showcase, or deleted)."""
    for size in SIZES:
        default_storage.delete(thumbnail_name(attachment_id, size))


def drop_thumbnails(sender, instance, **kwargs) -> None:
    """Remove a deleted public photo's resized copies once its deletion commits (a post_delete receiver).

    Its id is read now: Django empties the instance's primary key after the deletion.
    """
    if instance.is_public:
        attachment_id = instance.pk
        transaction.on_commit(lambda: delete_thumbnails(attachment_id), robust=True)


def held_thumbnails(names: list[str]) -> set[str]:
    """Return those of the stored copies ("showcase-photos/<attachment>-<size>.jpg") whose photo is still public.

    Asked by the stray-file sweep (jobs/strays.py): a copy of a photo withdrawn or deleted goes.
    """
    from ..models import Attachment

    photos = {name: id_in_path(name, 1) for name in names}
    public = set(
        Attachment.objects.published_photos().filter(pk__in=set(photos.values()) - {None}).values_list("pk", flat=True)
    )
    return {name for name, pk in photos.items() if pk in public}
