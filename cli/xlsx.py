"""Rendering Reports into one Excel workbook, a sheet per view, shaped like the forms
auditors and planners already use: official headings, rupiah as real numbers with
thousands grouping and sen (Excel shows 1.234.567,00 on an Indonesian locale: a number
format's separators follow the reader's locale), percentages as fractions, frozen
header rows, rollup rows (program, kegiatan, total) filled and bold, column widths that
fit, and a page setup that prints the header on every page."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from projections.report import Report

MONEY_FORMAT = "#,##0.00;-#,##0.00;-"  # zero as "-", as the documents print "no change"
PERCENT_FORMAT = "0.00%"
DATE_FORMAT = "yyyy-mm-dd"
HEADER_ROW = 4  # title, notes, a blank row, then the headings
HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
ROLLUP_FILL = {
    "program": PatternFill("solid", fgColor="D9E1F2"),
    "kegiatan": PatternFill("solid", fgColor="EDF1F9"),
    "urusan": PatternFill("solid", fgColor="FCE4D6"),
    "total": PatternFill("solid", fgColor="FCE4D6"),
}
DEFAULT_ROLLUPS = frozenset(ROLLUP_FILL)
THIN = Side(style="thin", color="A6A6A6")
MAX_WIDTH = {"text": 50, "money": 22}  # characters; longer text wraps


class Sheet(NamedTuple):
    name: str
    report: Report
    rollups: Collection[str] = DEFAULT_ROLLUPS  # row levels that are sums, set apart


def number_format(value: Decimal | int) -> str:
    """A quantity shown with exactly its own decimals (175.000, 52,7, 0,125)."""
    if isinstance(value, int):
        return "#,##0"
    exponent = value.normalize().as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return "#,##0" + ("." + "0" * places if places else "")


def cell_value(value: Any, kind: str) -> Any:
    """A cell's value: money, numbers and percentages as numbers (never text), dates as
    dates, lists (a row's findings) one per line, everything else as its text."""
    if value is None or value == "" or value == []:
        return None
    if kind in ("money", "number") and isinstance(value, (Decimal, int)):
        return value
    if kind == "percent" and isinstance(value, (Decimal, int)):
        return Decimal(value) / 100
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value
    if isinstance(value, list):
        return "\n".join(str(item) for item in value)
    if isinstance(value, (Decimal, int)):
        return value
    return str(value)


def _shown_width(value: Any, kind: str) -> int:
    """Roughly how many characters the cell shows (its longest line)."""
    if value is None:
        return 0
    if kind == "percent" and isinstance(value, Decimal):
        return len(f"{value * 100:.2f}%")
    if isinstance(value, (Decimal, int)):
        return len(f"{value:,.2f}") if kind == "money" else len(f"{value:,}")
    if isinstance(value, date):
        return 10
    return max((len(line) for line in str(value).splitlines()), default=0)


class _Styles:
    """Body cells share a few named styles (number format, rollup level, wrapping):
    setting one name is much cheaper in openpyxl than four style objects per cell."""

    def __init__(self, workbook: Workbook) -> None:
        self.workbook = workbook

    def name(self, shape: str, rollup: str | None, wrap: bool) -> str:
        name = f"pagu {shape} {rollup or 'line'} {'wrap' if wrap else 'nowrap'}"
        if name not in self.workbook.named_styles:
            style = NamedStyle(name=name, number_format=shape)
            style.border = Border(bottom=THIN)
            style.alignment = Alignment(wrap_text=wrap or None, vertical="top")
            if rollup is not None:
                style.fill = ROLLUP_FILL[rollup]
                style.font = Font(bold=True)
            self.workbook.add_named_style(style)
        return name


def add_sheet(
    workbook: Workbook, name: str, report: Report, rollups: Collection[str] = DEFAULT_ROLLUPS
) -> Worksheet:
    sheet = workbook.create_sheet(title=name[:31])
    columns = report.columns
    sheet.cell(row=1, column=1, value=report.title).font = Font(bold=True, size=12)
    notes = "; ".join(note for note in report.notes if note)
    sheet.cell(row=2, column=1, value=notes or None).font = Font(italic=True, color="595959")
    widths = [10] * len(columns)
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=index, value=column.heading)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.border = Border(top=THIN, bottom=THIN, left=THIN, right=THIN)
        longest_word = max((len(word) for word in column.heading.split()), default=0)
        widths[index - 1] = max(widths[index - 1], longest_word + 2)
    styles = _Styles(workbook)
    for offset, row in enumerate(report.rows, start=1):
        level = str(row.get("level", ""))
        rollup = level if level in rollups and level in ROLLUP_FILL else None
        for index, column in enumerate(columns, start=1):
            value = cell_value(row.get(column.key), column.kind)
            cell = sheet.cell(row=HEADER_ROW + offset, column=index, value=value)
            if column.kind == "money":
                shape = MONEY_FORMAT
            elif column.kind == "percent":
                shape = PERCENT_FORMAT
            elif isinstance(value, (Decimal, int)):
                shape = number_format(value)
            elif isinstance(value, date):
                shape = DATE_FORMAT
            else:
                shape = "General"
            cell.style = styles.name(shape, rollup, not isinstance(value, (Decimal, int)))
            limit = MAX_WIDTH.get(column.kind, MAX_WIDTH["text"])
            widths[index - 1] = max(
                widths[index - 1], min(limit, _shown_width(value, column.kind) + 2)
            )
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    # Headings wrap within their column: make the row tall enough for the longest.
    lines = max(
        (
            -(-len(column.heading) // max(1, int(width) - 1))
            for column, width in zip(columns, widths, strict=True)
        ),
        default=1,
    )
    sheet.row_dimensions[HEADER_ROW].height = 15 * max(1, min(lines, 8))
    # Freeze the headings, and the code and name when the view starts with them.
    keys = [column.key for column in columns[:2]]
    frozen_columns = 2 if keys == ["kode", "nama"] else 0
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=frozen_columns + 1)
    last = get_column_letter(max(1, len(columns)))
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{last}{HEADER_ROW + max(1, len(report.rows))}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    return sheet


def write_workbook(
    path: Path, sheets: Sequence[Sheet | tuple[str, Report]], *, title: str | None = None
) -> None:
    """One workbook, a sheet per Report, in the order given."""
    workbook = Workbook()
    assert workbook.active is not None
    workbook.remove(workbook.active)
    for item in sheets:
        sheet = Sheet(*item)
        add_sheet(workbook, sheet.name, sheet.report, sheet.rollups)
    workbook.properties.creator = "pagu"
    if title:
        workbook.properties.title = title
    workbook.save(path)
