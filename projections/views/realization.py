"""`pagu realization`: money spent and physical output up to a quarter, against the pagu
and target of a named basis (APBD murni, after pergeseran, or APBD-P).

Per sub kegiatan: spending to date against its pagu, output to date against its budget
target (both at the basis stage). Kegiatan and program spending and pagu are the sums
of their sub kegiatan; their output is their own (outputs of different things do not
add up).

The total row is the Dinas. Its spending is the figure recorded on the Dinas line
(1.06) when there is one: that is what the Dinas reports for itself (the e-pantau
total a Renja quotes), and it covers spending not yet broken down by line. Without it,
the total is the sum of the sub kegiatan. When both exist and differ, the total shows
the Dinas figure and is flagged with the sum, so neither is hidden. Its physical
realization is the Dinas line's own (a percentage of the year's plan).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import Connection

from events.codes import Level
from events.money import format_percent, format_rupiah
from events.periods import Quarter, Stage
from events.targets import IndicatorKind, Target
from projections.facts import Realized, latest_quarter, printed_figures, realized
from projections.report import KODE, LEVEL, NAMA, Column, Report, base_row, rollup, total_row
from projections.state import Budget, lines_with_values, money
from projections.timepoint import TimePoint
from projections.views.common import (
    FLAGS,
    dinas_line,
    disagreement,
    indicator_of,
    places_of,
    rate,
    ratio,
    shown,
    wanted,
)
from projections.views.several import combine, selection_note, years_of

BASIS_NAMES = {
    Stage.MURNI: "APBD Murni",
    Stage.PERGESERAN: "APBD setelah Pergeseran",
    Stage.PERUBAHAN: "APBD Perubahan",
}


def realization_report(
    conn: Connection,
    point: TimePoint,
    budget: Budget,
    *,
    quarter: Quarter | None = None,
    basis: Stage = Stage.PERUBAHAN,
    level: Level | None = None,
    show_printed: bool = False,
) -> Report:
    if quarter is None:
        last = latest_quarter(conn, point, budget)
        quarter = Quarter(last) if last else Quarter.I
    rank = basis.rank
    basis_name = BASIS_NAMES[basis]
    found = lines_with_values(conn, point, budget, max_stage_rank=rank, fields=("pagu", "target"))
    lines = [line for line, _ in found]
    pagu = {line.line_id: money(own["pagu"][0]) for line, own in found if own["pagu"]}
    targets = {
        line.line_id: indicator
        for line, own in found
        if (indicator := indicator_of(1, own["target"])) is not None
    }
    percentages = {
        lid for lid, indicator in targets.items() if indicator.kind is IndicatorKind.PERCENTAGE
    }
    dinas = dinas_line(lines)
    if dinas is not None:
        percentages.add(dinas.line_id)  # the Dinas's physical realization is a percentage
    done = realized(conn, point, up_to=quarter.value, budget=budget, levels=percentages)
    leaves: dict[str, dict[str, Decimal | None]] = {}
    for line in lines:
        if line.level is not Level.SUB_KEGIATAN:
            continue
        line_done = done.get(line.line_id)
        leaves[line.line_id] = {
            "pagu": pagu.get(line.line_id),
            "spent": line_done.spent if line_done else None,
        }
    values, total = rollup(lines, leaves, ["pagu", "spent"])
    rows = []
    for line in lines:
        if not wanted(line, level):
            continue
        sums = values[line.line_id]
        first = targets.get(line.line_id)
        target = first.target if first else None
        kind = first.kind if first else IndicatorKind.POSITIVE
        output = _output(done.get(line.line_id), target)
        rows.append(
            base_row(line)
            | {
                "basis": basis.value,
                "quarter": quarter.value,
                "pagu": sums["pagu"],
                "spent": sums["spent"],
                "spent_percent": shown(ratio(sums["spent"], sums["pagu"])),
                "target": target,
                "output": output,
                "output_percent": shown(
                    rate(output.value if output else None, target.value if target else None, kind)
                ),
                FLAGS: [],
            }
        )
    if lines:
        rows.append(_total(conn, point, budget, dinas, done, total, quarter, basis, show_printed))
    columns = [
        KODE,
        NAMA,
        LEVEL,
        Column("pagu", f"Pagu Indikatif ({basis_name})", "money"),
        Column("spent", f"Realisasi Keuangan s/d Triwulan {quarter.name} (Rp)", "money"),
        Column("spent_percent", "Realisasi Keuangan (%)", "percent"),
        Column("target", f"Target Capaian Kinerja ({basis_name})"),
        Column("output", f"Realisasi Fisik s/d Triwulan {quarter.name}"),
        Column("output_percent", "Realisasi Fisik (%)", "percent"),
    ]
    if show_printed:
        columns.append(
            Column("printed_spent_percent", "Realisasi Keuangan (%) (tercetak)", "percent")
        )
    columns.append(Column(FLAGS, "Pemeriksaan", "flag"))
    return Report(
        title=(
            f"Realisasi Fisik dan Keuangan s/d Triwulan {quarter.name} Tahun {budget[1]} "
            f"(basis: {basis_name})"
        ),
        columns=columns,
        rows=rows,
        notes=[f"{budget[0]} Tahun {budget[1]}", f"basis: {basis_name}", point.describe()],
        meta={"basis": basis.value, "quarter": quarter.value},
    )


def realization_all(
    conn: Connection,
    point: TimePoint,
    budgets: list[Budget],
    *,
    quarter: Quarter | None = None,
    basis: Stage = Stage.PERUBAHAN,
    level: Level | None = None,
    show_printed: bool = False,
) -> Report:
    """Every budget of `budgets` in one report (`--skpd all`), all up to the same
    quarter (default: the last one with realization recorded in any of them). Each
    budget's total (its Dinas row) becomes its subtotal; the grand total sums their pagu
    and spending, so it counts each Dinas's own reported figure where there is one."""
    if quarter is None:
        recorded = [q for budget in budgets if (q := latest_quarter(conn, point, budget))]
        quarter = Quarter(max(recorded)) if recorded else Quarter.I
    parts = [
        (
            budget,
            realization_report(
                conn,
                point,
                budget,
                quarter=quarter,
                basis=basis,
                level=level,
                show_printed=show_printed,
            ),
        )
        for budget in budgets
    ]
    basis_name = BASIS_NAMES[basis]

    def finish(grand: dict[str, Any]) -> None:
        grand["spent_percent"] = shown(ratio(grand["spent"], grand["pagu"]))

    return combine(
        parts,
        money=["pagu", "spent"],
        title=(
            f"Realisasi Fisik dan Keuangan s/d Triwulan {quarter.name} Tahun "
            f"{years_of(budgets)} (basis: {basis_name})"
        ),
        columns=parts[0][1].columns,
        notes=[selection_note(budgets), f"basis: {basis_name}", point.describe()],
        meta={"basis": basis.value, "quarter": quarter.value},
        finish=finish,
    )


