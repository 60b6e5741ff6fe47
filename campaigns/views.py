"""Campaign pages: the list, create / edit a draft, the overview, launch and summarize.

This app must not import the registry: the counts of a running campaign come from the
reports page `reports:campaign_overview`, linked by URL name.
"""

from __future__ import annotations

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .access import scope
from .forms import CampaignForm, DocumentFormSet, criteria_blocks, led_committees
from .lifecycle import CAMPAIGN_TRANSITIONS, SUMMARIZED_MESSAGE, TransitionError, apply_campaign, campaign_actions_for
from .models import Campaign, CampaignDocument, CampaignState
from .text import nfc


def _visible(request, pk: int) -> Campaign:
    """Return the campaign if the user may see it (404 otherwise)."""
    return get_object_or_404(Campaign.objects.visible_to(request.user).select_related("committee__unit"), pk=pk)


@login_required
def campaign_list(request):
    """The campaigns this user may see, newest first, with state and registration deadlines."""
    campaigns = list(
        Campaign.objects.visible_to(request.user).select_related("committee__unit").order_by("-year", "name", "pk")
    )
    today = timezone.localdate()
    return render(
        request,
        "campaigns/list.html",
        {
            "campaigns": campaigns,
            "today": today,
            "can_create": scope(request.user).is_admin or scope(request.user).is_leader,
        },
    )


def _edit_refusal(campaign: Campaign) -> str | None:
    if campaign.state == CampaignState.SUMMARIZED:
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


def _save_campaign_parts(campaign: Campaign, blocks, documents) -> None:
    for block in blocks:
        block.save(campaign)
    documents.instance = campaign
    for document in documents.save(commit=False):
        document.campaign = campaign
        document.save()
    for document in documents.deleted_objects:
        document.file.delete(save=False)
        document.delete()


@login_required
def campaign_create(request):
    """Create a draft campaign with its criteria sets and launch documents (committee leaders)."""
    if not led_committees(request.user).exists():
        raise PermissionDenied(_("Chỉ Trưởng ban, Thư ký hoặc cơ quan thường trực mới tạo đợt phát động."))
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = CampaignForm(data, user=request.user)
    blocks = criteria_blocks(data)
    documents = DocumentFormSet(data, files, prefix="documents")
    if request.method == "POST":
        valid = [form.is_valid(), documents.is_valid()] + [block.is_valid() for block in blocks]
        if all(valid):
            with transaction.atomic():
                campaign = form.save()
                _save_campaign_parts(campaign, blocks, documents)
            messages.success(request, _("Đã tạo dự thảo đợt phát động “%(name)s”.") % {"name": campaign.name})
            return redirect(campaign)
        documents.mark_invalid()
        messages.error(request, _("Chưa lưu được: hãy sửa các mục được đánh dấu bên dưới."))
        return _render_form(request, form, blocks, documents, status=400)
    return _render_form(request, form, blocks, documents)


@login_required
def campaign_edit(request, pk: int):
    """Edit a draft campaign; launched and summarized ones do not change here."""
    campaign = _visible(request, pk)
    if not scope(request.user).leads_committee(campaign.committee_id):
        raise PermissionDenied(_("Chỉ Trưởng ban, Thư ký hoặc cơ quan thường trực của Ban Chỉ đạo mới sửa được."))
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
            values = {name: getattr(edited, name) for name in form.Meta.fields if name != "committee"}
            values["committee_id"] = edited.committee_id
            values["name"], values["theme"] = nfc(values["name"]), nfc(values["theme"])
            with transaction.atomic():
                # Compare-and-set on the state: a campaign launched meanwhile is never written back to draft.
                if not Campaign.objects.filter(pk=campaign.pk, state=CampaignState.DRAFT).update(**values):
                    raise PermissionDenied(_("Người khác vừa phát động đợt này: không thể sửa nữa."))
                _save_campaign_parts(campaign, blocks, documents)
            messages.success(request, _("Đã lưu đợt phát động “%(name)s”.") % {"name": values["name"]})
            return redirect(campaign)
        documents.mark_invalid()
        messages.error(request, _("Chưa lưu được: hãy sửa các mục được đánh dấu bên dưới."))
        return _render_form(request, form, blocks, documents, campaign, status=400)
    return _render_form(request, form, blocks, documents, campaign)


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
            "registration_open": campaign.registration_is_open(),
            "lessons_learned": lessons_learned or campaign.lessons_learned,
        },
        status=status,
    )


@login_required
def campaign_detail(request, pk: int):
    """The campaign while it runs: deadlines, documents, criteria, the moves this user may make."""
    return _render_detail(request, _visible(request, pk))


@login_required
@require_POST
def campaign_transition(request, pk: int, action: str):
    """Launch or summarize through the campaign lifecycle; a refusal keeps what was typed."""
    campaign = _visible(request, pk)
    transition = CAMPAIGN_TRANSITIONS.get(action)
    if transition is None:
        raise Http404(_("Thao tác không hợp lệ."))
    lessons = nfc(request.POST.get("lessons_learned", "")).strip()
    try:
        apply_campaign(campaign, action, request.user, lessons_learned=lessons)
    except TransitionError as error:
        if error.code == "role":
            raise PermissionDenied(str(error))
        messages.error(request, str(error))
        campaign.refresh_from_db()
        return _render_detail(
            request, campaign, lessons_learned=lessons, status=400 if error.code != "conflict" else 409
        )
    if action == "launch":
        messages.success(request, _("Đã phát động “%(name)s”. Các đơn vị đã có thể đăng ký.") % {"name": campaign})
    else:
        messages.success(request, _("Đã tổng kết “%(name)s”. Số liệu của đợt đã được chốt.") % {"name": campaign})
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
