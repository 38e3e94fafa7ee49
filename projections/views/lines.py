"""`pagu lines`: every line with its current pagu (parents as sums of their children)."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Connection

from events.codes import Level
from projections.line_values import pagu_in_force
from projections.report import (
    KODE,
    LEVEL,
    NAMA,
    Column,
    Report,
    base_row,
    rollup,
    show_urusan_rows,
    total_row,
)
from projections.state import Budget, LineRow, lines_at
from projections.timepoint import TimePoint
from projections.views.several import combine, selection_note, sum_of

TITLE = "Daftar Program/Kegiatan/Sub Kegiatan"
COLUMNS = [KODE, NAMA, LEVEL, Column("pagu", "Pagu Indikatif", "money")]


def lines_report(
    conn: Connection, point: TimePoint, level: Level | None = None, budget: Budget | None = None
) -> Report:
    """The lines of one budget, or (without one) of every budget, the Dinas lines then
    showing as each budget's subtotal."""
    lines = lines_at(
        conn,
        point,
        skpd=budget[0] if budget else None,
        tahun=budget[1] if budget else None,
    )
    pagu = pagu_in_force(conn, point, budget=budget)
    values, total = rollup(lines, {lid: {"pagu": amount} for lid, amount in pagu.items()}, ["pagu"])
    with_urusan = show_urusan_rows(lines)
    rows = []
    for line in lines:
        if line.level is Level.URUSAN and not with_urusan:
            continue
        if level is not None and line.level is not level:
            continue
        rows.append(base_row(line) | {"pagu": values[line.line_id]["pagu"]})
    if lines:
        rows.append(total_row() | {"pagu": total["pagu"]})
    notes = [f"{budget[0]} Tahun {budget[1]}"] if budget else []
    return Report(title=TITLE, columns=COLUMNS, rows=rows, notes=[*notes, point.describe()])


def lines_all(
    conn: Connection, point: TimePoint, budgets: list[Budget], level: Level | None = None
) -> Report:
    """Every budget of `budgets` in one report (`--skpd all`): each budget's lines, its
    subtotal (in place of its Dinas line), then one grand total. One pair of queries
    for all of them."""
    years = {year for _, year in budgets}
    lines = lines_at(conn, point, tahun=next(iter(years)) if len(years) == 1 else None)
    pagu = pagu_in_force(conn, point)
    values, _ = rollup(lines, {lid: {"pagu": amount} for lid, amount in pagu.items()}, ["pagu"])
    groups: dict[Budget, list[LineRow]] = {}
    for line in lines:
        groups.setdefault((line.skpd, line.tahun), []).append(line)
    parts = []
    for budget in budgets:
        found = groups.get(budget)
        if not found:
            continue
        rows = [
            base_row(line) | {"pagu": values[line.line_id]["pagu"]}
            for line in found
            if line.level is not Level.URUSAN and (level is None or line.level is level)
        ]
        leaves: list[Decimal | None] = [pagu.get(line.line_id) for line in found]
        rows.append(total_row() | {"pagu": sum_of(leaves)})
        parts.append((budget, Report(title=TITLE, columns=COLUMNS, rows=rows)))
    return combine(
        parts,
        money=["pagu"],
        title=TITLE,
        columns=COLUMNS,
        notes=[selection_note(budgets), point.describe()],
    )
