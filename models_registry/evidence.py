"""Evidence files: the type is read from the file's bytes, never trusted from its name.

The sniffing and the size guard are the campaigns app's (campaigns/files.py); the evidence keeps
its own allow-list, its Excel-in-OLE2 check and its messages.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import override

from campaigns.files import DOC, OLE2_MAGIC, XLS, ZIP_MAGIC, read_head, read_zip, sniff_head, upload_problem
from campaigns.lifecycle import SUMMARIZED_MESSAGE

from .access import INSPECTORS_ONLY, UNIT_STAFF_ONLY, is_committee_member_for, is_unit_staff
from .models import BEFORE_REQUEST_STATES, OPEN_STATES, Attachment, AttachmentPurpose, Initiative

# Content types that DVK accepts as evidence, and how they are recognized.
ACCEPTED = {
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/gif": "GIF",
    "image/webp": "WebP",
    "application/pdf": "PDF",
    "application/msword": "Word",
    "application/vnd.ms-excel": "Excel",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PowerPoint",
    "application/vnd.oasis.opendocument.text": "OpenDocument",
    "application/vnd.oasis.opendocument.spreadsheet": "OpenDocument",
    "application/vnd.oasis.opendocument.presentation": "OpenDocument",
}


def sniff(head: bytes, fileobj=None) -> str | None:
    """Return the content type that the first bytes (and, for ZIP, the members) reveal."""
    if head.startswith(OLE2_MAGIC):
        # Old Word and Excel share the OLE2 container; the stream names tell them apart.
        if fileobj is not None:
            fileobj.seek(0)
            blob = fileobj.read(512 * 1024)
            fileobj.seek(0)
            if b"W\x00o\x00r\x00k\x00b\x00o\x00o\x00k" in blob:
                return XLS
        return DOC
    if head.startswith(ZIP_MAGIC):
        return _sniff_zip(fileobj) if fileobj is not None else None
    return sniff_head(head)


def _sniff_zip(fileobj) -> str | None:
    contents = read_zip(fileobj)
    if contents is None:
        return None
    if contents.mimetype is not None:
        # An OpenDocument names its type; any other "mimetype" is refused, whatever else the archive holds.
        mimetype = contents.mimetype.decode("ascii", "ignore").strip()
        return mimetype if mimetype in ACCEPTED else None
    return contents.ooxml


@dataclass
class CheckedFile:
    upload: UploadedFile
    content_type: str


def check_upload(upload: UploadedFile) -> CheckedFile:
    """Return the upload with its sniffed type, or raise ValueError with a message naming the file."""
    problem = upload_problem(upload)
    if problem:
        raise ValueError(problem)
    content_type = sniff(read_head(upload), upload)
    if content_type not in ACCEPTED:
        raise ValueError(
            _(
                "Tệp “%(name)s” không phải định dạng được chấp nhận (ảnh JPEG/PNG/GIF/WebP, PDF, Word, Excel, OpenDocument)."
            )
            % {"name": upload.name}
        )
    return CheckedFile(upload=upload, content_type=content_type)


def may_add_evidence(user, initiative: Initiative) -> bool:
    """Whether the user may add evidence now: unit staff, an open state, a campaign not summarized."""
    return is_unit_staff(user, initiative) and not initiative.is_frozen and initiative.state in OPEN_STATES


def upload_refusal(user, initiative: Initiative, purpose: str) -> str | None:
    """Return why `user` may not attach a file of `purpose` to `initiative` now, or None when they may.

    The pages' rules, for the doors that take a file without a page's context (the admin): evidence of
    results is the unit's (its staff, while the initiative is open); inspection and other files are the
    committee's (a member over the unit, while the initiative is being carried out or scored).
    """
    if initiative.is_frozen:
        return str(SUMMARIZED_MESSAGE)
    if purpose == AttachmentPurpose.EVIDENCE:
        if not is_unit_staff(user, initiative):
            return str(UNIT_STAFF_ONLY)
        if not may_add_evidence(user, initiative):
            return _("Không thể bổ sung minh chứng cho hồ sơ này lúc này.")
        return None
    if not is_committee_member_for(user, initiative):
        return str(INSPECTORS_ONLY)
    return initiative.inspection_refusal()


def save_attachments(initiative, uploads, user, purpose: str = AttachmentPurpose.EVIDENCE, inspection=None):
    """The one way a file joins an initiative (the pages, the admin, the demo): save every acceptable file,
    its type read from its bytes, its name, size and uploader recorded.

    Returns (saved attachments, messages for refused files): a file of a refused type is named and the
    others kept. Each door asks `upload_refusal` first, to answer with its own page; this asks it again
    on the initiative read under its row lock, because the initiative may have moved since (withdrawn,
    closed, its campaign summarized): then no file joins it and the refusal is the one message, which
    every door already shows beside the refused files.
    """
    saved, refused, stored = [], [], []
    try:
        with transaction.atomic():
            refusal = upload_refusal(user, Initiative.objects.locked(initiative), purpose)
            if refusal:
                return [], [str(refusal)]
            for upload in uploads:
                try:
                    checked = check_upload(upload)
                except ValueError as error:
                    refused.append(str(error))
                    continue
                attachment = Attachment(
                    initiative=initiative,
                    inspection=inspection,
                    purpose=purpose,
                    original_name=upload.name[:255],
                    content_type=checked.content_type,
                    size=upload.size,
                    uploaded_by=user,
                )
                # Stored before its row, so that a committed row never points at nothing…
                attachment.file.save(upload.name, upload, save=False)
                stored.append(attachment.file)
                attachment.save()
                saved.append(attachment)
    except BaseException:
        # …and taken back with the rows when the transaction does not commit (a database error on a
        # later row): no file stays on disk that no row names, nor a photo its sender saw refused.
        for file in stored:
            file.delete(save=False)
        raise
    return saved, refused


def removal_refusal(user, initiative: Initiative, attachment: Attachment) -> str | None:
    """Return why `user` may not remove `attachment` of `initiative` now, or None when they may.

    Runs without a query (the initiative comes with its campaign), so the detail page can ask it per file.
    """
    if not is_unit_staff(user, initiative):
        return str(UNIT_STAFF_ONLY)
    if attachment.purpose != AttachmentPurpose.EVIDENCE:
        return _("Chỉ xóa được tệp minh chứng kết quả của đơn vị; tệp của biên bản kiểm tra do Ban Chỉ đạo quản lý.")
    # Only the person who uploaded it: a colleague's file is theirs to withdraw, and an administrator
    # removes anyone's file in the admin, where the deletion is logged too.
    if attachment.uploaded_by_id != user.pk:
        return _("Chỉ người đã tải tệp lên mới xóa được tệp này.")
    # From the request for recognition on, the committee scores against these files, so they stay
    # (the committee can ask for more evidence, which brings the initiative back before the request).
    return initiative.refusal_outside(
        BEFORE_REQUEST_STATES,
        _("Chỉ xóa được minh chứng trước khi đề nghị công nhận; hồ sơ đang ở trạng thái “%(state)s”."),
    )


def with_removable(user, initiative: Initiative, attachments) -> list[Attachment]:
    """Return the initiative's files, each marked whether this user may remove it now (no extra query)."""
    rows = list(attachments)
    for attachment in rows:
        attachment.removable = removal_refusal(user, initiative, attachment) is None
    return rows


