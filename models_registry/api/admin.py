"""Administrators create integration clients here; the token is shown once, on creation or renewal."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import ApiCall, ApiClient


class SuperuserOnlyMixin:
    """Tokens read across units: only administrators manage them, whatever the staff's permissions."""

    def has_module_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser


def show_token(request, client: ApiClient, token: str) -> None:
    messages.warning(
        request,
        _("Mã truy cập của “%(name)s”: %(token)s — hãy lưu lại ngay: mã chỉ hiện một lần.")
        % {"name": client.name, "token": token},
    )


@admin.register(ApiClient)
class ApiClientAdmin(SuperuserOnlyMixin, admin.ModelAdmin):
    list_display = ("name", "unit", "active", "rate", "token_start", "created_at")
    list_filter = ("active",)
    list_select_related = ("unit",)
    search_fields = ("name",)
    autocomplete_fields = ("unit",)
    fields = ("name", "unit", "active", "rate", "token_start", "created_at")
    readonly_fields = ("token_start", "created_at")
    actions = ["renew_tokens"]

    def save_model(self, request, obj: ApiClient, form, change: bool) -> None:
        token = None
        if not change:
            token = obj.issue_token()
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        if token:
            show_token(request, obj, token)

    @admin.action(description=_("Cấp mã truy cập mới (mã cũ hết hiệu lực)"))
    def renew_tokens(self, request, queryset) -> None:
        clients = list(queryset)
        for client in clients:
            token = client.issue_token()
            client.save(update_fields=["token_hash", "token_start"])
            show_token(request, client, token)
        self.message_user(
            request,
            ngettext("Đã cấp mã mới cho %(count)d hệ thống.", "Đã cấp mã mới cho %(count)d hệ thống.", len(clients))
            % {"count": len(clients)},
        )


@admin.register(ApiCall)
class ApiCallAdmin(SuperuserOnlyMixin, admin.ModelAdmin):
    list_display = ("created_at", "client", "user", "method", "path", "status", "duration_ms")
    list_filter = ("status", "client")
    list_select_related = ("client", "user")
    date_hierarchy = "created_at"
    show_full_result_count = False
    fields = ("created_at", "client", "user", "method", "path", "query", "status", "duration_ms")
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
