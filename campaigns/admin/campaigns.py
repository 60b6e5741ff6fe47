"""Admin screens of the yearly frame: fields, campaigns (and their move pages), criteria, documents, logs."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..access import led_committees, scope
from ..forms import CampaignDocumentForm, CampaignForm
from ..lifecycle import (
    CAMPAIGN_TRANSITIONS,
    CRITERIA_LOCKED_MESSAGE,
    TransitionError,
    announce,
    apply_campaign,
    campaign_actions_for,
    campaign_log_label,
    check_campaign,
)
from ..models import Campaign, CampaignDocument, CampaignLog, CampaignState, CriteriaSet, Criterion, Field
from .common import (
    AdministratorsWriteMixin,
    CampaignFilter,
    CheckedDeleteMixin,
    FoldedSearchMixin,
    LogInline,
    ReadOnlyAdminMixin,
    TransitionPagesMixin,
    form_action,
    labelled_values_filter,
)


# ----- fields ------------------------------------------------------------------------------
@admin.register(Field)
class FieldAdmin(AdministratorsWriteMixin, admin.ModelAdmin):
    list_display = ("name", "name_en", "code", "order", "active")
    list_editable = ("order", "active")
    list_filter = ("active",)
    search_fields = ("name", "name_en", "code")
    prepopulated_fields = {"code": ("name",)}


# ----- campaigns and criteria ----------------------------------------------------------------
def _visible_campaigns(request):
    return Campaign.objects.visible_to(request.user)


class CampaignScopedMixin(CheckedDeleteMixin):
    """Records of a campaign: visible when the campaign is; written by its committee's leaders; frozen once
    it is summarized."""

    campaign_path = "campaign"

    def has_add_permission(self, request):
        # As the campaign pages: only those who lead a committee (or administrators) write a campaign's parts.
        return _leads_any_committee(request.user) and super().has_add_permission(request)

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


def _leads_any_committee(user) -> bool:
    """`led_committees(user)` is not empty, read from the cached scope (no query on every list)."""
    s = scope(user)
    return s.may_lead


def _may_edit_campaign(user, campaign: Campaign | None) -> bool:
    """Only the owning committee's leaders (or an administrator) edit a campaign, and never a summarized one."""
    if campaign is None:
        return True
    return not campaign.is_frozen and scope(user).leads_committee(campaign.committee_id)


def _criteria_locked(campaign: Campaign | None) -> bool:
    return campaign is not None and campaign.pk is not None and campaign.criteria_locked


class CriteriaLockForm(forms.ModelForm):
    """Refuses any change to criteria of a campaign whose criteria are locked (`Campaign.criteria_locked`).

    The admin's pages already show such criteria read only; this catches a form opened before the first
    score sheet and sent after it.
    """

    def campaign_of(self, cleaned: dict) -> Campaign | None:
        raise NotImplementedError

    def clean(self):
        cleaned = super().clean()
        if self.has_changed() and _criteria_locked(self.campaign_of(cleaned)):
            raise ValidationError(CRITERIA_LOCKED_MESSAGE)
        return cleaned


class CriteriaSetAdminForm(CriteriaLockForm):
    class Meta:
        model = CriteriaSet
        fields = ("campaign", "kind", "name", "threshold")

    def campaign_of(self, cleaned):
        if cleaned.get("campaign") is not None:
            return cleaned["campaign"]
        campaign_id = self.instance.campaign_id
        return Campaign.objects.filter(pk=campaign_id).first() if campaign_id else None


class CriterionAdminForm(CriteriaLockForm):
    class Meta:
        model = Criterion
        fields = ("criteria_set", "order", "name", "max_points", "description")

    def campaign_of(self, cleaned):
        criteria_set = cleaned.get("criteria_set")
        if criteria_set is None and self.instance.criteria_set_id:
            criteria_set = (
                CriteriaSet.objects.select_related("campaign").filter(pk=self.instance.criteria_set_id).first()
            )
        return criteria_set.campaign if criteria_set is not None else None


