"""manage.py export_summary --campaign ID | --year YYYY --format xlsx|csv|pdf --output FILE [--unit ID]

Writes the same files as the summary page's downloads, for the whole province by default (as
an administrator sees it) or for one unit's subtree with --unit. Long runs show a progress line
on stderr ("rows done / total", rewritten in place with \\r); -v0 silences it.
"""

from __future__ import annotations

import shutil
import time

from django.core.management.base import BaseCommand, CommandError, OutputWrapper
from django.utils import translation
from django.utils.translation import gettext as _

from campaigns.models import Campaign, Unit
from dvk.numbers import number_text
from models_registry.models import Initiative
from models_registry.reports.exports import summary_xlsx, write_initiatives_csv, write_summary_csv
from models_registry.reports.forms import NO_CAMPAIGN_THAT_YEAR
from models_registry.reports.pdf import PDF_LIST_LIMIT, report_title, summary_pdf
from models_registry.reports.summary import build_summary, for_campaign, for_year


def _plain(text: str) -> str:
    # Progress is not an error: keep stderr's default red styling off it.
    return text


class Progress:
    """A one-line progress bar on stderr: label, bar, rows done / total, rewritten with \\r."""

    def __init__(self, stream: OutputWrapper, label: str, total: int, enabled: bool, width: int = 30):
        self.stream, self.label, self.total, self.enabled, self.width = stream, label, total, enabled, width
        self.last_done = -1

    def __call__(self, done: int) -> None:
        if not self.enabled or done == self.last_done:
            return
        self.last_done = done
        fraction = done / self.total if self.total else 1.0
        filled = int(self.width * min(fraction, 1.0))
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r{self.label} [{bar}] {done}/{self.total} ({fraction:.0%})", style_func=_plain, ending="")
        self.stream.flush()

    def finish(self) -> None:
        if self.enabled and self.last_done >= 0:
            self.stream.write("", style_func=_plain, ending="\n")
            self.stream.flush()


class Command(BaseCommand):
    help = "Xuất tổng hợp phong trào “Dân vận khéo” của một đợt phát động hoặc một năm ra XLSX, CSV hoặc PDF."

    def add_arguments(self, parser):
        period = parser.add_mutually_exclusive_group(required=True)
        period.add_argument("--campaign", type=int, help="Mã đợt phát động.")
        period.add_argument("--year", type=int, help="Năm (mọi đợt phát động của năm đó).")
        parser.add_argument("--format", choices=["xlsx", "csv", "pdf"], default="xlsx")
        parser.add_argument("--output", required=True, help="Tệp sẽ ghi ra.")
        parser.add_argument(
            "--unit", type=int, help="Chỉ xuất đơn vị này và các đơn vị cấp dưới (mặc định: toàn tỉnh)."
        )
        parser.add_argument(
            "--part",
            choices=["list", "summary"],
            default="list",
            help="Với CSV: danh sách đầy đủ (list, mặc định) hoặc các bảng tổng hợp (summary).",
        )
        parser.add_argument(
            "--full-list",
            action="store_true",
            help="Với PDF: in toàn bộ danh sách mô hình được công nhận dù dài (chậm với hàng nghìn dòng).",
        )
        parser.add_argument("--language", default="vi", help="Ngôn ngữ của tiêu đề cột (vi hoặc en).")

    def handle(self, *args, **options):
        with translation.override(options["language"]):
            self._export(options)

    def _export(self, options) -> None:
        started = time.monotonic()
        initiatives, campaign, year = _period(options)
        initiatives, root = _scope(options, initiatives)
        show = options["verbosity"] > 0
        fmt, output = options["format"], options["output"]
        self.progress: Progress | None = None  # set by _write before it opens the file
        try:
            self._write(options, initiatives, campaign, year, root, show)
        except OSError as error:
            if self.progress is not None:
                self.progress.finish()
            raise CommandError(
                _("Không ghi được tệp %(file)s: %(error)s") % {"file": output, "error": error}
            ) from error
        self.progress.finish()
        if show:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Đã ghi %(file)s (%(format)s, %(rows)s dòng, %(seconds)s giây).")
                    % {
                        "file": output,
                        "format": fmt.upper(),
                        "rows": self.progress.total,
                        "seconds": number_text(time.monotonic() - started, 1),
                    }
                )
            )

    def _write(self, options, initiatives, campaign, year: int, root, show: bool) -> None:
        """Write the file in the asked format: the list as CSV, or the summary as CSV, XLSX or PDF."""
        fmt, output = options["format"], options["output"]
        title, subtitle = report_title(year), _subtitle(campaign, root)
        if fmt == "csv" and options["part"] == "list":
            self.progress = Progress(self.stderr, _("Danh sách"), initiatives.count(), show)
            with open(output, "wb") as handle:
                write_initiatives_csv(handle, initiatives, self.progress)
            return
        summary = build_summary(initiatives, root_unit=root)
        if fmt == "csv":
            self.progress = Progress(self.stderr, _("Đã công nhận"), summary.recognized, show)
            with open(output, "wb") as handle:
                write_summary_csv(handle, summary, title, subtitle)
            self.progress(summary.recognized)
        elif fmt == "xlsx":
            self.progress = Progress(self.stderr, _("Danh sách"), summary.total, show)
            tmp = summary_xlsx(summary, initiatives, title, subtitle, progress=self.progress)
            with tmp, open(output, "wb") as handle:
                shutil.copyfileobj(tmp, handle)
        else:
            # Past the limit the PDF points to the workbook instead of listing (see pdf.PDF_LIST_LIMIT).
            listed = summary.recognized if options["full_list"] or summary.recognized <= PDF_LIST_LIMIT else 0
            self.progress = Progress(self.stderr, _("Đã công nhận"), listed, show)
            data = summary_pdf(
                summary,
                year=year,
                campaign=campaign,
                root_unit=root,
                progress=self.progress,
                list_limit=None if options["full_list"] else PDF_LIST_LIMIT,
            )
            with open(output, "wb") as handle:
                handle.write(data)


def _period(options) -> tuple:
    """Return the initiatives of the asked campaign or year, the campaign (None for a year) and the year."""
    initiatives = Initiative.objects.all()
    if options["campaign"] is not None:
        campaign = Campaign.objects.select_related("committee__unit").filter(pk=options["campaign"]).first()
        if campaign is None:
            raise CommandError(_("Không có đợt phát động mã %(id)s.") % {"id": options["campaign"]})
        return for_campaign(initiatives, campaign), campaign, campaign.year
    year = options["year"]
    if not Campaign.objects.filter(year=year).exists():
        raise CommandError(str(NO_CAMPAIGN_THAT_YEAR))
    return for_year(initiatives, year), None, year


def _scope(options, initiatives) -> tuple:
    """Return the initiatives of the asked unit's subtree and that unit; else all, under the one top unit if any."""
    if options["unit"] is not None:
        root = Unit.objects.filter(pk=options["unit"]).first()
        if root is None:
            raise CommandError(_("Không có đơn vị mã %(id)s.") % {"id": options["unit"]})
        return initiatives.filter(unit__path__startswith=root.path), root
    tops = list(Unit.objects.filter(parent__isnull=True)[:2])
    return initiatives, tops[0] if len(tops) == 1 else None


def _subtitle(campaign, root) -> str:
    """Return the line under the title: the campaign, then the unit, when there are."""
    subtitle = _("Đợt phát động: %(name)s") % {"name": campaign.name} if campaign is not None else ""
    if root is not None:
        subtitle = f"{subtitle} — {root.name}" if subtitle else str(root.name)
    return subtitle
