"""Stray files: files in storage that no row names any more, and their sweep.

A file is stored before the row that names it commits, so some are left behind: an upload whose
row never committed (a transaction rolled back after `save_attachments` returned, a process killed
between the two), a sheet uploaded for an import that was never confirmed. A file whose row was
deleted, and the resized copies of a photo withdrawn from the showcase, are removed once that
commits (django-cleanup, `showcase.photos`), but not when the storage refused or the process died
at that moment. Nothing in DVK serves such a file (every download goes through its row), but it
holds a disk and, for evidence, people's data.

Apps register each folder they write, with the function that tells which of a batch of its names a
row still holds (`register_folder`, from their `AppConfig.ready`, as they register their sweeps
with `housekeeping`): this module knows none of their models. For a folder a FileField writes under
its row's key (`evidence/<initiative>/…`), `held_by(model, key)` is that function. `sweep` walks those folders through
the storage API (the shared folder and S3 alike), asks in batches, and deletes what no row holds and
is older than the grace period: a younger file may belong to an upload whose row is still committing.
It lists every stored file, so the hourly housekeeping runs it once a day (`housekeeping.sweep_stray_files`);
`manage.py sweep_files` runs it now, or lists what it would delete (`--dry-run`).
"""

from __future__ import annotations

import datetime
import itertools
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core.files.storage import Storage, default_storage
from django.utils import timezone

logger = logging.getLogger(__name__)

# How many names are asked about in one query.
BATCH = 500

Kept = Callable[[list[str]], set[str]]


@dataclass(frozen=True)
class Folder:
    """A storage folder an app writes (`path`, no trailing slash) and how it tells the names rows hold."""

    path: str
    kept: Kept


_FOLDERS: dict[str, Folder] = {}


def register_folder(path: str, kept: Kept) -> None:
    """Register the folder `path`: `kept(names)` returns those of `names` a row still holds."""
    _FOLDERS[path] = Folder(path, kept)


def folders() -> list[Folder]:
    return list(_FOLDERS.values())


def grace() -> datetime.timedelta:
    return datetime.timedelta(hours=settings.DVK_STRAY_FILE_GRACE_HOURS)


def id_in_path(name: str, depth: int) -> int | None:
    """The whole number at `depth` of a stored name ("evidence/42/a.pdf", 1 → 42), or None when there is none."""
    parts = name.split("/")
    if len(parts) <= depth:
        return None
    number = parts[depth].split("-", 1)[0].split(".", 1)[0]
    return int(number) if number.isdigit() else None


def held_by(model, key: str, *, depth: int = 1, field: str = "file") -> Kept:
    """The `kept` of a folder whose files `model.<field>` names, each stored under the id of its row's `key`
    at `depth` of its path: asked by that indexed key, not by the file column, which has no index."""

    def kept(names: list[str]) -> set[str]:
        ids = {id_in_path(name, depth) for name in names} - {None}
        rows = model._default_manager.filter(**{f"{key}__in": ids, f"{field}__in": names})
        return set(rows.values_list(field, flat=True))

    return kept


def walk(storage: Storage, path: str) -> Iterator[str]:
    """Yield the name of every file under `path`, folder by folder (a folder not there yet holds none)."""
    try:
        directories, files = storage.listdir(path)
    except FileNotFoundError:
        return
    for file in sorted(files):
        yield f"{path}/{file}"
    for directory in sorted(directories):
        yield from walk(storage, f"{path}/{directory}")


def _batches(names: Iterable[str]) -> Iterator[list[str]]:
    iterator = iter(names)
    while batch := list(itertools.islice(iterator, BATCH)):
        yield batch


def strays(folder: Folder, *, older_than: datetime.timedelta, storage: Storage | None = None) -> Iterator[str]:
    """Yield the files of `folder` that no row holds and that were last written longer than `older_than` ago."""
    storage = storage or default_storage
    limit = timezone.now() - older_than
    for names in _batches(walk(storage, folder.path)):
        kept = folder.kept(names)
        for name in names:
            # The time is read only for a file no row holds: on S3 each read is a request.
            if name not in kept and storage.get_modified_time(name) < limit:
                yield name


def sweep(
    *, older_than: datetime.timedelta | None = None, dry_run: bool = False, report: Callable[[str], None] | None = None
) -> dict[str, int]:
    """Delete the stray files of every registered folder (or only count them: `dry_run`); return counts by folder.

    `report(name)` hears each stray file, deleted or not.
    """
    older_than = grace() if older_than is None else older_than
    done: dict[str, int] = {}
    for folder in folders():
        count = 0
        for name in strays(folder, older_than=older_than):
            if report is not None:
                report(name)
            if not dry_run:
                default_storage.delete(name)
            count += 1
        done[folder.path] = count
    if not dry_run:
        logger.info("Stray files removed: %s", done)
    return done
