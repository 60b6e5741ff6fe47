"""manage.py cleanup_jobs: fail the jobs whose worker died and remove expired exported files."""

from django.core.management.base import BaseCommand

from jobs.runner import cleanup


class Command(BaseCommand):
    help = "Đánh dấu lỗi các tác vụ bị dừng giữa chừng và xoá các tệp xuất đã hết hạn."

    def handle(self, *args, **options):
        failed, removed = cleanup()
        if options["verbosity"] > 0:
            self.stdout.write(f"failed={failed} removed={removed}")
