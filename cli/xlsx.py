"""Rendering Reports into one Excel workbook, a sheet per view, shaped like the forms
auditors and planners already use: official headings, rupiah as real numbers with
thousands grouping and sen (Excel shows 1.234.567,00 on an Indonesian locale: a number
format's separators follow the reader's locale), percentages as fractions, frozen
header rows, rollup rows (program, kegiatan, total) filled and bold, column widths that
fit, and a page set up to print (cli.xlsxprint).

Text is always text: a cell holding a reason that starts with `=` is a string cell
(openpyxl would make it a formula), marked with Excel's quote prefix so that editing it
keeps it text, and its control characters are escaped (cli.safe)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from cli.output import FORMULA_START, NUMBER_LIKE
from cli.safe import clean
from cli.xlsxprint import (
    Signature,
    add_signature,
    add_title_block,
    choose_paper,
    row_height,
    set_page,
    wrapped_lines,
)
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
    if kind == "timestamp":  # a recorded time on the ledger's clock, with its zone
        from events.clock import local_text

        return local_text(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value
    if isinstance(value, list):
        return clean("\n".join(str(item) for item in value))
    if isinstance(value, (Decimal, int)):
        return value
    return clean(str(value))


def set_text(cell: Cell, text: str) -> None:
    """A string cell, whatever the text looks like: never a formula, and marked with the
    quote prefix where Excel would read it as a formula or a number on editing."""
    cell.value = text
    cell.data_type = "s"
    if text.startswith(FORMULA_START) or NUMBER_LIKE.fullmatch(text):
        cell.quotePrefix = True


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


def _widths(columns: Sequence[Any], values: Sequence[Sequence[Any]]) -> list[float]:
    widths = [10.0] * len(columns)
    for index, column in enumerate(columns):
        longest_word = max((len(word) for word in column.heading.split()), default=0)
        widths[index] = max(widths[index], longest_word + 2)
    for row in values:
        for index, column in enumerate(columns):
            limit = MAX_WIDTH.get(column.kind, MAX_WIDTH["text"])
            shown = min(limit, _shown_width(row[index], column.kind) + 2)
            widths[index] = max(widths[index], shown)
    return widths


def _data_end(report: Report) -> int:
    """The last row the autofilter covers: the data, not a closing total row."""
    rows = report.rows
    count = len(rows) - (1 if rows and rows[-1].get("level") == "total" else 0)
    return HEADER_ROW + max(1, count) if count else HEADER_ROW


def add_sheet(
    workbook: Workbook,
    name: str,
    report: Report,
    rollups: Collection[str] = DEFAULT_ROLLUPS,
    signature: Signature | None = None,
) -> Worksheet:
    sheet = workbook.create_sheet(title=name[:31])
    columns = report.columns
    values = [[cell_value(row.get(c.key), c.kind) for c in columns] for row in report.rows]
    wraps = [
        [not isinstance(value, (Decimal, int, date)) and value is not None for value in row]
        for row in values
    ]
    wrappable = [c.kind not in ("money", "percent", "number", "date") for c in columns]
    paper, widths = choose_paper(_widths(columns, values), wrappable)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=index)
        set_text(cell, column.heading)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.border = Border(top=THIN, bottom=THIN, left=THIN, right=THIN)
    styles = _Styles(workbook)
    for offset, (row, shown) in enumerate(zip(report.rows, values, strict=True), start=1):
        level = str(row.get("level", ""))
        rollup = level if level in rollups and level in ROLLUP_FILL else None
        lines = 1
        for index, (column, value) in enumerate(zip(columns, shown, strict=True), start=1):
            cell = sheet.cell(row=HEADER_ROW + offset, column=index)
            if isinstance(value, str):
                set_text(cell, value)
                lines = max(lines, wrapped_lines(value, widths[index - 1], bold=bool(rollup)))
            else:
                cell.value = value
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
            cell.style = styles.name(shape, rollup, wraps[offset - 1][index - 1])
            if isinstance(value, str) and cell.data_type == "s" and _needs_prefix(value):
                cell.quotePrefix = True  # the style above replaced the cell's own
        if lines > 1:  # LibreOffice does not fit a row to its wrapped text itself
            sheet.row_dimensions[HEADER_ROW + offset].height = row_height(lines)
    # Headings wrap within their column: make the row tall enough for the longest.
    heading_lines = max(
        (wrapped_lines(c.heading, w, bold=True) for c, w in zip(columns, widths, strict=True)),
        default=1,
    )
    sheet.row_dimensions[HEADER_ROW].height = row_height(min(heading_lines, 8))
    notes = "; ".join(clean(note) for note in report.notes if note)
    add_title_block(sheet, clean(report.title), notes, len(columns))
    last_row = HEADER_ROW + len(report.rows)
    end = add_signature(sheet, signature or Signature(), last_row, len(columns))
    # Freeze the headings, and the code and name when the view starts with them.
    keys = [column.key for column in columns[:2]]
    frozen_columns = 2 if keys == ["kode", "nama"] else 0
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=frozen_columns + 1)
    last = get_column_letter(max(1, len(columns)))
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{last}{_data_end(report)}"
    sheet.print_area = f"A1:{last}{end}"
    set_page(sheet, paper, HEADER_ROW, clean(report.title))
    return sheet


def _needs_prefix(text: str) -> bool:
    return text.startswith(FORMULA_START) or NUMBER_LIKE.fullmatch(text) is not None


def write_workbook(
    path: Path,
    sheets: Sequence[Sheet | tuple[str, Report]],
    *,
    title: str | None = None,
    signature: Signature | None = None,
) -> None:
    """One workbook, a sheet per Report, in the order given."""
    workbook = Workbook()
    assert workbook.active is not None
    workbook.remove(workbook.active)
    for item in sheets:
        sheet = Sheet(*item)
        add_sheet(workbook, sheet.name, sheet.report, sheet.rollups, signature)
    workbook.properties.creator = "pagu"
    if title:
        workbook.properties.title = clean(title)
    workbook.save(path)
