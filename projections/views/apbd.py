"""`pagu apbd`: the budget as at an edition (APBD murni, the DPA after pergeseran, the
APBD-P as enacted, the DPPA after pergeseran), or in force (no `--stage`).

Each line's location, indicator, target and pagu in force in the edition, with kegiatan
and program pagu as the sums of their sub kegiatan, and the total. An edition is layered
on the ones before it (`projections.state`), so `--stage murni` is the budget before any
revision however many come later, `--stage perubahan` the APBD-P as enacted whatever
pergeseran followed it, and a line that entered the budget in a later edition is not in
an earlier edition's view. `--show-printed` checks a document's printed figures against
its own edition as the ledger held it when the document was imported.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection

from events.codes import Level
from events.i18n import N_, _
from events.periods import Stage
from projections.facts import printed_at
from projections.line_values import line_values
from projections.report import KODE, LEVEL, NAMA, Column, Report, ancestor_codes, total_row
from projections.state import Budget, money
from projections.timepoint import TimePoint, stage_rank
from projections.views.common import (
    FLAGS,
    extra_indicator_rows,
    money_disagreement,
    shown_target,
    target_of,
)
from projections.views.seen import Seen
from projections.views.several import combine, selection_note

TITLES = {
    None: "APBD yang berlaku (nilai terakhir)",
    Stage.MURNI: "APBD Murni (sebelum perubahan)",
    Stage.PERGESERAN: "APBD setelah Pergeseran (DPA)",
    Stage.PERUBAHAN: "APBD Perubahan (sesudah perubahan)",
    Stage.PERGESERAN_P: "APBD Perubahan setelah Pergeseran (DPPA)",
}
# The figure a document prints for each edition (BAB III, and the Dinas line's TOTAL
# row), and the edition it is checked against (the budget in force is checked against
# the APBD-P the document printed).
PRINTED = {None: "perubahan_pagu", Stage.MURNI: "murni_pagu", Stage.PERUBAHAN: "perubahan_pagu"}
PRINTED_EDITION = {"murni_pagu": Stage.MURNI, "perubahan_pagu": Stage.PERUBAHAN}


def apbd_report(seen: Seen, budget: Budget, *, stage: Stage | None = None) -> Report:
    rank = stage_rank(stage)
    found = line_values(seen.conn, seen.point, budget, max_stage_rank=rank)
    more = _extra_indicators(seen.conn, seen.point, budget, rank)
    return _budget_report(seen, budget, found, more, stage)


def apbd_all(seen: Seen, budgets: list[Budget], *, stage: Stage | None = None) -> Report:
    """Every budget of `budgets` in one report (`--skpd all`): the same queries as for
    one budget, asked once for all of them, then each budget's rows built as
    `apbd_report` builds them, ending with its subtotal, and one grand total."""
    conn, point, show_printed = seen.conn, seen.point, seen.show_printed
    rank = stage_rank(stage)
    years = {year for _, year in budgets}
    only_year = next(iter(years)) if len(years) == 1 else None
    found = line_values(conn, point, None, max_stage_rank=rank, tahun=only_year)
    more = _extra_indicators(conn, point, None, rank)
    groups: dict[Budget, list[Any]] = {}
    for row in found:  # in SKPD, year and code order: each budget's lines stay in order
        key = (row[1], row[2])
        group = groups.get(key)
        if group is None:
            group = groups[key] = []
        group.append(row)
    parts = [
        (budget, _budget_report(seen, budget, group, more, stage))
        for budget in budgets
        if (group := groups.get(budget))
    ]
    notes = [selection_note(budgets), point.describe()]
    if show_printed and PRINTED.get(stage) is None:
        notes.append(_(NO_PERGESERAN))
    return combine(
        parts,
        money=["pagu"],
        title=TITLES[stage],
        columns=_columns(show_printed),
        notes=notes,
        meta={"stage": stage.value if stage else None},
    )


NO_PERGESERAN = N_("the document prints no pergeseran figures to compare with")


def _columns(show_printed: bool) -> list[Column]:
    columns = [
        KODE,
        NAMA,
        LEVEL,
        Column("location", "Lokasi"),
        Column("indicator", "Indikator Kinerja Program/Kegiatan"),
        Column("target", "Target Capaian Kinerja"),
        Column("pagu", "Pagu Indikatif", "money"),
    ]
    if show_printed:
        columns += [
            Column("printed_pagu", "Pagu Indikatif (tercetak)", "money"),
            Column(FLAGS, "Pemeriksaan", "flag"),
        ]
    return columns


def _sums(found: Sequence[Any]) -> tuple[dict[str, int], int | None]:
    """Each line's pagu in sen by code (its own, or the sum of the sub kegiatan under
    it) and the budget's total: integers, summed once per family of siblings and
    handed up the chain of parent codes (strings, cached), as `report.rollup` does."""
    values: dict[str, int] = {}
    families: dict[str | None, list[Any]] = {}  # parent code -> [a member's code, sum]
    total: int | None = None
    for row in found:
        amount = row[8]
        if amount is None:
            continue
        kode = row[3]
        values[kode] = amount
        family = families.get(row[5])
        if family is None:
            families[row[5]] = [kode, amount]
        else:
            family[1] += amount
        total = amount if total is None else total + amount
    for kode, amount in families.values():
        for ancestor in ancestor_codes(kode):
            values[ancestor] = values.get(ancestor, 0) + amount
    return values, total


Cells = tuple[Any, Any, list[dict[str, Any]]]  # indicator, target, indicators
NO_INDICATOR: Cells = (None, None, [])


def _indicator_cells(first: Sequence[Any], extras: list[Any] | None) -> Cells:
    """`indicator_cells` of a line from plain values: `first` the (text, number, unit,
    kind) of indicator 1 (all None without one), `extras` the (slot, text, number,
    unit, kind) of the others. No objects but the dicts of the rows: a view of every
    budget does this for 50 thousand lines, most with texts of their own."""
    text, number, unit, kind = first
    found = (
        []
        if text is None and number is None and unit is None and kind is None
        else [(1, text, number, unit, kind)]
    )
    if extras:
        found += extras
    if not found:
        return NO_INDICATOR
    listed = [
        {"no": no, "indicator": words, "target": target_of(value, unit), "kind": kind}
        for no, words, value, unit, kind in found
    ]
    if len(found) == 1:
        return listed[0]["indicator"], listed[0]["target"], listed
    texts = "\n".join(f"({no}) {words or '-'}" for no, words, *_ in found)
    targets = "\n".join(f"({no}) {shown_target(value, unit)}" for no, _, value, unit, _ in found)
    return texts, targets, listed


def _extra_indicators(
    conn: Connection, point: TimePoint, budget: Budget | None, rank: int
) -> dict[str, list[Any]]:
    """Indicators 2, 3, ... of the lines that have them, as (slot, text, number, unit,
    kind) in slot order (what `more_indicators` finds, without objects)."""
    rows = extra_indicator_rows(conn, point, budget, rank)
    found: dict[str, list[Any]] = {}
    for (line_id, _slot), row in sorted(rows.items()):
        if row[2] is None and row[3] is None and row[4] is None and row[5] is None:
            continue
        found.setdefault(line_id, []).append(tuple(row[1:]))
    return found


def _budget_report(
    seen: Seen,
    budget: Budget,
    found: Sequence[Any],
    more: dict[str, list[Any]],
    stage: Stage | None,
) -> Report:
    """One budget's rows from its `line_values` rows. Built from plain tuples with one
    dict per row and nothing else per line: a view of every budget builds 50 thousand."""
    conn, point, level, show_printed = seen.conn, seen.point, seen.level, seen.show_printed
    values, total_sen = _sums(found)
    printed_key = PRINTED.get(stage) if show_printed else None
    printed = printed_at(conn, point, "BAB III", budget) if printed_key else {}
    editions = _Editions(conn, budget, PRINTED_EDITION[printed_key]) if printed_key else None
    only = level.value if level is not None else None
    rows = []
    dinas_id = None
    for line in found:
        line_id, skpd, tahun, kode, kind = line[:5]
        if kind == URUSAN:
            dinas_id = line_id
            continue
        if only is not None and kind != only:
            continue
        amount = values.get(kode)
        pagu = None if amount is None else money(amount)
        nama, location, (text, number, unit, how) = line[6], line[9], line[10:14]
        extras = more.get(line_id)
        if extras is not None or text is number is unit is how is None:
            text, goal, listed = _indicator_cells((text, number, unit, how), extras)
        else:  # one indicator, as most lines have: the cells without a call
            goal = target_of(number, unit)
            listed = [{"no": 1, "indicator": text, "target": goal, "kind": how}]
        row = {
            "kode": kode,
            "nama": nama,
            "level": kind,
            "skpd": skpd,
            "tahun": tahun,
            "location": location,
            "indicator": text,
            "target": goal,
            "indicators": listed,
            "pagu": pagu,
        }
        if show_printed:
            figure, mismatch = None, None
            if printed_key and editions and line_id in printed:
                at, figures = printed[line_id]
                figure = figures.get(printed_key)
                own = editions.pagu(at, kode)
                mismatch = money_disagreement("Pagu Indikatif", figure, own)
            row["printed_pagu"] = figure
            row[FLAGS] = [mismatch] if figure is not None and mismatch else []
        rows.append(row)
    if found:
        total = money(total_sen)
        row = total_row() | {
            "location": None,
            "indicator": None,
            "target": None,
            "indicators": [],
            "pagu": total,
        }
        if show_printed:
            document = printed_at(conn, point, "Dokumen", budget) if printed_key else {}
            figure, mismatch = None, None
            if printed_key and editions and dinas_id in document:
                at, figures = document[dinas_id]
                figure = figures.get(printed_key)
                mismatch = money_disagreement("TOTAL PAGU ANGGARAN", figure, editions.total(at))
            row["printed_pagu"] = figure
            row[FLAGS] = [mismatch] if figure is not None and mismatch else []
        rows.append(row)
    notes = [f"{budget[0]} Tahun {budget[1]}", point.describe()]
    if show_printed and printed_key is None:
        notes.append(_(NO_PERGESERAN))
    return Report(
        title=TITLES[stage],
        columns=_columns(show_printed),
        rows=rows,
        notes=notes,
        meta={"stage": stage.value if stage else None},
    )


URUSAN = Level.URUSAN.value


class _Editions:
    """An edition's pagu as the ledger held it at the log positions where documents were
    recorded (a document's figures are claims about its own edition, then)."""

    def __init__(self, conn: Connection, budget: Budget, stage: Stage) -> None:
        self.conn, self.budget, self.rank = conn, budget, stage.rank
        self._sums: dict[int, tuple[dict[str, int], int | None]] = {}

    def _at(self, position: int) -> tuple[dict[str, int], int | None]:
        found = self._sums.get(position)
        if found is None:
            rows = line_values(
                self.conn,
                TimePoint(position=position),
                self.budget,
                max_stage_rank=self.rank,
                fields=("pagu",),
            )
            found = self._sums[position] = _sums(rows)
        return found

    def pagu(self, position: int, kode: str) -> Any:
        amount = self._at(position)[0].get(kode)
        return None if amount is None else money(amount)

    def total(self, position: int) -> Any:
        return money(self._at(position)[1])
