"""Tiny server-side SVG bar charts for the PDF report (no JavaScript, no plotting library).

The PDF renderer draws inline SVG itself, so the charts need nothing from the network and
their text uses the same embedded font as the report.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from dvk.numbers import number_text

FONT = "DVK Serif, DejaVu Serif, serif"
# Two colours with enough contrast in print and in grey scale.
COLOURS = ("#9fb9d8", "#1f4e79")


def _truncate(text: str, limit: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _legend(series: list, left: int, title_height: int) -> list[str]:
    """The series' names in their colours, side by side above the plot."""
    parts = []
    x = left
    for index, (name, _values) in enumerate(series):
        parts.append(
            f'<rect x="{x}" y="{title_height + 4}" width="12" height="10" fill="{COLOURS[index]}" stroke="#333" stroke-width="0.3"/>'
        )
        parts.append(f'<text x="{x + 16}" y="{title_height + 13}">{escape(name)}</text>')
        x += 22 + 7 * len(name)
    return parts


def _bar_group(
    row: int,
    label: str,
    series: list,
    *,
    top: int,
    left: int,
    plot_width: float,
    peak,
    bar_height: int,
    label_width: int,
    label_chars: int,
) -> list[str]:
    """One label's group: the label, then one bar per series with its value at the end."""
    middle = top + (bar_height * len(series)) / 2 + 4
    parts = [
        f'<text x="{label_width}" y="{middle:.1f}" text-anchor="end">{escape(_truncate(label, label_chars))}</text>'
    ]
    for index, (_name, values) in enumerate(series):
        value = values[row] if row < len(values) else 0
        length = plot_width * (value or 0) / peak
        y = top + index * bar_height
        parts.append(
            f'<rect x="{left}" y="{y}" width="{length:.1f}" height="{bar_height - 1}" fill="{COLOURS[index]}"/>'
        )
        shown = number_text(value or 0, 1, trim=True)
        parts.append(f'<text x="{left + length + 3:.1f}" y="{y + bar_height - 2}" font-size="9">{shown}</text>')
    return parts


def bar_chart(
    title: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[int | float]]],
    *,
    width: int = 600,
    label_width: int = 210,
    bar_height: int = 11,
    gap: int = 8,
    label_chars: int = 38,
) -> str:
    """Return an SVG document: horizontal bars, one group per label, one bar per series, values at the ends."""
    series = list(series)[: len(COLOURS)]
    legend_height = 22
    title_height = 22
    group_height = bar_height * len(series) + gap
    plot_top = title_height + legend_height
    height = plot_top + group_height * max(len(labels), 1) + 6
    plot_left = label_width + 6
    plot_width = width - plot_left - 40  # room for the value after the longest bar
    peak = max((v or 0 for _, values in series for v in values), default=0) or 1

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
        f'font-family="{FONT}" font-size="11">',
        f"<title>{escape(title)}</title>",
        f'<text x="0" y="14" font-size="12" font-weight="bold">{escape(title)}</text>',
        *_legend(series, plot_left, title_height),
        f'<line x1="{plot_left}" y1="{plot_top - 2}" x2="{plot_left}" y2="{height - 4}" stroke="#333" stroke-width="0.6"/>',
    ]
    for row, label in enumerate(labels):
        parts += _bar_group(
            row,
            label,
            series,
            top=plot_top + row * group_height,
            left=plot_left,
            plot_width=plot_width,
            peak=peak,
            bar_height=bar_height,
            label_width=label_width,
            label_chars=label_chars,
        )
    parts.append("</svg>")
    return "".join(parts)