class RemovalRefused(Exception):
    """Why a file was not removed: the initiative moved on (recognition requested, campaign summarized)
    between the page's check and the removal; its message is `removal_refusal`'s."""


def remove_attachment(initiative: Initiative, attachment: Attachment, user) -> None:
    """Delete an evidence file the user may remove (ask `removal_refusal` first) and record who removed it.

    The row goes in one transaction with the record; the stored file only once that commits, so a
    rollback never leaves a row pointing at nothing. A file already removed (a double tap) is no error.
    """
    with transaction.atomic():
        # The rule asked again of the row under its lock: a lifecycle move that comes later waits for
        # our commit; one that came first makes us refuse. A recognition request counts its evidence
        # under this same lock (lifecycle.apply), so the last file cannot disappear between its
        # "at least one file" check and its move.
        if refusal := removal_refusal(user, Initiative.objects.locked(initiative), attachment):
            raise RemovalRefused(refusal)
        deleted, _count = Attachment.objects.filter(pk=attachment.pk, initiative=initiative).delete()
        if not deleted:
            return
        # Recorded like the pending-case notes, in the admin's change history of the initiative and not
        # in the TransitionLog: no state changes, and the lifecycle's "last log" must stay the last move.
        # The message is the admin's own structured "deleted" entry (what removing an inline row writes),
        # so the history shows "Deleted minh chứng “name”" in the reader's language, and the commendation
        # page, which lists only free-text notes, leaves it out.
        with override(None):
            kind = str(Attachment._meta.verbose_name)
        initiative.note_in_history(user, json.dumps([{"deleted": {"name": kind, "object": attachment.original_name}}]))
        # The stored file and its showcase copies go once this commits, as for every deleted
        # attachment (django-cleanup; `showcase.photos.drop_thumbnails`).
