"""Rendering Reports into one Excel workbook, a sheet per view, shaped like the forms
auditors and planners already use: official headings, rupiah as real numbers with
thousands grouping (Excel shows 1.234.567,00 on an Indonesian locale), frozen header
rows, rollup rows set apart, column widths that fit."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from projections.report import Report

MONEY_FORMAT = "#,##0.00;(#,##0.00);-"
PERCENT_FORMAT = "0.00%"
NUMBER_FORMAT = "#,##0.##"
HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
ROLLUP_FILL = {
    "program": PatternFill("solid", fgColor="D9E1F2"),
    "kegiatan": PatternFill("solid", fgColor="EDF1F9"),
    "total": PatternFill("solid", fgColor="FCE4D6"),
    "urusan": PatternFill("solid", fgColor="FCE4D6"),
}
THIN = Side(style="thin", color="A6A6A6")


def _value(value: Any, kind: str) -> Any:
    """A cell value: numbers as numbers (never text), everything else as text or a date."""
    if value is None or value == "":
        return None
    if kind in ("money", "number") and isinstance(value, (Decimal, int)):
        return value
    if kind == "percent" and isinstance(value, (Decimal, int)):
        return Decimal(value) / 100
    if isinstance(value, (date, datetime)):
        return value if isinstance(value, date) and not isinstance(value, datetime) else str(value)
    if isinstance(value, (dict, list)):
        return str(value)
    return str(value) if not isinstance(value, (int, float, Decimal)) else value


def add_sheet(workbook: Workbook, name: str, report: Report) -> None:
    sheet = workbook.create_sheet(title=name[:31])
    columns = report.columns
    sheet.cell(row=1, column=1, value=report.title).font = Font(bold=True, size=12)
    notes = "; ".join(note for note in report.notes if note)
    sheet.cell(row=2, column=1, value=notes or None).font = Font(italic=True, color="595959")
    header_row = 4
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=header_row, column=index, value=column.heading)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.border = Border(top=THIN, bottom=THIN, left=THIN, right=THIN)
    widths = [max(10, min(40, len(column.heading) // 2 + 4)) for column in columns]
    for offset, row in enumerate(report.rows, start=1):
        level = str(row.get("level", ""))
        fill = ROLLUP_FILL.get(level)
        for index, column in enumerate(columns, start=1):
            value = _value(row.get(column.key), column.kind)
            cell = sheet.cell(row=header_row + offset, column=index, value=value)
            cell.border = Border(bottom=THIN)
            if column.kind == "money":
                cell.number_format = MONEY_FORMAT
            elif column.kind == "percent":
                cell.number_format = PERCENT_FORMAT
            elif column.kind == "number":
                cell.number_format = NUMBER_FORMAT
            else:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            if fill is not None:
                cell.fill = fill
                cell.font = Font(bold=True)
            shown = (
                len(f"{value:,.2f}") if isinstance(value, (Decimal, int)) else len(str(value or ""))
            )
            widths[index - 1] = max(widths[index - 1], min(60, shown + 2))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=3 if len(columns) > 2 else 1)
    sheet.auto_filter.ref = (
        f"A{header_row}:{get_column_letter(len(columns))}{header_row + len(report.rows)}"
    )


def write_workbook(path: Path, sheets: Sequence[tuple[str, Report]]) -> None:
    workbook = Workbook()
    assert workbook.active is not None
    workbook.remove(workbook.active)
    for name, report in sheets:
        add_sheet(workbook, name, report)
    workbook.save(path)
