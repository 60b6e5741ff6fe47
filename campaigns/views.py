"""Campaign pages: the list, create / edit a draft, the overview, launch and summarize.

This app must not import the registry: the counts of a running campaign come from the
reports page `reports:campaign_overview`, linked by URL name.
"""

from __future__ import annotations

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_http_methods

from dvk.dates import date_text
from dvk.forms import NOT_SAVED

from .access import leaders_only, led_committees, scope
from .forms import CampaignForm, DocumentFormSet, LaunchedCampaignForm, criteria_blocks
from .lifecycle import (
    CAMPAIGN_TRANSITIONS,
    SUMMARIZED_MESSAGE,
    UNKNOWN_ACTION,
    TransitionError,
    apply_campaign,
    campaign_actions_for,
    check_campaign,
)
from .models import Campaign, CampaignDocument, CampaignState
from .parts import save_campaign_parts
from .submissions import TOKEN_FIELD, create_once


def _visible(request, pk: int) -> Campaign:
    """Return the campaign if the user may see it (404 otherwise)."""
    return get_object_or_404(Campaign.objects.visible_to(request.user).select_related("committee__unit"), pk=pk)


@login_required
def campaign_list(request):
    """The campaigns this user may see, newest first, with state and registration deadlines."""
    campaigns = list(
        Campaign.objects.visible_to(request.user).select_related("committee__unit").order_by("-year", "name", "pk")
    )
    return render(
        request,
        "campaigns/list.html",
        {
            "campaigns": campaigns,
            "can_create": scope(request.user).may_lead,
        },
    )


def _edit_refusal(campaign: Campaign) -> str | None:
    if campaign.is_frozen:
        return str(SUMMARIZED_MESSAGE)
    if campaign.state != CampaignState.DRAFT:
        return _("Đợt phát động đã phát động: chỉ sửa được khi còn là dự thảo.")
    return None


def _render_form(request, form, blocks, documents, campaign=None, status=200):
    return render(
        request,
        "campaigns/form.html",
        {"form": form, "blocks": blocks, "documents": documents, "campaign": campaign},
        status=status,
    )


def _create_draft(form, blocks, documents) -> Campaign:
    campaign = form.save(commit=False)
    campaign.save_draft(save_parts=lambda saved: save_campaign_parts(saved, blocks, documents))
    form.save_m2m()
    return campaign


@login_required
def campaign_create(request):
    """Create a draft campaign with its criteria sets and launch documents (committee leaders)."""
    if not led_committees(request.user).exists():
        raise PermissionDenied(leaders_only(pgettext_lazy("only leaders may", "tạo đợt phát động")))
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = CampaignForm(data, user=request.user)
    blocks = criteria_blocks(data)
    documents = DocumentFormSet(data, files, prefix="documents")
    if request.method == "POST":
        valid = [form.is_valid(), documents.is_valid()] + [block.is_valid() for block in blocks]
        if all(valid):
            campaign, created = create_once(
                request.POST.get(TOKEN_FIELD), request.user, lambda: _create_draft(form, blocks, documents)
            )
            if campaign is None:
                return redirect("campaigns:list")
            if created:
                messages.success(request, _("Đã tạo dự thảo đợt phát động “%(name)s”.") % {"name": campaign.name})
            return redirect(campaign)
        documents.mark_invalid()
        messages.error(request, NOT_SAVED)
        return _render_form(request, form, blocks, documents, status=400)
    return _render_form(request, form, blocks, documents)


@login_required
def campaign_edit(request, pk: int):
    """Edit a draft campaign; launched and summarized ones do not change here."""
    campaign = _visible(request, pk)
    if not scope(request.user).leads_committee(campaign.committee_id):
        raise PermissionDenied(leaders_only(pgettext_lazy("only leaders may", "sửa được đợt phát động")))
    refusal = _edit_refusal(campaign)
    if refusal:
        raise PermissionDenied(refusal)
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = CampaignForm(data, instance=campaign, user=request.user)
    blocks = criteria_blocks(data, campaign)
    documents = DocumentFormSet(data, files, instance=campaign, prefix="documents")
    if request.method == "POST":
        valid = [form.is_valid(), documents.is_valid()] + [block.is_valid() for block in blocks]
        if all(valid):
            edited = form.save(commit=False)
            fields = ["committee_id" if name == "committee" else name for name in form.Meta.fields]
            if not edited.save_draft(fields, lambda saved: save_campaign_parts(saved, blocks, documents)):
                raise PermissionDenied(_("Người khác vừa phát động đợt này: không thể sửa nữa."))
            messages.success(request, _("Đã lưu đợt phát động “%(name)s”.") % {"name": edited.name})
            return redirect(campaign)
        documents.mark_invalid()
        messages.error(request, NOT_SAVED)
        return _render_form(request, form, blocks, documents, campaign, status=400)
    return _render_form(request, form, blocks, documents, campaign)


