"""`pagu apbd`: the budget as at a stage (APBD murni, after pergeseran, APBD-P).

Each line's location, indicator, target and pagu in force at the stage, with kegiatan
and program pagu as the sums of their sub kegiatan, and the total. A stage means "the
latest value among this stage and the ones before it", so `--stage murni` is the budget
before any revision however many come later, and a line that entered the budget at a
later stage is not in an earlier stage's view.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from events.codes import Level
from events.periods import Stage
from projections.facts import printed_figures
from projections.report import KODE, LEVEL, NAMA, Column, Report, base_row, rollup, total_row
from projections.state import Budget, LineRow, lines_with_values, money
from projections.timepoint import TimePoint, stage_rank
from projections.views.common import (
    FLAGS,
    Indicator,
    all_indicators,
    dinas_line,
    indicator_cells,
    money_disagreement,
    more_indicators,
    wanted,
)
from projections.views.several import combine, selection_note

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
    found = lines_with_values(conn, point, budget, max_stage_rank=rank)
    more = more_indicators(conn, point, budget, max_stage_rank=rank)
    return _budget_report(conn, point, budget, found, more, stage, level, show_printed)


def apbd_all(
    conn: Connection,
    point: TimePoint,
    budgets: list[Budget],
    *,
    stage: Stage | None = None,
    level: Level | None = None,
    show_printed: bool = False,
) -> Report:
    """Every budget of `budgets` in one report (`--skpd all`): the same queries as for
    one budget, asked once for all of them, then each budget's rows built as
    `apbd_report` builds them, ending with its subtotal, and one grand total."""
    rank = stage_rank(stage)
    years = {year for _, year in budgets}
    found = lines_with_values(
        conn, point, None, max_stage_rank=rank, tahun=next(iter(years)) if len(years) == 1 else None
    )
    more = more_indicators(conn, point, None, max_stage_rank=rank)
    groups: dict[Budget, list[Found]] = {}
    for item in found:  # in SKPD, year and code order: each budget's lines stay in order
        groups.setdefault((item[0].skpd, item[0].tahun), []).append(item)
    parts = [
        (
            budget,
            _budget_report(conn, point, budget, groups[budget], more, stage, level, show_printed),
        )
        for budget in budgets
        if budget in groups
    ]
    columns = parts[0][1].columns if parts else _columns(show_printed)
    notes = [selection_note(budgets), point.describe()]
    if show_printed and PRINTED.get(stage) is None:
        notes.append(NO_PERGESERAN)
    return combine(
        parts,
        money=["pagu"],
        title=TITLES[stage],
        columns=columns,
        notes=notes,
        meta={"stage": stage.value if stage else None},
    )


Found = tuple[LineRow, dict[str, tuple[Any, ...] | None]]
NO_PERGESERAN = "the document prints no pergeseran figures to compare with"


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


def _budget_report(
    conn: Connection,
    point: TimePoint,
    budget: Budget,
    found: list[Found],
    more: dict[str, list[Indicator]],
    stage: Stage | None,
    level: Level | None,
    show_printed: bool,
) -> Report:
    lines = [line for line, _ in found]
    pagu = {line.line_id: money(v["pagu"][0]) for line, v in found if v["pagu"] is not None}
    values, total = rollup(lines, {lid: {"pagu": amount} for lid, amount in pagu.items()}, ["pagu"])
    printed_key = PRINTED.get(stage) if show_printed else None
    printed = printed_figures(conn, point, "BAB III", budget) if printed_key else {}
    rows = []
    for line, own in found:
        if not wanted(line, level):
            continue
        location = own["location"]
        row = base_row(line) | {
            "location": location[0] if location else None,
            **indicator_cells(all_indicators(line.line_id, own["target"], more)),
            "pagu": values[line.line_id]["pagu"],
        }
        if show_printed:
            figure = printed.get(line.line_id, {}).get(printed_key) if printed_key else None
            mismatch = money_disagreement("Pagu Indikatif", figure, row["pagu"])
            row |= {
                "printed_pagu": figure,
                FLAGS: [mismatch] if figure is not None and mismatch else [],
            }
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
            mismatch = money_disagreement("TOTAL PAGU ANGGARAN", figure, total["pagu"])
            row |= {
                "printed_pagu": figure,
                FLAGS: [mismatch] if figure is not None and mismatch else [],
            }
        rows.append(row)
    notes = [f"{budget[0]} Tahun {budget[1]}", point.describe()]
    if show_printed and printed_key is None:
        notes.append(NO_PERGESERAN)
    return Report(
        title=TITLES[stage],
        columns=_columns(show_printed),
        rows=rows,
        notes=notes,
        meta={"stage": stage.value if stage else None},
    )
