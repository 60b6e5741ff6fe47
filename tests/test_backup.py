"""Backup and restore (issue 20): one archive, restored into an empty database, checked row by row and file by file."""

from __future__ import annotations

import uuid

import psycopg2
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from dvk.backup import Target, file_checksums, table_counts
from tests.conftest import pdf_file, png_file


def on_postgresql(test):
    """Run on PostgreSQL only, with real commits (pg_dump must see the rows), seeded rows restored after."""
    for mark in reversed(
        [
            pytest.mark.postgres,
            pytest.mark.skipif(
                "postgresql" not in settings.DATABASES["default"]["ENGINE"],
                reason="needs PostgreSQL: backup and restore run pg_dump and pg_restore",
            ),
            pytest.mark.django_db(transaction=True, serialized_rollback=True),
        ]
    ):
        test = mark(test)
    return test


@pytest.fixture
def empty_database():
    """Create an empty database of this helper's own name and drop it afterwards."""
    source = Target.from_settings()
    name = f"dvk_trust_restore_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(**_options(source, "postgres"))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield Target(name, source.user, source.password, source.host, source.port)
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def _options(target: Target, dbname: str) -> dict:
    options = {"dbname": dbname, "user": target.user, "password": target.password, "host": target.host}
    options["port"] = target.port
    return {key: value for key, value in options.items() if value}


def _url(target: Target) -> str:
    credentials = target.user + (f":{target.password}" if target.password else "")
    return f"postgres://{credentials}@{target.host or 'localhost'}:{target.port or 5432}/{target.name}"


@on_postgresql
def test_a_backup_restores_into_an_empty_database_with_the_same_rows_and_files(world, tmp_path, empty_database):
    # Arrange: rows in every app, and evidence files in MEDIA_ROOT.
    # (the unit attaches its files while the initiative is open, before it is recognized)
    world.initiative("recognized", files=[png_file("anh-hien-truong.png"), pdf_file("bien-ban.pdf")])
    archive = tmp_path / "backups" / "dvk.tar.gz"
    restored_media = tmp_path / "restored-media"
    source_counts = table_counts(Target.from_settings())
    source_files = file_checksums(settings.MEDIA_ROOT)

    # Act
    call_command("backup", str(archive))
    call_command("restore", str(archive), database_url=_url(empty_database), media_root=str(restored_media))

    # Assert
    assert source_counts["models_registry_initiative"] >= 1 and len(source_files) >= 3
    assert table_counts(empty_database) == source_counts
    assert file_checksums(restored_media) == source_files


@on_postgresql
def test_a_restore_refuses_a_database_that_is_not_empty(world, tmp_path):
    # Arrange
    archive = tmp_path / "dvk.tar.gz"
    call_command("backup", str(archive))

    # Act / Assert
    with pytest.raises(CommandError, match="chỉ khôi phục vào một cơ sở dữ liệu trống"):
        call_command("restore", str(archive), media_root=str(tmp_path / "empty"))


def test_backup_says_it_needs_postgresql_on_sqlite(monkeypatch, tmp_path):
    # Arrange
    monkeypatch.setitem(settings.DATABASES["default"], "ENGINE", "django.db.backends.sqlite3")

    # Act / Assert
    with pytest.raises(CommandError, match="chỉ dùng được với PostgreSQL"):
        call_command("backup", str(tmp_path / "dvk.tar.gz"))
