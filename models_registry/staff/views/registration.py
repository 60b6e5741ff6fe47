"""Registration: create and edit a registration, the similar-earlier and lookup JSON helpers, replication."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from campaigns.access import scope, units_for_registration
from campaigns.ids import parse_id
from campaigns.models import Campaign
from campaigns.submissions import create_once
from dvk.dates import date_text
from dvk.forms import NOT_SAVED, render_form

from ... import lifecycle
from ...models import NOT_EDITABLE, REQUIRED_FOR_SUBMIT, Initiative, Origin, StaleEdit, State
from ...search import similar_earlier
from ..forms import InitiativeForm
from .common import last_committee_comment, require_unit_staff, visible_initiative


# ----- registration ------------------------------------------------------------------------
@login_required
def initiative_create(request):
    """Register a new initiative (saved as a draft, optionally submitted at once)."""
    if not units_for_registration(request.user).exists():
        raise PermissionDenied(_("Bạn chưa là cán bộ của đơn vị nào nên chưa thể đăng ký mô hình."))
    return _registration(request, Initiative(created_by=request.user))


@login_required
def initiative_edit(request, pk: int):
    """Edit a draft or a registration returned for revision (optimistic lock)."""
    initiative = visible_initiative(request.user, pk)
    require_unit_staff(request.user, initiative)
    if not initiative.is_editable:
        message = NOT_EDITABLE
        if request.method != "POST":
            # The back button after "submit" lands here: the record's page, with what happened to it.
            messages.warning(request, lifecycle.moved_on(request.user, "submit", initiative) or message)
            return redirect(initiative)
        form = InitiativeForm(request.POST, instance=initiative, user=request.user)
        if form.is_valid() and not [name for name in form.changed_data if name != "version"]:
            # The same content sent again (a double tap on "submit", back and resend): nothing to lose.
            if initiative.state == State.SUBMITTED:
                messages.success(request, _("Đã gửi đăng ký. Ban Chỉ đạo sẽ thẩm định và phản hồi."))
            return redirect(initiative)
        # The state moved while the user was typing: refuse, but give their text back to copy.
        form.add_error(None, message)
        response = _render_registration(request, form)
        response.status_code = 403
        return response
    return _registration(request, initiative)


def _create_registration(user, initiative: Initiative, token: str) -> tuple[Initiative, bool]:
    """Save a new registration once per filling-in of the form; a replay returns the first one's."""

    def save() -> Initiative:
        initiative.save()
        return initiative

    return create_once(token, user, save)


def _registration(request, instance: Initiative):
    user = request.user
    submit_error = None
    if request.method == "POST":
        data = request.POST
        intent = data.get("intent", "draft")
        if data.get("mark_continues"):
            # "Mark as maintained from this one": the rest of the form is saved as typed.
            data = data.copy()
            data["origin"] = Origin.MAINTAINED
            data["continues"] = data["mark_continues"]
            intent = "draft"
        form = InitiativeForm(data, instance=instance, user=user)
        if form.is_valid():
            initiative = form.save(commit=False)
            try:
                if initiative.pk:
                    initiative.save_edit(expected_version=form.cleaned_data["version"])
                else:
                    first, created = _create_registration(user, initiative, form.cleaned_data.get("form_token"))
                    if not created:
                        # A double tap or a resent page: show what the first POST made, not a duplicate.
                        return _to_registration(first, intent)
            except StaleEdit as error:
                form.add_error(None, error.message)
            else:
                if intent != "submit":
                    messages.success(request, _("Đã lưu nháp. Bạn có thể quay lại hoàn thiện bất cứ lúc nào."))
                    return redirect("staff:initiative_edit", pk=initiative.pk)
                try:
                    lifecycle.apply(initiative, "submit", user)
                except lifecycle.TransitionError as error:
                    submit_error = error
                    form = _form_with_missing(data, initiative, user, error)
                else:
                    messages.success(request, _("Đã gửi đăng ký. Ban Chỉ đạo sẽ thẩm định và phản hồi."))
                    return redirect(initiative)
        else:
            messages.error(request, NOT_SAVED)
    else:
        form = InitiativeForm(instance=instance, user=user)
    return _render_registration(request, form, submit_error)


def _to_registration(initiative: Initiative | None, intent: str):
    if initiative is None:
        return redirect("staff:initiative_list")
    if intent == "submit" or not initiative.is_editable:
        return redirect(initiative)
    return redirect("staff:initiative_edit", pk=initiative.pk)


def _form_with_missing(data, initiative: Initiative, user, error) -> InitiativeForm:
    """Show the saved draft as typed, with every field that submission still needs marked."""
    data = data.copy()
    data["version"] = initiative.version
    form = InitiativeForm(data, instance=initiative, user=user)
    form.is_valid()
    labels = {str(initiative._meta.get_field(name).verbose_name): name for name in REQUIRED_FOR_SUBMIT}
    for label in error.missing:
        name = labels.get(label)
        if name and name in form.fields and name not in form.errors:
            form.add_error(name, _("Cần điền trước khi gửi đăng ký."))
    if error.field and error.field in form.fields and error.field not in form.errors:
        # The re-reporting guard's refusal belongs beside the origin the registrant chose.
        form.add_error(error.field, str(error))
    return form


