"""`pagu compare`: the shape of the document's BAB III table.

Per line the murni location, indicator, target and pagu (as at stage murni), the
revised ones (the latest value at any stage), the difference (bertambah / berkurang:
revised minus murni, a line new in the APBD-P counting as zero before), and the next
year's forward estimate (perkiraan maju). Parent pagu, differences and forward pagu are
the sums of their sub kegiatan.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import Connection

from events.codes import Level
from events.periods import Stage
from projections.facts import printed_figures
from projections.report import KODE, NAMA, Column, Report, base_row, rollup, total_row
from projections.state import Budget, lines_at, money, pagu_in_force, values_in_force
from projections.timepoint import TimePoint
from projections.views.common import (
    FLAGS,
    Indicator,
    dinas_line,
    indicator_cells,
    indicators,
    money_disagreement,
    target_of,
    wanted,
)

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


def compare_report(
    conn: Connection,
    point: TimePoint,
    budget: Budget,
    *,
    changed_only: bool = False,
    level: Level | None = None,
    show_printed: bool = False,
) -> Report:
    murni_rank = Stage.MURNI.rank
    lines = lines_at(conn, point, skpd=budget[0], tahun=budget[1])
    in_murni = {line.line_id for line in lines if line.stage_rank <= murni_rank}
    before = pagu_in_force(conn, point, max_stage_rank=murni_rank, budget=budget)
    after = pagu_in_force(conn, point, budget=budget)
    forward = values_in_force(
        conn, "forward", point, budget=budget, columns=["year", "amount_sen", "number", "unit"]
    )
    leaves: dict[str, dict[str, Decimal | None]] = {}
    for line_id in before.keys() | after.keys():
        murni = before.get(line_id) if line_id in in_murni else None
        revised = after.get(line_id)
        leaves[line_id] = {
            "murni_pagu": murni,
            "perubahan_pagu": revised,
            "difference": (revised or ZERO) - (murni or ZERO),
        }
    forward_targets: dict[str, list[str]] = {}
    years = set()
    for (line_id, slot), (_, _, year, amount_sen, number, unit) in sorted(forward.items()):
        years.add(year)
        if amount_sen is not None and slot == 1:
            leaves.setdefault(line_id, {})["forward_pagu"] = money(amount_sen)
        target = target_of(number, unit)
        forward_targets.setdefault(line_id, []).append(str(target) if target else "-")
    values, total = rollup(lines, leaves, MONEY)
    targets_before = indicators(conn, point, budget, max_stage_rank=murni_rank)
    targets_after = indicators(conn, point, budget)
    location_before = values_in_force(
        conn, "location", point, max_stage_rank=murni_rank, budget=budget, columns=["text"]
    )
    location_after = values_in_force(conn, "location", point, budget=budget, columns=["text"])
    printed = printed_figures(conn, point, "BAB III", budget) if show_printed else {}
    rows = []
    for line in lines:
        if not wanted(line, level):
            continue
        key = (line.line_id, 0)
        was = location_before.get(key) if line.line_id in in_murni else None
        now = location_after.get(key)
        murni_targets = targets_before.get(line.line_id, []) if line.line_id in in_murni else []
        revised_targets = targets_after.get(line.line_id, [])
        sums = values[line.line_id]
        row = base_row(line) | {
            "new": line.line_id not in in_murni,
            "murni_location": was[2] if was else None,
            **_side(indicator_cells(murni_targets), "murni"),
            "murni_pagu": sums["murni_pagu"],
            "perubahan_location": now[2] if now else None,
            **_side(indicator_cells(revised_targets), "perubahan"),
            "perubahan_pagu": sums["perubahan_pagu"],
            "difference": sums["difference"],
            "forward_target": "\n".join(forward_targets.get(line.line_id, [])) or None,
            "forward_pagu": sums["forward_pagu"],
        }
        if changed_only and not _changed(row, murni_targets, revised_targets):
            continue
        if show_printed:
            row |= _printed(printed.get(line.line_id, {}), sums, line.level)
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
            document = printed_figures(conn, point, "Dokumen", budget)
            figures = document.get(dinas.line_id, {}) if dinas else {}
            row |= _printed(figures, total, Level.URUSAN)
        rows.append(row)
    year = max(years) if years else budget[1] + 1
    forward_heading = f"Perkiraan Maju Rencana Tahun {year}"
    before_heading = f"APBD {budget[1]} (Sebelum Perubahan)"
    after_heading = f"APBD Perubahan {budget[1]} (Sesudah Perubahan)"
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
    notes = [f"{budget[0]} Tahun {budget[1]}", point.describe()]
    if changed_only:
        notes.append("only lines whose pagu, location, indicator or target changed")
    return Report(
        title=f"Program / Kegiatan / Sub Kegiatan pada APBD-P Tahun {budget[1]}",
        columns=columns,
        rows=rows,
        notes=notes,
        meta={"forward_year": year},
    )


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
