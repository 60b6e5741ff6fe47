"""Admin screens of an initiative: its page, the moves from it, the bulk moves of the list.

`get_queryset` goes through `visible_to(user)`, so a committee member in the admin sees only their
own subtree. The state is never a form field: moves are the buttons on an initiative's page and the
bulk actions of the list, and all of them call the lifecycle entry point.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected as django_delete_selected
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import SEARCH_VAR
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from campaigns.access import scope, units_for_registration
from campaigns.admin import (
    CampaignFilter,
    FoldedSearchMixin,
    LogInline,
    TransitionPagesMixin,
    UnitAreaFilter,
    UnitKindFilter,
    form_action,
)
from campaigns.models import Campaign, Field

from ..access import is_leader_for, is_unit_staff
from ..bulk import BulkTransitionError, apply_many, recognize_many
from ..lifecycle import (
    TRANSITIONS,
    TransitionError,
    apply,
    available_actions,
    check,
    log_label,
)
from ..models import (
    PERIOD_FIELDS,
    REGISTRATION_CONTENT,
    REGISTRATION_FIELDS,
    REGISTRATION_HEAD,
    STALE_EDIT,
    WOMEN_FIELDS,
    Attachment,
    Initiative,
    StaleEdit,
    TransitionLog,
)
from ..paginators import SEARCH_COUNT_CAP, CappedPaginator
from ..transition_forms import TRANSITION_FORMS, RecognizeForm

User = get_user_model()

# How many refusals a bulk action lists one by one before summing up the rest.
MAX_LISTED_REFUSALS = 20


# ----- initiatives --------------------------------------------------------------------------
def action_label(log: TransitionLog) -> str:
    """The move's name as people read it (see lifecycle.log_label)."""
    return log_label(log.action)


class TransitionLogInline(LogInline):
    """The history of an initiative: read only, written by the lifecycle alone."""

    model = TransitionLog
    fields = ("created_at", "action_label", "from_state", "to_state", "actor", "comment")
    verbose_name = _("bước")
    verbose_name_plural = _("nhật ký")

    @admin.display(description=_("thao tác"))
    def action_label(self, obj: TransitionLog) -> str:
        return action_label(obj)


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    can_delete = False
    fields = ("original_name", "purpose", "content_type", "size_display", "uploaded_at")
    readonly_fields = fields
    verbose_name_plural = _("minh chứng")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("dung lượng"))
    def size_display(self, obj: Attachment) -> str:
        return filesizeformat(obj.size)


LIFECYCLE_FIELDS = (
    "state",
    "submitted_at",
    "plan_note",
    "confirmed_criteria",
    "supporting_cadres",
    "results_report",
    "decision",
    "last_inspected_on",
    "mean_score_display",
    "created_at",
    "updated_at",
)
# The content as the admin lays it out: the two dates of the period share a line.
CONTENT_FIELDSET = tuple(
    PERIOD_FIELDS if name == "starts_on" else name for name in REGISTRATION_CONTENT if name != "ends_on"
)
FLAG_FIELDS = ("outstanding", "pending_case")


