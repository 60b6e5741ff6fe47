"""The read API: thin views over the models' `visible_to` querysets, read-only, logged and throttled."""

from __future__ import annotations

import time

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from campaigns.models import Campaign, Unit

from ..access import visible_decisions, visible_related
from ..models import Commendation, Initiative, RecognitionDecision
from ..reports.periods import Period
from ..reports.summary import build_summary, for_campaign, for_year, kept_counts, summary_scope_for
from . import serializers as s
from .models import ApiCall, ApiClient

READ_METHODS = ["get", "head", "options"]


def record_call(request, status: int, started: float) -> None:
    """Write one row of the call log (one INSERT, whoever called)."""
    client = request.auth if isinstance(getattr(request, "auth", None), ApiClient) else None
    user = request.user if getattr(request.user, "pk", None) else None
    ApiCall.objects.create(
        client=client,
        user=user,
        method=request.method[:8],
        path=request.path[:500],
        query=request.META.get("QUERY_STRING", "")[:500],
        status=status,
        duration_ms=int((time.monotonic() - started) * 1000),
    )


class LoggedMixin:
    """Log every call, refused ones included (authentication, throttling and method errors too)."""

    http_method_names = READ_METHODS

    def dispatch(self, request, *args, **kwargs):
        started = time.monotonic()
        response = super().dispatch(request, *args, **kwargs)
        record_call(self.request, response.status_code, started)
        return response


def cursor(*ordering: str) -> type[CursorPagination]:
    """Return a cursor pagination along an indexed ordering (stable pages at any depth, no COUNT)."""
    return type(
        "Cursor",
        (CursorPagination,),
        {"ordering": ordering, "page_size": 50, "page_size_query_param": "page_size", "max_page_size": 200},
    )


