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
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

from events.codes import Kode
from events.errors import InvalidInput
from events.i18n import N_, _
from events.money import parse_quantity, parse_rupiah
from events.periods import Quarter, parse_indonesian_date
from events.targets import Target
from events.text import plain_text
from ledger.importer.inference import infer_missing_codes
from ledger.importer.intake import DocumentError, read_text, stated_or_given
from ledger.importer.model import (
    BudgetRow,
    DinasRealization,
    EvaluationRow,
    IndicatorColumns,
    ParsedDocument,
    SkippedRow,
    SpmRow,
    StatedFigure,
)
from ledger.importer.units import carry_spelling

BAB3, TABEL1, TABEL2 = "BAB III", "Tabel 1", "Tabel 2"
T = TypeVar("T")


def clean(cell: str) -> str:
    """A cell's text: markup left by the PDF conversion removed, whitespace (Unicode
    spaces too) collapsed, invisible format characters (zero-width spaces) dropped."""
    return plain_text(re.sub(r"</?b>|\*\*", "", cell))


def _is_code(text: str) -> bool:
    try:
        Kode.parse(text)
    except InvalidInput:
        return False
    return True


@dataclass
class _Meta:
    """What the document says about itself, wherever it says it."""

    pemda: str | None = None
    skpd_name: str | None = None
    tahun: int | None = None
    date: date | None = None
    forward_year: int | None = None
    prior_year: int | None = None
    quarter: Quarter | None = None


