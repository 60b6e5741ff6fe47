"""Admin screens of what hangs off an initiative: its history, inspections, decisions, evidence (scores: scores.py).

Every `get_queryset` goes through `visible_related`, so a committee member in the admin sees only
their own subtree; a record is frozen with its initiative's campaign.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from campaigns.access import scope
from campaigns.admin import (
    CampaignFilter,
    FoldedSearchMixin,
    ReadOnlyAdminMixin,
)
from campaigns.admin.common import CheckedDeleteMixin, labelled_values_filter
from campaigns.lifecycle import SUMMARIZED_MESSAGE

from ..access import (
    INSPECTORS_ONLY,
    is_committee_member_for,
    visible_related,
)
from ..evidence import (
    check_upload,
    removal_refusal,
    save_attachments,
    upload_refusal,
)
from ..lifecycle import TransitionError, log_label
from ..models import (
    Attachment,
    Initiative,
    Inspection,
    RecognitionDecision,
    TransitionLog,
)
from .initiatives import action_label

User = get_user_model()


def committee_users(user):
    """Committee members whom this user may name as inspectors or scorers (a few hundred at most)."""
    s = scope(user)
    qs = User.objects.filter(committee_memberships__isnull=False)
    if not s.is_admin:
        qs = qs.filter(
            Q(pk=user.pk)
            | s.oversight_q("committee_memberships__committee__unit__")
            | Q(committee_memberships__committee__unit__path__in=s.ancestor_paths_of_own_units())
        )
    return qs.distinct().order_by("last_name", "first_name", "username")


class InitiativeFilter(CampaignFilter):
    campaign_lookup = "initiative__campaign_id"


# ----- the history --------------------------------------------------------------------------
class InitiativeSearchMixin(FoldedSearchMixin):
    folded_search_lookup = "initiative__search_text"


@admin.register(TransitionLog)
class TransitionLogAdmin(ReadOnlyAdminMixin, InitiativeSearchMixin, admin.ModelAdmin):
    list_display = ("created_at", "initiative", "action_label", "from_state", "to_state", "actor")
    list_select_related = ("initiative", "actor")
    list_filter = (InitiativeFilter, ("action", labelled_values_filter(log_label)), "to_state")
    date_hierarchy = "created_at"
    show_full_result_count = False
    fields = ("initiative", "action", "from_state", "to_state", "actor", "comment", "created_at")
    readonly_fields = fields

    def get_queryset(self, request):
        return visible_related(super().get_queryset(request), request.user)

    @admin.display(description=_("thao tác"), ordering="action")
    def action_label(self, obj: TransitionLog) -> str:
        return action_label(obj)


# ----- records that hang off an initiative ----------------------------------------------------
class EntryPointAddMixin:
    """For an admin whose new rows are made by the model's entry point (`create_through`: its lock and its
    checks, the people it tells), never a plain INSERT; a change is a plain save.

    Two at once: both forms were valid, the second met the first in the entry point (a TransitionError,
    the view's transaction rolled back). Validated again, the form now sees the first and says so beside
    its field, as it does for one made earlier, instead of a server error.
    """

    def create_through(self, request, form):
        raise NotImplementedError

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except TransitionError:
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        become(obj, self.create_through(request, form))


def become(obj, made) -> None:
    """Make the admin's unsaved `obj` the row an entry point `made`: the admin logs and links the object it holds."""
    for field in made._meta.concrete_fields:
        setattr(obj, field.attname, getattr(made, field.attname))
    obj._state.adding, obj._state.db = False, made._state.db


class RelatedRecordAdmin(CheckedDeleteMixin, InitiativeSearchMixin, admin.ModelAdmin):
    """Inspections, score sheets, awards, evidence: scoped through their initiative, frozen with its campaign."""

    autocomplete_fields = ("initiative",)
    show_full_result_count = False

    def get_queryset(self, request):
        return visible_related(super().get_queryset(request), request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "initiative":
            # The search box offers only these, and a typed id outside them is "not a valid choice":
            # nothing is recorded against another unit's initiative, nor is its existence told.
            kwargs["queryset"] = Initiative.objects.visible_to(request.user).select_related("unit", "campaign")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.dvk_user = request.user
        return form

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.initiative.is_frozen:
            return False
        may_record = getattr(self.form, "may_record", None)
        if obj is not None and may_record is not None and not may_record(request.user, obj.initiative):
            # Shown read only to whom the page would refuse (a plain member and a commendation).
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.initiative.is_frozen:
            return False
        return super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields.append("initiative")
        return fields


class ScopedRecordForm(forms.ModelForm):
    """Checks shared by the forms of records hanging off an initiative."""

    dvk_user = None
    # Who may write this record for an initiative (user, initiative) -> bool, and what others are told.
    may_record = None
    role_message = ""

    def record_initiative(self, cleaned: dict) -> Initiative | None:
        """The initiative this record hangs off: the one chosen, or the stored one when it is read only."""
        return cleaned.get("initiative") or getattr(self.instance, "initiative", None)

    def clean(self):
        cleaned = super().clean()
        initiative = self.record_initiative(cleaned)
        if initiative is None:
            return cleaned
        if initiative.is_frozen:
            raise ValidationError(SUMMARIZED_MESSAGE)
        state_refusal = self.state_refusal(initiative)
        if state_refusal:
            raise ValidationError(state_refusal)
        if self.may_record is not None and not self.may_record(self.dvk_user, initiative):
            raise ValidationError(self.role_message)
        if self.instance.pk is None:
            try:
                self.check_new(initiative, cleaned)
            except TransitionError as error:
                # Next to the field it is about (the decision of a second commendation), else above the form.
                error.show_on(self)
        return cleaned

    def state_refusal(self, initiative: Initiative) -> str | None:
        """Why this record may not be written for `initiative` in its state (its page's words), or None."""
        return None

    def check_new(self, initiative: Initiative, cleaned: dict) -> None:
        """Raise TransitionError when a new record may not hang off `initiative` (its page's own check)."""


class InspectionForm(ScopedRecordForm):
    may_record = staticmethod(is_committee_member_for)
    role_message = INSPECTORS_ONLY

    class Meta:
        model = Inspection
        fields = (
            "initiative",
            "inspected_on",
            "inspectors",
            "completion",
            "effectiveness",
            "findings",
            "recommendations",
        )

    def state_refusal(self, initiative: Initiative) -> str | None:
        return initiative.inspection_refusal()


@admin.register(Inspection)
class InspectionAdmin(EntryPointAddMixin, RelatedRecordAdmin):
    form = InspectionForm
    list_display = ("initiative", "inspected_on", "completion", "effectiveness", "unit_name")
    list_select_related = ("initiative", "initiative__unit")
    list_filter = (InitiativeFilter, "effectiveness")
    date_hierarchy = "inspected_on"
    fields = ("initiative", "inspected_on", "inspectors", "completion", "effectiveness", "findings", "recommendations")

    @admin.display(description=_("đơn vị"), ordering="initiative__unit__name")
    def unit_name(self, obj: Inspection) -> str:
        return obj.initiative.unit.name

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "inspectors":
            kwargs["queryset"] = committee_users(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def create_through(self, request, form):
        # Recorded as the inspection page records it (the committee's member, the state, the unit told).
        data = form.cleaned_data
        return Inspection.objects.record(
            data["initiative"],
            request.user,
            inspectors=data["inspectors"],
            **{name: data[name] for name in self.fields if name not in ("initiative", "inspectors")},
        )


@admin.register(RecognitionDecision)
class RecognitionDecisionAdmin(admin.ModelAdmin):
    list_display = ("number", "decided_on", "committee", "level", "signer", "initiative_count")
    list_select_related = ("committee", "amends")
    list_filter = ("level", ("committee", admin.RelatedOnlyFieldListFilter))
    search_fields = ("number", "signer")
    date_hierarchy = "decided_on"
    fields = (
        "committee",
        "number",
        "decided_on",
        "level",
        "signer",
        "note",
        "legal_bases",
        "amends",
        "amendment",
        "reason",
        "initiatives_list",
    )
    readonly_fields = (
        "committee",
        "number",
        "decided_on",
        "level",
        "amends",
        "amendment",
        "reason",
        "initiatives_list",
    )
    show_full_result_count = False

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None and "legal_bases" in form.base_fields:
            # The bases this decision cites come from its own committee's library.
            form.base_fields["legal_bases"].queryset = obj.committee.legal_bases.all()
        return form

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user).with_recognized_count()

    def has_add_permission(self, request):
        # A decision is issued by the "recognize" move, which recognizes its initiatives in the same act.
        return False

    def has_change_permission(self, request, obj=None):
        if obj is not None and not scope(request.user).leads_committee(obj.committee_id):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("số hồ sơ được công nhận"), ordering="n")
    def initiative_count(self, obj: RecognitionDecision) -> int | str:
        return obj.amends_line or obj.n

    @admin.display(description=_("các hồ sơ được công nhận"))
    def initiatives_list(self, obj: RecognitionDecision):
        rows = obj.recognized_initiatives().select_related("unit").order_by("unit__path", "name")
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a> — {}</li>',
                ((reverse("admin:models_registry_initiative_change", args=[i.pk]), i.name, i.unit.name) for i in rows),
            ),
        )


