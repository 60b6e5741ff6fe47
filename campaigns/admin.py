"""Admin screens of the organisation and the yearly frame: units, committees, fields, campaigns, criteria.

Every `get_queryset` goes through the models' `visible_to(user)`, so a committee member who
logs into the admin sees only their own subtree. Campaign moves go through the lifecycle
entry point (`apply_campaign`), never by writing the state.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .access import scope
from .lifecycle import CAMPAIGN_TRANSITIONS, TransitionError, apply_campaign, campaign_actions_for, check_campaign
from .models import (
    Campaign,
    CampaignDocument,
    CampaignLog,
    CampaignState,
    CommitteeMembership,
    CriteriaSet,
    Criterion,
    Field,
    Level,
    SteeringCommittee,
    Unit,
    UnitKind,
    UnitMembership,
)
from .text import fold

admin.site.site_header = _("Quản trị Dân vận khéo")
admin.site.site_title = _("Quản trị Dân vận khéo")
admin.site.index_title = _("Quản trị hệ thống")

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
            raise Http404(gettext("Thao tác không hợp lệ."))
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


class ReadOnlyAdminMixin:
    """A record that only the lifecycle writes: visible, never added, changed or deleted by hand."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# ----- units and committees ----------------------------------------------------------------
class UnitMembershipInline(admin.TabularInline):
    model = UnitMembership
    extra = 0
    raw_id_fields = ("user",)
    fields = ("user", "title")
    verbose_name = _("cán bộ đơn vị")


@admin.register(Unit)
class UnitAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ("indented_name", "kind", "parent", "code")
    list_filter = (OwnKindFilter, ParentAreaFilter)
    list_select_related = ("parent",)
    autocomplete_fields = ("parent", "predecessors")
    fields = ("name", "kind", "parent", "code", "predecessors")
    inlines = (UnitMembershipInline,)
    list_per_page = 100
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    @admin.display(description=_("tên đơn vị"), ordering="path")
    def indented_name(self, obj: Unit) -> str:
        # The tree shows through indentation; the list is ordered by the materialized path.
        return "— " * obj.depth + obj.name


@admin.register(UnitMembership)
class UnitMembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "unit", "title")
    list_select_related = ("user", "unit")
    list_filter = (UnitAreaFilter,)
    autocomplete_fields = ("unit",)
    raw_id_fields = ("user",)
    search_fields = ("user__username", "user__first_name", "user__last_name", "unit__search_text")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(scope(request.user).unit_q("unit__"))

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        by_unit = search_folded(queryset, term, "unit__search_text")
        by_user = queryset.filter(
            Q(user__username__icontains=term) | Q(user__first_name__icontains=term) | Q(user__last_name__icontains=term)
        )
        return by_unit | by_user, False


class CommitteeMembershipInline(admin.TabularInline):
    model = CommitteeMembership
    extra = 0
    raw_id_fields = ("user",)
    fields = ("user", "role")


@admin.register(SteeringCommittee)
class SteeringCommitteeAdmin(admin.ModelAdmin):
    list_display = ("name", "unit", "level_display")
    list_select_related = ("unit",)
    list_filter = (UnitAreaFilter,)
    search_fields = ("name",)
    autocomplete_fields = ("unit",)
    inlines = (CommitteeMembershipInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).filter(scope(request.user).unit_q("unit__"))

    def get_search_results(self, request, queryset, search_term):
        return search_folded(queryset, search_term, "unit__search_text") | queryset.filter(
            name__icontains=search_term.strip()
        ), False

    @admin.display(description=_("cấp công nhận"))
    def level_display(self, obj: SteeringCommittee) -> str:
        return str(Level(obj.unit.level).label)


@admin.register(CommitteeMembership)
class CommitteeMembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "committee")
    list_select_related = ("user", "committee")
    list_filter = ("role", ("committee", admin.RelatedOnlyFieldListFilter))
    raw_id_fields = ("user",)
    autocomplete_fields = ("committee",)
    search_fields = ("user__username", "user__first_name", "user__last_name", "committee__name")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(scope(request.user).unit_q("committee__unit__"))


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "order", "active")
    list_editable = ("order", "active")
    list_filter = ("active",)
    search_fields = ("name", "code")
    prepopulated_fields = {"code": ("name",)}


# ----- campaigns and criteria ----------------------------------------------------------------
def _visible_campaigns(request):
    return Campaign.objects.visible_to(request.user)


