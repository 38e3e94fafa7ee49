"""The document's prose: who and when (pemda, SKPD, year, date), and the Dinas-level
figures the text states (realization, counts of lines, the budget's totals)."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from events.money import parse_quantity, parse_rupiah
from events.periods import Quarter, parse_indonesian_date
from ledger.importer.model import DinasRealization, StatedFigure
from ledger.importer.tables.base import ParserState


class ProseParser(ParserState):
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
            self.dinas = DinasRealization(
                line_no=number,
                quarter=Quarter.parse(physical[1]) if physical else Quarter.II,
                spent=self.figure(number, spent, 2, "realisasi", parse_rupiah),
                physical_percent=self.figure(number, physical, 2, "fisik", parse_quantity),
                printed_base=self.figure(number, spent, 1, "total anggaran", parse_rupiah),
                printed_rate=self.figure(number, spent, 3, "persen", parse_quantity),
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

    def figure(
        self,
        number: int,
        sentence: re.Match[str] | None,
        group: int,
        column: str,
        parse: Callable[[str], Decimal | None],
    ) -> Decimal | None:
        """A figure of a sentence of the text, None where the text has no such sentence."""
        if sentence is None:
            return None
        return self.value(number, "Teks", column, parse, sentence[group])

    def metadata_row(self, cells: list[str]) -> None:
        if cells[0] == "Perangkat Daerah" and len(cells) > 1:
            self.meta.skpd_name = self.meta.skpd_name or cells[1].lstrip(":").strip()