class AttachmentForm(ScopedRecordForm):
    class Meta:
        model = Attachment
        fields = ("initiative", "purpose", "inspection", "file")

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is not None and hasattr(upload, "content_type"):
            try:
                check_upload(upload)
            except ValueError as error:
                raise ValidationError(str(error))
        return upload

    def clean(self):
        cleaned = super().clean()
        initiative = self.record_initiative(cleaned)
        inspection = cleaned.get("inspection")
        if initiative is not None and inspection is not None and inspection.initiative_id != initiative.pk:
            self.add_error("inspection", _("Lần kiểm tra này thuộc hồ sơ khác."))
        purpose = cleaned.get("purpose")
        if initiative is not None and purpose and self.instance.pk is None:
            # The pages' rule: evidence of results from the unit's staff, inspection files from the committee.
            refusal = upload_refusal(self.dvk_user, initiative, purpose)
            if refusal:
                raise ValidationError(refusal)
        return cleaned


@admin.register(Attachment)
class AttachmentAdmin(EntryPointAddMixin, RelatedRecordAdmin):
    form = AttachmentForm
    list_display = ("original_name", "initiative", "purpose", "content_type", "size_display", "uploaded_at")
    list_select_related = ("initiative",)
    list_filter = (InitiativeFilter, "purpose", "content_type")
    date_hierarchy = "uploaded_at"
    raw_id_fields = ("inspection",)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("initiative", "purpose", "inspection", "file")
        # The stored file is reached only through the scoped download view, never its media URL.
        return ("initiative", "purpose", "inspection", "download", "content_type", "size_display", "uploaded_at")

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return ("initiative", "purpose", "inspection", "download", "content_type", "size_display", "uploaded_at")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "inspection":
            kwargs["queryset"] = visible_related(Inspection.objects.all(), request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        # A file is added or removed, never rewritten: what the committee scored against stays as it was.
        if obj is not None:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # Administrators remove any file here (the admin logs it); others by the page's rule.
        if obj is not None and not scope(request.user).is_admin and removal_refusal(request.user, obj.initiative, obj):
            return False
        return super().has_delete_permission(request, obj)

    @admin.display(description=_("dung lượng"), ordering="size")
    def size_display(self, obj: Attachment) -> str:
        return filesizeformat(obj.size)

    @admin.display(description=_("tệp"))
    def download(self, obj: Attachment):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.original_name)

    def create_through(self, request, form):
        data = form.cleaned_data
        saved, refused = save_attachments(
            data["initiative"], [data["file"]], request.user, purpose=data["purpose"], inspection=data.get("inspection")
        )
        if refused:  # the form checked the file and the rule; read again, one no longer passes
            raise TransitionError(refused[0], field="file")
        return saved[0]
