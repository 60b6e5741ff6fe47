"""`manage.py restore ARCHIVE`: restore a `manage.py backup` archive into an empty database and media folder."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dvk.backup import BackupError, Target, contents, restore_backup


class Command(BaseCommand):
    help = (
        "Khôi phục một bản sao lưu của `manage.py backup` vào cơ sở dữ liệu trống (tạo trước bằng createdb) "
        "và thư mục tệp trống, rồi đối chiếu số dòng từng bảng và mã băm từng tệp."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Tệp .tar.gz do `manage.py backup` tạo.")
        parser.add_argument("--database-url", help="Khôi phục vào cơ sở dữ liệu này thay cho DATABASE_URL.")
        parser.add_argument("--media-root", help="Khôi phục tệp vào thư mục này thay cho MEDIA_ROOT.")

    def handle(self, *args, archive, database_url=None, media_root=None, **options):
        try:
            target = Target.from_option(database_url)
            manifest = restore_backup(Path(archive), target, Path(media_root) if media_root else None)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã khôi phục {archive} (sao lưu lúc {manifest['created_at']}) vào “{target.name}”: "
                f"{contents(manifest)}, đều khớp."
            )
        )
