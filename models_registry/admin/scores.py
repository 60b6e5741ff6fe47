"""Admin screens of score sheets and their points: the score page's rules, and its entry point for every write.

A member sees and writes only their own sheet, others' once submitted (the page's blind scoring, `sheets_seen`);
every point, every new sheet and every removal goes through `ScoreSheet`'s own methods, so a sheet submitted on
the score page while an admin form was open is never written, un-submitted or removed.
"""

from __future__ import annotations

from collections import defaultdict

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from campaigns.access import scope
from campaigns.admin import search_folded
from campaigns.admin.common import CheckedDeleteMixin
from campaigns.models import LEADING_ROLES, Campaign, Criterion

from ..access import is_committee_member_for, set_aside_refusal, visible_related
from ..lifecycle import TransitionError
from ..models import SHEET_SEALED, Initiative, ScoreItem, ScoreSheet
from .records import InitiativeFilter, RelatedRecordAdmin, ScopedRecordForm, become, committee_users

User = get_user_model()


class ScoreItemFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        sheet = self.instance
        if sheet is None or not sheet.initiative_id:
            return
        criteria_set = sheet.initiative.campaign.criteria_set_for(sheet.initiative.kind)
        for form in self.forms:
            criterion = getattr(form, "cleaned_data", {}).get("criterion")
            if criterion is not None and (criteria_set is None or criterion.criteria_set_id != criteria_set.pk):
                form.add_error(
                    "criterion",
                    _("Tiêu chí này không thuộc bộ tiêu chí “%(set)s” của hồ sơ.") % {"set": criteria_set or "—"},
                )


class ScoreItemInline(admin.TabularInline):
    model = ScoreItem
    formset = ScoreItemFormSet
    extra = 0
    fields = ("criterion", "points", "comment")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "criterion":
            kwargs["queryset"] = Criterion.objects.filter(
                criteria_set__campaign__in=Campaign.objects.visible_to(request.user).not_summarized()
            ).select_related("criteria_set")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def sheet_refusal(user, sheet: ScoreSheet) -> str | None:
    """Why `user` may not write this score sheet now (None when they may): the score page's rules.

    Each member writes only their own sheet (an administrator any), only while the initiative awaits
    recognition, and never once it is submitted: a submitted sheet is sealed.
    """
    if not scope(user).is_admin and sheet.member_id != user.pk:
        return gettext("Mỗi thành viên chỉ chấm phiếu của chính mình.")
    if sheet.submitted_at is not None:
        return str(SHEET_SEALED)
    return sheet.initiative.scoring_state_refusal()


def sheets_seen(qs, user, prefix: str = ""):
    """The score page's blind scoring, for lists of sheets (or of their points, through `prefix`).

    One sees one's own sheet; others' only once submitted, and only by a leader of a committee over the
    unit or by a member whose own sheet for that initiative is in. Administrators see all.
    """
    s = scope(user)
    if s.is_admin:
        return qs
    own_submitted = ScoreSheet.objects.filter(initiative=OuterRef(f"{prefix}initiative"), member=user.pk).submitted()
    others = Q(**{f"{prefix}submitted_at__isnull": False}) & (
        s.oversight_q(f"{prefix}initiative__unit__", LEADING_ROLES) | Q(Exists(own_submitted))
    )
    return qs.filter(Q(**{f"{prefix}member": user.pk}) | others)


class ScoreSheetForm(ScopedRecordForm):
    class Meta:
        model = ScoreSheet
        fields = ("initiative", "member")

    def state_refusal(self, initiative: Initiative) -> str | None:
        return initiative.scoring_state_refusal()

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and ScoreSheet.objects.filter(pk=self.instance.pk).submitted().exists():
            # Submitted on the score page while this form was open.
            raise ValidationError(SHEET_SEALED)
        initiative = self.record_initiative(cleaned)
        member = cleaned.get("member") or getattr(self.instance, "member", None)
        if initiative is not None and member is not None:
            if not is_committee_member_for(member, initiative):
                self.add_error("member", _("Người chấm phải là thành viên Ban Chỉ đạo phụ trách đơn vị."))
            elif refusal := set_aside_refusal(member, initiative, named=True):
                self.add_error("member", refusal)
        return cleaned


