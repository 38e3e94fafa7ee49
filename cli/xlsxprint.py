"""A worksheet ready to print: landscape on the smallest paper (A4, F4, A3) on which its
columns fit at 70% or more (11 pt text prints at 7.7 pt or more; wide text columns are
narrowed, and wrap, when even A3 would need less), the header row on every page, page
numbers in the footer, a title block above the table, a signature block below it, and
row heights that fit the wrapped text (LibreOffice does not fit them itself).

Widths are Excel's: a column `w` characters wide is `7w + 5` pixels of Calibri 11 at 96
pixels to the inch; LibreOffice (with Carlito, Calibri's metric twin) makes it about 7%
wider, so the model counts 7.5 pixels a character: both print at 70% or more."""

from __future__ import annotations

import math
import textwrap
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from cli.dates import long_date
from events.i18n import _

BODY_POINTS = 11  # Calibri 11, the workbook's default font
SMALLEST_SCALE = 0.70  # 11 pt printed at 7.7 pt
LINE_POINTS = 15.0  # a row of one line of Calibri 11
MARGIN_INCHES = 0.4  # left and right
MARGIN_TOP_INCHES = 0.6
MARGIN_HEADER_INCHES = 0.3
NARROWEST_TEXT = 14  # characters a text column keeps when narrowed for the paper


@dataclass(frozen=True)
class Paper:
    name: str
    code: str  # Excel's paperSize
    width_mm: float  # landscape: the long side
    height_mm: float

    def printable_points(self) -> float:
        return self.width_mm / 25.4 * 72 - 2 * MARGIN_INCHES * 72

    def printable_height_points(self) -> float:
        return self.height_mm / 25.4 * 72 - 2 * MARGIN_TOP_INCHES * 72


# F4 is the Indonesian office folio, 215 x 330 mm: Excel's "Folio" (8.5 x 13 in).
PAPERS = (
    Paper("A4", "9", 297.0, 210.0),
    Paper("F4", "14", 330.2, 215.9),
    Paper("A3", "8", 420.0, 297.0),
)


def column_points(width: float) -> float:
    """A column's printed width in points at 100%."""
    return (7.5 * width + 5) * 0.75


def table_points(widths: Sequence[float]) -> float:
    return sum(column_points(width) for width in widths)


def choose_paper(widths: list[float], wrappable: Sequence[bool]) -> tuple[Paper, list[float]]:
    """The smallest paper whose printable width takes the columns at 70% or more, and
    the widths to use. On each paper the wrapping columns may give up to a quarter of
    their width (their text wraps onto more lines) to fit; on the largest, as much as
    it takes, down to NARROWEST_TEXT."""
    for paper in PAPERS:
        last = paper is PAPERS[-1]
        narrowed = _narrowed(widths, wrappable, paper, 0.0 if last else 0.75)
        if table_points(narrowed) * SMALLEST_SCALE <= paper.printable_points() or last:
            return paper, narrowed
    raise AssertionError("unreachable: the largest paper is always chosen")


def _narrowed(
    widths: list[float], wrappable: Sequence[bool], paper: Paper, keep: float
) -> list[float]:
    room = paper.printable_points() / SMALLEST_SCALE
    floors = [max(NARROWEST_TEXT, keep * width) for width in widths]
    narrowed = list(widths)
    while table_points(narrowed) > room:
        candidates = [i for i, w in enumerate(narrowed) if wrappable[i] and w - 1 >= floors[i]]
        if not candidates:
            break
        widest = max(candidates, key=lambda i: narrowed[i])
        narrowed[widest] -= 1
    return narrowed


def scale_on(paper: Paper, widths: Sequence[float]) -> float:
    """The scale that fits the columns to the paper's width (never above 100%)."""
    return min(1.0, paper.printable_points() / table_points(widths))


def wrapped_lines(text: str, width: float, *, bold: bool = False) -> int:
    """How many lines `text` takes in a wrapping cell `width` characters wide (bold
    text is about a tenth wider)."""
    chars = max(1, int((width - 1) * (0.9 if bold else 1.0)))
    return sum(
        max(1, len(textwrap.wrap(part, chars, break_long_words=True))) for part in text.split("\n")
    )


def row_height(lines: int) -> float:
    return LINE_POINTS * max(1, lines)


def set_page(sheet: Worksheet, paper: Paper, header_row: int, title: str) -> None:
    """Landscape on `paper`, fitted to its width (pages as tall as need be), the header
    row on every page, the title and page numbers in the footer."""
    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = paper.code
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    margins = sheet.page_margins
    margins.left = margins.right = MARGIN_INCHES
    margins.top = margins.bottom = MARGIN_TOP_INCHES
    margins.header = margins.footer = MARGIN_HEADER_INCHES
    sheet.print_title_rows = f"{header_row}:{header_row}"
    footer = sheet.oddFooter
    footer.left.text = _footer_text(title)
    footer.left.size = 10
    footer.right.text = "Halaman &P dari &N"
    footer.right.size = 10


