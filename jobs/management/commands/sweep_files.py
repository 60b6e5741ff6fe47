"""manage.py sweep_files: delete now the stored files no row names any more (jobs/strays.py; the housekeeping
runs the same sweep once a day), or list them (--dry-run)."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from jobs import strays


class Command(BaseCommand):
    help = (
        "Xoá các tệp đã lưu mà không còn bản ghi nào trỏ tới (minh chứng của hồ sơ đã xoá, tệp tải lên dở, "
        "ảnh thu nhỏ của ảnh đã thôi công khai, tệp nhập chưa xác nhận), sau thời gian chờ. Việc dọn dẹp định kỳ "
        "tự chạy lệnh này mỗi ngày một lần."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Chỉ liệt kê các tệp sẽ bị xoá, không xoá.")
        parser.add_argument(
            "--older-than",
            type=int,
            metavar="GIỜ",
            help="Chỉ xoá tệp cũ hơn số giờ này (mặc định DVK_STRAY_FILE_GRACE_HOURS).",
        )

    def handle(self, *args, dry_run=False, older_than=None, **options):
        if older_than is not None and older_than < 1:
            raise CommandError("--older-than: at least 1 hour (a younger file may belong to an upload still saving)")
        verbosity = options["verbosity"]
        # A dry run lists every stray file; a sweep names them at verbosity 2.
        listed = dry_run or verbosity > 1
        done = strays.sweep(
            older_than=datetime.timedelta(hours=older_than) if older_than is not None else None,
            dry_run=dry_run,
            report=self.stdout.write if listed else None,
        )
        if verbosity > 0:
            verb = "stray" if dry_run else "removed"
            self.stdout.write(" ".join(f"{folder}={count}" for folder, count in done.items()) + f" ({verb})")