class ScoresThroughEntryPointMixin:
    """For the admins of score sheets and their points: every point is written by the score page's entry point
    (`ScoreSheet.objects.record`: only an unsubmitted sheet, its total summed in the same step)."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except TransitionError as error:
            # Submitted on the score page, or the initiative decided, between this form's checks and its
            # save: nothing was written (the view's transaction rolled back); the page says why.
            self.message_user(request, str(error), messages.ERROR)
            return redirect(request.get_full_path())

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except TransitionError as error:
            # The same race on a delete page: nothing removed, the list says why.
            self.message_user(request, str(error), messages.ERROR)
            return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")

    def response_action(self, request, queryset):
        try:
            # All or none: a bulk delete that meets a submission halfway removes nothing (the admin's own
            # history of the deletions included), not the rows before it.
            with transaction.atomic():
                return super().response_action(request, queryset)
        except TransitionError as error:
            self.message_user(request, str(error), messages.ERROR)
            return redirect(request.get_full_path())


@admin.register(ScoreSheet)
class ScoreSheetAdmin(ScoresThroughEntryPointMixin, RelatedRecordAdmin):
    form = ScoreSheetForm
    list_display = ("initiative", "member", "total", "submitted_at")
    list_select_related = ("initiative", "member")
    list_filter = (InitiativeFilter, ("submitted_at", admin.EmptyFieldListFilter))
    date_hierarchy = "submitted_at"
    fields = ("initiative", "member", "total", "submitted_at")
    # Submitting is done on the score page, which checks that every criterion has its points.
    readonly_fields = ("total", "submitted_at")
    inlines = (ScoreItemInline,)

    def get_queryset(self, request):
        return sheets_seen(super().get_queryset(request), request.user)

    def has_change_permission(self, request, obj=None):
        if obj is not None and sheet_refusal(request.user, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and sheet_refusal(request.user, obj):
            return False
        return super().has_delete_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "member":
            if scope(request.user).is_admin:
                kwargs["queryset"] = committee_users(request.user)
            else:
                kwargs["queryset"] = User.objects.filter(pk=request.user.pk)
            kwargs["initial"] = request.user.pk
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if change:
            # Only who scores, and only while not submitted: a plain save wrote back the submission and the
            # total as this form read them, un-submitting a sheet submitted on the score page meanwhile.
            # The points go in save_related.
            if "member" in form.changed_data and not ScoreSheet.objects.filter(pk=obj.pk).drafts().update(
                member=obj.member
            ):
                raise TransitionError(SHEET_SEALED)
            return
        # A new sheet is the score page's: made by its entry point (one per member, never a submitted one).
        become(obj, ScoreSheet.objects.record(obj.initiative, obj.member, []))

    def delete_model(self, request, obj):
        obj.discard()  # only a draft: a plain delete removed a sheet submitted meanwhile

    def delete_queryset(self, request, queryset):
        queryset.discard()

    def save_related(self, request, form, formsets, change):
        form.save_m2m()
        sheet, scores = form.instance, {}
        for formset in formsets:
            formset.save(commit=False)  # what the admin's history says changed; nothing is written here
            for item_form in formset.forms:
                data = getattr(item_form, "cleaned_data", None) or {}
                if data.get("criterion") is not None and not data.get("DELETE"):
                    scores[data["criterion"]] = (data["points"], data.get("comment", ""))
        # The points through the score page's entry point: the rows not kept are removed, the total summed,
        # and only while the sheet is not submitted.
        removed = [
            (item.criterion, None, "")
            for item in sheet.items.select_related("criterion")
            if item.criterion not in scores
        ]
        ScoreSheet.objects.record(
            sheet.initiative, sheet.member, removed + [(c, p, comment) for c, (p, comment) in scores.items()]
        )


@admin.register(ScoreItem)
class ScoreItemAdmin(ScoresThroughEntryPointMixin, CheckedDeleteMixin, admin.ModelAdmin):
    list_display = ("sheet", "criterion", "points")
    list_select_related = ("sheet__initiative", "sheet__member", "criterion")
    search_fields = ("sheet__initiative__search_text",)
    raw_id_fields = ("sheet",)
    fields = ("sheet", "criterion", "points", "comment")
    readonly_fields = ("sheet", "criterion")

    def has_change_permission(self, request, obj=None):
        # A point belongs to its sheet: the sheet's rules (own, open, not submitted) decide.
        if obj is not None and sheet_refusal(request.user, obj.sheet):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and sheet_refusal(request.user, obj.sheet):
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        sheet = obj.sheet
        ScoreSheet.objects.record(sheet.initiative, sheet.member, [(obj.criterion, obj.points, obj.comment)])

    def delete_model(self, request, obj):
        # A blank score removes the point and sums the total again (a plain delete left the total stale).
        sheet = obj.sheet
        ScoreSheet.objects.record(sheet.initiative, sheet.member, [(obj.criterion, None, "")])

    def delete_queryset(self, request, queryset):
        # One entry-point call per sheet (its total summed once), not one per point.
        by_sheet = defaultdict(list)
        for item in queryset.select_related("sheet__initiative", "sheet__member", "criterion").order_by("sheet", "pk"):
            by_sheet[item.sheet].append((item.criterion, None, ""))
        for sheet, removed in by_sheet.items():
            ScoreSheet.objects.record(sheet.initiative, sheet.member, removed)

    def get_queryset(self, request):
        qs = visible_related(super().get_queryset(request), request.user, prefix="sheet__initiative__")
        return sheets_seen(qs, request.user, prefix="sheet__")

    def get_search_results(self, request, queryset, search_term):
        return search_folded(queryset, search_term, "sheet__initiative__search_text"), False

    def has_add_permission(self, request):
        return False  # points are entered on the score sheet
