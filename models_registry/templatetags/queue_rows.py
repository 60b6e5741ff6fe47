"""The committee's long lists, a row per initiative or nomination, written in Python (`dvk.cells`).

Why not in the template: the recognition page shows a hundred recognition requests (each with its
closest recognized twin) and a hundred nominations from below, the committee's home three queues
of fifty: thousands of values that the template language resolves, localizes and escapes one by
one (a block and an include a row in the queues), about half of each page's time at any number of
initiatives. Written here, the same HTML, escaped the same way, takes a fraction of that. The
tables' heads, the pagers and the empty cases stay in the templates (`recognition.html`,
`_queue_table.html` and the three queues that extend it).
"""

from __future__ import annotations

from django import template
from django.template.defaultfilters import capfirst, floatformat, linebreaksbr
from django.utils.formats import date_format, localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext, ngettext

from dvk.cells import badge, fill, lines
from dvk.reversing import row_url

from ..guard import LINEAGE

register = template.Library()

PICK = (
    '<td><input class="form-check-input" type="checkbox" name="initiatives" value="{pk}" id="{prefix}-{pk}"{disabled}'
    '{checked} aria-label="{label}"></td>'
)
REQUEST_ROW = (
    '<tr data-initiative="{pk}">{pick}<th scope="row" class="fw-normal"><a href="{url}">{name}</a></th>'
    '<td>{unit}</td><td>{field}</td><td>{kind}</td><td class="text-end">{mean}</td>'
    '<td class="text-end" data-quorum="{quorum}">{sheets}/{quorum}</td><td class="text-end">{threshold}</td>'
    "<td>{result}</td></tr>"
)
TWIN_ROW = (
    '<tr data-twin-row="{pk}"><td></td><td colspan="8">'
    '<p class="small mb-1" data-twin-summary>{badge} {closeness} {lineage} · <a href="{url}" '
    'data-twin-compare-link="twin-detail-{pk}">{compare}</a></p>{refusal}<div id="twin-detail-{pk}" hidden></div>'
    "{reason}</td></tr>"
)
NOMINATION_ROW = (
    '<tr data-nomination="{id}">{pick}<th scope="row" class="fw-normal"><a href="{url}">{name}</a></th>'
    "<td>{unit}</td><td>{committee}</td><td>{decision}"
    '<div><a class="small" href="{dossier}" data-paper="nomination-dossier"><i class="bi bi-file-earmark-zip" '
    'aria-hidden="true"></i> {label_dossier}</a></div></td><td>{reason}</td><td><a class="btn btn-sm '
    'btn-outline-danger" data-transition="return_nomination" href="{return_url}">{label_return}</a></td></tr>'
)
REASON = (
    '<label class="form-label small" for="twin-reason-{pk}">{label}</label><textarea class="form-control '
    'form-control-sm" rows="2" name="twin_reason-{pk}" id="twin-reason-{pk}" data-twin-reason>{text}</textarea>'
)


def _translated(message: str, **values) -> SafeString:
    """A translated message with its values escaped into it, as `{% blocktranslate with … %}` does."""
    return mark_safe(message % {key: conditional_escape(value) for key, value in values.items()})


def _pick(pk: int, name: str, *, prefix: str = "pick", disabled: bool = False, checked: bool = False) -> SafeString:
    """A row's tick box, labelled by the row's name for a screen reader."""
    return fill(
        PICK,
        pk=pk,
        prefix=prefix,
        disabled=mark_safe(" disabled") if disabled else "",
        checked=mark_safe(" checked") if checked else "",
        label=_translated(gettext("Chọn “%(name)s”"), name=name),
    )


@register.simple_tag
def recognition_rows(initiatives, selected):
    """The recognition requests of the page (`recognition` view), each with its twin's row when it has one."""
    labels = {
        "passed": badge("success", gettext("Đạt")),
        "no_sheets": badge("warning", gettext("Chưa có phiếu")),
        "failed": badge("danger", gettext("Chưa đạt")),
    }
    return lines(_request_row(initiative, selected, labels) for initiative in initiatives)


