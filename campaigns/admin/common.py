"""What every admin screen shares (the registry's admin uses these too): folded search, area and
campaign filters, the bulk-action page, the move pages, read-only records.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.actions import delete_selected as django_delete_selected
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..access import scope
from ..lifecycle import UNKNOWN_ACTION
from ..models import Campaign, Unit, UnitKind, phone_of
from ..text import fold

# Units that head an area: the filters list these (a few hundred at most), never every hamlet.
AREA_KINDS = (
    UnitKind.PROVINCE,
    UnitKind.DISTRICT,
    UnitKind.COMMUNE,
    UnitKind.WARD,
    UnitKind.SPECIAL_ZONE,
    UnitKind.AGENCY,
    UnitKind.FRONT,
    UnitKind.ARMED_FORCES,
)
AREA_FILTER_LIMIT = 400


# ----- shared pieces (the registry's admin uses them too) ----------------------------------
def folded_words(term: str) -> list[str]:
    """Return the accent-folded words of a search term (at most eight)."""
    return fold(term).split()[:8]


def search_folded(queryset: QuerySet, term: str, lookup: str) -> QuerySet:
    """Filter so that every folded word of the term appears in the folded column `lookup`."""
    for word in folded_words(term):
        queryset = queryset.filter(**{f"{lookup}__contains": word})
    return queryset


class FoldedSearchMixin:
    """Accent-insensitive admin search through a folded search column ("dan van kheo" finds "Dân vận khéo")."""

    folded_search_lookup = "search_text"
    search_fields = ("search_text",)  # only so the admin shows the search box; the lookup is below

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        return search_folded(queryset, search_term, self.folded_search_lookup), False


def _int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class UnitAreaFilter(admin.SimpleListFilter):
    """Filter by an area (province, commune, ward, agency…) and everything under it."""

    title = _("địa bàn")
    parameter_name = "area"
    path_lookup = "unit__path"

    def lookups(self, request, model_admin):
        units = (
            Unit.objects.visible_to(request.user)
            .filter(kind__in=AREA_KINDS)
            .only("id", "name", "depth")
            .order_by("path")[:AREA_FILTER_LIMIT]
        )
        return [(unit.pk, "— " * unit.depth + unit.name) for unit in units]

    def queryset(self, request, queryset):
        pk = _int_or_none(self.value())
        if self.value() is None:
            return queryset
        path = Unit.objects.filter(pk=pk).values_list("path", flat=True).first() if pk else None
        if path is None:
            return queryset.none()
        return queryset.filter(**{f"{self.path_lookup}__startswith": path})


class UnitKindFilter(admin.SimpleListFilter):
    title = _("loại đơn vị")
    parameter_name = "unit_kind"
    kind_lookup = "unit__kind"

    def lookups(self, request, model_admin):
        return UnitKind.choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{self.kind_lookup: self.value()})
        return queryset


class OwnKindFilter(UnitKindFilter):
    parameter_name = "kind"
    kind_lookup = "kind"


class ParentAreaFilter(UnitAreaFilter):
    """A unit and everything under it (units list)."""

    title = _("thuộc đơn vị")
    path_lookup = "path"


def labelled_values_filter(label: Callable[[str], str]) -> type[admin.AllValuesFieldListFilter]:
    """Return the filter of a column's distinct values (a log's actions) that names each as people read it
    (`label`), not by its code: the same one query as Django's `AllValuesFieldListFilter`."""

    class LabelledValuesFilter(admin.AllValuesFieldListFilter):
        def choices(self, changelist):
            codes = set(self.lookup_choices)
            for choice in super().choices(changelist):
                if choice["display"] in codes:
                    choice = {**choice, "display": label(choice["display"])}
                yield choice

    return LabelledValuesFilter


class CampaignFilter(admin.SimpleListFilter):
    """Filter by one of the campaigns the user may see (never other provinces' campaigns)."""

    title = _("đợt phát động")
    parameter_name = "campaign"
    campaign_lookup = "campaign_id"

    def lookups(self, request, model_admin):
        return [(c.pk, c.name) for c in Campaign.objects.visible_to(request.user).only("id", "name")]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        pk = _int_or_none(self.value())
        return queryset.filter(**{self.campaign_lookup: pk}) if pk else queryset.none()


def action_form(request, form_class, **kwargs):
    """The form of a bulk action's intermediate page: bound when that page was sent ("apply"), blank before."""
    return form_class(request.POST if "apply" in request.POST else None, **kwargs)


def form_action(form_class, *, description, title, submit_label, intro="", name: str = "", **form_kwargs):
    """Return a bulk admin action that first asks `form_class` on an intermediate page.

    The decorated function `act(modeladmin, request, queryset, form)` runs once that page is sent and
    valid; it says what happened with `message_user`, and returns False to show the page again (the
    form as typed, beside the refusals). `name` is the action's name where the function's is not.
    """

    def decorate(act):
        action_name = name or act.__name__

        @admin.action(description=description, permissions=["change"])
        def action(modeladmin, request, queryset):
            form = action_form(request, form_class, **form_kwargs)
            if form.is_valid() and act(modeladmin, request, queryset, form) is not False:
                return None
            return render_action_form(
                modeladmin,
                request,
                queryset,
                form,
                action=action_name,
                title=title,
                submit_label=submit_label,
                intro=intro,
            )

        action.__name__ = action_name
        return action

    return decorate


