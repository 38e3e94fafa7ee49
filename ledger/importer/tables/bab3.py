"""The APBD-P table of BAB III: per line its code and name, then for the murni and the
perubahan edition (and the forward year) location, indicators, targets and pagu; the
columns come from the table's own two header rows."""

from __future__ import annotations

import re
from decimal import Decimal

from events.codes import Kode
from events.i18n import N_, _
from events.money import parse_rupiah
from events.targets import Target
from ledger.importer.model import BudgetRow, IndicatorColumns, SkippedRow
from ledger.importer.tables.base import BAB3, ParserState, is_code


class Bab3Parser(ParserState):
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

    def budget_row(self, number: int, cells: list[str], raw: str) -> None:
        self.bab3_end_line = number
        width = self.bab3_width
        if len(cells) == width - 1 and not is_code(cells[0]):
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