class CampaignScopedMixin:
    """Records of a campaign: visible when the campaign is; frozen once it is summarized."""

    campaign_path = "campaign"

    def get_queryset(self, request):
        return super().get_queryset(request).filter(**{f"{self.campaign_path}__in": _visible_campaigns(request)})

    def _campaign_of(self, obj):
        for step in self.campaign_path.split("__"):
            obj = getattr(obj, step)
        return obj

    def has_change_permission(self, request, obj=None):
        if obj is not None and not _may_edit_campaign(request.user, self._campaign_of(obj)):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not _may_edit_campaign(request.user, self._campaign_of(obj)):
            return False
        return super().has_delete_permission(request, obj)


def _may_edit_campaign(user, campaign: Campaign | None) -> bool:
    """Only the owning committee's leaders (or an administrator) edit a campaign, and never a summarized one."""
    if campaign is None:
        return True
    return not campaign.is_frozen and scope(user).leads_committee(campaign.committee_id)


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ("order", "name", "max_points", "description")


@admin.register(CriteriaSet)
class CriteriaSetAdmin(CampaignScopedMixin, admin.ModelAdmin):
    list_display = ("name", "campaign", "kind", "threshold", "criteria_count")
    list_select_related = ("campaign",)
    list_filter = (CampaignFilter, "kind")
    search_fields = ("name",)
    inlines = (CriterionInline,)

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(n_criteria=Count("criteria"))

    @admin.display(description=_("số tiêu chí"), ordering="n_criteria")
    def criteria_count(self, obj: CriteriaSet) -> int:
        return obj.n_criteria

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "campaign":
            kwargs["queryset"] = _editable_campaigns(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Criterion)