class InitiativeAdminForm(forms.ModelForm):
    """The admin's edit form: the version it was read at travels along, so a stale save is refused."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Initiative
        fields = ("campaign", "unit", *REGISTRATION_FIELDS, *WOMEN_FIELDS, *FLAG_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "expected_version" in self.fields:
            self.fields["expected_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        expected = cleaned.get("expected_version")
        if self.instance.pk and expected is not None:
            current = Initiative.objects.filter(pk=self.instance.pk).values_list("version", flat=True).first()
            if current != expected:
                raise ValidationError(STALE_EDIT)
        return cleaned


def guarded_delete_selected(modeladmin, request, queryset):
    """Delete only initiatives without history; one with a log is withdrawn, never deleted."""
    with_history = queryset.filter(pk__in=TransitionLog.objects.values("initiative_id"))
    count = with_history.count()
    if count:
        modeladmin.message_user(
            request,
            gettext(
                "Không thể xóa %(count)d hồ sơ đã có nhật ký xử lý (ví dụ “%(name)s”). Hãy dùng thao tác "
                "“Rút đăng ký” thay vì xóa."
            )
            % {"count": count, "name": with_history.first()},
            messages.ERROR,
        )
        return None
    return django_delete_selected(modeladmin, request, queryset)


guarded_delete_selected.short_description = _("Xóa các hồ sơ đã chọn (chỉ hồ sơ chưa có nhật ký)")
guarded_delete_selected.allowed_permissions = ("delete",)


def bulk_move(action: str, name: str, description):
    """Return the admin action `name`: one lifecycle move applied to each chosen initiative, each checked on its own
    (the intermediate page asks for what the move needs, as the initiative's own page does)."""
    transition = TRANSITIONS[action]
    label = capfirst(transition.label)

    @form_action(
        TRANSITION_FORMS[action],
        description=description,
        title=label,
        submit_label=label,
        intro=_("Mỗi hồ sơ được kiểm tra riêng; hồ sơ không đủ điều kiện sẽ được báo lại kèm lý do."),
        name=name,
        action=action,
    )
    def move_selected(modeladmin, request, queryset, form):
        outcomes = apply_many(queryset.select_related("unit", "campaign"), action, request.user, **form.params())
        modeladmin._report(request, outcomes, transition.label)

    return move_selected


@admin.register(Initiative)
class InitiativeAdmin(TransitionPagesMixin, FoldedSearchMixin, admin.ModelAdmin):
    form = InitiativeAdminForm
    transition_table = TRANSITIONS
    # Adds the hidden version field to the mixin's page.
    change_form_template = "admin/models_registry/initiative/change_form.html"
    list_display = ("name", "unit", "campaign", "field", "kind", "subject", "origin", "state", "updated_at")
    list_display_links = ("name",)
    list_select_related = ("unit", "campaign", "field")
    list_filter = (
        CampaignFilter,
        "field",
        "state",
        "kind",
        "subject",
        "origin",
        UnitKindFilter,
        UnitAreaFilter,
        "outstanding",
        "pending_case",
    )
    # No date_hierarchy: it runs SELECT DISTINCT DATE_TRUNC over every visible row on each load
    # (most of the changelist's time at a million rows); the campaign filter gives the years.
    autocomplete_fields = ("unit", "continues", "replicates")
    show_full_result_count = False
    # Counts at most 10,000 rows: the page then says "more than" instead of counting everything.
    paginator = CappedPaginator
    list_per_page = 50
    inlines = (TransitionLogInline, AttachmentInline)
    actions = (
        "approve_selected",
        "return_selected",
        "reject_selected",
        "decline_selected",
        "recognize_selected",
        "export_xlsx",
        "export_csv",
    )

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user).select_related("unit", "campaign", "field")

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        # The changelist needs a count (its pages, "select all N"), so a search is counted too,
        # but only up to SEARCH_COUNT_CAP: beyond it the page says "more than 1,000".
        searching = bool(request.GET.get(SEARCH_VAR, "").strip())
        cap = SEARCH_COUNT_CAP if searching else None
        return self.paginator(queryset, per_page, orphans, allow_empty_first_page, cap=cap)

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        return queryset.search(search_term), False

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (_("Đăng ký"), {"fields": ["campaign", "unit", *REGISTRATION_HEAD, *WOMEN_FIELDS, "name"]}),
            (_("Nội dung"), {"fields": list(CONTENT_FIELDSET)}),
            (_("Tiêu biểu, khen thưởng"), {"fields": list(FLAG_FIELDS)}),
        ]
        if obj is not None:
            # The hidden `expected_version` is rendered by the change_form template, outside any fieldset.
            fieldsets.insert(0, (_("Quá trình xử lý"), {"fields": list(LIFECYCLE_FIELDS)}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return LIFECYCLE_FIELDS
        fields = [*LIFECYCLE_FIELDS, "campaign", "unit"]
        if not (obj.is_editable and is_unit_staff(request.user, obj)):
            # Content belongs to the unit; the committee asks for changes through "return for revision".
            fields += (*REGISTRATION_FIELDS, *WOMEN_FIELDS)
        if not is_leader_for(request.user, obj):
            # The pages leave "outstanding" and "pending case" to the chair and the secretariat.
            fields += FLAG_FIELDS
        return fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        user = request.user
        if db_field.name == "campaign":
            kwargs["queryset"] = Campaign.objects.visible_to(user).not_summarized()
        elif db_field.name == "field":
            kwargs["queryset"] = Field.objects.filter(active=True)
        elif db_field.name == "unit":
            # The registration page's rule: one registers for one's own units only.
            kwargs["queryset"] = units_for_registration(user)
        elif db_field.name == "continues":
            kwargs["queryset"] = Initiative.objects.visible_to(user)
        elif db_field.name == "replicates":
            # As on the registration page: a recognized (public) initiative, or one in one's scope.
            kwargs["queryset"] = Initiative.objects.filter(
                Q(pk__in=Initiative.objects.public().values("pk"))
                | Q(pk__in=Initiative.objects.visible_to(user).values("pk"))
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_add_permission(self, request):
        # `units_for_registration(user)` is not empty, read from the cached scope (no query on every list).
        return scope(request.user).may_register and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_frozen:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.logs.exists():
            return False
        return super().has_delete_permission(request, obj)

    def delete_queryset(self, request, queryset):
        # Second line of defence behind the guarded action: history is never deleted.
        with_history = queryset.filter(pk__in=TransitionLog.objects.values("initiative_id"))
        if with_history.exists():
            self.message_user(
                request,
                gettext("Hồ sơ đã có nhật ký xử lý không bị xóa; hãy dùng “Rút đăng ký”."),
                messages.WARNING,
            )
        queryset.exclude(pk__in=TransitionLog.objects.values("initiative_id")).delete()

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and obj.logs.exists():
            self.message_user(
                request,
                gettext("Không thể xóa hồ sơ đã có nhật ký xử lý. Hãy dùng thao tác “Rút đăng ký” thay vì xóa."),
                messages.ERROR,
            )
            return HttpResponseRedirect(reverse("admin:models_registry_initiative_change", args=[obj.pk]))
        return super().delete_view(request, object_id, extra_context)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            actions["delete_selected"] = (
                guarded_delete_selected,
                "delete_selected",
                guarded_delete_selected.short_description,
            )
        return actions

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
            obj.save()
            return
        changed = [name for name in form.changed_data if name != "expected_version"]
        if not changed:
            return
        # Never `obj.save()` here: it would write back a state read before someone else's move.
        content = [name for name in changed if name not in FLAG_FIELDS]
        try:
            if content:
                obj.save_edit(form.cleaned_data.get("expected_version") or obj.version, update_fields=content)
        except StaleEdit as error:
            self.message_user(request, str(error.message), messages.ERROR)
            return
        # The flags are written as the committee's pages write them (one method each, with its own rule),
        # never by the content's save: "outstanding" only on a recognized initiative.
        if "pending_case" in changed:
            try:
                obj.set_pending_case(obj.pending_case, by=request.user)
            except TransitionError as error:  # summarized since the form was read
                self.message_user(request, str(error), messages.ERROR)
        if "outstanding" in changed and not obj.mark_outstanding(obj.outstanding):
            self.message_user(request, obj.outstanding_refusal_now(), messages.ERROR)

    @admin.display(description=_("điểm bình quân"))
    def mean_score_display(self, obj: Initiative) -> str:
        mean = obj.mean_score()
        return "—" if mean is None else str(mean)

    # ----- moves from the object page -----------------------------------------------------
    def transitions_for(self, obj, user) -> list:
        return available_actions(obj, user)

    def transition_page(self, request, initiative, transition):
        """Ask what a move needs, then apply it through the entry point."""
        action = transition.action
        change_url = reverse("admin:models_registry_initiative_change", args=[initiative.pk])
        refusal = check(request.user, action, initiative)
        if refusal is not None:
            self.message_user(request, str(refusal), messages.ERROR)
            return HttpResponseRedirect(change_url)

        form_class = TRANSITION_FORMS[action]
        # No uploads here: the admin adds evidence through the initiative's attachments.
        options = {"action": action, "initiative": initiative, "uploads": False}
        if request.method == "POST":
            form = form_class(request.POST, **options)
            if form.is_valid():
                try:
                    if action == "recognize":
                        recognize_many([initiative], request.user, **form.params())
                    else:
                        apply(initiative, action, request.user, **form.params())
                except TransitionError as error:
                    # Refused: say why, keep what was typed.
                    self.message_user(request, str(error), messages.ERROR)
                else:
                    initiative.refresh_from_db()
                    self.message_user(
                        request,
                        gettext("Đã “%(action)s” hồ sơ “%(name)s”. Trạng thái mới: %(state)s.")
                        % {"action": transition.label, "name": initiative, "state": initiative.get_state_display()},
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(change_url)
        else:
            form = form_class(**options)
        return self.render_transition_form(request, initiative, transition, form)

    # ----- bulk moves ---------------------------------------------------------------------
    def _report(self, request, outcomes, label) -> None:
        done = [o for o in outcomes if o.ok]
        refused = [o for o in outcomes if not o.ok]
        if done:
            self.message_user(
                request,
                gettext("Đã “%(action)s” %(count)d hồ sơ.") % {"action": label, "count": len(done)},
                messages.SUCCESS,
            )
        for outcome in refused[:MAX_LISTED_REFUSALS]:
            self.message_user(request, f"“{outcome.initiative}”: {outcome.message}", messages.ERROR)
        if len(refused) > MAX_LISTED_REFUSALS:
            self.message_user(
                request,
                gettext("Và %(count)d hồ sơ khác cũng không thực hiện được.")
                % {"count": len(refused) - MAX_LISTED_REFUSALS},
                messages.ERROR,
            )

    approve_selected = bulk_move("approve", "approve_selected", _("Duyệt các hồ sơ đã chọn"))
    return_selected = bulk_move("return_for_revision", "return_selected", _("Yêu cầu điều chỉnh các hồ sơ đã chọn"))
    reject_selected = bulk_move("reject", "reject_selected", _("Không duyệt các hồ sơ đã chọn"))
    decline_selected = bulk_move("decline_recognition", "decline_selected", _("Không công nhận các hồ sơ đã chọn"))

    @form_action(
        RecognizeForm,
        description=_("Công nhận các hồ sơ đã chọn bằng một quyết định"),
        title=_("Công nhận bằng một quyết định"),
        submit_label=_("Công nhận"),
        intro=_(
            "Một quyết định công nhận tất cả hồ sơ được chọn, hoặc không hồ sơ nào: nếu một hồ sơ chưa đủ "
            "điều kiện, quyết định không được lập."
        ),
    )
    def recognize_selected(self, request, queryset, form):
        initiatives = list(queryset.select_related("unit", "campaign"))
        try:
            decision = recognize_many(initiatives, request.user, **form.params())
        except BulkTransitionError as error:
            self.message_user(request, gettext("Chưa công nhận hồ sơ nào."), messages.ERROR)
            for failure in error.failures[:MAX_LISTED_REFUSALS]:
                self.message_user(request, f"“{failure.initiative}”: {failure.message}", messages.ERROR)
            return False
        except TransitionError as error:
            self.message_user(request, str(error), messages.ERROR)
            return False
        self.message_user(
            request,
            gettext("%(decision)s đã công nhận %(count)d hồ sơ.") % {"decision": decision, "count": len(initiatives)},
            messages.SUCCESS,
        )
        return True

    @admin.action(description=_("Xuất các hồ sơ đã chọn ra Excel (XLSX)"), permissions=["view"])
    def export_xlsx(self, request, queryset):
        from ..reports.export_jobs import ask_list_export

        # A job, not a response: a million rows outlive a request, and a cut-short file is worse than none.
        return ask_list_export(request, queryset, "xlsx")

    @admin.action(description=_("Xuất các hồ sơ đã chọn ra CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        from ..reports.export_jobs import ask_list_export

        return ask_list_export(request, queryset, "csv")