def _footer_text(title: str) -> str:
    """A footer section's text: `&` starts a code there, so it is doubled."""
    return title.replace("&", "&&")[:120]


@dataclass(frozen=True)
class Signature:
    """Who signs the printed sheets: `--sign-*` options, else a TOML file's
    [signature] table, else blanks to fill in by hand."""

    place: str | None = None
    date: str | None = None  # ISO date; written out in Indonesian
    title: str | None = None  # the signer's office: "Kepala Dinas Sosial"
    name: str | None = None
    nip: str | None = None  # Nomor Induk Pegawai

    @classmethod
    def load(cls, path: Path | None, **given: str | None) -> Signature:
        from events.errors import InvalidInput

        found: dict[str, Any] = {}
        if path is not None:
            try:
                found = tomllib.loads(path.read_text(encoding="utf-8")).get("signature", {})
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as problem:
                raise InvalidInput(f"--sign-config {path}: {problem}") from None
            if not isinstance(found, dict):
                raise InvalidInput(
                    _("--sign-config {path}: [signature] must be a table").format(path=path)
                )
        names = {f.name for f in fields(cls)}
        unknown = sorted(set(found) - names)
        if unknown:
            raise InvalidInput(
                _(
                    "--sign-config {path}: unknown key(s) {unknown} in [signature] (known: {names})"
                ).format(path=path, unknown=", ".join(unknown), names=", ".join(sorted(names)))
            )
        signature = cls(**{k: str(v) for k, v in found.items()})
        overrides = {k: v for k, v in given.items() if v is not None and k in names}
        signature = replace(signature, **overrides)
        signature.when()  # refuse a date that is not one, now
        return signature

    def when(self) -> str:
        from events.errors import InvalidInput

        if not self.date:
            return "...................."
        try:
            day = date.fromisoformat(self.date.strip())
        except ValueError:
            raise InvalidInput(
                _("--sign-date: {date!r} is not a date (write it 2024-09-30)").format(
                    date=self.date
                )
            ) from None
        return long_date(day)

    def lines(self) -> list[tuple[str, Font | None]]:
        place = self.place or "...................."
        return [
            (f"{place}, {self.when()}", None),
            (self.title or "....................", None),
            ("", None),
            ("", None),
            ("", None),
            (
                self.name or "(....................................)",
                Font(bold=True, underline="single"),
            ),
            (f"NIP. {self.nip or '....................'}", None),
        ]


def add_title_block(sheet: Worksheet, title: str, notes: str, columns: int) -> None:
    """The view's title and its notes above the table, across its width."""
    last = get_column_letter(max(1, columns))
    sheet.cell(row=1, column=1, value=title).font = Font(bold=True, size=13)
    sheet.cell(row=2, column=1, value=notes or None).font = Font(italic=True, color="595959")
    for row in (1, 2):
        if columns > 1:
            sheet.merge_cells(f"A{row}:{last}{row}")
        sheet.cell(row=row, column=1).alignment = Alignment(
            horizontal="center", vertical="center", wrap_text=True
        )
    width = sum(
        sheet.column_dimensions[get_column_letter(i)].width or 10 for i in range(1, columns + 1)
    )
    sheet.row_dimensions[1].height = row_height(wrapped_lines(title, width, bold=True)) * 13 / 11
    sheet.row_dimensions[2].height = row_height(wrapped_lines(notes, width)) if notes else None


def add_signature(sheet: Worksheet, signature: Signature, after_row: int, columns: int) -> int:
    """The signature block two rows below the table, in its right-hand columns (or the
    first, for a narrow sheet); returns its last row."""
    first_column = max(1, columns - 2)
    last = get_column_letter(columns)
    start = after_row + 2
    for offset, (text, font) in enumerate(signature.lines()):
        row = start + offset
        cell = sheet.cell(row=row, column=first_column, value=text or None)
        cell.data_type = "s" if text else cell.data_type
        cell.alignment = Alignment(horizontal="center")
        if font is not None:
            cell.font = font
        if columns > first_column:
            sheet.merge_cells(f"{get_column_letter(first_column)}{row}:{last}{row}")
    return start + len(signature.lines()) - 1


def pages_tall(sheet_heights: Sequence[float], paper: Paper, scale: float) -> int:
    """How many pages tall the rows print (a model for the tests: the header row is
    repeated on every page)."""
    usable = paper.printable_height_points() / scale
    return max(1, math.ceil(sum(sheet_heights) / usable))
