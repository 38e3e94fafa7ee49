"""Tabel 2, the minimum service standards (SPM): per indicator its yearly targets,
realizations and projection, the years read from the header."""

from __future__ import annotations

import re
from decimal import Decimal

from events.i18n import N_
from events.money import parse_quantity
from ledger.importer.model import SkippedRow, SpmRow
from ledger.importer.tables.base import TABEL2, ParserState


class Tabel2Parser(ParserState):
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
