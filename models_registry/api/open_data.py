"""Open data: recognized initiatives as JSON and CSV, without login, with the showcase's fields only.

Read from `Initiative.objects.public()` as the showcase is, never a contact, a person's name, a
comment or a score. Both answers are public in shared caches (`Cache-Control: public`); the JSON
pages are also kept in the server's cache for `MAX_AGE` seconds (`cache_page`).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.db.models import Prefetch, QuerySet
from django.http import StreamingHttpResponse
from django.utils.cache import patch_cache_control
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_page
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, negotiation, permissions

from ..models import Commendation, Initiative
from . import serializers as s
from .views import LoggedMixin, cursor

MAX_AGE = 300


def open_initiatives(params: dict) -> QuerySet:
    """Return the recognized initiatives with what the showcase shows of them, newest first."""
    qs = (
        Initiative.objects.public()
        .select_related("unit", "field", "campaign", "decision")
        .with_replication_count()
        .prefetch_related(
            Prefetch(
                "commendations",
                # The awards that stand, as the showcase shows them: a recovered one is not held.
                Commendation.objects.standing()
                .order_by("-decided_on", "-id")
                .only("id", "initiative_id", "kind", "authority", "decision_number", "decided_on"),
            )
        )
        .order_by("-created_at", "-id")
    )
    if "year" in params:
        qs = qs.filter(campaign__year=params["year"])
    if "field" in params:
        qs = qs.filter(field_id=params["field"])
    return qs


def validated(data) -> dict:
    params = s.OpenDataFilterSerializer(data=data)
    params.is_valid(raise_exception=True)
    return params.validated_data


@method_decorator(cache_page(MAX_AGE), name="dispatch")
class OpenInitiativeList(LoggedMixin, generics.ListAPIView):
    """Recognized initiatives as JSON, one cursor page at a time."""

    # No session is read: the answer is the same for everyone and may sit in a shared cache.
    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]
    serializer_class = s.OpenInitiativeSerializer
    pagination_class = cursor("-created_at", "-id")

    def get_queryset(self) -> QuerySet:
        return open_initiatives(validated(self.request.query_params))

    @extend_schema(
        parameters=[s.OpenDataFilterSerializer],
        description=_(
            "Dữ liệu mở: các mô hình, điển hình đã được công nhận, với đúng các thông tin trang giới thiệu công khai hiển thị. Không cần đăng nhập."
        ),
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 200:
            patch_cache_control(response, public=True, max_age=MAX_AGE)
        return response


class Echo:
    """A file-like object whose write returns the line, for streaming csv.writer rows."""

    def write(self, value: str) -> str:
        return value


def csv_rows(qs: QuerySet) -> Iterator[list]:
    columns = [name for name in s.OPEN_FIELDS if name != "commendations"]
    yield [*columns, "commendations"]
    # Serialized in chunks: the prefetch runs once per chunk, never once per row.
    for initiative in qs.iterator(chunk_size=1000):
        row = s.OpenInitiativeSerializer(initiative).data
        commendations = " | ".join(
            f"{c['kind']}; {c['authority']}; {c['decision_number']}; {c['decided_on']}" for c in row["commendations"]
        )
        yield [row[name] if row[name] is not None else "" for name in columns] + [commendations]


class FirstRenderer(negotiation.BaseContentNegotiation):
    """Answer errors in JSON whatever the Accept header (the file itself is streamed by the view)."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class OpenInitiativeCsv(LoggedMixin, generics.GenericAPIView):
    """Recognized initiatives as one CSV file (UTF-8 with BOM, for spreadsheets), streamed."""

    authentication_classes: list = []
    content_negotiation_class = FirstRenderer
    permission_classes = [permissions.AllowAny]
    serializer_class = s.OpenInitiativeSerializer

    @extend_schema(
        parameters=[s.OpenDataFilterSerializer],
        responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR)},
        description=_(
            "Dữ liệu mở dạng CSV: cùng các cột như bản JSON; các khen thưởng nằm trong một cột, ngăn bằng '|'."
        ),
    )
    def get(self, request, *args, **kwargs):
        params = validated(request.query_params)
        writer = csv.writer(Echo())
        lines = (writer.writerow(row) for row in csv_rows(open_initiatives(params)))
        response = StreamingHttpResponse(_with_bom(lines), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="dvk-open-initiatives.csv"'
        patch_cache_control(response, public=True, max_age=MAX_AGE)
        return response


def _with_bom(lines: Iterator[str]) -> Iterator[str]:
    yield "\ufeff"
    yield from lines
