"""Moves over the rows ticked in the committee's queues: bulk approval (each row on its own,
reported per row) and bulk return / reject / decline (all rows with one reason, or none)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from campaigns.ids import parse_ids
from campaigns.submissions import TOKEN_FIELD, create_once
from dvk.forms import render_form

from ... import bulk
from ...bulk import BulkTransitionError
from ..forms import BulkApproveForm, BulkMoveForm
from .common import committee_initiatives, require_committee, row_refusal

# ----- bulk approval ------------------------------------------------------------------------
# The session key under which the last bulk approval's report waits for the GET that shows it.
BULK_RESULT_KEY = "committee_bulk_result"


@login_required
@require_http_methods(["GET", "POST"])
def bulk_approve(request):
    """POST approves, then redirects to a GET of the same URL that shows the per-item report.

    Post/redirect/get: reloading the report, or coming back to it, must not post the
    selection again (which reported the just-approved rows as refused, "already approved").
    """
    require_committee(request.user)
    if request.method == "GET":
        return bulk_report(request)
    form = BulkApproveForm(request.POST)
    ids = parse_ids(request.POST.getlist("initiatives"))
    if not ids:
        messages.error(request, _("Hãy chọn ít nhất một hồ sơ để duyệt."))
        return redirect("committee:home")
    if not form.is_valid():
        for error in form.errors.get("plan_note", []):
            messages.error(request, error)
        return redirect("committee:home")
    # A replay of this page's token (a double click, a resend) approves nothing again: the
    # redirect shows the report of the first post, which approved the rows.
    create_once(
        request.POST.get(TOKEN_FIELD),
        request.user,
        lambda: remember_bulk_result(request, ids, form.cleaned_data["plan_note"]),
    )
    return redirect("committee:bulk_approve")


def bulk_report(request):
    """Show the last bulk approval's report, kept in the session; without one, go back to the queues."""
    report = request.session.get(BULK_RESULT_KEY)
    if not report:
        return redirect("committee:home")
    approved = sum(1 for row in report["outcomes"] if row["ok"])
    return render(
        request,
        "models_registry/committee/bulk_result.html",
        {
            "outcomes": report["outcomes"],
            "missing": report["missing"],
            "approved": approved,
            "refused": len(report["outcomes"]) - approved,
        },
    )


def remember_bulk_result(request, ids: list[int], plan_note: str) -> None:
    """Approve the selected rows in the user's scope, each on its own; keep the report for the GET."""
    found = {i.pk: i for i in committee_initiatives(request.user).filter(pk__in=ids).select_related("unit", "campaign")}
    outcomes = bulk.apply_many([found[pk] for pk in ids if pk in found], "approve", request.user, plan_note=plan_note)
    request.session[BULK_RESULT_KEY] = {
        "outcomes": [
            {
                "pk": o.initiative.pk,
                "name": o.initiative.name,
                "unit": o.initiative.unit.name,
                "ok": o.ok,
                "message": o.message,
            }
            for o in outcomes
        ],
        "missing": [pk for pk in ids if pk not in found],
    }


# ----- bulk return / reject / decline ---------------------------------------------------------
@login_required
@require_http_methods(["POST"])
def bulk_move(request):
    """Return, reject or decline every ticked row with one reason: all of them, or none.

    One reason written for a set is meant for the whole set: if any row may not be moved (another
    committee's, already moved, a member where a leader is needed), nothing moves and the page
    says which rows and why, with the ticks and the reason kept.
    """
    user = request.user
    require_committee(user)
    form = BulkMoveForm(request.POST, user=user)
    ids = parse_ids(request.POST.getlist("initiatives"))
    chosen = list(
        committee_initiatives(user)
        .filter(pk__in=ids)
        .select_related("unit", "field", "campaign")
        .order_by("unit__path", "name", "id")
    )
    missing = sorted(set(ids) - {i.pk for i in chosen})
    refusals: list[str] = []
    if not ids:
        form.add_error(None, _("Hãy chọn ít nhất một hồ sơ."))
    elif missing:
        refusals.append(
            _("Một số hồ sơ đã chọn không tồn tại hoặc không thuộc phạm vi của bạn (mã: %(ids)s).")
            % {"ids": ", ".join(str(pk) for pk in missing)}
        )
    if form.is_valid() and ids and not missing:
        action = form.cleaned_data["action"]
        try:
            move_all(request, chosen, action, form.cleaned_data["comment"])
        except BulkTransitionError as error:
            refusals += [row_refusal(f.initiative, f.message) for f in error.failures]
        else:
            return moved(request, action, len(chosen))
    return render_form(request, "models_registry/committee/bulk_move.html", form, chosen=chosen, refusals=refusals)


def move_all(request, chosen: list, action: str, comment: str) -> None:
    """Move every chosen row, or none (`BulkTransitionError` says why); once per page token."""

    def move() -> None:
        # Nothing for the token to point at: a replay redirects home like the first post.
        bulk.apply_many(chosen, action, request.user, all_or_none=True, comment=comment)

    create_once(request.POST.get(TOKEN_FIELD), request.user, move)


def moved(request, action: str, count: int):
    """Say how many rows were moved, and go back to the queues."""
    messages.success(
        request,
        ngettext(
            "Đã thực hiện “%(action)s” cho %(count)s hồ sơ.",
            "Đã thực hiện “%(action)s” cho %(count)s hồ sơ.",
            count,
        )
        % {"action": BulkMoveForm.ACTIONS[action], "count": count},
    )
    return redirect("committee:home")
