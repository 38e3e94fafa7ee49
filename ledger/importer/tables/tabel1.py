"""Tabel 1, the evaluation of the Renja (Permendagri 86/2017): columns found by the
header's row of column numbers (1 2 3 ...), because pages repeat the header with
different layouts."""

from __future__ import annotations

import re
from decimal import Decimal

from events.codes import Kode
from events.i18n import N_, _
from events.periods import Quarter
from events.targets import Target
from ledger.importer.model import EvaluationRow, SkippedRow
from ledger.importer.tables.base import TABEL1, ParserState, is_code


class Tabel1Parser(ParserState):
    def tabel1_header(self, number: int, cells: list[str], joined: str) -> None:
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
        if not is_code(cell(1)):
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