class CriterionAdmin(CampaignScopedMixin, admin.ModelAdmin):
    campaign_path = "criteria_set__campaign"
    list_display = ("name", "criteria_set", "max_points", "order")
    list_select_related = ("criteria_set", "criteria_set__campaign")
    list_filter = (
        type("CriterionCampaignFilter", (CampaignFilter,), {"campaign_lookup": "criteria_set__campaign_id"}),
    )
    search_fields = ("name",)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "criteria_set":
            kwargs["queryset"] = CriteriaSet.objects.filter(campaign__in=_editable_campaigns(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def _editable_campaigns(user) -> QuerySet:
    s = scope(user)
    qs = Campaign.objects.not_summarized()
    if s.is_admin:
        return qs
    return qs.filter(committee_id__in=[seat.committee_id for seat in s.seats if s.leads_committee(seat.committee_id)])


class CriteriaSetInline(admin.TabularInline):
    model = CriteriaSet
    extra = 0
    fields = ("kind", "name", "threshold")
    show_change_link = True


class CampaignDocumentInline(admin.TabularInline):
    model = CampaignDocument
    extra = 0
    fields = ("title", "file", "uploaded_at")
    readonly_fields = ("uploaded_at",)


class CampaignLogInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = CampaignLog
    extra = 0
    fields = ("created_at", "action", "from_state", "to_state", "actor", "comment")
    readonly_fields = fields
    verbose_name = _("nhật ký")
    verbose_name_plural = _("nhật ký đợt phát động")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


class LaunchForm(forms.Form):
    comment = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class SummarizeForm(forms.Form):
    lessons_learned = forms.CharField(
        label=_("Bài học kinh nghiệm"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Ghi nhận cách làm hay, hạn chế và định hướng cho năm sau."),
    )


@admin.register(Campaign)
class CampaignAdmin(TransitionPagesMixin, FoldedSearchMixin, admin.ModelAdmin):
    list_display = (
        "name",
        "year",
        "committee",
        "state",
        "registration_opens_on",
        "registration_closes_on",
        "starts_on",
        "ends_on",
    )
    list_select_related = ("committee",)
    list_filter = ("state", "year", ("committee", admin.RelatedOnlyFieldListFilter))
    search_fields = ("name", "theme")
    date_hierarchy = "starts_on"
    readonly_fields = ("state", "launched_at", "summarized_at")
    fieldsets = (
        (None, {"fields": ("committee", "name", "year", "theme", "state")}),
        (_("Thời gian"), {"fields": (("starts_on", "ends_on"), ("registration_opens_on", "registration_closes_on"))}),
        (_("Công nhận"), {"fields": ("requires_inspection",)}),
        (_("Tổng kết"), {"fields": ("lessons_learned", "launched_at", "summarized_at")}),
    )
    inlines = (CriteriaSetInline, CampaignDocumentInline, CampaignLogInline)
    actions = ("launch_selected", "summarize_selected")
    transition_table = CAMPAIGN_TRANSITIONS

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        # Campaigns are few: a plain case-insensitive match on the name is enough here.
        return queryset.filter(name__icontains=term) | queryset.filter(theme__icontains=term), False

    def has_change_permission(self, request, obj=None):
        if obj is not None and not _may_edit_campaign(request.user, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # A launched campaign carries registrations and history: it is summarized, not deleted.
        if obj is not None and (obj.state != CampaignState.DRAFT or not _may_edit_campaign(request.user, obj)):
            return False
        return super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.state != CampaignState.DRAFT:
            # The lessons are written when summarizing, through the action that asks for them.
            fields.append("lessons_learned")
        return fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "committee":
            s = scope(request.user)
            qs = SteeringCommittee.objects.select_related("unit")
            if not s.is_admin:
                qs = qs.filter(pk__in=[seat.committee_id for seat in s.seats if s.leads_committee(seat.committee_id)])
            kwargs["queryset"] = qs
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _apply(self, request, queryset, action: str, **params) -> None:
        done = []
        for campaign in queryset:
            try:
                apply_campaign(campaign, action, request.user, **params)
            except TransitionError as error:
                self.message_user(request, f"“{campaign}”: {error}", messages.ERROR)
            else:
                done.append(str(campaign))
        if done:
            self.message_user(
                request,
                gettext("Đã thực hiện cho %(count)d đợt phát động: %(names)s.")
                % {"count": len(done), "names": ", ".join(done)},
                messages.SUCCESS,
            )

    # ----- moves from the object page -----------------------------------------------------
    def transitions_for(self, obj, user) -> list:
        return campaign_actions_for(obj, user)

    def transition_page(self, request, campaign, transition):
        """Ask what a campaign move needs (lessons learned for a summary), then apply it."""
        change_url = reverse("admin:campaigns_campaign_change", args=[campaign.pk])
        refusal = check_campaign(request.user, transition.action, campaign)
        if refusal is not None:
            self.message_user(request, str(refusal), messages.ERROR)
            return HttpResponseRedirect(change_url)
        form_class = SummarizeForm if transition.action == "summarize" else LaunchForm
        form = form_class(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                apply_campaign(campaign, transition.action, request.user, **form.cleaned_data)
            except TransitionError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(
                    request,
                    gettext("Đã “%(action)s” đợt “%(name)s”.") % {"action": transition.label, "name": campaign},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(change_url)
        return self.render_transition_form(request, campaign, transition, form)

    @admin.action(description=_("Phát động các đợt đã chọn"), permissions=["change"])
    def launch_selected(self, request, queryset):
        self._apply(request, queryset.select_related("committee"), "launch")

    @admin.action(description=_("Tổng kết các đợt đã chọn"), permissions=["change"])
    def summarize_selected(self, request, queryset):
        if "apply" in request.POST:
            form = SummarizeForm(request.POST)
            if form.is_valid():
                self._apply(
                    request,
                    queryset.select_related("committee"),
                    "summarize",
                    lessons_learned=form.cleaned_data["lessons_learned"],
                )
                return None
        else:
            form = SummarizeForm()
        return render_action_form(
            self,
            request,
            queryset,
            form,
            action="summarize_selected",
            title=gettext("Tổng kết đợt phát động"),
            submit_label=gettext("Tổng kết"),
            intro=gettext("Sau khi tổng kết, mọi hồ sơ của đợt phát động sẽ không thể thay đổi nữa."),
        )


@admin.register(CampaignDocument)
class CampaignDocumentAdmin(CampaignScopedMixin, admin.ModelAdmin):
    list_display = ("title", "campaign", "uploaded_at")
    list_select_related = ("campaign",)
    list_filter = (CampaignFilter,)
    search_fields = ("title",)
    date_hierarchy = "uploaded_at"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "campaign":
            kwargs["queryset"] = _editable_campaigns(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(CampaignLog)
class CampaignLogAdmin(ReadOnlyAdminMixin, CampaignScopedMixin, admin.ModelAdmin):
    list_display = ("campaign", "action", "from_state", "to_state", "actor", "created_at")
    list_select_related = ("campaign", "actor")
    list_filter = (CampaignFilter, "action")
    date_hierarchy = "created_at"
