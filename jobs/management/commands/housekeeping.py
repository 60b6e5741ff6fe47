"""manage.py housekeeping: run DVK's periodic sweeps now (for cron or a systemd timer), or with
--schedule make sure the self-renewing housekeeping task waits in the queue (make run, deployment)."""

from django.core.management.base import BaseCommand, CommandError

from jobs import housekeeping


class Command(BaseCommand):
    help = (
        "Dọn dẹp định kỳ: xoá tệp xuất hết hạn, kết quả tác vụ cũ, nhật ký gọi API cũ, mã biểu mẫu cũ và, mỗi ngày một lần, "
        "các tệp không còn bản ghi nào trỏ tới. "
        "Với --schedule: bảo đảm tác vụ dọn dẹp tự lặp lại đang chờ trong hàng đợi."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Không dọn ngay; chỉ xếp lịch tác vụ dọn dẹp (nếu chưa có) để tiến trình xử lý tự chạy định kỳ.",
        )

    def handle(self, *args, **options):
        verbose = options["verbosity"] > 0
        if options["schedule"]:
            try:
                task_id = housekeeping.ensure_scheduled()
            except Exception as error:
                raise CommandError(f"the queue refused the housekeeping task: {error}") from error
            if verbose:
                self.stdout.write(f"scheduled={task_id}" if task_id else "scheduled=already")
            return
        result = housekeeping.sweep()
        housekeeping.record(result)
        if verbose:
            self.stdout.write(" ".join(f"{name}={count}" for name, count in result.items()))
        if None in result.values():
            # cron mails a failing command's output: a sweep that raised must not pass as done.
            raise SystemExit(1)
