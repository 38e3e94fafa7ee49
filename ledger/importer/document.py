"""Reading a Renja Perubahan document: tab-separated tables in text, as converted from
a PDF, with the messiness real documents have.

Three tables are recognised by their headers, wherever they are: the APBD-P table of
BAB III, Tabel 1 (evaluation) and Tabel 2 (SPM). Column positions come from each
table's own header (Tabel 1 from its row of column numbers), because pages repeat the
header with different layouts. A table runs until the next line of prose.

A row the parser cannot use becomes a `SkippedRow` for the report, never silence. A
value it cannot read (a garbled number, a truncated row, a missing total) is an error
naming the line: the whole import is refused and nothing is written.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from events.codes import Kode
from events.i18n import _
from events.periods import Quarter
from ledger.importer.inference import infer_missing_codes
from ledger.importer.intake import DocumentError, read_text, stated_or_given
from ledger.importer.model import ParsedDocument
from ledger.importer.tables.bab3 import Bab3Parser
from ledger.importer.tables.base import BAB3, TABEL1, TABEL2, clean
from ledger.importer.tables.prose import ProseParser
from ledger.importer.tables.tabel1 import Tabel1Parser
from ledger.importer.tables.tabel2 import Tabel2Parser
from ledger.importer.units import carry_spelling

__all__ = ["DocumentError", "clean", "read_document"]


class _Parser(ProseParser, Bab3Parser, Tabel1Parser, Tabel2Parser):
    """Drives the table parsers line by line: a table starts at its header and runs
    until the next line of prose."""

    # ---- driving -------------------------------------------------------------------

    def run(self) -> None:
        for number, line in enumerate(self.lines, start=1):
            if "\t" not in line:
                if line.strip():
                    self.table = None
                    self.prose(number, clean(line))
                continue
            cells = [clean(c) for c in line.split("\t")]
            if self.start_table(number, cells):
                continue
            if self.table is None:
                self.metadata_row(cells)
            elif self.header_rows_left:
                self.header_row(number, cells)
            elif any(cells):
                self.data_row(number, cells, line)

    # ---- headers ---------------------------------------------------------------------

    def start_table(self, number: int, cells: list[str]) -> bool:
        joined = " ".join(cells)
        if cells[0] == "Kode" and ("Sebelum Perubahan" in joined or "APBD Perubahan" in joined):
            self.table, self.header_rows_left = BAB3, 1
            self.top_header = cells
            if m := re.search(r"Perkiraan Maju.*?([0-9]{4})", joined):
                self.meta.forward_year = int(m[1])
            if m := re.search(r"APBD\s+([0-9]{4})", joined):
                self.meta.tahun = self.meta.tahun or int(m[1])
            return True
        if cells[0] == "Kode" and "RENSTRA" in joined:
            self.table, self.header_rows_left = TABEL1, 2
            if m := re.search(r"sampai dengan Tahun\s+([0-9]{4})", joined):
                self.meta.prior_year = int(m[1])
            return True
        if cells[0] == "No" and len(cells) > 2 and "SPM" in joined:
            self.table, self.header_rows_left = TABEL2, 1
            self.top_header = cells
            return True
        return False

    def header_row(self, number: int, cells: list[str]) -> None:
        self.header_rows_left -= 1
        joined = " ".join(cells)
        if self.table == BAB3:
            self.bab3_columns(number, self.top_header, cells)
        elif self.table == TABEL1:
            self.tabel1_header(number, cells, joined)
        elif self.table == TABEL2:
            self.spm_columns(self.top_header, cells)

    # ---- data rows -------------------------------------------------------------------

    def data_row(self, number: int, cells: list[str], raw: str) -> None:
        if self.table == BAB3:
            self.budget_row(number, cells, raw)
        elif self.table == TABEL1:
            self.evaluation_row(number, cells, raw)
        elif self.table == TABEL2:
            self.spm_row(number, cells, raw)


def read_document(
    path: Path,
    *,
    skpd: str | None = None,
    tahun: int | None = None,
) -> ParsedDocument:
    """Parse a document file; raise `DocumentError` naming every place it broke.

    `skpd` and `tahun` supply what the document does not state; where it states its
    SKPD or its year, a different one is refused (it would file the document's facts
    under another budget)."""
    raw, text = read_text(path)
    parser = _Parser(text.splitlines())
    parser.run()
    errors = parser.errors
    meta = parser.meta
    skpd, tahun = stated_or_given(
        path.name, skpd, tahun, name=meta.skpd_name, pemda=meta.pemda, year=meta.tahun
    )
    if not parser.budget_rows:
        errors.append(_("no APBD-P table (BAB III: Kode, APBD sebelum/sesudah perubahan) found"))
    elif parser.total_row is None:
        errors.append(
            _(
                "line {bab3_end_line} (BAB III): the table ends without its TOTAL row; "
                "the document looks truncated"
            ).format(bab3_end_line=parser.bab3_end_line)
        )
    pemda = meta.pemda or ""
    skpd_name = skpd
    if not skpd_name:
        errors.append(_("cannot tell which SKPD this is: give --skpd"))
    year = tahun
    if not year:
        errors.append(_("cannot tell the fiscal year: give --year"))
    if meta.date is None:
        errors.append(
            _("cannot find the document's date (a line like 'Tenggarong, 14 Agustus 2024')")
        )
    elif year and meta.date.year != year:
        errors.append(
            _(
                "the document is dated {date}, outside its fiscal year {year}: the "
                "APBD-P values take effect on that date, within their year"
            ).format(date=meta.date, year=year)
        )
    codes = [row.kode for row in parser.budget_rows if row.kode is not None]
    seen: dict[Kode, int] = {}
    for row in parser.budget_rows:
        if row.kode is not None:
            if row.kode in seen:
                errors.append(
                    _("line {line_no} (BAB III): {kode} already appears on line {seen}").format(
                        line_no=row.line_no, kode=row.kode, seen=seen[row.kode]
                    )
                )
            seen[row.kode] = row.line_no
    if errors:
        shown = "\n  ".join(errors[:20])
        more = (
            _("\n  ... and {errors} more").format(errors=len(errors) - 20)
            if len(errors) > 20
            else ""
        )
        raise DocumentError(
            _("{name} cannot be imported; nothing was recorded:\n  {shown}{more}").format(
                name=path.name, shown=shown, more=more
            )
        )
    inferred, skipped = infer_missing_codes(parser.budget_rows, parser.evaluation_rows)
    assert isinstance(year, int) and meta.date is not None and skpd_name is not None
    parsed = ParsedDocument(
        path=str(path),
        sha256=hashlib.sha256(raw).hexdigest(),
        title=f"Perubahan Rencana Kerja {skpd_name} Tahun {year}",
        pemda=pemda,
        skpd=skpd_name,
        tahun=year,
        date=meta.date,
        urusan=codes[0].urusan,
        forward_year=meta.forward_year or year + 1,
        realization_quarter=meta.quarter or Quarter.II,
        prior_year=meta.prior_year or year - 1,
        budget_rows=[row for row in parser.budget_rows if row.kode is not None],
        total_row=parser.total_row,
        evaluation_rows=parser.evaluation_rows,
        spm_rows=parser.spm_rows,
        dinas_realization=parser.dinas,
        stated=parser.stated,
        skipped=parser.skipped + skipped,
        inferred=inferred,
    )
    return carry_spelling(parsed)
