"""The public showcase: recognized initiatives, readable without an account, to copy what works.

Only `Initiative.objects.public()` is ever read here, and only registration content and the
recognition: no contact, no user names, no comments or logs, no score sheets, no inspection
findings. Anything else is a 404, whatever its state. Pictures are the evidence photos their unit
published with the consent of the people in them (`Attachment.set_public`), served as resized copies
(photos.py) only while the initiative is in the showcase; never the original file.

Cache-friendly: anonymous visitors get `Cache-Control: public, max-age=300` (varying on language
and cookie), logged-in users `private, no-cache`. A public page carries no CSRF token and sets no
cookie (the navbar's language switch needs no token, see dvk/language.py), so a shared cache never
hands one visitor's token to another. The detail page carries an ETag and a Last-Modified built
from the initiative's own row (its update time, newest change to its awards and replication count), so a
revalidation costs one query and answers 304. The list's ETag sums up the rows it shows (see `_list_etag`).
"""

from __future__ import annotations

import hashlib

from django.core.files.storage import default_storage
from django.db.models import Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from campaigns.access import scope
from campaigns.models import Campaign, Field, Unit
from dvk.dates import date_text

from ..access import works_at_unit_of
from ..models import (
    Amendment,
    Attachment,
    Certificate,
    Commendation,
    Initiative,
    InitiativeQuerySet,
    normalize_certificate_code,
)
from ..paginators import CappedPaginator, query_without
from . import photos
from .forms import ListFilters, ShowcaseFilterForm

PAGE_SIZE = 20
MAX_AGE = 300
GALLERY_SIZE = 12
# The columns the list shows, and nothing else (the content columns are long texts).
LIST_ONLY = (
    "id",
    "name",
    "kind",
    "subject",
    "area",
    "outstanding",
    "updated_at",
    "unit__id",
    "unit__name",
    "field__id",
    "field__name",
    "field__name_en",
    "campaign__id",
    "campaign__year",
    "decision__id",
    "decision__number",
    "decision__decided_on",
    "decision__level",
)


def _top_units() -> list[Unit]:
    """The units to filter by: the children of the top unit (communes, wards, agencies…), one query."""
    units = list(Unit.objects.filter(depth__lte=1).order_by("name").only("id", "name", "path", "depth"))
    return [u for u in units if u.depth == 1] or units


def _etag(request: HttpRequest, *parts) -> str:
    # The page differs by language, by query string and by who looks (the replicate button).
    user_part = request.user.pk if request.user.is_authenticated else "anon"
    raw = "|".join(str(p) for p in (*parts, get_language(), request.get_full_path(), user_part))
    return '"' + hashlib.sha256(raw.encode()).hexdigest()[:32] + '"'


def _cache_headers(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    if request.user.is_authenticated:
        # The page shows the user's name and a button for their unit: never in a shared cache.
        patch_cache_control(response, private=True, no_cache=True)
    elif request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or response.cookies:
        # Something on the page asked for a CSRF token (the middleware then sets its cookie) or set
        # a cookie: a shared cache would hand it to every visitor.
        patch_cache_control(response, private=True, no_cache=True)
    else:
        patch_cache_control(response, public=True, max_age=MAX_AGE)
    patch_vary_headers(response, ("Cookie",))  # the language comes from a cookie
    return response


def _conditional(request: HttpRequest, etag: str, last_modified) -> HttpResponse | None:
    timestamp = int(last_modified.timestamp()) if last_modified else None
    response = get_conditional_response(request, etag=etag, last_modified=timestamp)
    if response is not None:
        return _cache_headers(request, response)
    return None


def _finish(request: HttpRequest, response: HttpResponse, etag: str, last_modified) -> HttpResponse:
    from django.utils.http import http_date

    response["ETag"] = etag
    if last_modified:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    return _cache_headers(request, response)


def index(request: HttpRequest) -> HttpResponse:
    """List recognized initiatives, filtered by year, field, unit and an accent-insensitive search."""
    public = Initiative.objects.public()
    units = _top_units()
    years = _years(public)
    fields = list(Field.objects.filter(active=True).only("id", "name", "name_en"))
    filters = ListFilters.read(request.GET)
    # A text search is not counted (see CappedPaginator): "dan van" matches most recognized
    # initiatives, and counting them reads every matching row.
    shown = _list_rows(filters.apply(public, units))
    page = CappedPaginator(shown, PAGE_SIZE, count_rows=not filters.q).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "form": ShowcaseFilterForm(filters, years=years, fields=fields, units=units),
        "filter_query": query_without(request),
        "filtered": filters.chosen,
    }
    rows = list(page.object_list)
    etag = _list_etag(request, page, rows, years, units, fields)
    not_modified = _conditional(request, etag, None)
    if not_modified is not None:
        return not_modified
    context["initiatives"] = rows
    response = render(request, "models_registry/showcase/index.html", context)
    return _finish(request, response, etag, None)


def _list_rows(qs: InitiativeQuerySet) -> InitiativeQuerySet:
    """The list's columns and cover photo, newest first."""
    # Newest first along the (-created_at, -id) index: the first page stops after 20 rows
    # instead of sorting every recognized initiative (outstanding ones are highlighted and
    # have their own filter).
    return (
        qs.select_related("unit", "field", "campaign", "decision")
        .only(*LIST_ONLY)
        .annotate(cover_photo=_first_photo())
        .order_by("-created_at", "-id")
    )


