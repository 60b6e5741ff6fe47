"""Evidence: upload several files at once, remove one added by mistake, download (never from MEDIA_URL)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ...access import visible_related
from ...evidence import RemovalRefused, removal_refusal, remove_attachment, save_attachments, upload_refusal
from ...models import Attachment, AttachmentPurpose, Initiative
from ..forms import EvidenceForm
from .common import visible_initiative


# ----- evidence ----------------------------------------------------------------------------
@login_required
@require_POST
def initiative_evidence(request, pk: int):
    """Upload several evidence files at once; refused files are named, accepted ones kept."""
    user = request.user
    initiative = visible_initiative(user, pk)
    refusal = upload_refusal(user, initiative, AttachmentPurpose.EVIDENCE)
    if refusal:
        raise PermissionDenied(refusal)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Hãy chọn ít nhất một tệp minh chứng."))
        return redirect(initiative.get_absolute_url() + "#evidence")
    announce_saved(request, initiative, form.cleaned_data["files"])
    return redirect(initiative.get_absolute_url() + "#evidence")


def announce_saved(request, initiative: Initiative, files: list) -> None:
    """Keep the accepted evidence files and say which were refused and how many were kept."""
    saved, refused = save_attachments(initiative, files, request.user)
    for message in refused:
        messages.error(request, message)
    if saved:
        messages.success(request, _("Đã tải lên %(count)d tệp minh chứng.") % {"count": len(saved)})


@login_required
@require_POST
def attachment_remove(request, pk: int):
    """Remove an evidence file its uploader added by mistake: a first POST asks, a confirmed one removes.

    POST only, so a link, a prefetch or a crawler never removes anything; the confirmation is a page
    of its own, which works without JavaScript on any phone.
    """
    user = request.user
    attachment = get_object_or_404(
        visible_related(Attachment.objects.select_related("initiative__unit", "initiative__campaign"), user), pk=pk
    )
    initiative = attachment.initiative
    refusal = removal_refusal(user, initiative, attachment)
    if refusal:
        raise PermissionDenied(refusal)
    back = initiative.get_absolute_url() + "#evidence"
    if request.POST.get("confirm") != "1":
        return render(
            request,
            "models_registry/staff/attachment_remove.html",
            {"initiative": initiative, "attachment": attachment, "back": back},
        )
    try:
        remove_attachment(initiative, attachment, user)
    except RemovalRefused as refused:
        raise PermissionDenied(str(refused))
    messages.success(request, _("Đã xóa tệp “%(name)s”.") % {"name": attachment.original_name})
    return redirect(back)


@login_required
def attachment_download(request, pk: int):
    """Serve an evidence file to whoever may see its initiative (never straight from MEDIA_URL)."""
    attachment = get_object_or_404(
        visible_related(Attachment.objects.select_related("initiative"), request.user), pk=pk
    )
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404
    response = FileResponse(
        handle,
        as_attachment=not attachment.is_inline,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def attachment_publish(request, pk: int):
    """Show an evidence photo on the public showcase (consent ticked) or withdraw it.

    Without the consent box ticked, the page asks again with the message beside the box.
    """
    user = request.user
    attachment = get_object_or_404(visible_related(Attachment.objects.select_related("initiative__unit"), user), pk=pk)
    initiative = attachment.initiative
    public = request.POST.get("public") == "1"
    try:
        attachment.set_public(user, public, consent=request.POST.get("consent") == "1")
    except ValidationError as error:
        context = {
            "initiative": initiative,
            "attachment": attachment,
            "consent_error": error.message_dict["consent"][0],
        }
        return render(request, "models_registry/staff/attachment_publish.html", context, status=400)
    if public:
        messages.success(
            request,
            _("Đã công khai ảnh “%(name)s”. Ảnh hiện trên trang mô hình tiêu biểu khi mô hình được công nhận.")
            % {"name": attachment.original_name},
        )
    else:
        messages.success(request, _("Đã thôi công khai ảnh “%(name)s”.") % {"name": attachment.original_name})
    return redirect(initiative.get_absolute_url() + "#evidence")