def _render_registration(request, form: InitiativeForm, submit_error=None):
    instance = form.instance
    editing = instance.pk is not None
    similar = []
    if editing and instance.name:
        similar = similar_earlier(
            instance.unit_id,
            instance.name,
            instance.search_text,
            exclude_pk=instance.pk,
            campaign_id=instance.campaign_id,
        )
    replicate_chosen = ""
    if instance.replicates_id:
        source = instance.readable_source(request.user)
        if source:
            replicate_chosen = _("%(name)s — %(unit)s (%(year)s)") % {
                "name": source.name,
                "unit": source.unit.name,
                "year": source.campaign.year,
            }
            if not form.replicate_locked:
                replicate_chosen = _("Đang chọn: %(name)s") % {"name": replicate_chosen}
    # A POST that reaches the page was refused (400): a saved or submitted one redirects.
    return render_form(
        request,
        "models_registry/staff/initiative_form.html",
        form,
        initiative=instance if editing else None,
        form_action=reverse("staff:initiative_edit", args=[instance.pk])
        if editing
        else reverse("staff:initiative_create"),
        submit_error=submit_error,
        similar=similar,
        similar_url=reverse("staff:initiative_similar"),
        lookup_url=reverse("staff:initiative_lookup"),
        replicate_search_label=_("Tìm mô hình đã được công nhận để nhân rộng"),
        replicate_chosen=replicate_chosen,
        similar_title=_("Mô hình tương tự của đơn vị ở các đợt trước:"),
        own_unit_id=instance.unit_id or "",
        no_open_campaign=not editing and not form.fields["campaign"].queryset.exists(),
        committee_comment=last_committee_comment(instance) if instance.state == State.RETURNED else "",
    )


# ----- similar earlier initiatives and replication --------------------------------------------
def _similar_row(initiative: Initiative, score: float) -> dict:
    outcome = initiative.get_state_display()
    if initiative.decision_id:
        outcome = _("Công nhận theo QĐ số %(number)s ngày %(date)s") % {
            "number": initiative.decision.number,
            "date": date_text(initiative.decision.decided_on),
        }
    return {
        "id": initiative.pk,
        "name": initiative.name,
        "year": initiative.campaign.year,
        "state": initiative.state,
        "state_label": str(initiative.get_state_display()),
        "outcome": str(outcome),
        "field": initiative.field.label,
        "score": round(score, 2),
        "url": initiative.get_absolute_url(),
    }


@login_required
@require_GET
def initiative_similar(request):
    """JSON: the unit's own similar initiatives from earlier campaigns (for the registration form)."""
    s = scope(request.user)
    raw = {name: request.GET.get(name) or "" for name in ("unit", "exclude", "campaign")}
    ids = {name: parse_id(value) for name, value in raw.items()}
    if any(value and value != "0" and ids[name] is None for name, value in raw.items()):
        return JsonResponse({"error": _("Tham số không hợp lệ.")}, status=400)
    unit_id, exclude, campaign_id = ids["unit"], ids["exclude"], ids["campaign"]
    if unit_id is None and len(s.staff_units) == 1:
        unit_id = next(iter(s.staff_units))
    if unit_id is None or not (s.is_admin or s.is_staff_of(unit_id)):
        raise Http404
    name = (request.GET.get("name") or "")[:500]
    rows = [
        _similar_row(initiative, score)
        for initiative, score in similar_earlier(unit_id, name, exclude_pk=exclude, campaign_id=campaign_id)
    ]
    return JsonResponse({"results": rows, "button": _("Đánh dấu là duy trì từ mô hình này")})


@login_required
@require_GET
def initiative_lookup(request):
    """JSON: recognized initiatives (the public showcase's) whose name matches, to replicate one."""
    q = (request.GET.get("q") or "").strip()[:200]
    if len(q) < 2:
        return JsonResponse({"results": []})
    found = Initiative.objects.public().search(q).select_related("unit", "campaign").order_by("-campaign__year", "-id")
    rows = [
        {"id": i.pk, "name": i.name, "unit": i.unit.name, "year": i.campaign.year}
        for i in found.only("id", "name", "unit__name", "campaign__year")[:10]
    ]
    return JsonResponse({"results": rows})


@login_required
def initiative_replicate(request, pk: int):
    """Start a new draft in the user's unit that replicates a recognized initiative.

    GET (or a POST that does not say which of several units) shows what will happen and asks for the unit.
    """
    source = get_object_or_404(Initiative.objects.public().select_related("unit", "campaign"), pk=pk)
    units = list(units_for_registration(request.user).filter(pk__in=list(scope(request.user).staff_units)))
    if not units:
        raise PermissionDenied(_("Bạn chưa là cán bộ của đơn vị nào nên chưa thể nhân rộng mô hình."))
    chosen = units[0] if len(units) == 1 else None
    if request.POST.get("unit"):
        chosen = next((u for u in units if str(u.pk) == request.POST["unit"]), None)
    if request.method != "POST" or chosen is None:
        return render(request, "models_registry/staff/initiative_replicate.html", {"source": source, "units": units})
    back = (
        source.get_absolute_url()
        if Initiative.objects.visible_to(request.user).filter(pk=source.pk).exists()
        else reverse("staff:home")
    )
    if chosen.pk == source.unit_id:
        messages.error(request, _("Đây là mô hình của chính đơn vị bạn: hãy đăng ký theo hình thức duy trì."))
        return HttpResponseRedirect(back)
    campaign = Campaign.objects.visible_to(request.user).current_for(chosen)
    if campaign is None:
        messages.error(request, _("Hiện không có đợt phát động nào đang mở đăng ký cho đơn vị bạn."))
        return HttpResponseRedirect(back)
    copy, created = source.replicate_into(chosen, campaign, by=request.user)
    if not created:
        # A second tap on the button (or back and again): open the draft the first one made.
        return redirect("staff:initiative_edit", pk=copy.pk)
    messages.success(
        request,
        _("Đã tạo bản nháp nhân rộng từ “%(name)s”. Hãy điều chỉnh cho phù hợp với đơn vị bạn rồi gửi đăng ký.")
        % {"name": source.name},
    )
    return redirect("staff:initiative_edit", pk=copy.pk)