def _output(done: Realized | None, target: Target | None) -> Target | None:
    if done is None or done.output is None:
        return None
    return Target(done.output, done.unit or (target.unit if target else None))


def _total(
    conn: Connection,
    point: TimePoint,
    budget: Budget,
    dinas: Any,
    done: dict[str, Realized],
    total: dict[str, Decimal | None],
    quarter: Quarter,
    basis: Stage,
    show_printed: bool,
) -> dict[str, Any]:
    """The Dinas row: its own reported spending where recorded, else the lines' sum."""
    own = done.get(dinas.line_id) if dinas is not None else None
    summed = total["spent"]
    spent = own.spent if own is not None and own.spent is not None else summed
    flags = []
    if own is not None and own.spent is not None and summed is not None and summed != own.spent:
        flags.append(
            f"the Dinas reports {format_rupiah(own.spent)} spent; its sub kegiatan "
            f"sum to {format_rupiah(summed)}"
        )
    spent_percent = ratio(spent, total["pagu"])
    row = total_row(f"TOTAL {budget[0]}".upper()) | {
        "basis": basis.value,
        "quarter": quarter.value,
        "pagu": total["pagu"],
        "spent": spent,
        "spent_percent": shown(spent_percent),
        "target": None,
        "output": _output(own, None),
        "output_percent": None,
        FLAGS: flags,
    }
    if show_printed:
        document = printed_figures(conn, point, "Dokumen", budget)
        figures = document.get(dinas.line_id, {}) if dinas is not None else {}
        printed_rate, printed_base = (
            figures.get("realization_rate"),
            figures.get("realization_base"),
        )
        row["printed_spent_percent"] = printed_rate
        if disagreement("Realisasi Keuangan (%)", printed_rate, spent_percent):
            assert printed_rate is not None and spent_percent is not None
            base = f" of {format_rupiah(printed_base)}" if printed_base is not None else ""
            flags.append(
                f"the document prints "
                f"{format_percent(printed_rate, places=places_of(printed_rate))}{base}; "
                f"against this basis it is {format_percent(spent_percent)}"
            )
    return row
