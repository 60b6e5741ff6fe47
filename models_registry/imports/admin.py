"""The import pages of the admin, for administrators: upload → mapping → dry run → import → report.

The uploaded sheet waits in the shared storage; the session remembers which one and its mapping,
so each step is a plain GET/POST and any web process can serve the next. Units and people (a few
thousand rows) are imported in the request; the history, tens of thousands of rows, as a job.
"""

from __future__ import annotations

import io
import itertools
from dataclasses import dataclass

import openpyxl
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobs.runner import QueueUnavailable

from . import history, history_columns, people, units
from .columns import Columns
from .import_jobs import local_copy, store_upload, submit_history_import
from .models import ColumnMapping
from .reading import SheetError, read_headers
from .report import Action

SESSION_KEY = "dvk_import"


@dataclass(frozen=True)
class ImportKind:
    """A kind of sheet: its name, its template's header row, the titles that find its header row, and, for
    units and people, the columns it cannot be read without (the history's are chosen on the mapping step)."""

    label: str
    template_headers: list[str]
    known: frozenset[str]
    columns: Columns | None = None

    @classmethod
    def of(cls, label: str, columns: Columns) -> ImportKind:
        """A kind whose columns are described (units, people): its template and header titles come from them."""
        return cls(label, columns.template_headers, columns.known, columns)

    def refusal(self, path, sheet_name: str) -> SheetError | None:
        """Return why the uploaded sheet cannot go on to the next step (None: it can)."""
        try:
            headers = read_headers(path, self.known, sheet_name).headers
        except SheetError as error:
            return error
        missing = self.columns.refusal(headers) if self.columns else None
        return SheetError(missing) if missing else None


