"""The inbox: a person's own notifications, opening one (read, then to its record), all read, how to be told."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from dvk.forms import render_form

from .forms import PreferenceForm
from .models import Notification, Preference

PAGE_ROWS = 25


@login_required
def inbox(request):
    notifications = (
        Notification.objects.for_user(request.user).select_related("actor", "content_type").prefetch_related("target")
    )
    page = Paginator(notifications, PAGE_ROWS).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page})


@login_required
def open_notification(request, pk: int):
    """Mark one's own notification read and go to its record (another person's: 404)."""
    notification = get_object_or_404(Notification.objects.for_user(request.user).select_related("content_type"), pk=pk)
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk).mark_read()
    url = notification.target_url()
    if url is None:
        messages.info(request, _("Hồ sơ của thông báo này không còn nữa."))
        return redirect("notifications:inbox")
    return redirect(url)


@login_required
@require_POST
def mark_all_read(request):
    count = Notification.objects.for_user(request.user).mark_read()
    messages.success(
        request,
        ngettext("Đã đánh dấu %(count)s thông báo là đã đọc.", "Đã đánh dấu %(count)s thông báo là đã đọc.", count)
        % {"count": count},
    )
    return redirect("notifications:inbox")


@login_required
def preferences(request):
    preference = Preference.objects.filter(user=request.user).first() or Preference(
        user=request.user, language=translation.get_language() or Preference().language
    )
    form = PreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Đã lưu cách nhận thông báo."))
        return redirect("notifications:preferences")
    return render_form(request, "notifications/preferences.html", form)
