"""Reading a file of quarterly realization (`pagu realize --from FILE`): CSV or xlsx.

A header row names the columns, in Indonesian or English (`HEADINGS`); a column not
known is refused by name, so that a misspelt `realisasi keuanagn` is never silently
dropped. What is read is text, cell by cell, exactly as the single `pagu realize`
takes it from the command line: the rules for a number, a quarter, a date or an output
are the command's (`ledger.commands.Realize`), applied in `ledger.bulk`.

CSV: UTF-8 with or without a byte-order mark, comma or semicolon separated (whichever
the header row uses). xlsx: the first sheet or the one named; numbers typed as numbers
are read exactly as Excel stores them (never as binary floats turned into rupiah: the
shortest decimal that reads back as the same float, which is what Excel shows), dates
as dates. A merged cell, an empty sheet, a file that is neither is refused with one
message.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from events.errors import InvalidInput
from events.i18n import _
from events.text import plain_text

MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_ROWS = 200_000

# field -> the headings that name it (compared lowercased, spaces collapsed, without
# a trailing unit in brackets such as "(Rp)")
HEADINGS: dict[str, tuple[str, ...]] = {
    "kode": ("kode", "kode sub kegiatan", "code", "kode rekening"),
    "quarter": ("triwulan", "tw", "quarter"),
    "spent": (
        "realisasi keuangan",
        "keuangan",
        "anggaran",
        "spent",
        "realisasi anggaran",
        "money spent",
    ),
    "output": ("realisasi fisik", "fisik", "kinerja", "output", "realisasi kinerja"),
    "cumulative": ("kumulatif", "s/d", "sd", "s.d.", "cumulative"),
    "effective": ("tanggal", "tanggal berlaku", "berlaku", "effective", "date"),
    "doc": ("referensi", "nomor sp2d", "sp2d", "spj", "no sp2d/spj", "reference", "ref"),
    "note": ("catatan", "keterangan", "note"),
    "reason": ("alasan", "alasan melebihi pagu", "reason"),
    # the template's columns for reading, ignored on import
    "nama": ("nama", "sub kegiatan", "name"),
    "indicator": ("indikator", "indicator"),
    "unit": ("satuan", "satuan target", "unit"),
    "target": ("target",),
    "recorded_spent": ("keuangan tercatat", "recorded spent"),
    "recorded_output": ("fisik tercatat", "recorded output"),
}
INFORMATIONAL = frozenset(
    {"nama", "indicator", "target", "recorded_spent", "recorded_output"}
)  # "unit" is used: it completes an output written as a bare number
REQUIRED = ("kode", "quarter")
# how a refusal names a field: the heading as the file wrote it, else this
LABELS = {
    "kode": "kode",
    "quarter": "triwulan",
    "spent": "realisasi keuangan",
    "output": "realisasi fisik",
    "cumulative": "kumulatif",
    "effective": "tanggal",
    "doc": "referensi",
    "note": "catatan",
    "reason": "alasan",
    "unit": "satuan",
}
_LOOKUP = {heading: name for name, headings in HEADINGS.items() for heading in headings}


class FileRefused(InvalidInput):
    """The file as a whole cannot be read (nothing of it was looked at for the ledger)."""


@dataclass(frozen=True)
class FileRow:
    number: int  # the row's number as a spreadsheet shows it (the header is row 1)
    cells: dict[str, str]  # field -> text; a blank cell is absent


@dataclass
class RealizationFile:
    name: str
    headings: dict[str, str]  # field -> the heading as written
    rows: list[FileRow]

    def label(self, name: str) -> str:
        return self.headings.get(name) or LABELS.get(name, name)


def heading_key(text: str) -> str:
    key = " ".join(text.strip().lower().replace("_", " ").split())
    return re.sub(r"\s*\((rp|rupiah|%|ya/tidak|yes/no)\)$", "", key)


def read_realization_file(path: Path, sheet: str | None = None) -> RealizationFile:
    """The rows of a realization file, or one clear refusal."""
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise FileRefused(_("{path}: not a file").format(path=path))
        if size > MAX_FILE_BYTES:
            raise FileRefused(
                _("{path}: {size} bytes is more than a realization file can be").format(
                    path=path, size=size
                )
            )
        data = path.read_bytes()
    except FileRefused:
        raise
    except OSError as problem:
        raise FileRefused(
            _("cannot read {path}: {problem}").format(
                path=path, problem=problem.strerror or problem
            )
        ) from None
    if data.startswith(b"PK\x03\x04"):
        table = _xlsx(path, data, sheet)
    else:
        if sheet is not None:
            raise FileRefused(
                _("--sheet {sheet!r}: {name} is not an xlsx workbook").format(
                    sheet=sheet, name=path.name
                )
            )
        table = _csv(path, data)
    return _rows(path.name, table)


def _csv(path: Path, data: bytes) -> list[tuple[int, list[str]]]:
    if b"\x00" in data[:4096]:
        raise FileRefused(
            _("{name} is neither a CSV nor an xlsx file (it holds binary data)").format(
                name=path.name
            )
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as problem:
        raise FileRefused(
            _(
                "{name} is neither a CSV file in UTF-8 (byte {byte} is not "
                "UTF-8: save the CSV as UTF-8) nor an xlsx workbook"
            ).format(name=path.name, byte=problem.start)
        ) from None
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as problem:
        raise FileRefused(
            _("{name} is not a readable CSV file: {problem}").format(
                name=path.name, problem=problem
            )
        ) from None
    return [(number, row) for number, row in enumerate(rows, start=1)]


def _xlsx(path: Path, data: bytes, sheet: str | None) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as problem:
        raise FileRefused(
            _("{name} is neither a CSV nor a readable xlsx workbook ({kind})").format(
                name=path.name, kind=type(problem).__name__
            )
        ) from None
    if sheet is None:
        chosen = book.worksheets[0]
    elif sheet in book.sheetnames:
        chosen = book[sheet]
    else:
        raise FileRefused(
            _("--sheet {sheet!r}: no such sheet in {name} (it has: {sheets})").format(
                sheet=sheet, name=path.name, sheets=", ".join(book.sheetnames)
            )
        )
    merged = list(chosen.merged_cells.ranges)
    if merged:
        shown = ", ".join(str(cells) for cells in merged[:5])
        raise FileRefused(
            _(
                "{name}, sheet {sheet!r}: merged cells at {shown}; a realization "
                "file has one value a cell (unmerge them)"
            ).format(name=path.name, sheet=chosen.title, shown=shown)
        )
    _no_formula_without_value(path, data, chosen.title, chosen)
    rows = []
    for cells in chosen.iter_rows():
        if not cells:
            continue
        rows.append((cells[0].row, [_cell_text(cell.value) for cell in cells]))
    if not any(any(text for text in row) for _, row in rows):
        raise FileRefused(
            _("{name}, sheet {sheet!r} is empty").format(name=path.name, sheet=chosen.title)
        )
    return rows


def _no_formula_without_value(path: Path, data: bytes, title: str, values: Any) -> None:
    """A formula is read as the value Excel saved with it; one saved without a value
    (a file written by a script) would read as an empty cell, and its figure be lost
    without a word: refused, naming the cell."""
    from openpyxl import load_workbook

    formulas = load_workbook(io.BytesIO(data), data_only=False)[title]
    for row in formulas.iter_rows():
        for cell in row:
            text = cell.value
            formula = isinstance(text, str) and text.startswith("=") and cell.data_type == "f"
            if formula and values[cell.coordinate].value is None:
                raise FileRefused(
                    _(
                        "{name}, sheet {sheet!r}, cell {cell}: a formula ({formula}) with "
                        "no value saved; open and save the file in Excel, or paste the "
                        "values"
                    ).format(
                        name=path.name, sheet=title, cell=cell.coordinate, formula=text[:40]
                    )
                )


def _cell_text(value: Any) -> str:
    """A cell as text, as one would have typed it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        # the shortest decimal that is this float: what Excel shows for 1234567.5
        return format(Decimal(repr(value)), "f")
    return str(value)


