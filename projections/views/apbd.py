"""`pagu apbd`: the budget as at a stage (APBD murni, after pergeseran, APBD-P).

Each line's location, indicator, target and pagu in force at the stage, with kegiatan
and program pagu as the sums of their sub kegiatan, and the total. A stage means "the
latest value among this stage and the ones before it", so `--stage murni` is the budget
before any revision however many come later, and a line that entered the budget at a
later stage is not in an earlier stage's view.
"""

from __future__ import annotations

from sqlalchemy import Connection

from events.codes import Level
from events.periods import Stage
from projections.facts import printed_figures
from projections.report import KODE, LEVEL, NAMA, Column, Report, base_row, rollup, total_row
from projections.state import Budget, lines_at, pagu_in_force, values_in_force
from projections.timepoint import TimePoint, stage_rank
from projections.views.common import (
    FLAGS,
    dinas_line,
    indicator_cells,
    indicators,
    money_disagreement,
    wanted,
)

TITLES = {
    None: "APBD (nilai terakhir)",
    Stage.MURNI: "APBD Murni (sebelum perubahan)",
    Stage.PERGESERAN: "APBD setelah Pergeseran",
    Stage.PERUBAHAN: "APBD Perubahan (sesudah perubahan)",
}
# The figure a document prints for each stage (BAB III, and the Dinas line's TOTAL row).
PRINTED = {None: "perubahan_pagu", Stage.MURNI: "murni_pagu", Stage.PERUBAHAN: "perubahan_pagu"}


def apbd_report(
    conn: Connection,
    point: TimePoint,
    budget: Budget,
    *,
    stage: Stage | None = None,
    level: Level | None = None,
    show_printed: bool = False,
) -> Report:
    rank = stage_rank(stage)
    lines = lines_at(conn, point, max_stage_rank=rank, skpd=budget[0], tahun=budget[1])
    pagu = pagu_in_force(conn, point, max_stage_rank=rank, budget=budget)
    values, total = rollup(lines, {lid: {"pagu": amount} for lid, amount in pagu.items()}, ["pagu"])
    targets = indicators(conn, point, budget, max_stage_rank=rank)
    locations = values_in_force(
        conn, "location", point, max_stage_rank=rank, budget=budget, columns=["text"]
    )
    printed_key = PRINTED.get(stage) if show_printed else None
    printed = printed_figures(conn, point, "BAB III", budget) if printed_key else {}
    rows = []
    for line in lines:
        if not wanted(line, level):
            continue
        location = locations.get((line.line_id, 0))
        row = base_row(line) | {
            "location": location[2] if location else None,
            **indicator_cells(targets.get(line.line_id)),
            "pagu": values[line.line_id]["pagu"],
        }
        if show_printed:
            figure = printed.get(line.line_id, {}).get(printed_key) if printed_key else None
            found = money_disagreement("Pagu Indikatif", figure, row["pagu"])
            row |= {"printed_pagu": figure, FLAGS: [found] if figure is not None and found else []}
        rows.append(row)
    if lines:
        row = total_row() | {
            "location": None,
            "indicator": None,
            "target": None,
            "indicators": [],
            "pagu": total["pagu"],
        }
        if show_printed:
            dinas = dinas_line(lines)
            document = printed_figures(conn, point, "Dokumen", budget) if printed_key else {}
            figure = (
                document.get(dinas.line_id, {}).get(printed_key) if dinas and printed_key else None
            )
            found = money_disagreement("TOTAL PAGU ANGGARAN", figure, total["pagu"])
            row |= {"printed_pagu": figure, FLAGS: [found] if figure is not None and found else []}
        rows.append(row)
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
    notes = [f"{budget[0]} Tahun {budget[1]}", point.describe()]
    if show_printed and printed_key is None:
        notes.append("the document prints no pergeseran figures to compare with")
    return Report(
        title=TITLES[stage],
        columns=columns,
        rows=rows,
        notes=notes,
        meta={"stage": stage.value if stage else None},
    )
