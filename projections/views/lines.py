"""`pagu lines`: every line with its current pagu (parents as sums of their children)."""

from __future__ import annotations

from sqlalchemy import Connection

from events.codes import Level
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
from projections.state import lines_at, pagu_in_force
from projections.timepoint import TimePoint


def lines_report(conn: Connection, point: TimePoint, level: Level | None = None) -> Report:
    lines = lines_at(conn, point)
    pagu = pagu_in_force(conn, point)
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
    return Report(
        title="Daftar Program/Kegiatan/Sub Kegiatan",
        columns=[KODE, NAMA, LEVEL, Column("pagu", "Pagu Indikatif", "money")],
        rows=rows,
        notes=[point.describe()],
    )
