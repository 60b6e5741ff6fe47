"""Backup and restore of a DVK installation: the PostgreSQL database and the uploaded files, in one archive.

The archive (`.tar.gz`) holds `database.dump` (pg_dump's custom format, without owners and
privileges, so it restores under any role), `media/` (every file under MEDIA_ROOT) and
`manifest.json`: when it was made, the row count of every table and the SHA-256 of every file.
A restore checks the new database and files against the manifest before it says it succeeded.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

import psycopg2
from django.conf import settings
from django.utils import timezone

DUMP = "database.dump"
MANIFEST = "manifest.json"
MEDIA = "media"


class BackupError(Exception):
    """A backup or a restore could not be made or did not check out."""


@dataclass(frozen=True)
class Target:
    """Where a database is: what psycopg2, pg_dump and pg_restore need to reach it."""

    name: str
    user: str = ""
    password: str = ""
    host: str = ""
    port: str = ""

    @classmethod
    def from_settings(cls) -> Target:
        """Return the default database of the settings (PostgreSQL only)."""
        db = settings.DATABASES["default"]
        if "postgresql" not in db["ENGINE"]:
            raise BackupError("Sao lưu và khôi phục chỉ dùng được với PostgreSQL (DATABASE_URL=postgres://…).")
        return cls(
            db["NAME"], db.get("USER") or "", db.get("PASSWORD") or "", db.get("HOST") or "", str(db.get("PORT") or "")
        )

    @classmethod
    def from_url(cls, url: str) -> Target:
        """Return the database named by a postgres:// URL."""
        parts = urlparse(url)
        if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
            raise BackupError("Địa chỉ cơ sở dữ liệu phải có dạng postgres://người-dùng@máy:cổng/tên.")
        return cls(
            unquote(parts.path.lstrip("/")),
            unquote(parts.username or ""),
            unquote(parts.password or ""),
            parts.hostname or "",
            str(parts.port or ""),
        )

    @classmethod
    def from_option(cls, url: str | None) -> Target:
        """Return the database a command's --database-url names, else the settings' default one."""
        return cls.from_url(url) if url else cls.from_settings()

    def cli_args(self) -> list[str]:
        """Return the connection options of pg_dump and pg_restore."""
        args = []
        for flag, value in (("-h", self.host), ("-p", self.port), ("-U", self.user)):
            if value:
                args += [flag, value]
        return args + ["-d", self.name]

    def environment(self) -> dict[str, str]:
        """Return the process environment with the password, never on the command line."""
        env = dict(os.environ)
        if self.password:
            env["PGPASSWORD"] = self.password
        return env

    def connect(self):
        """Open a psycopg2 connection to this database."""
        options = {
            "dbname": self.name,
            "user": self.user,
            "password": self.password,
            "host": self.host,
            "port": self.port,
        }
        return psycopg2.connect(**{key: value for key, value in options.items() if value})


def table_counts(target: Target) -> dict[str, int]:
    """Return the number of rows of every table in the public schema."""
    with target.connect() as conn, conn.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        tables = [row[0] for row in cursor.fetchall()]
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM public."{table}"')
            counts[table] = cursor.fetchone()[0]
    conn.close()
    return counts


def file_checksums(root: Path) -> dict[str, str]:
    """Return the SHA-256 of every file under `root`, by path relative to it."""
    checksums = {}
    for path in sorted(_files(root)):
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        checksums[path.relative_to(root).as_posix()] = digest.hexdigest()
    return checksums


def _files(root: Path) -> Iterator[Path]:
    if root.is_dir():
        yield from (path for path in root.rglob("*") if path.is_file() and not path.is_symlink())


def _run(command: list[str], target: Target) -> None:
    result = subprocess.run(command, env=target.environment(), capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} thất bại ({result.returncode}): {result.stderr.strip()[-2000:]}")


def make_backup(archive: Path, target: Target | None = None, media_root: Path | None = None) -> dict:
    """Write the database and the media files into `archive`; return the manifest."""
    target = target or Target.from_settings()
    media_root = Path(media_root or settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="dvk-backup-") as work:
        dump = Path(work) / DUMP
        # Counted before the dump: rows written in between make the manifest an undercount, which
        # the restore's check would report; DVK is backed up at quiet hours or with writes stopped.
        manifest = {
            "created_at": timezone.now().isoformat(),
            "database": target.name,
            "tables": table_counts(target),
            "media": file_checksums(media_root),
        }
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "-f", str(dump), *target.cli_args()], target
        )
        (Path(work) / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
        archive.parent.mkdir(parents=True, exist_ok=True)
        partial = archive.with_name(archive.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(Path(work) / MANIFEST, arcname=MANIFEST)
            tar.add(dump, arcname=DUMP)
            for relative in manifest["media"]:
                tar.add(media_root / relative, arcname=f"{MEDIA}/{relative}")
        partial.replace(archive)  # never a half-written archive under the final name
    return manifest


def restore_backup(archive: Path, target: Target | None = None, media_root: Path | None = None) -> dict:
    """Restore `archive` into an empty database and an empty media folder; return the manifest it matched."""
    target = target or Target.from_settings()
    media_root = Path(media_root or settings.MEDIA_ROOT)
    if table_counts(target):
        raise BackupError(f"Cơ sở dữ liệu “{target.name}” đã có bảng: chỉ khôi phục vào một cơ sở dữ liệu trống.")
    if any(_files(media_root)):
        raise BackupError(f"Thư mục tệp “{media_root}” đã có tệp: chỉ khôi phục vào một thư mục trống.")
    with tempfile.TemporaryDirectory(prefix="dvk-restore-") as work:
        with tarfile.open(archive, "r:gz") as tar:
            # The "data" filter refuses absolute paths, "..", links out of the folder and devices.
            tar.extractall(work, filter="data")
        manifest = json.loads((Path(work) / MANIFEST).read_text(encoding="utf-8"))
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                *target.cli_args(),
                str(Path(work) / DUMP),
            ],
            target,
        )
        media_root.mkdir(parents=True, exist_ok=True)
        if (Path(work) / MEDIA).is_dir():
            shutil.copytree(Path(work) / MEDIA, media_root, dirs_exist_ok=True)
    problems = compare(manifest, table_counts(target), file_checksums(media_root))
    if problems:
        raise BackupError("Dữ liệu khôi phục không khớp với bản sao lưu:\n" + "\n".join(problems))
    return manifest


def compare(manifest: dict, tables: dict[str, int], media: dict[str, str]) -> list[str]:
    """Return the differences between a manifest and what was restored (empty when they match)."""
    problems = [
        f"bảng {table}: {manifest['tables'].get(table)} dòng trong bản sao lưu, {tables.get(table)} sau khi khôi phục"
        for table in sorted(set(manifest["tables"]) | set(tables))
        if manifest["tables"].get(table) != tables.get(table)
    ]
    problems += [
        f"tệp {name}: khác với bản sao lưu"
        for name in sorted(set(manifest["media"]) | set(media))
        if manifest["media"].get(name) != media.get(name)
    ]
    return problems


def contents(manifest: dict) -> str:
    """What an archive holds, as the commands report it: "12 bảng, 3400 dòng, 56 tệp"."""
    rows = sum(manifest["tables"].values())
    return f"{len(manifest['tables'])} bảng, {rows} dòng, {len(manifest['media'])} tệp"