class LockedWithCriteriaInline:
    """An inline of criteria (on a campaign or a criteria set page): read only once the criteria are locked."""

    def parent_campaign(self, obj) -> Campaign | None:
        return obj

    def _open(self, request, obj) -> bool:
        campaign = self.parent_campaign(obj) if obj is not None else None
        return not _criteria_locked(campaign)

    def has_add_permission(self, request, obj=None):
        return self._open(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._open(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._open(request, obj) and super().has_delete_permission(request, obj)


class CriterionInline(LockedWithCriteriaInline, admin.TabularInline):
    model = Criterion
    form = CriterionAdminForm
    extra = 0
    fields = ("order", "name", "max_points", "description")

    def parent_campaign(self, obj):
        return obj.campaign


class CriteriaLockedAdminMixin:
    """Criteria sets and criteria: not changed or deleted once their campaign's criteria are locked."""

    def has_change_permission(self, request, obj=None):
        if obj is not None and _criteria_locked(self._campaign_of(obj)):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and _criteria_locked(self._campaign_of(obj)):
            return False
        return super().has_delete_permission(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if request.method == "GET" and obj is not None and _criteria_locked(self._campaign_of(obj)):
            self.message_user(request, CRITERIA_LOCKED_MESSAGE, messages.INFO)
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(CriteriaSet)
class CriteriaSetAdmin(CriteriaLockedAdminMixin, CampaignScopedMixin, admin.ModelAdmin):
    form = CriteriaSetAdminForm
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
            kwargs["queryset"] = _editable_campaigns(request.user).criteria_unlocked()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Criterion)
class CriterionAdmin(CriteriaLockedAdminMixin, CampaignScopedMixin, admin.ModelAdmin):
    form = CriterionAdminForm
    campaign_path = "criteria_set__campaign"
    list_display = ("name", "criteria_set", "max_points", "order")
    list_select_related = ("criteria_set", "criteria_set__campaign")
    list_filter = (
        type("CriterionCampaignFilter", (CampaignFilter,), {"campaign_lookup": "criteria_set__campaign_id"}),
    )
    search_fields = ("name",)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "criteria_set":
            kwargs["queryset"] = CriteriaSet.objects.filter(
                campaign__in=_editable_campaigns(request.user).criteria_unlocked()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def _editable_campaigns(user) -> QuerySet:
    s = scope(user)
    qs = Campaign.objects.not_summarized()
    if s.is_admin:
        return qs
    return qs.filter(committee_id__in=s.led_committee_ids)


class CriteriaSetInline(LockedWithCriteriaInline, admin.TabularInline):
    model = CriteriaSet
    form = CriteriaSetAdminForm
    extra = 0
    fields = ("kind", "name", "threshold")
    show_change_link = True


class CampaignDocumentAdminForm(CampaignDocumentForm):
    """The campaign page's document form (its content check, its title from the file name), in the admin."""

    class Meta(CampaignDocumentForm.Meta):
        fields = ["campaign", "title", "file"]
        widgets = {}


class CampaignDocumentInline(admin.TabularInline):
    model = CampaignDocument
    form = CampaignDocumentAdminForm
    extra = 0
    fields = ("title", "file", "uploaded_at")
    readonly_fields = ("uploaded_at",)


@admin.display(description=_("thao tác"), ordering="action")
def campaign_action_label(model_admin, log: CampaignLog) -> str:
    """The log's move as people read it: a column of the campaign's history and of the log list."""
    return log.action_label


class CampaignLogInline(LogInline):
    model = CampaignLog
    fields = ("created_at", "action_label", "from_state", "to_state", "actor", "comment")
    verbose_name = _("nhật ký")
    verbose_name_plural = _("nhật ký đợt phát động")
    action_label = campaign_action_label


class CampaignAdminForm(CampaignForm):
    """The campaign page's form (its checks of year and dates), in the admin; committees come from the admin."""

    dvk_user = None

    class Meta(CampaignForm.Meta):
        widgets = {"theme": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, user=self.dvk_user, **kwargs)


# What stays as launched: who runs the campaign, its year and its rules. Dates that only widen the
# window, the name and the theme may still be corrected (issue 19: "where it is safe").
FIXED_ONCE_LAUNCHED = ("committee", "year", "starts_on", "registration_opens_on", "requires_inspection")


class LaunchForm(forms.Form):
    comment = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class SummarizeForm(forms.Form):
    lessons_learned = forms.CharField(
        label=_("Bài học kinh nghiệm"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Ghi nhận cách làm hay, hạn chế và định hướng cho năm sau."),
    )


# A change to one of these dates on a launched campaign is announced to everyone in its scope.
DEADLINE_FIELDS = {"starts_on", "ends_on", "registration_opens_on", "registration_closes_on"}


@admin.register(Campaign)
class CampaignAdmin(CheckedDeleteMixin, TransitionPagesMixin, FoldedSearchMixin, admin.ModelAdmin):
    form = CampaignAdminForm
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
        (_("Công nhận"), {"fields": ("requires_inspection", "quorum")}),
        (_("Nhắc việc"), {"fields": ("sends_reminders", "reminder_days")}),
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

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.dvk_user = request.user
        return form

    def has_add_permission(self, request):
        # As the campaign pages: only those who lead a committee create a campaign.
        return _leads_any_committee(request.user) and super().has_add_permission(request)

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
            fields += ["lessons_learned", *FIXED_ONCE_LAUNCHED]
        if obj is not None and obj.criteria_locked:
            # Like the criteria: once a sheet is scored, how many sheets decide does not change either.
            fields.append("quorum")
        return fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "committee":
            kwargs["queryset"] = led_committees(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.save()
            return
        # Only what the form changed: a plain save would write back the state read when the page was
        # opened, undoing a launch or a summary made meanwhile (only the campaign lifecycle writes it).
        changed = [name for name in form.changed_data if name in form.fields]
        if changed:
            obj.save(update_fields=changed)
        if obj.state == CampaignState.LAUNCHED and set(changed) & DEADLINE_FIELDS:
            announce(obj, "deadline_changed", request.user)

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

    @form_action(
        SummarizeForm,
        description=_("Tổng kết các đợt đã chọn"),
        title=_("Tổng kết đợt phát động"),
        submit_label=_("Tổng kết"),
        intro=_("Sau khi tổng kết, mọi hồ sơ của đợt phát động sẽ không thể thay đổi nữa."),
    )
    def summarize_selected(self, request, queryset, form):
        self._apply(
            request,
            queryset.select_related("committee"),
            "summarize",
            lessons_learned=form.cleaned_data["lessons_learned"],
        )


@admin.register(CampaignDocument)
class CampaignDocumentAdmin(CampaignScopedMixin, admin.ModelAdmin):
    form = CampaignDocumentAdminForm
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
    list_display = ("campaign", "action_label", "from_state", "to_state", "actor", "created_at")
    list_select_related = ("campaign", "actor")
    list_filter = (CampaignFilter, ("action", labelled_values_filter(campaign_log_label)))
    date_hierarchy = "created_at"
    action_label = campaign_action_label