def _request_row(initiative, selected, labels: dict) -> str:
    if initiative.passes:
        result = labels["passed"]
    elif initiative.mean_total is None:
        result = labels["no_sheets"]
    elif not initiative.quorum_met:
        quorum = initiative.quorum
        result = badge(
            "warning",
            _translated(ngettext("Chưa đủ %(quorum)s phiếu", "Chưa đủ %(quorum)s phiếu", quorum), quorum=quorum),
        )
    else:
        result = labels["failed"]
    row = fill(
        REQUEST_ROW,
        pk=initiative.pk,
        pick=_pick(initiative.pk, initiative.name, disabled=not initiative.passes, checked=initiative.pk in selected),
        url=row_url("committee:score", initiative.pk),
        name=initiative.name,
        unit=initiative.unit.name,
        field=initiative.field.label,
        kind=initiative.get_kind_display(),
        mean=floatformat(initiative.mean_total, 2) if initiative.mean_total is not None else "—",
        quorum=initiative.quorum,
        sheets=initiative.sheet_count,
        threshold=floatformat(initiative.threshold, "-2") or "—",
        result=result,
    )
    if initiative.twin:
        row += "\n" + _twin_row(initiative)
    return row


def _twin_row(initiative) -> SafeString:
    """The stored verdict only: the side-by-side is drawn when asked (committee:twin_compare)."""
    twin = initiative.twin
    closest = badge("danger", gettext("Gần trùng")) if twin.is_twin else badge("secondary", gettext("Tương tự"))
    closeness = _translated(
        gettext("So với “%(name)s” (%(unit)s, công nhận năm %(year)s): giống %(percent)s%%"),
        name=twin.initiative.name,
        unit=twin.initiative.unit.name,
        year=twin.initiative.campaign.year,
        percent=twin.percent,
    )
    lineage = ""
    if twin.verdict == LINEAGE:
        lineage = format_html(
            '<span class="text-body-secondary" data-twin-lineage>— {}</span>',
            gettext("đúng mô hình mà hồ sơ khai là duy trì hoặc nhân rộng"),
        )
    refusal = twin.refusal
    reason = ""
    if twin.needs_reason and not refusal:
        reason = format_html(
            REASON,
            pk=initiative.pk,
            label=gettext(
                "Lý do công nhận dù nội dung gần trùng mô hình đã công nhận (bắt buộc, được ghi vào nhật ký)"
            ),
            text=initiative.twin_reason,
        )
    return fill(
        TWIN_ROW,
        pk=initiative.pk,
        badge=closest,
        closeness=closeness,
        lineage=lineage,
        url=row_url("committee:twin_compare", initiative.pk),
        compare=gettext("Xem so sánh chi tiết"),
        refusal=format_html('<p class="text-danger small mb-2" data-twin-refusal>{}.</p>', capfirst(refusal))
        if refusal
        else "",
        reason=reason,
    )


@register.simple_tag
def nomination_rows(nominations, selected):
    """The nominations from lower committees on the page, each with its dossier and its way back."""
    labels = gettext("Tải hồ sơ (ZIP)"), gettext("Trả lại đề cử")
    return lines(_nomination_row(nomination, selected, *labels) for nomination in nominations)


def _nomination_row(nomination, selected, label_dossier: str, label_return: str) -> SafeString:
    initiative = nomination.initiative
    return fill(
        NOMINATION_ROW,
        id=nomination.pk,
        pick=_pick(initiative.pk, initiative.name, checked=initiative.pk in selected),
        url=row_url("staff:initiative_detail", initiative.pk),
        name=initiative.name,
        unit=initiative.unit.name,
        committee=nomination.from_committee.name,
        decision=nomination.from_decision if nomination.from_decision else "—",
        dossier=row_url("reports:initiative_dossier", initiative.pk),
        label_dossier=label_dossier,
        reason=linebreaksbr(nomination.reason, autoescape=True),
        return_url=row_url("committee:act", initiative.pk, "return_nomination"),
        label_return=label_return,
    )


