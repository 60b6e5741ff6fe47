"""Realistic generated sheets for the import tests: XLSX (with titles, merged cells) and CSV."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl


def xlsx(
    path: Path, header: list, rows: list[list], titles: list[str] = (), sheet: str = "Sheet1", extra_sheets=()
) -> Path:
    """Write a workbook: title rows (merged across the header's width) above the header, then rows."""
    workbook = openpyxl.Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    for title in titles:
        worksheet.append([title])
        row = worksheet.max_row
        worksheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=max(2, len(header)))
    worksheet.append(header)
    for row in rows:
        worksheet.append(row)
    for name, content in extra_sheets:
        other = workbook.create_sheet(name)
        for row in content:
            other.append(row)
    workbook.save(path)
    return path


def csv_file(path: Path, header: list, rows: list[list], delimiter: str = ",", encoding: str = "utf-8-sig") -> Path:
    with open(path, "w", newline="", encoding=encoding) as f:
        writer = csv.writer(f, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path
