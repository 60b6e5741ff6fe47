"""Summarizing a campaign: what is still open, the secretariat's choice for each group, a confirmation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from campaigns.lifecycle import TransitionError, check_campaign
from campaigns.models import Campaign
from campaigns.views import confirmation_hidden
from dvk.dates import date_text
from dvk.numbers import number_text
from jobs.runner import QueueUnavailable, submit

from ...summarize import (
    CARRY_OVER,
    CLOSE,
    IN_REQUEST_MOVES,
    SUMMARIZE_KIND,
    days_early,
    later_campaigns,
    moves_asked,
    open_groups,
    summarize_campaign,
    summarize_title,
)
from ..forms import SummarizeForm


def _consequences(campaign, form) -> list[str]:
    lines = []
    choices = form.choices()
    for group in form.groups:
        if choices[group.key] == CARRY_OVER:
            lines.append(
                ngettext(
                    "%(count)s hồ sơ “%(group)s” được chuyển sang “%(target)s” cùng toàn bộ lịch sử.",
                    "%(count)s hồ sơ “%(group)s” được chuyển sang “%(target)s” cùng toàn bộ lịch sử.",
                    group.count,
                )
                % {"count": group.count, "group": group.label, "target": form.cleaned_data["next_campaign"]}
            )
        elif choices[group.key] == CLOSE:
            lines.append(
                ngettext(
                    "%(count)s hồ sơ “%(group)s” được đóng với trạng thái “chưa hoàn thành”.",
                    "%(count)s hồ sơ “%(group)s” được đóng với trạng thái “chưa hoàn thành”.",
                    group.count,
                )
                % {"count": group.count, "group": group.label}
            )
    if form.groups:
        lines.append(_("Cán bộ các đơn vị có hồ sơ được chuyển hoặc đóng nhận thông báo kèm lời nhắn của bạn."))
    lines.append(
        _("Đợt “%(name)s” được tổng kết: mọi hồ sơ còn lại của đợt được chốt và không thay đổi được nữa.")
        % {"name": campaign.name}
    )
    return lines


def _early_warning(campaign, early: int) -> str:
    if not early:
        return ""
    text = _(
        "Đợt phát động kết thúc ngày %(end)s: tổng kết bây giờ là sớm %(days)s ngày (khoảng %(months)s tháng)."
    ) % {
        "end": date_text(campaign.ends_on),
        "days": early,
        "months": number_text(early / 30.44, 1),
    }
    if campaign.registration_is_open():
        text += " " + _("Thời hạn đăng ký vẫn còn mở đến %(date)s.") % {
            "date": date_text(campaign.registration_closes_on)
        }
    return text


def _summarize_as_job(request, campaign, form):
    """Too many moves for one request: a worker summarizes, the leader follows its progress."""
    asked = form.asked()
    params = {"campaign": campaign.pk, **asked, "next_campaign": getattr(asked["next_campaign"], "pk", None)}
    try:
        job = submit(request.user, SUMMARIZE_KIND, params, summarize_title(campaign))
    except QueueUnavailable:
        return render(request, "jobs/queue_unavailable.html", status=503)
    messages.info(
        request,
        _(
            "Đang tổng kết “%(name)s” và xử lý các hồ sơ còn mở; trang này cho biết tiến độ. Khi xong, tệp kê "
            "từng hồ sơ đã chuyển hoặc đã đóng sẽ tải được ở đây."
        )
        % {"name": campaign.name},
    )
    return redirect(job)


@login_required
@require_http_methods(["GET", "POST"])
def summarize(request, pk: int):
    """Choose what becomes of the open initiatives, confirm in plain words, then summarize."""
    campaign = get_object_or_404(Campaign.objects.visible_to(request.user).select_related("committee"), pk=pk)
    refusal = check_campaign(request.user, "summarize", campaign)
    if refusal is not None:
        return _refused(request, campaign, refusal)
    early = days_early(campaign, timezone.localdate())
    groups = open_groups(campaign, request.user)
    later = later_campaigns(campaign)
    data = request.POST if request.method == "POST" else None
    form = SummarizeForm(
        data, groups=groups, later=later, early_days=early, initial={"lessons_learned": campaign.lessons_learned}
    )
    if data is None:
        return _summarize_page(request, campaign, form, groups, later, early)
    # Not `render_form`: a summary that went ahead meanwhile (another tab) answers 409, not 400.
    if not form.is_valid():
        return _summarize_page(request, campaign, form, groups, later, early, status=400)
    if request.POST.get("confirmed") != "1":
        return _confirm(request, campaign, form, early)
    if moves_asked(groups, form.choices()) > IN_REQUEST_MOVES:
        return _summarize_as_job(request, campaign, form)
    try:
        done = summarize_campaign(campaign, request.user, **form.asked())
    except TransitionError as error:
        if error.code == "role":
            raise PermissionDenied(str(error))
        error.show_on(form)
        # Counts may have moved under the page: show them as they are now.
        form.groups = [g for g in open_groups(campaign, request.user) if g.count]
        status = 409 if error.code == "conflict" else 400
        return _summarize_page(request, campaign, form, groups, later, early, status=status)
    messages.success(
        request,
        _(
            "Đã tổng kết “%(name)s”: %(carried)s hồ sơ chuyển sang đợt sau, %(closed)s hồ sơ đóng "
            "chưa hoàn thành. Số liệu của đợt đã được chốt."
        )
        % {"name": campaign.name, "carried": done[CARRY_OVER], "closed": done[CLOSE]},
    )
    return redirect(campaign)


def _refused(request, campaign, refusal):
    """A campaign past summarizing goes back to its page saying so; any other refusal is a 403."""
    if refusal.code != "state":
        raise PermissionDenied(str(refusal))
    messages.error(request, str(refusal))
    return redirect(campaign)


def _confirm(request, campaign, form, early: int):
    """Say in plain words what summarizing with these choices does, before it is done."""
    return render(
        request,
        "confirm.html",
        {
            "title": _("Xác nhận tổng kết “%(name)s”") % {"name": campaign.name},
            "consequences": _consequences(campaign, form),
            "warning": _early_warning(campaign, early),
            "hidden": confirmation_hidden(request.POST),
            "action_url": reverse("committee:summarize", args=[campaign.pk]),
            "confirm_label": _("Tổng kết"),
            "cancel_url": campaign.get_absolute_url(),
        },
    )


def _summarize_page(request, campaign, form, groups, later, early: int, status: int = 200):
    return render(
        request,
        "models_registry/committee/summarize.html",
        {
            "campaign": campaign,
            "form": form,
            "groups": [g for g in groups if g.count],
            "early_warning": _early_warning(campaign, early),
            "has_later": later.exists(),
        },
        status=status,
    )