KINDS = {
    "units": ImportKind.of(gettext_lazy("Đơn vị (cây tổ chức)"), units.COLUMNS),
    "people": ImportKind.of(gettext_lazy("Cán bộ, thành viên Ban Chỉ đạo"), people.COLUMNS),
    "history": ImportKind(
        gettext_lazy("Mô hình, điển hình các năm trước"), history_columns.TEMPLATE_HEADERS, history_columns.KNOWN
    ),
}
EXAMPLES = {
    "units": [["VLG", "Tỉnh Vĩnh Long", "Tỉnh", "", ""], ["VLG-001", "Xã Long Hồ", "Xã", "VLG", "VLG-OLD1; VLG-OLD2"]],
    "people": [["Nguyễn Văn An", "an@example.vn", "0909123456", "VLG-001", "Bí thư Đảng ủy", "VLG", "Ủy viên"]],
    "history": [
        [
            "2023",
            "VLG-001",
            "Tuyến đường hoa kiểu mẫu",
            "Mô hình",
            "Văn hóa – xã hội",
            "Tập thể",
            "x",
            "12/QĐ-BCĐ",
            "05/03/2023",
            "Cấp tỉnh",
            "",
            "Trồng hoa hai bên đường",
            "Ấp Phú Hòa",
        ],
    ],
}
SHOWN_ROWS = 500
ALLOWED_SUFFIXES = (".xlsx", ".xlsm", ".csv")


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Loại dữ liệu"), choices=[(k, v.label) for k, v in KINDS.items()])
    file = forms.FileField(label=gettext_lazy("Tệp (.xlsx hoặc .csv)"))
    sheet = forms.CharField(
        label=gettext_lazy("Trang tính"),
        required=False,
        help_text=gettext_lazy("Để trống: trang tính đầu tiên có dòng tiêu đề."),
    )
    skip_refused = forms.BooleanField(
        label=gettext_lazy("Bỏ qua các dòng bị từ chối"),
        required=False,
        help_text=gettext_lazy("Không chọn: chỉ cần một dòng bị từ chối là không nhập gì."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(ALLOWED_SUFFIXES):
            raise forms.ValidationError(_("Chỉ nhận tệp .xlsx hoặc .csv."))
        return upload


def mapping_form(headers: list[str], initial: dict[int, str]) -> type[forms.Form]:
    """Build the form with one choice per column of the sheet: which field it holds, or none."""
    choices = [("", _("(bỏ qua)"))] + [(t.name, t.label) for t in history_columns.TARGETS]
    fields = {
        f"c{position}": forms.ChoiceField(
            label=title or _("(cột %(n)s không có tiêu đề)") % {"n": position + 1},
            choices=choices,
            required=False,
            initial=initial.get(position, ""),
        )
        for position, title in enumerate(headers)
    }

    def clean(self):
        data = super(form_class, self).clean()
        columns = {int(k[1:]): v for k, v in data.items() if v}
        doubled = [t for t, n in itertools.groupby(sorted(columns.values())) if len(list(n)) > 1]
        if doubled:
            raise forms.ValidationError(
                _("Mỗi trường chỉ ghép với một cột: %(fields)s.")
                % {"fields": ", ".join(str(history_columns.TARGET_NAMES[t].label) for t in doubled)}
            )
        missing = history_columns.missing_targets(columns)
        if missing:
            raise forms.ValidationError(_("Chưa ghép cột cho: %(fields)s.") % {"fields": ", ".join(missing)})
        data["columns"] = columns
        return data

    form_class = type("MappingForm", (forms.Form,), {**fields, "clean": clean})
    return form_class


@admin.register(ColumnMapping)
class ColumnMappingAdmin(admin.ModelAdmin):
    list_display = ("__str__", "updated_at")
    readonly_fields = ("headers", "columns", "updated_at")
    change_list_template = "admin/models_registry/imports/mapping_list.html"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("import/", view(self.upload_view), name="dvk_import"),
            path("import/template/<str:kind>/", view(self.template_view), name="dvk_import_template"),
            path("import/mapping/", view(self.mapping_view), name="dvk_import_mapping"),
            path("import/check/", view(self.check_view), name="dvk_import_check"),
            *super().get_urls(),
        ]

    # ----- steps ---------------------------------------------------------------------------
    def _context(self, request: HttpRequest, title: str, **extra) -> dict:
        return {**self.admin_site.each_context(request), "opts": self.model._meta, "title": title, **extra}

    def _require_admin(self, request: HttpRequest) -> None:
        if not request.user.is_superuser:
            raise PermissionDenied(_("Chỉ quản trị viên được nhập dữ liệu."))

    def _pending(self, request: HttpRequest) -> dict | None:
        pending = request.session.get(SESSION_KEY)
        if not pending:
            return None
        if not default_storage.exists(pending["file"]):
            # Left unconfirmed past DVK_STRAY_FILE_GRACE_HOURS, the sheet went with the stray files: say so
            # on the upload step the admin is sent back to, rather than start again without a word.
            del request.session[SESSION_KEY]
            messages.warning(
                request,
                _("Tệp “%(name)s” đã tải lên từ lâu mà chưa nhập nên không còn được giữ: hãy tải tệp lên lại.")
                % {"name": pending.get("source", "")},
            )
            return None
        return pending

    def upload_view(self, request: HttpRequest) -> HttpResponse:
        """Step 1: choose what to import and upload the sheet."""
        self._require_admin(request)
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            stored = store_upload(form.cleaned_data["file"])
            with local_copy(stored) as local:
                refusal = KINDS[form.cleaned_data["kind"]].refusal(local, form.cleaned_data["sheet"])
            if refusal is None:
                return self._keep_upload(request, form.cleaned_data, stored)
            # A file with no header to read (or, for units and people, without a required column) is refused
            # here, beside its field, the kind and the sheet kept, not as "row 0" of the next step's report.
            default_storage.delete(stored)
            form.add_error(refusal.field, str(refusal))
        return TemplateResponse(
            request,
            "admin/models_registry/imports/upload.html",
            self._context(request, _("Nhập dữ liệu từ tệp"), form=form, kinds=KINDS),
        )

    def _keep_upload(self, request: HttpRequest, data: dict, stored: str) -> HttpResponse:
        """Remember the uploaded sheet for the next steps (the one uploaded before it goes), and go on."""
        previous = request.session.get(SESSION_KEY)
        if previous and previous["file"] != stored:
            default_storage.delete(previous["file"])
        request.session[SESSION_KEY] = {
            "kind": data["kind"],
            "file": stored,
            "source": data["file"].name[:200],
            "sheet": data["sheet"],
            "skip_refused": data["skip_refused"],
            "columns": None,
        }
        if data["kind"] == "history":
            return redirect("admin:dvk_import_mapping")
        return redirect("admin:dvk_import_check")

    def template_view(self, request: HttpRequest, kind: str) -> HttpResponse:
        """Download the Vietnamese template of a kind of sheet, with an example row."""
        if kind not in KINDS:
            raise PermissionDenied
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.title = str(KINDS[kind].label)[:31]
        sheet.append(KINDS[kind].template_headers)
        for example in EXAMPLES[kind]:
            sheet.append(example)
        out = io.BytesIO()
        workbook.save(out)
        response = HttpResponse(
            out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f'attachment; filename="mau-nhap-{kind}.xlsx"'
        return response

    def mapping_view(self, request: HttpRequest) -> HttpResponse:
        """Step 2 (history): say which column holds which field; remembered for this header layout."""
        self._require_admin(request)
        pending = self._pending(request)
        if pending is None:
            return redirect("admin:dvk_import")
        try:
            with local_copy(pending["file"]) as local:
                headers = read_headers(local, history_columns.KNOWN, pending["sheet"]).headers
        except SheetError as error:
            messages.error(request, str(error))
            return redirect("admin:dvk_import")
        form_class = mapping_form(headers, history_columns.suggest(headers))
        form = form_class(request.POST or None)
        if request.method == "POST" and form.is_valid():
            pending["columns"] = {str(k): v for k, v in form.cleaned_data["columns"].items()}
            request.session[SESSION_KEY] = pending
            return redirect("admin:dvk_import_check")
        return TemplateResponse(
            request,
            "admin/models_registry/imports/mapping.html",
            self._context(request, _("Ghép cột: %(name)s") % {"name": pending["source"]}, form=form, pending=pending),
        )

    def _run(self, pending: dict, request: HttpRequest, dry_run: bool):
        with local_copy(pending["file"]) as local:
            # The sheet typed on the upload form is read for every kind (units and people ignored it).
            if pending["kind"] == "units":
                return units.import_units(
                    local, dry_run=dry_run, skip_refused=pending["skip_refused"], sheet_name=pending["sheet"]
                )
            if pending["kind"] == "people":
                return people.import_people(
                    local,
                    request.build_absolute_uri("/"),
                    dry_run=dry_run,
                    skip_refused=pending["skip_refused"],
                    sheet_name=pending["sheet"],
                )
            columns = {int(k): v for k, v in (pending["columns"] or {}).items()}
            return history.import_history(
                local,
                columns,
                dry_run=dry_run,
                skip_refused=pending["skip_refused"],
                user=request.user,
                sheet_name=pending["sheet"],
                source=pending["source"],
            )

    def check_view(self, request: HttpRequest) -> HttpResponse:
        """Step 3: the dry run, row by row; step 4: the import (history as a job); step 5: the report."""
        self._require_admin(request)
        pending = self._pending(request)
        if pending is None:
            return redirect("admin:dvk_import")
        if pending["kind"] == "history" and pending["columns"] is None:
            return redirect("admin:dvk_import_mapping")
        if request.method == "POST":
            if pending["kind"] == "history":
                columns = {int(k): v for k, v in pending["columns"].items()}
                try:
                    job = submit_history_import(
                        request.user,
                        pending["file"],
                        columns,
                        source=pending["source"],
                        rows=int(request.POST.get("rows") or 0),
                        skip_refused=pending["skip_refused"],
                        sheet=pending["sheet"],
                    )
                except QueueUnavailable:
                    # The sheet and its mapping stay in the session: the same button works once the queue is back.
                    return render(request, "jobs/queue_unavailable.html", status=503)
                del request.session[SESSION_KEY]
                return redirect(job.get_absolute_url())
            report = self._run(pending, request, dry_run=False)
            default_storage.delete(pending["file"])
            del request.session[SESSION_KEY]
            title = _("Kết quả nhập: %(name)s") % {"name": pending["source"]}
        else:
            report = self._run(pending, request, dry_run=True)
            title = _("Kiểm tra trước khi nhập: %(name)s") % {"name": pending["source"]}
        shown = [r for r in report.rows if r.action == Action.REFUSED][:SHOWN_ROWS]
        shown += [r for r in report.rows if r.action != Action.REFUSED][: SHOWN_ROWS - len(shown)]
        shown.sort(key=lambda r: r.row)
        return TemplateResponse(
            request,
            "admin/models_registry/imports/report.html",
            self._context(
                request,
                title,
                report=report,
                shown=shown,
                hidden=len(report.rows) - len(shown),
                counts=[(Action(a).label, n) for a, n in report.counts.items()],
                dry_run=request.method != "POST",
                pending=pending,
                can_import=not report.refused or pending["skip_refused"],
                rows=len(report.rows),
            ),
        )
