"""Teach drf-spectacular the bearer token and the error answers every operation may give."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema

ERRORS = {
    "400": _("Tham số không hợp lệ: mỗi tham số sai kèm lý do."),
    "401": _("Thiếu mã truy cập hoặc mã không hợp lệ."),
    "404": _("Không có, hoặc nằm ngoài phạm vi của bạn."),
    "429": _("Vượt giới hạn số lượt gọi: thử lại sau số giây trong Retry-After."),
}


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "models_registry.api.auth.BearerTokenAuthentication"
    name = "bearer"

    def get_security_definition(self, auto_schema) -> dict:
        return {"type": "http", "scheme": "bearer", "description": "Authorization: Bearer dvk_…"}


class ApiSchema(AutoSchema):
    """Document the errors of every operation, so a client (and schemathesis) knows them."""

    def _get_response_bodies(self, direction: str = "response") -> dict:
        responses = super()._get_response_bodies(direction)
        error = {"type": "object", "additionalProperties": True}
        for code, description in ERRORS.items():
            responses.setdefault(
                code, {"description": str(description), "content": {"application/json": {"schema": error}}}
            )
        return responses