class _Parser:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.errors: list[str] = []
        self.table: str | None = None
        self.header_rows_left = 0
        self.bab3_cols: dict[str, int] = {}
        self.bab3_width = 0
        self.t1_cols: dict[int, int] = {}
        self.t2_cols: list[tuple[str, str | None]] = []
        self.top_header: list[str] = []
        self.budget_rows: list[BudgetRow] = []
        self.total_row: BudgetRow | None = None
        self.evaluation_rows: list[EvaluationRow] = []
        self.spm_rows: list[SpmRow] = []
        self.skipped: list[SkippedRow] = []
        self.stated: list[StatedFigure] = []
        self.dinas: DinasRealization | None = None
        self.meta = _Meta()
        self.bab3_end_line = 0

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

    def fail(self, number: int, table: str, message: str) -> None:
        self.errors.append(f"line {number} ({table}): {message}")

    def value(
        self, number: int, table: str, column: str, parse: Callable[[str], T], raw: str
    ) -> T | None:
        try:
            return parse(raw)
        except InvalidInput as problem:
            self.fail(number, table, f"column '{column}': {problem}")
            return None

    # ---- prose -----------------------------------------------------------------------

    def prose(self, number: int, text: str) -> None:
        plain = text.lstrip("#").strip()
        if m := re.match(r"PEMERINTAH\s+(KABUPATEN|KOTA|PROVINSI)\s+(.+)$", plain):
            self.meta.pemda = self.meta.pemda or f"{m[1].title()} {m[2].title()}"
        elif re.match(r"^(DINAS|BADAN|SEKRETARIAT|INSPEKTORAT)\b", plain) and self.meta.pemda:
            self.meta.skpd_name = self.meta.skpd_name or plain.title()
        if m := re.search(r"RENJA\s*-\s*([0-9]{4})", plain):
            self.meta.tahun = self.meta.tahun or int(m[1])
        if re.match(r"^[A-Z][A-Za-z .'-]+,\s*[0-9]{1,2}\s+[A-Za-z]+\s+[0-9]{4}$", plain):
            found = self.value(number, "Teks", "tanggal", parse_indonesian_date, plain)
            if found:
                self.meta.date = found
        self.dinas_figures(number, plain)

    def dinas_figures(self, number: int, text: str) -> None:
        # \d (any script's digits) on purpose: a figure written ١٢٣ is found and refused
        # by the number parser, naming its line, rather than passed over as prose.
        money = r"Rp\.?\s*([\d.]+(?:,\d+)?)(?:,-)?"
        physical = re.search(
            r"Realisasi Fisik.*?Triwulan\s+(I{1,3}|IV)\s+sebesar\s+([\d.,]+)\s*%", text
        )
        spent = re.search(
            rf"Total Anggaran sebesar {money}\s*terealisasi sebesar {money}\s*"
            r"atau sekitar\s*([\d.,]+)\s*%",
            text,
        )
        if physical or spent:
            table = "Teks"
            self.dinas = DinasRealization(
                line_no=number,
                quarter=Quarter.parse(physical[1]) if physical else Quarter.II,
                spent=self.value(number, table, "realisasi", parse_rupiah, spent[2])
                if spent
                else None,
                physical_percent=self.value(number, table, "fisik", parse_quantity, physical[2])
                if physical
                else None,
                printed_base=self.value(number, table, "total anggaran", parse_rupiah, spent[1])
                if spent
                else None,
                printed_rate=self.value(number, table, "persen", parse_quantity, spent[3])
                if spent
                else None,
            )
        if m := re.search(
            r"sebanyak\s+(\d+)\s+Program\s+dengan\s+(\d+)\s+kegiatan\s+dan\s+(\d+)\s+Sub\s*Kegiatan",
            text,
            re.IGNORECASE,
        ):
            for name, value in zip(
                ("programs", "kegiatan", "sub_kegiatan"), m.groups(), strict=True
            ):
                count = self.value(number, "Teks", f"count_{name}", parse_quantity, value)
                if count is not None:
                    self.stated.append(StatedFigure(number, f"count_{name}", count))
        if m := re.search(
            rf"APBD\s+\d{{4}}\s+sebesar\s+{money}\s*"
            rf"bertambah sebesar\s+{money}\s*menjadi\s+{money}",
            text,
        ):
            for name, raw in zip(
                ("total_murni", "total_difference", "total_perubahan"), m.groups(), strict=True
            ):
                amount = self.value(number, "Teks", name, parse_rupiah, raw)
                if amount is not None:
                    self.stated.append(StatedFigure(number, name, amount))

    def metadata_row(self, cells: list[str]) -> None:
        if cells[0] == "Perangkat Daerah" and len(cells) > 1:
            self.meta.skpd_name = self.meta.skpd_name or cells[1].lstrip(":").strip()

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
            if m := re.search(r"Triwulan\s+(I{1,3}|IV)\b", joined):
                self.meta.quarter = Quarter.parse(m[1])
            if cells and cells[0] == "1":  # the row of column numbers
                self.t1_cols = {}
                for index, cell in enumerate(cells):
                    if m := re.match(r"^([0-9]+)", cell):
                        self.t1_cols[int(m[1])] = index
                self.header_rows_left = 0
            elif self.header_rows_left == 0 and not self.t1_cols:
                self.fail(number, TABEL1, _("header has no row of column numbers (1 2 3 ...)"))
        elif self.table == TABEL2:
            self.spm_columns(self.top_header, cells)

    def bab3_columns(self, number: int, top: list[str], sub: list[str]) -> None:
        group = ""
        columns: dict[str, int] = {"kode": 0, "nama": 1}
        for index in range(max(len(top), len(sub))):
            label = top[index] if index < len(top) else ""
            if label:
                group = label
            field = sub[index] if index < len(sub) else ""
            if "Sebelum" in group:
                stage = "murni"
            elif "Sesudah" in group or "APBD Perubahan" in group:
                stage = "perubahan"
            elif "Bertambah" in group:
                columns["difference"] = index
                continue
            elif "Perkiraan" in group:
                stage = "forward"
            else:
                continue
            for word, name in (
                ("Lokasi", "location"),
                ("Indikator", "indicator"),
                ("Target", "target"),
                ("Pagu", "pagu"),
            ):
                if field.startswith(word):
                    columns[f"{stage}_{name}"] = index
        needed = ("murni_pagu", "perubahan_pagu")
        if any(name not in columns for name in needed):
            self.fail(number, BAB3, _("header lacks the murni and perubahan pagu columns"))
        self.bab3_cols = columns
        self.bab3_width = len(top)

    def spm_columns(self, top: list[str], sub: list[str]) -> None:
        group = ""
        self.t2_cols = []
        for index in range(len(top)):
            label = top[index]
            if label:
                group = label
            year = re.search(r"([0-9]{4})", sub[index] if index < len(sub) else "") or re.search(
                r"([0-9]{4})", label
            )
            self.t2_cols.append((group, year[1] if year else None))

    # ---- data rows -------------------------------------------------------------------

    def data_row(self, number: int, cells: list[str], raw: str) -> None:
        if self.table == BAB3:
            self.budget_row(number, cells, raw)
        elif self.table == TABEL1:
            self.evaluation_row(number, cells, raw)
        elif self.table == TABEL2:
            self.spm_row(number, cells, raw)

    def budget_row(self, number: int, cells: list[str], raw: str) -> None:
        self.bab3_end_line = number
        width = self.bab3_width
        if len(cells) == width - 1 and not _is_code(cells[0]):
            cells = ["", *cells]  # the code column is missing from this row altogether
        elif len(cells) != width:
            self.fail(
                number,
                BAB3,
                _("row has {cells} columns, the table has {width}").format(
                    cells=len(cells), width=width
                ),
            )
            return
        col = self.bab3_cols

        def cell(name: str) -> str:
            return cells[col[name]] if name in col else ""

        def money(name: str) -> Decimal | None:
            return self.value(number, BAB3, name, parse_rupiah, cell(name))

        def target(name: str) -> Target | None:
            return self.value(number, BAB3, name, Target.parse, cell(name))

        indicator = IndicatorColumns(
            number,
            cell("murni_indicator") or None,
            target("murni_target"),
            cell("perubahan_indicator") or None,
            target("perubahan_target"),
            target("forward_target"),
        )
        kode_text, nama = cells[0], cell("nama")
        if not kode_text and not nama:
            if not self.budget_rows or not (
                indicator.murni_indicator or indicator.perubahan_indicator
            ):
                self.skipped.append(
                    SkippedRow(number, BAB3, raw.strip(), N_("row without code or name"))
                )
                return
            self.budget_rows[-1].indicators.append(indicator)  # a second indicator
            return
        kode = None
        if kode_text:
            kode = self.value(number, BAB3, "kode", Kode.parse, kode_text)
            if kode is None:
                return
        row = BudgetRow(
            line_no=number,
            kode=kode,
            nama=nama,
            murni_location=cell("murni_location") or None,
            murni_pagu=money("murni_pagu"),
            perubahan_location=cell("perubahan_location") or None,
            perubahan_pagu=money("perubahan_pagu"),
            printed_difference=money("difference"),
            forward_pagu=money("forward_pagu"),
            indicators=[indicator],
        )
        if kode is None and re.match(r"^(TOTAL|JUMLAH)\b", nama, re.IGNORECASE):
            self.total_row = row
            self.table = None
            return
        self.budget_rows.append(row)

    def evaluation_row(self, number: int, cells: list[str], raw: str) -> None:
        if not self.t1_cols:
            return
        col = self.t1_cols

        def cell(n: int) -> str:
            index = col.get(n)
            return cells[index] if index is not None and index < len(cells) else ""

        if not cell(1) and not cell(2) and cell(3) and self.evaluation_rows:
            self.evaluation_rows[-1].extra_indicators.append(cell(3))
            return
        if not _is_code(cell(1)):
            self.skipped.append(SkippedRow(number, TABEL1, raw.strip(), N_("no code in column 1")))
            return
        renstra = self.value(number, TABEL1, "4", Target.parse, cell(4))
        prior = self.value(number, TABEL1, "5", Target.parse, cell(5))
        printed_unit = next((t.unit for t in (renstra, prior) if t is not None), None)
        unit = printed_unit

        def counted(n: int) -> Target | None:
            found = self.value(number, TABEL1, str(n), Target.parse, cell(n))
            if found is not None and found.unit is None and unit is not None:
                return Target(found.value, unit)  # the unit is printed only in column 4
            return found

        def percent(n: int) -> Decimal | None:
            found = self.value(number, TABEL1, str(n), Target.parse, cell(n))
            return found.value if found is not None else None

        self.evaluation_rows.append(
            EvaluationRow(
                line_no=number,
                kode=Kode.parse(cell(1)),
                nama=cell(2),
                indicator=cell(3) or None,
                renstra=renstra,
                prior=prior,
                target=counted(6),
                realization=counted(7),
                printed_rate=percent(8),
                note=cell(9) or None,
                printed_cumulative=counted(10),
                printed_achievement=percent(11),
            )
        )

    def spm_row(self, number: int, cells: list[str], raw: str) -> None:
        if not re.fullmatch(r"[0-9]{1,4}", cells[0]):
            self.skipped.append(
                SkippedRow(number, TABEL2, raw.strip(), N_("no number in column 1"))
            )
            return
        targets: dict[str, Decimal | None] = {}
        realizations: dict[str, Decimal | None] = {}
        projection: dict[str, Decimal | None] = {}
        texts: dict[str, str] = {}
        for index, (group, year) in enumerate(self.t2_cols):
            value = cells[index] if index < len(cells) else ""
            if group.startswith("Target") and year:
                targets[year] = self.value(number, TABEL2, group, parse_quantity, value)
            elif group.startswith("Realisasi") and year:
                realizations[year] = self.value(number, TABEL2, group, parse_quantity, value)
            elif group.startswith("Proyeksi") and year:
                projection[year] = self.value(number, TABEL2, group, parse_quantity, value)
            else:
                texts[group] = value
        self.spm_rows.append(
            SpmRow(
                line_no=number,
                number=int(cells[0]),
                indicator=texts.get("Indikator", ""),
                standard=texts.get("SPM/Standar Nasional") or None,
                ikk=texts.get("IKK") or None,
                targets=targets,
                realizations=realizations,
                projection=projection,
                note=next((v for k, v in texts.items() if k.startswith("Catatan")), "") or None,
            )
        )


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