def _rows(name: str, table: list[tuple[int, list[str]]]) -> RealizationFile:
    filled = [(number, row) for number, row in table if any(cell.strip() for cell in row)]
    if not filled:
        raise FileRefused(
            _("{name} is empty: a header row and one row per line are expected").format(name=name)
        )
    if len(filled) > MAX_ROWS + 1:
        raise FileRefused(
            _("{name} has more than {count} rows; split it").format(name=name, count=MAX_ROWS)
        )
    header_number, header = filled[0]
    columns: list[str | None] = []
    headings: dict[str, str] = {}
    unknown = []
    for position, raw in enumerate(header, start=1):
        text = plain_text(raw)
        if not text:
            columns.append(None)
            continue
        field = _LOOKUP.get(heading_key(text))
        if field is None:
            unknown.append(_("{text!r} (column {position})").format(text=text, position=position))
        elif field in headings:
            raise FileRefused(
                _(
                    "{name}, row {row}: the columns {first!r} and {second!r} "
                    "both give the same field"
                ).format(name=name, row=header_number, first=headings[field], second=text)
            )
        else:
            headings[field] = text
        columns.append(field)
    if unknown:
        known = ", ".join(HEADINGS[f][0] for f in HEADINGS if f not in INFORMATIONAL)
        raise FileRefused(
            _(
                "{name}, row {row}: unknown column {unknown}; the columns "
                "are {known} (or their English names)"
            ).format(name=name, row=header_number, unknown=", ".join(unknown), known=known)
        )
    missing = [LABELS[f] for f in REQUIRED if f not in headings]
    if missing:
        raise FileRefused(
            _(
                "{name}, row {row}: no column {missing} "
                "(the header row names the columns: kode, triwulan, realisasi keuangan, ...)"
            ).format(name=name, row=header_number, missing=_(" or ").join(missing))
        )
    if "spent" not in headings and "output" not in headings:
        raise FileRefused(
            _("{name}, row {row}: no column realisasi keuangan or realisasi fisik").format(
                name=name, row=header_number
            )
        )
    rows = []
    for number, row in filled[1:]:
        cells: dict[str, str] = {}
        for position, raw in enumerate(row):
            field = columns[position] if position < len(columns) else None
            text = raw.strip()
            if not text:
                continue
            if field is None:
                raise FileRefused(
                    _(
                        "{name}, row {row}: a value in column {position}, which has no "
                        "heading ({text!r})"
                    ).format(name=name, row=number, position=position + 1, text=text[:30])
                )
            cells[field] = text
        rows.append(FileRow(number, cells))
    return RealizationFile(name, headings, rows)