def _years(public: InitiativeQuerySet) -> list[int]:
    """The years that have something to show: EXISTS per campaign, on the (campaign, state) index."""
    return list(
        Campaign.objects.filter(Exists(public.filter(campaign=OuterRef("pk"))))
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


def _list_etag(request: HttpRequest, page, rows: list[Initiative], years: list[int], units, fields) -> str:
    """The list's ETag: a summary of what the page shows (its rows and their update times, the count, the
    filter choices).

    A stamp of "the newest change" over every recognized initiative would cost a scan (updated_at has
    no index), and hashing the HTML does not work for a logged-in user because the CSRF token of the
    logout form is masked anew on every render.
    """
    return _etag(
        request,
        page.paginator.count,
        [(i.pk, i.updated_at.isoformat(), i.decision_id, i.unit.name, i.field.label, i.cover_photo) for i in rows],
        years,
        [(u.pk, u.name) for u in units],
        [(f.pk, f.label) for f in fields],
    )


def _first_photo() -> Subquery:
    """The id of each initiative's first published photo, in the page's own query (no query per card)."""
    first = Attachment.objects.filter(initiative=OuterRef("pk")).published_photos().values("pk")[:1]
    return Subquery(first)


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show one recognized initiative's content and recognition, without personal data."""
    # The newest change to its awards: one recorded, or one's recovery recorded (the award then leaves the
    # page, and the initiative's own row does not change: its stamp must).
    awards_changed = (
        Commendation.objects.filter(initiative=OuterRef("pk"))
        .annotate(changed_at=Greatest("created_at", Coalesce("recovery_recorded_at", "created_at")))
        .order_by("-changed_at")
        .values("changed_at")[:1]
    )
    initiative = (
        Initiative.objects.public()
        .select_related("unit", "field", "campaign", "decision")
        .with_replication_count()
        .annotate(awards_changed_at=Subquery(awards_changed))
        .filter(pk=pk)
        .first()
    )
    if initiative is None:
        raise Http404
    etag = _etag(
        request, initiative.pk, initiative.updated_at, initiative.replication_count, initiative.awards_changed_at
    )
    last_modified = max(d for d in (initiative.updated_at, initiative.awards_changed_at) if d)
    not_modified = _conditional(request, etag, last_modified)
    if not_modified is not None:
        return not_modified

    s = scope(request.user)
    # Staff of another unit may copy it into their own unit (the view checks again on POST).
    may_replicate = s.is_staff_of_any_unit and not works_at_unit_of(request.user, initiative)
    context = {
        "initiative": initiative,
        # The awards that stand: one recovered by its authority is no longer held (`Commendation.recover`).
        "commendations": list(
            initiative.commendations.standing()
            .order_by("-decided_on", "-id")
            .only("id", "kind", "authority", "decision_number", "decided_on", "initiative_id")
        ),
        "may_replicate": may_replicate,
        # A committee's chair or secretariat may propose it to the units under them (the page checks again).
        "may_propose": s.may_lead,
        # The initiative is public (read above), so its published photos are too.
        "photos": list(initiative.attachments.published_photos().only("id", "initiative_id")[:GALLERY_SIZE]),
    }
    response = render(request, "models_registry/showcase/detail.html", context)
    return _finish(request, response, etag, last_modified)


def photo(request: HttpRequest, pk: int, size: str) -> HttpResponse:
    """Serve a resized copy of a published photo of an initiative the showcase shows; anything else is a 404.

    The original file is never served here: only a re-encoded copy, without its metadata.
    """
    if size not in photos.SIZES:
        raise Http404
    attachment = Attachment.objects.in_showcase().filter(pk=pk).only("id", "file", "content_type").first()
    if attachment is None:
        raise Http404
    name = photos.thumbnail(attachment, size)
    if name is None:
        raise Http404
    response = FileResponse(default_storage.open(name, "rb"), content_type="image/jpeg")
    response["X-Content-Type-Options"] = "nosniff"
    # Short: a photo the unit withdraws must leave shared caches soon, as its page does.
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response


def decision_status(decision) -> dict | None:
    """Say plainly when a decision was revoked or replaced, and by which decision; None while it stands."""
    later = decision.later()
    if later is None:
        return None
    named = {"number": later.number, "date": date_text(later.decided_on), "reason": later.reason}
    if later.amendment == Amendment.REVOKE:
        text = _("Đã bị thu hồi theo Quyết định số %(number)s ngày %(date)s. Lý do: %(reason)s") % named
    else:
        text = _("Đã được thay thế bởi Quyết định số %(number)s ngày %(date)s. Lý do: %(reason)s") % named
    return {"kind": later.amendment, "text": text, "decision": later}


def verify_lookup(request: HttpRequest) -> HttpResponse:
    """Ask for a certificate's code, or send a typed one on to its verification page."""
    code = normalize_certificate_code(request.GET.get("code", ""))
    if code:
        return redirect("showcase:verify", code=code)
    return render(request, "models_registry/showcase/verify.html", {"certificate": None})


def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Say whether a certificate is genuine: its decision, date, signer, initiative and unit, and its fate."""
    certificate = (
        Certificate.objects.select_related("decision__committee", "initiative__unit")
        .filter(code=normalize_certificate_code(code))
        .first()
    )
    if certificate is None:
        # The 404 page never repeats the code: a crafted link cannot make this site say anything.
        raise Http404
    response = render(
        request,
        "models_registry/showcase/verify.html",
        {
            "certificate": certificate,
            "decision": certificate.decision,
            "initiative": certificate.initiative,
            "status": decision_status(certificate.decision),
        },
    )
    patch_cache_control(response, private=True, no_cache=True)
    return response