def _render_amend(request, form, blocks, documents, campaign, status=200):
    return render(
        request,
        "campaigns/form.html",
        {
            "form": form,
            "blocks": blocks,
            "documents": documents,
            "campaign": campaign,
            "amending": True,
            "criteria_locked": not blocks,
        },
        status=status,
    )


def _changes(before: Campaign, after: Campaign, documents, blocks) -> list[str]:
    """Say in words what an amendment changes (the log's comment and the announcement's body)."""
    changes = []
    if after.registration_closes_on != before.registration_closes_on:
        changes.append(
            _("Hạn đăng ký: %(old)s → %(new)s")
            % {
                "old": date_text(before.registration_closes_on),
                "new": date_text(after.registration_closes_on),
            }
        )
    if after.theme != before.theme:
        changes.append(_("Chủ đề: %(theme)s") % {"theme": after.theme or "—"})
    added = [f.cleaned_data["title"] for f in documents.extra_forms if f.has_changed() and f.cleaned_data.get("file")]
    removed = [f.instance.title for f in documents.initial_forms if f.cleaned_data.get("DELETE")]
    if added:
        changes.append(_("Thêm tài liệu: %(titles)s") % {"titles": ", ".join(added)})
    if removed:
        changes.append(_("Bỏ tài liệu: %(titles)s") % {"titles": ", ".join(removed)})
    if any(b.set_form.has_changed() or b.formset.has_changed() for b in blocks):
        changes.append(_("Bộ tiêu chí hoặc ngưỡng điểm được điều chỉnh"))
    return changes


@login_required
def campaign_amend(request, pk: int):
    """Edit what is safe in a launched campaign (deadline, theme, documents; criteria until the first score sheet).

    Logged in the campaign's log and announced to the units; nothing else of a running campaign changes.
    """
    campaign = _visible(request, pk)
    if not scope(request.user).leads_committee(campaign.committee_id):
        raise PermissionDenied(leaders_only(pgettext_lazy("only leaders may", "sửa được đợt phát động")))
    if campaign.state == CampaignState.DRAFT:
        return redirect("campaigns:edit", pk=campaign.pk)
    if campaign.is_frozen:
        raise PermissionDenied(str(SUMMARIZED_MESSAGE))
    before = Campaign.objects.get(pk=campaign.pk)
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = LaunchedCampaignForm(data, instance=campaign)
    # Criteria and thresholds are locked once a score sheet exists: the blocks are then not offered.
    blocks = [] if campaign.criteria_locked else criteria_blocks(data, campaign)
    documents = DocumentFormSet(data, files, instance=campaign, prefix="documents")
    if request.method != "POST":
        return _render_amend(request, form, blocks, documents, campaign)
    if not all([form.is_valid(), documents.is_valid()] + [block.is_valid() for block in blocks]):
        documents.mark_invalid()
        messages.error(request, NOT_SAVED)
        return _render_amend(request, form, blocks, documents, campaign, status=400)
    edited = form.save(commit=False)
    changes = _changes(before, edited, documents, blocks)
    if not changes:
        messages.info(request, _("Không có gì thay đổi."))
        return redirect(campaign)
    if not edited.save_amendment(request.user, before, changes, blocks, documents):
        messages.error(request, _("Vừa có phiếu chấm điểm đầu tiên: tiêu chí và ngưỡng điểm đã bị khóa."))
        return redirect("campaigns:amend", pk=campaign.pk)
    messages.success(
        request,
        _("Đã điều chỉnh “%(name)s” và thông báo tới các đơn vị: %(changes)s.")
        % {"name": campaign.name, "changes": "; ".join(changes)},
    )
    return redirect(campaign)


