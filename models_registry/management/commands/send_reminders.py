"""Send the reminders due today (each one once), then queue the daily digests. Run daily by a timer."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from notifications.sending import queue_digests

from ...reminders import send_reminders


class Command(BaseCommand):
    help = "Gửi nhắc việc trước các hạn (mỗi nhắc việc một lần) và e-mail tổng hợp hằng ngày."

    def add_arguments(self, parser):
        parser.add_argument(
            "--today", type=datetime.date.fromisoformat, help="Ngày chạy (YYYY-MM-DD), mặc định hôm nay."
        )
        parser.add_argument("--no-digests", action="store_true", help="Không gửi e-mail tổng hợp.")

    def handle(self, *args, today=None, no_digests=False, **options):
        day = today or timezone.localdate()
        made = send_reminders(day)
        digests = 0 if no_digests else queue_digests()
        self.stdout.write(f"{day.isoformat()}: {made} reminder notification(s), {digests} digest(s) queued.")
