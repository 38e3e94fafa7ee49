"""`pagu compare`: the shape of the document's BAB III table.

Per line the murni location, indicator, target and pagu (the APBD as enacted), the
revised ones (the APBD-P as enacted, `apbd --stage perubahan`: a pergeseran after it is
in `apbd`, not here), the difference (bertambah / berkurang: revised minus murni, a line
new in the APBD-P counting as zero before), and the next year's forward estimate
(perkiraan maju). Parent pagu, differences and forward pagu are
the sums of their sub kegiatan.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import Connection

from events.codes import Level
from events.i18n import _
from events.periods import Stage
from events.targets import Target
from projections.facts import printed_at
from projections.line_values import lines_with_values
from projections.report import KODE, NAMA, Column, Report, base_row, rollup, total_row
from projections.state import Budget, money, values_in_force
from projections.timepoint import TimePoint
from projections.views.common import (
    FLAGS,
    Indicator,
    all_indicators,
    dinas_line,
    indicator_cells,
    money_disagreement,
    more_indicators,
    target_of,
    wanted,
)
from projections.views.seen import Seen
from projections.views.several import combine, selection_note, years_of

ZERO = Decimal("0.00")
MONEY = ("murni_pagu", "perubahan_pagu", "difference", "forward_pagu")
PRINTED_HEADINGS = {
    "murni_pagu": "Pagu Indikatif Sebelum Perubahan",
    "perubahan_pagu": "Pagu Indikatif Sesudah Perubahan",
    "difference": "Bertambah / Berkurang",
    "forward_pagu": "Pagu Indikatif Perkiraan Maju",
}


def _side(cells: dict[str, Any], prefix: str) -> dict[str, Any]:
    return {f"{prefix}_{key}": value for key, value in cells.items()}


def _changed(row: dict[str, Any], before: list[Indicator], after: list[Indicator]) -> bool:
    return (
        row["murni_pagu"] != row["perubahan_pagu"]
        or row["murni_location"] != row["perubahan_location"]
        or [(i.text, i.target) for i in before] != [(i.text, i.target) for i in after]
    )


def compare_report(seen: Seen, budget: Budget, *, changed_only: bool = False) -> Report:
    conn, point, level, show_printed = seen.conn, seen.point, seen.level, seen.show_printed
    murni_rank = Stage.MURNI.rank
    found = _Money(conn, point, budget, after_rank=Stage.PERUBAHAN.rank)
    after, before, lines = found.after, found.before, found.lines
    values, total = found.values, found.total
    more_before = more_indicators(conn, point, budget, max_stage_rank=murni_rank)
    more_after = more_indicators(conn, point, budget, max_stage_rank=Stage.PERUBAHAN.rank)
    forward_targets, years = found.forward_targets, found.years
    printed = printed_at(conn, point, "BAB III", budget) if show_printed else {}
    editions = _Editions(conn, budget)
    rows = []
    for line, own in after:
        if not wanted(line, level):
            continue
        was = before.get(line.line_id)
        murni_targets = all_indicators(line.line_id, was["target"], more_before) if was else []
        revised_targets = all_indicators(line.line_id, own["target"], more_after)
        sums = values[line.line_id]
        row = base_row(line) | {
            "new": was is None,
            "murni_location": was["location"][0] if was and was["location"] else None,
            **_side(indicator_cells(murni_targets), "murni"),
            "murni_pagu": sums["murni_pagu"],
            "perubahan_location": own["location"][0] if own["location"] else None,
            **_side(indicator_cells(revised_targets), "perubahan"),
            "perubahan_pagu": sums["perubahan_pagu"],
            "difference": sums["difference"],
            "forward_target": _forward_cell(forward_targets.get(line.line_id, [])),
            "forward_pagu": sums["forward_pagu"],
        }
        if changed_only and not _changed(row, murni_targets, revised_targets):
            continue
        if show_printed:
            at, figures = printed.get(line.line_id, (None, {}))
            held = editions.values(at).get(line.line_id, {}) if at is not None else {}
            row |= _printed(figures, held, line.level)
        rows.append(row)
    if lines:
        row = total_row() | {
            "new": False,
            "murni_location": None,
            **_side(indicator_cells([]), "murni"),
            "murni_pagu": total["murni_pagu"],
            "perubahan_location": None,
            **_side(indicator_cells([]), "perubahan"),
            "perubahan_pagu": total["perubahan_pagu"],
            "difference": total["difference"],
            "forward_target": None,
            "forward_pagu": total["forward_pagu"],
        }
        if show_printed:
            dinas = dinas_line(lines)
            document = printed_at(conn, point, "Dokumen", budget)
            at, figures = document.get(dinas.line_id, (None, {})) if dinas else (None, {})
            row |= _printed(figures, editions.total(at) if at is not None else {}, Level.URUSAN)
        rows.append(row)
    year = max(years) if years else budget[1] + 1
    columns = _columns(
        f"APBD {budget[1]} (Sebelum Perubahan)",
        f"APBD Perubahan {budget[1]} (Sesudah Perubahan)",
        f"Perkiraan Maju Rencana Tahun {year}",
        show_printed,
    )
    notes = [f"{budget[0]} Tahun {budget[1]}", point.describe()]
    if changed_only:
        notes.append(CHANGED_ONLY)
    return Report(
        title=f"Program / Kegiatan / Sub Kegiatan pada APBD-P Tahun {budget[1]}",
        columns=columns,
        rows=rows,
        notes=notes,
        meta={"forward_year": year},
    )


def compare_all(seen: Seen, budgets: list[Budget], *, changed_only: bool = False) -> Report:
    """Every budget of `budgets` in one report (`--skpd all`): each as `compare_report`
    gives it, its total a subtotal, then one grand total of the money columns."""
    parts = [
        (budget, compare_report(seen, budget, changed_only=changed_only)) for budget in budgets
    ]
    years = years_of(budgets)
    if "-" in years:  # several years: the headings cannot name one
        columns = _columns(
            "APBD (Sebelum Perubahan)",
            "APBD Perubahan (Sesudah Perubahan)",
            "Perkiraan Maju Rencana Tahun Berikutnya",
            seen.show_printed,
        )
    else:
        columns = parts[0][1].columns
    notes = [selection_note(budgets), seen.point.describe()]
    if changed_only:
        notes.append(CHANGED_ONLY)
    return combine(
        parts,
        money=MONEY,
        title=f"Program / Kegiatan / Sub Kegiatan pada APBD-P Tahun {years}",
        columns=columns,
        notes=notes,
        meta={"forward_year": parts[0][1].meta["forward_year"] if "-" not in years else None},
    )


CHANGED_ONLY = _("only lines whose pagu, location, indicator or target changed")


class _Money:
    """The money columns at a time point: murni against an edition (`after_rank`), and
    the forward estimate, per line and summed."""

    def __init__(
        self, conn: Connection, point: TimePoint, budget: Budget, after_rank: int = 99
    ) -> None:
        self.after = lines_with_values(conn, point, budget, max_stage_rank=after_rank)
        self.before = {
            line.line_id: own
            for line, own in lines_with_values(conn, point, budget, max_stage_rank=Stage.MURNI.rank)
        }
        self.lines = [line for line, _ in self.after]
        forward = values_in_force(
            conn, "forward", point, budget=budget, columns=["year", "amount_sen", "number", "unit"]
        )
        leaves: dict[str, dict[str, Decimal | None]] = {}
        for line, own in self.after:
            was = self.before.get(line.line_id)
            murni = money(was["pagu"][0]) if was and was["pagu"] else None
            revised = money(own["pagu"][0]) if own["pagu"] else None
            if murni is not None or revised is not None:
                leaves[line.line_id] = {
                    "murni_pagu": murni,
                    "perubahan_pagu": revised,
                    "difference": (revised or ZERO) - (murni or ZERO),
                }
        self.forward_targets: dict[str, list[Target | None]] = {}
        self.years: set[int] = set()
        for (line_id, slot), (_l, _s, year, amount_sen, number, unit) in sorted(forward.items()):
            self.years.add(year)
            if amount_sen is not None and slot == 1:
                leaves.setdefault(line_id, {})["forward_pagu"] = money(amount_sen)
            self.forward_targets.setdefault(line_id, []).append(target_of(number, unit))
        self.values, self.total = rollup(self.lines, leaves, MONEY)


class _Editions:
    """The money columns of the document's own editions (murni, and the APBD-P as
    enacted) as the ledger held them where a document was recorded: what its printed
    figures are checked against."""

    def __init__(self, conn: Connection, budget: Budget) -> None:
        self.conn, self.budget = conn, budget
        self._found: dict[int, _Money] = {}

    def _at(self, position: int) -> _Money:
        found = self._found.get(position)
        if found is None:
            point = TimePoint(position=position)
            found = self._found[position] = _Money(
                self.conn, point, self.budget, after_rank=Stage.PERUBAHAN.rank
            )
        return found

    def values(self, position: int) -> dict[str, dict[str, Decimal | None]]:
        return self._at(position).values

    def total(self, position: int) -> dict[str, Decimal | None]:
        return self._at(position).total


def _columns(
    before_heading: str, after_heading: str, forward_heading: str, show_printed: bool
) -> list[Column]:
    columns = [
        KODE,
        NAMA,
        Column("murni_location", f"Lokasi {before_heading}"),
        Column("murni_indicator", f"Indikator Kinerja Program/Kegiatan {before_heading}"),
        Column("murni_target", f"Target Capaian Kinerja {before_heading}"),
        Column("murni_pagu", f"Pagu Indikatif {before_heading}", "money"),
        Column("perubahan_location", f"Lokasi {after_heading}"),
        Column("perubahan_indicator", f"Indikator Kinerja Program/Kegiatan {after_heading}"),
        Column("perubahan_target", f"Target Capaian Kinerja {after_heading}"),
        Column("perubahan_pagu", f"Pagu Indikatif {after_heading}", "money"),
        Column("difference", "Bertambah / Berkurang", "money"),
        Column("forward_target", f"Target Capaian Kinerja {forward_heading}"),
        Column("forward_pagu", f"Pagu Indikatif {forward_heading}", "money"),
    ]
    if show_printed:
        columns += [
            Column(f"printed_{key}", f"{heading} (tercetak)", "money")
            for key, heading in PRINTED_HEADINGS.items()
        ]
        columns.append(Column(FLAGS, "Pemeriksaan", "flag"))
    return columns


def _forward_cell(targets: list[Target | None]) -> Target | str | None:
    """The forward target(s) of a line: one as it is, several numbered."""
    if len(targets) <= 1:
        return targets[0] if targets else None
    return "\n".join(f"({no}) {target or '-'}" for no, target in enumerate(targets, start=1))


def _printed(
    figures: dict[str, Decimal | None], computed: dict[str, Decimal | None], level: Level
) -> dict[str, Any]:
    """The printed money figures of a row and where they disagree with the computed
    ones. BAB III prints a sub kegiatan's own pagu (which is the data itself) and its
    difference; a parent's every figure is a sum pagu computes."""
    keys = ("difference",) if level is Level.SUB_KEGIATAN else MONEY
    row: dict[str, Any] = {f"printed_{key}": figures.get(key) for key in MONEY}
    flags = []
    for key in keys:
        if key not in figures:
            continue
        computed_value = computed.get(key)
        printed_value = figures[key]
        if key == "difference":  # the document prints "-" for no change
            printed_value = printed_value or ZERO
            computed_value = computed_value or ZERO
        found = money_disagreement(PRINTED_HEADINGS[key], printed_value, computed_value)
        if found:
            flags.append(found)
    row[FLAGS] = flags
    return row