def _render_detail(request, campaign: Campaign, lessons_learned: str = "", status: int = 200):
    criteria_sets = campaign.criteria_sets.prefetch_related("criteria").order_by("kind")
    s = scope(request.user)
    return render(
        request,
        "campaigns/detail.html",
        {
            "campaign": campaign,
            "criteria_sets": criteria_sets,
            "documents": campaign.documents.order_by("uploaded_at", "pk"),
            "logs": campaign.logs.select_related("actor"),
            "actions": campaign_actions_for(campaign, request.user),
            "can_edit": campaign.state == CampaignState.DRAFT and s.leads_committee(campaign.committee_id),
            "can_amend": campaign.state == CampaignState.LAUNCHED and s.leads_committee(campaign.committee_id),
            "criteria_locked": campaign.criteria_locked,
            "lessons_learned": lessons_learned or campaign.lessons_learned,
        },
        status=status,
    )


@login_required
def campaign_detail(request, pk: int):
    """The campaign while it runs: deadlines, documents, criteria, the moves this user may make."""
    return _render_detail(request, _visible(request, pk))


def confirmation_hidden(data, leave_out=("csrfmiddlewaretoken", "confirmed")) -> list[tuple[str, str]]:
    """The posted fields, to carry through a confirmation page as hidden inputs."""
    return [(name, value) for name in data for value in data.getlist(name) if name not in leave_out]


def _launch_consequences(campaign: Campaign) -> list[str]:
    return [
        _(
            "Đợt “%(name)s” được phát động: các đơn vị thuộc %(committee)s thấy đợt này "
            "và đăng ký được từ %(opens)s đến %(closes)s."
        )
        % {
            "name": campaign.name,
            "committee": campaign.committee.name,
            "opens": date_text(campaign.registration_opens_on),
            "closes": date_text(campaign.registration_closes_on),
        },
        _(
            "Sau khi phát động chỉ còn sửa được hạn đăng ký, chủ đề và tài liệu; tiêu chí và ngưỡng điểm "
            "bị khóa từ khi có phiếu chấm điểm đầu tiên."
        ),
        _("Không thể đưa đợt phát động trở lại dự thảo."),
    ]


def _confirm_launch(request, campaign: Campaign):
    return render(
        request,
        "confirm.html",
        {
            "title": _("Xác nhận phát động “%(name)s”") % {"name": campaign.name},
            "consequences": _launch_consequences(campaign),
            "hidden": [],
            "action_url": reverse("campaigns:transition", args=[campaign.pk, "launch"]),
            "confirm_label": _("Phát động"),
            "cancel_url": campaign.get_absolute_url(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def campaign_transition(request, pk: int, action: str):
    """Launch (after a confirmation page) through the campaign lifecycle; summarizing has its own page.

    The summary decides what becomes of the initiatives still open, which this app cannot see:
    it lives in the registry (`committee:summarize`), reached by its URL name.
    """
    campaign = _visible(request, pk)
    transition = CAMPAIGN_TRANSITIONS.get(action)
    if transition is None:
        raise Http404(UNKNOWN_ACTION)
    if action == "summarize":
        return redirect("committee:summarize", pk=campaign.pk)
    if request.method == "GET" or request.POST.get("confirmed") != "1":
        refusal = check_campaign(request.user, action, campaign)
        if refusal is not None and refusal.code == "role":
            raise PermissionDenied(str(refusal))
        if refusal is not None:
            messages.error(request, str(refusal))
            return redirect(campaign)
        return _confirm_launch(request, campaign)
    try:
        apply_campaign(campaign, action, request.user)
    except TransitionError as error:
        if error.code == "role":
            raise PermissionDenied(str(error))
        messages.error(request, str(error))
        campaign.refresh_from_db()
        return _render_detail(request, campaign, status=400 if error.code != "conflict" else 409)
    messages.success(request, _("Đã phát động “%(name)s”. Các đơn vị đã có thể đăng ký.") % {"name": campaign})
    return redirect(campaign)


@login_required
def document_download(request, pk: int):
    """Serve a launch document to those who may see its campaign (never straight from MEDIA_URL)."""
    document = get_object_or_404(
        CampaignDocument.objects.filter(campaign__in=Campaign.objects.visible_to(request.user)), pk=pk
    )
    content_type = document.content_type or mimetypes.guess_type(document.file.name)[0] or "application/octet-stream"
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("Không tìm thấy tệp."))
    return FileResponse(
        handle,
        as_attachment=content_type != "application/pdf",
        filename=document.file.name.rsplit("/", 1)[-1],
        content_type=content_type,
    )