class FilteredViewSet(LoggedMixin, viewsets.ReadOnlyModelViewSet):
    """A read-only list and detail whose list takes the query parameters of `filter_serializer_class`."""

    filter_serializer_class: type[serializers.Serializer]
    # Query parameter -> the lookup it filters the list by.
    filter_lookups: dict[str, str] = {}
    # The unit path a `unit` parameter narrows the list to the subtree of ("": the list takes none).
    unit_path_lookup = ""

    def filters(self) -> dict:
        """Return the validated query parameters (a 400 names the wrong ones)."""
        params = self.filter_serializer_class(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        return params.validated_data

    def subtree(self, unit_id: int | None) -> str | None:
        """Return the path of the unit a `unit` filter names ("" matches nothing)."""
        if unit_id is None:
            return None
        return Unit.objects.filter(pk=unit_id).values_list("path", flat=True).first() or ""

    def filtered(self, qs: QuerySet) -> QuerySet:
        """Narrow the list to its query parameters; the detail stays the whole visible queryset."""
        if self.action != "list":
            return qs
        f = self.filters()
        for name, lookup in self.filter_lookups.items():
            if name in f:
                qs = qs.filter(**{lookup: f[name]})
        path = self.subtree(f.get("unit")) if self.unit_path_lookup else None
        if path is not None:
            qs = qs.filter(**{f"{self.unit_path_lookup}__startswith": path}) if path else qs.none()
        return qs


def documented(list_description: str, **views):
    """Document a FilteredViewSet: its list's query parameters are those its filter serializer validates."""

    def decorate(viewset: type[FilteredViewSet]) -> type[FilteredViewSet]:
        listing = extend_schema(parameters=[viewset.filter_serializer_class], description=list_description)
        return extend_schema_view(list=listing, **views)(viewset)

    return decorate


@documented(
    _("Danh sách mô hình, điển hình trong phạm vi của bạn, mới nhất trước; phân trang bằng con trỏ (cursor)."),
    retrieve=extend_schema(description=_("Một mô hình, điển hình với nội dung đăng ký (không gồm người liên hệ).")),
)
class InitiativeViewSet(FilteredViewSet):
    filter_serializer_class = s.InitiativeFilterSerializer
    pagination_class = cursor("-created_at", "-id")
    # Long texts stay in the database on the list: the detail reads them.
    LIST_DEFERRED = (*s.DETAIL_CONTENT, "search_text", "plan_note", "confirmed_criteria", "contact", "address")

    filter_lookups = {
        "campaign": "campaign_id",
        "year": "campaign__year",
        "field": "field_id",
        "state": "state",
        "kind": "kind",
        "subject": "subject",
        "level": "level",
        "changed_since": "updated_at__gte",
    }
    unit_path_lookup = "unit__path"

    def get_serializer_class(self):
        return s.InitiativeDetailSerializer if self.action == "retrieve" else s.InitiativeSerializer

    def get_queryset(self) -> QuerySet:
        qs = self.filtered(
            Initiative.objects.visible_to(self.request.user).select_related("unit", "field", "campaign", "decision")
        )
        # The list's page is chosen by its keys first (from `initiative_unit_state_campaign` when a
        # unit's year is filtered by state), then only its 50 rows are read with their joins.
        return qs.defer(*self.LIST_DEFERRED).slices_by_keys() if self.action == "list" else qs


@documented(_("Cây đơn vị trong phạm vi của bạn, theo đường dẫn (cha trước con)."))
class UnitViewSet(FilteredViewSet):
    serializer_class = s.UnitSerializer
    filter_serializer_class = s.UnitFilterSerializer
    pagination_class = cursor("path")

    filter_lookups = {"parent": "parent_id"}
    unit_path_lookup = "path"

    def get_queryset(self) -> QuerySet:
        # The predecessors in one prefetch for the page (a merged commune names the units it came from).
        return self.filtered(Unit.objects.visible_to(self.request.user).prefetch_related("predecessors"))


@documented(_("Các đợt phát động bạn được xem, kèm bộ tiêu chí."))
class CampaignViewSet(FilteredViewSet):
    serializer_class = s.CampaignSerializer
    filter_serializer_class = s.CampaignFilterSerializer
    pagination_class = cursor("-year", "-id")

    filter_lookups = {"year": "year", "state": "state"}

    def get_queryset(self) -> QuerySet:
        return self.filtered(
            Campaign.objects.visible_to(self.request.user)
            .select_related("committee")
            .prefetch_related("criteria_sets__criteria")
        )


@documented(_("Các quyết định công nhận của Ban Chỉ đạo bạn tham gia hoặc phụ trách."))
class DecisionViewSet(FilteredViewSet):
    serializer_class = s.DecisionSerializer
    filter_serializer_class = s.DecisionFilterSerializer
    pagination_class = cursor("-decided_on", "-id")
    filter_lookups = {"year": "decided_on__year", "level": "level"}
    unit_path_lookup = "committee__unit__path"

    def get_queryset(self) -> QuerySet:
        # Counted per decision shown, not by a join and GROUP BY over every decision's initiatives.
        decisions = RecognitionDecision.objects.select_related("committee").with_recognized_count()
        return self.filtered(visible_decisions(decisions, self.request.user))


@documented(_("Khen thưởng của các mô hình, điển hình trong phạm vi của bạn."))
class CommendationViewSet(FilteredViewSet):
    serializer_class = s.CommendationSerializer
    filter_serializer_class = s.CommendationFilterSerializer
    pagination_class = cursor("-decided_on", "-id")
    filter_lookups = {
        "initiative": "initiative_id",
        "campaign": "initiative__campaign_id",
        "year": "initiative__campaign__year",
        # An integration syncing awards learns of a correction or a recovery, not only of new awards.
        "changed_since": "updated_at__gte",
    }
    unit_path_lookup = "initiative__unit__path"

    def get_queryset(self) -> QuerySet:
        return self.filtered(visible_related(Commendation.objects.all(), self.request.user))


class SummaryView(LoggedMixin, APIView):
    @extend_schema(
        parameters=[s.SummaryFilterSerializer],
        responses=s.SummarySerializer,
        description=_("Số liệu tổng hợp (như trang báo cáo) của các hồ sơ trong phạm vi của bạn, theo đợt hoặc năm."),
    )
    def get(self, request: Request) -> Response:
        """Count the visible initiatives as the summary report does."""
        params = s.SummaryFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        initiatives, root = summary_scope_for(request.user)
        # The numbers come from the kept counts of the same campaigns, as on the summary page (None: every one).
        ids = None
        if "year" in params.validated_data:
            initiatives = for_year(initiatives, params.validated_data["year"])
            ids = Period.of_year(params.validated_data["year"]).campaign_ids
        if "campaign" in params.validated_data:
            campaign_id = params.validated_data["campaign"]
            initiatives = for_campaign(initiatives, campaign_id)
            ids = [campaign_id] if ids is None or campaign_id in ids else []
        kept = kept_counts(request.user, root, campaign_ids=ids)
        return Response(s.SummarySerializer(build_summary(initiatives, root_unit=root, kept=kept)).data)