def render_action_form(modeladmin, request, queryset, form, *, action: str, title: str, submit_label: str, intro=""):
    """Render the intermediate page of a bulk admin action: the chosen rows and what the action needs."""
    shown = list(queryset[:50])
    total = queryset.count() if len(shown) == 50 else len(shown)
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "intro": intro,
        "form": form,
        "objects": shown,
        "more": total - len(shown),
        "action": action,
        "submit_label": submit_label,
        "opts": modeladmin.model._meta,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
        "select_across": request.POST.get("select_across", "0"),
        "media": modeladmin.media + form.media,
    }
    return TemplateResponse(request, "admin/dvk_action_form.html", context)


class TransitionPagesMixin:
    """An object page's move buttons, and the page that asks what one move needs.

    The admin names its lifecycle table (`transition_table`), which moves a user has on an
    object now (`transitions_for`) and what a move's page does (`transition_page`); the page
    lives at `admin:<app>_<model>_transition`.
    """

    transition_table: dict = {}
    change_form_template = "admin/dvk_change_form.html"

    def transitions_for(self, obj, user) -> list:
        raise NotImplementedError

    def transition_page(self, request, obj, transition):
        raise NotImplementedError

    def _transition_url_name(self) -> str:
        return f"{self.opts.app_label}_{self.opts.model_name}_transition"

    def get_urls(self):
        return [
            path(
                "<path:object_id>/transition/<slug:action>/",
                self.admin_site.admin_view(self.transition_view),
                name=self._transition_url_name(),
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["dvk_transitions"] = [
                {
                    "action": t.action,
                    "label": t.label,
                    "url": reverse(f"admin:{self._transition_url_name()}", args=[obj.pk, t.action]),
                }
                for t in self.transitions_for(obj, request.user)
            ]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def transition_view(self, request, object_id, action):
        """Find the object in the user's scope and the move in the table, then serve the move's page."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        transition = self.transition_table.get(action)
        if transition is None:
            raise Http404(UNKNOWN_ACTION)
        return self.transition_page(request, obj, transition)

    def render_transition_form(self, request, obj, transition, form) -> TemplateResponse:
        """Render the form of one move on one object."""
        label = capfirst(str(transition.label))
        context = {
            **self.admin_site.each_context(request),
            "title": f"{label}: {obj}",
            "form": form,
            "object": obj,
            "transition": transition.action,
            "submit_label": label,
            "opts": self.opts,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/dvk_action_form.html", context)


class AdministratorsWriteMixin:
    """The organisation (units, committees, their people, fields): shown within one's scope, written only
    by administrators. Seating oneself on a committee is how one would widen one's own scope, so no
    group permission given to committee members opens these forms."""

    def has_add_permission(self, request):
        return scope(request.user).is_admin and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return scope(request.user).is_admin and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return scope(request.user).is_admin and super().has_delete_permission(request, obj)


# How many refused rows a bulk action names one by one before summing up the rest.
MAX_LISTED_REFUSALS = 20


def report_refusals(modeladmin, request, refused: list[tuple[object, str]]) -> None:
    """Name each refused row of a bulk action with its reason (never refuse silently)."""
    for obj, reason in refused[:MAX_LISTED_REFUSALS]:
        modeladmin.message_user(request, f"“{obj}”: {reason}", messages.ERROR)
    if len(refused) > MAX_LISTED_REFUSALS:
        modeladmin.message_user(
            request,
            gettext("Và %(count)d mục khác cũng không thực hiện được.") % {"count": len(refused) - MAX_LISTED_REFUSALS},
            messages.ERROR,
        )


def checked_delete_selected(modeladmin, request, queryset):
    """Django's bulk delete, after asking each chosen row the same question as its own delete page.

    Django's action asks only whether the user may delete rows of this kind; a summarized campaign's
    records, locked criteria or another member's sheet would go with the rest. Refused rows are named.
    """
    refused = [
        (obj, gettext("bạn không được xóa mục này (đã khóa, đã tổng kết hoặc không thuộc quyền của bạn)."))
        for obj in queryset
        if not modeladmin.has_delete_permission(request, obj)
    ]
    report_refusals(modeladmin, request, refused)
    allowed = queryset.exclude(pk__in=[obj.pk for obj, _reason in refused])
    if not allowed.exists():
        return None
    return django_delete_selected(modeladmin, request, allowed)


checked_delete_selected.allowed_permissions = ("delete",)
checked_delete_selected.short_description = django_delete_selected.short_description


class CheckedDeleteMixin:
    """Bulk delete that re-checks every row (`checked_delete_selected`)."""

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            _func, name, description = actions["delete_selected"]
            actions["delete_selected"] = (checked_delete_selected, name, description)
        return actions


class ReadOnlyAdminMixin:
    """A record that only the lifecycle writes: visible, never added, changed or deleted by hand."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class LogInline(ReadOnlyAdminMixin, admin.TabularInline):
    """A log shown on its object's page: every column read only, its actors read in the same query."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


@admin.display(description=_("điện thoại"), ordering="user__profile__phone")
def user_phone(obj) -> str:
    """A membership list's column: the person's phone (the list selects `user__profile`)."""
    return phone_of(obj.user)
