"""`manage.py seed_demo`: the demo province (the new Vĩnh Long) with a true history.

The province and its initiatives are data (`models_registry/demo/province.py`, `initiatives.py`);
`models_registry.demo.loader` moves every initiative to its state through the lifecycle entry
point, dated the day each step happened. Idempotent: when the demo province exists, it only
resets the demo users' passwords.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from models_registry.demo import loader
from models_registry.demo.province import LOGINS, PASSWORD
from models_registry.models import Initiative


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu: tỉnh Vĩnh Long mới, Ban Chỉ đạo, đợt phát động 2025 và 2026, các mô hình ở mọi trạng thái."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Chạy cả khi DEBUG tắt (chỉ dùng cho máy thử nghiệm).")

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo chỉ chạy khi DEBUG bật (dữ liệu mẫu không dành cho máy thật). Dùng --force nếu chắc chắn."
            )
        self.committee_group()
        if loader.is_loaded():
            updated = loader.reset_passwords()
            self.stdout.write(f"Dữ liệu mẫu đã có; không tạo thêm. Đã đặt lại mật khẩu cho {updated} tài khoản mẫu.")
        else:
            loader.load()
            self.stdout.write(self.style.SUCCESS(f"Đã tạo {Initiative.objects.count()} mô hình, điển hình mẫu."))
        self.print_logins()

    def committee_group(self) -> Group:
        """Return the committee members' group with its admin rights (tests give them to their users)."""
        return loader.committee_group()

    def print_logins(self) -> None:
        """Print the demo logins and their shared password."""
        self.stdout.write("")
        self.stdout.write("Tài khoản mẫu (mật khẩu chung):")
        self.stdout.write(f"  {'tên đăng nhập':<17} {'vai trò':<64} mật khẩu")
        for username, role in LOGINS.items():
            self.stdout.write(f"  {username:<17} {role:<64} {PASSWORD}")
