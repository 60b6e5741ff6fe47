"""The history import as a job: the worker reads the uploaded sheet, imports it, and leaves the report.

The upload waits in the default storage (shared by web processes and workers) under `imports/`;
the job removes it once read, so a province's lists do not pile up on the server.
"""

from __future__ import annotations

import io
import os
import shutil
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from jobs import runner
from jobs.models import UNFINISHED, Job
from jobs.registry import Output, Progress, register

from .history import import_history
from .report import Report

KIND = "imports.history"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


UPLOAD_FOLDER = "imports"


def store_upload(upload) -> str:
    """Keep an uploaded sheet in the shared storage until the import job reads it; return its name."""
    suffix = Path(upload.name).suffix.lower()[:8]
    return default_storage.save(f"{UPLOAD_FOLDER}/{uuid.uuid4().hex}{suffix}", upload)


@contextmanager
def local_copy(name: str):
    """Yield a local path of a stored file (the storage's own path when it has one)."""
    try:
        yield Path(default_storage.path(name))
        return
    except NotImplementedError:
        pass
    handle, temp = tempfile.mkstemp(suffix=Path(name).suffix)
    try:
        with os.fdopen(handle, "wb") as out, default_storage.open(name, "rb") as stored:
            shutil.copyfileobj(stored, out)
        yield Path(temp)
    finally:
        os.unlink(temp)


def held_uploads(names: list[str]) -> set[str]:
    """Return those of the stored sheets ("imports/…") an import waiting or running will still read.

    Asked by the stray-file sweep (jobs/strays.py). A sheet uploaded for a check the admin never
    confirmed has no job: it goes once older than the grace period (the import then asks for it again).
    """
    return set(
        Job.objects.filter(kind=KIND, state__in=UNFINISHED, params__file__in=names).values_list(
            "params__file", flat=True
        )
    )


def write_report(report: Report, out: BinaryIO) -> None:
    """Write the report as CSV (UTF-8 with BOM, which Excel opens with its accents) to a binary stream."""
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
    report.write_csv(text)
    text.flush()
    text.detach()


def submit_history_import(
    owner, stored: str, columns: dict[int, str], *, source: str, rows: int, skip_refused: bool = False, sheet: str = ""
) -> Job:
    """Ask for the import of a stored sheet with this mapping; return its job (progress, then the report)."""
    params = {
        "file": stored,
        "columns": {str(k): v for k, v in columns.items()},
        "source": source,
        "rows": rows,
        "skip_refused": skip_refused,
        "sheet": sheet,
    }
    return runner.submit(owner, KIND, params, _("Nhập danh sách mô hình: %(name)s") % {"name": source})


@register(KIND)
def run_history_import(job: Job, out: BinaryIO, progress: Progress) -> Output:
    """Import the sheet; write the row-by-row report as the job's file."""
    params = job.params
    if params.get("rows"):
        progress.set_total(params["rows"])
    try:
        with local_copy(params["file"]) as path:
            report = import_history(
                path,
                {int(k): v for k, v in params["columns"].items()},
                skip_refused=params.get("skip_refused", False),
                user=job.owner,
                sheet_name=params.get("sheet", ""),
                source=params.get("source", ""),
                progress=progress,
            )
    finally:
        default_storage.delete(params["file"])
    report.notes.insert(0, report.summary())
    if report.applied:
        report.notes.insert(0, _("Đã nhập xong."))
    write_report(report, out)
    return Output(filename=f"bao-cao-nhap-{job.pk}.csv", content_type=CSV_CONTENT_TYPE)
