"""`manage.py backup [ARCHIVE]`: the database and the uploaded files in one archive (see dvk/backup.py)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from dvk.backup import BackupError, Target, contents, make_backup


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu PostgreSQL và các tệp đã tải lên (MEDIA_ROOT) vào một tệp .tar.gz."

    def add_arguments(self, parser):
        parser.add_argument("archive", nargs="?", help="Tệp sao lưu sẽ tạo (mặc định dvk-backup-NGÀY-GIỜ.tar.gz).")
        parser.add_argument("--database-url", help="Sao lưu cơ sở dữ liệu này thay cho DATABASE_URL.")
        parser.add_argument("--media-root", help="Sao lưu thư mục tệp này thay cho MEDIA_ROOT.")

    def handle(self, *args, archive=None, database_url=None, media_root=None, **options):
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        path = Path(archive or f"dvk-backup-{stamp}.tar.gz")
        try:
            target = Target.from_option(database_url)
            manifest = make_backup(path, target, Path(media_root) if media_root else None)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Đã sao lưu vào {path}: {contents(manifest)}."))