# ----- the committee's queues (`_queue_table.html`) ----------------------------------------------
QUEUE_ROW = (
    '<tr data-initiative="{pk}">{pick}<th scope="row" class="fw-normal"><a href="{url}">{name}</a></th>'
    '<td data-label="{unit_label}">{unit}</td><td data-label="{field_label}">{field}</td>{cells}'
    '<td class="dvk-row-actions"><a class="btn btn-sm btn-primary" href="{action_url}">{action_label}</a></td></tr>'
)
CELL = '<td data-label="{}">{}</td>'


def _queue_rows(initiatives, cells, *, url: str, action_url: str, action_label: str, pick: str | None):
    """A queue's rows: the tick box (`pick`: its id prefix; None, no box), name, unit, field, `cells(row)`, the action."""
    labels = {"unit_label": gettext("Đơn vị"), "field_label": gettext("Lĩnh vực"), "action_label": action_label}
    return lines(
        fill(
            QUEUE_ROW,
            pk=initiative.pk,
            pick=_pick(initiative.pk, initiative.name, prefix=pick) if pick else "",
            url=row_url(url, initiative.pk),
            name=initiative.name,
            unit=initiative.unit.name,
            field=initiative.field.label,
            cells=cells(initiative),
            action_url=row_url(action_url, initiative.pk),
            **labels,
        )
        for initiative in initiatives
    )


def _day(moment) -> str:
    """A date, or a moment as its day where DVK runs (the template's `|date:"d/m/Y"`)."""
    if moment is None:
        return ""
    if hasattr(moment, "tzinfo"):
        moment = localtime(moment)
    return date_format(moment, "d/m/Y")


@register.simple_tag
def appraisal_rows(initiatives, prefix=""):
    """The registrations waiting for appraisal (`_appraisal_queue.html`)."""
    kind, submitted = gettext("Loại"), gettext("Đăng ký lúc")
    return _queue_rows(
        initiatives,
        lambda i: format_html(CELL + CELL, kind, i.get_kind_display(), submitted, _day(i.submitted_at)),
        url="committee:appraise",
        action_url="committee:appraise",
        action_label=gettext("Thẩm định"),
        pick=prefix or "pick",
    )


@register.simple_tag
def inspection_rows(initiatives, show_kind=False):
    """The approved initiatives due an inspection (`_inspection_table.html`); `show_kind` adds their kind."""
    kind, last = gettext("Loại"), gettext("Kiểm tra gần nhất")
    never = badge("warning", gettext("Chưa kiểm tra"))

    def cells(i):
        shown = format_html(CELL, kind, i.get_kind_display()) if show_kind else mark_safe("")
        return shown + format_html(CELL, last, _day(i.last_inspected_on) if i.last_inspected_on else never)

    return _queue_rows(
        initiatives,
        cells,
        url="committee:inspection_list",
        action_url="committee:inspection_create",
        action_label=gettext("Ghi kết quả kiểm tra"),
        pick=None,
    )


@register.simple_tag
def scoring_rows(initiatives, prefix=""):
    """The recognition requests to score (`_recognition_queue.html`): the mean against the threshold, the sheets."""
    mean_label, sheets_label, mine_label = (
        gettext("Điểm bình quân / ngưỡng"),
        gettext("Số phiếu"),
        gettext("Phiếu của bạn"),
    )
    done = badge("success", gettext("Đã nộp"))
    to_do = badge("warning", gettext("Chưa chấm"))

    def cells(i):
        shown_mean = i.shows_mean and i.mean_total is not None
        mean = floatformat(i.mean_total, 2) if shown_mean else "—"
        threshold = localize(i.threshold) if i.threshold is not None else "—"
        return format_html(
            CELL * 3,
            mean_label,
            format_html("{} / {}", mean, threshold),
            sheets_label,
            i.sheet_count,
            mine_label,
            done if i.scored_by_me else to_do,
        )

    return _queue_rows(
        initiatives,
        cells,
        url="committee:score",
        action_url="committee:score",
        action_label=gettext("Chấm điểm"),
        pick=prefix or "pick",
    )
