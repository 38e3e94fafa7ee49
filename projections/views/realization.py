"""`pagu realization`: money spent and physical output up to a quarter, against the pagu
and target of a named basis (a budget edition, or the budget in force).

Per sub kegiatan: spending to date against its pagu; output to date against a target in
the same unit: the budget's target at the basis where its unit is the output's, else
this year's Renja target (Tabel 1, column 6) where that one is, else no rate at all
(*satuan berbeda*: 632 Orang is not 800% of 79 Orang/Bulan). Kegiatan and program
spending and pagu are the sums of their sub kegiatan; their output is their own
(outputs of different things do not add up).

Every figure says which quarter it is for (`spent_quarter`, `output_quarter`: the last
quarter, up to the one asked, with an entry): a line with nothing for the asked quarter
shows its latest figure marked with its own quarter, never relabelled as the one asked.

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
from events.i18n import _
from events.money import format_percent, format_rupiah
from events.periods import Quarter, Stage
from events.targets import IndicatorKind, Target
from projections.facts import Realized, latest_quarter, printed_figures, quarter_shown, realized
from projections.line_values import lines_with_values
from projections.report import (
    KODE,
    LEVEL,
    NAMA,
    Column,
    Report,
    ancestor_codes,
    base_row,
    rollup,
    total_row,
)
from projections.state import Budget, LineRow, money, values_in_force
from projections.timepoint import TimePoint
from projections.views.common import (
    FLAGS,
    HUNDRED,
    dinas_line,
    disagreement,
    indicator_of,
    physical_rate,
    places_of,
    ratio,
    shown,
    target_of,
    wanted,
)
from projections.views.seen import Seen
from projections.views.several import combine, selection_note, years_of

IN_FORCE = "APBD yang berlaku"
NOT_RECORDED = "belum dicatat"  # a figure nobody recorded: never shown as 0
QUARTER_NAME = {q.value: q.name for q in Quarter}


def basis_name(basis: Stage | None) -> str:
    return IN_FORCE if basis is None else basis.title


LineValues = list[tuple[LineRow, dict[str, tuple[Any, ...] | None]]]


def _title(quarter: Quarter, years: str, name: str) -> str:
    """The realization's title, for one budget's year or (`--skpd all`) the years of all."""
    return f"Realisasi Fisik dan Keuangan s/d Triwulan {quarter.name} Tahun {years} (basis: {name})"


def lines_on_basis(
    conn: Connection, point: TimePoint, budget: Budget, basis: Stage | None
) -> tuple[LineValues, list[LineRow], dict[str, Decimal | None]]:
    """A budget's lines with their pagu and first target as in the basis edition (None:
    the budget in force), the lines alone, and each sub kegiatan's pagu by line id."""
    rank = 99 if basis is None else basis.rank
    found = lines_with_values(conn, point, budget, max_stage_rank=rank, fields=("pagu", "target"))
    lines = [line for line, _ in found]
    pagu = {line.line_id: money(own["pagu"][0]) for line, own in found if own["pagu"]}
    return found, lines, pagu


def realization_report(
    seen: Seen, budget: Budget, *, quarter: Quarter | None = None, basis: Stage | None = None
) -> Report:
    conn, point, level, show_printed = seen.conn, seen.point, seen.level, seen.show_printed
    quarter = quarter_shown(conn, point, budget, quarter)
    name = basis_name(basis)
    found, lines, pagu = lines_on_basis(conn, point, budget, basis)
    targets = {
        line.line_id: indicator
        for line, own in found
        if (indicator := indicator_of(1, own["target"])) is not None
    }
    renja = values_in_force(conn, "renja", point, budget=budget, columns=["number", "unit"])
    percentages = {
        lid for lid, indicator in targets.items() if indicator.kind is IndicatorKind.PERCENTAGE
    }
    dinas = dinas_line(lines)
    if dinas is not None:
        percentages.add(dinas.line_id)  # the Dinas's physical realization is a percentage
    done = realized(conn, point, up_to=quarter.value, budget=budget, levels=percentages)
    leaves: dict[str, dict[str, Decimal | None]] = {}
    spent_quarters: dict[str, set[int]] = {}
    for line in lines:
        if line.level is not Level.SUB_KEGIATAN:
            continue
        line_done = done.get(line.line_id)
        leaves[line.line_id] = {
            "pagu": pagu.get(line.line_id),
            "spent": line_done.spent if line_done else None,
        }
        if line_done is not None and line_done.spent_quarter is not None:
            # a parent's spending is the sum of its sub kegiatan's, each for its quarter
            for kode in (line.kode, *ancestor_codes(line.kode)):
                spent_quarters.setdefault(kode, set()).add(line_done.spent_quarter)
    values, total = rollup(lines, leaves, ["pagu", "spent"])
    rows = []
    for line in lines:
        if not wanted(line, level):
            continue
        sums = values[line.line_id]
        first = targets.get(line.line_id)
        kind = first.kind if first else IndicatorKind.POSITIVE
        line_done = done.get(line.line_id)
        output = _output(line_done, first.target if first else None)
        candidates = [first.target if first else None, _renja(renja, line.line_id)]
        rate, target, notes = physical_rate(output, candidates, kind)
        spent_percent = ratio(sums["spent"], sums["pagu"])
        flags = [*notes, *_above_hundred(spent_percent)]
        rows.append(
            base_row(line)
            | {
                "basis": _basis_key(basis),
                "quarter": quarter.value,
                "pagu": sums["pagu"],
                "spent": sums["spent"],
                "spent_quarter": _quarter_span(spent_quarters.get(line.kode)),
                "sisa": _sisa(sums["pagu"], sums["spent"]),
                "spent_percent": shown(spent_percent),
                "target": target,
                "output": output,
                "output_quarter": _quarter_span(
                    {line_done.output_quarter}
                    if line_done and line_done.output_quarter is not None
                    else None
                ),
                "output_percent": shown(rate),
                "figures_for": None,
                FLAGS: flags,
            }
        )
        rows[-1]["figures_for"] = _figures_for(rows[-1])
    if lines:
        rows.append(_total(conn, point, budget, dinas, done, total, quarter, basis, show_printed))
    both = bool(rows) and rows[-1].get("spent_lines") is not None
    columns = [
        KODE,
        NAMA,
        LEVEL,
        Column("pagu", f"Pagu Indikatif ({name})", "money"),
        Column(
            "spent",
            f"Realisasi Keuangan s/d Triwulan {quarter.name} (Rp)",
            "money",
            empty=NOT_RECORDED,
        ),
        *([Column("spent_lines", "Jumlah Realisasi Sub Kegiatan (Rp)", "money")] if both else []),
        Column("sisa", "Sisa Anggaran (Rp)", "money", empty=NOT_RECORDED),
        Column("spent_percent", "Realisasi Keuangan (%)", "percent"),
        Column("target", "Target Capaian Kinerja"),
        Column("output", f"Realisasi Fisik s/d Triwulan {quarter.name}", empty=NOT_RECORDED),
        Column("output_percent", "Realisasi Fisik (%)", "percent"),
        Column("figures_for", "Data s/d Triwulan"),
    ]
    if show_printed:
        columns.append(
            Column("printed_spent_percent", "Realisasi Keuangan (%) (tercetak)", "percent")
        )
    columns.append(Column(FLAGS, "Pemeriksaan", "flag"))
    return Report(
        title=_title(quarter, str(budget[1]), name),
        columns=columns,
        rows=rows,
        notes=[f"{budget[0]} Tahun {budget[1]}", f"basis: {name}", point.describe()],
        meta={"basis": _basis_key(basis), "quarter": quarter.value},
    )


def realization_all(
    seen: Seen, budgets: list[Budget], *, quarter: Quarter | None = None, basis: Stage | None = None
) -> Report:
    """Every budget of `budgets` in one report (`--skpd all`), all up to the same
    quarter (default: the last one with realization recorded in any of them). Each
    budget's total (its Dinas row) becomes its subtotal; the grand total sums their pagu
    and spending, so it counts each Dinas's own reported figure where there is one."""
    conn, point = seen.conn, seen.point
    if quarter is None:
        recorded = [q for budget in budgets if (q := latest_quarter(conn, point, budget))]
        quarter = Quarter(max(recorded)) if recorded else Quarter.I
    parts = [
        (budget, realization_report(seen, budget, quarter=quarter, basis=basis))
        for budget in budgets
    ]
    name = basis_name(basis)

    def finish(grand: dict[str, Any]) -> None:
        grand["spent_percent"] = shown(ratio(grand["spent"], grand["pagu"]))

    return combine(
        parts,
        money=["pagu", "spent"],
        title=_title(quarter, years_of(budgets), name),
        columns=parts[0][1].columns,
        notes=[selection_note(budgets), f"basis: {name}", point.describe()],
        meta={"basis": _basis_key(basis), "quarter": quarter.value},
        finish=finish,
    )


def _basis_key(basis: Stage | None) -> str:
    return "berlaku" if basis is None else basis.value


def _renja(rows: dict[tuple[str, int], Any], line_id: str) -> Target | None:
    found = rows.get((line_id, 0))
    return None if found is None else target_of(found[2], found[3])


def _output(done: Realized | None, target: Target | None) -> Target | None:
    if done is None or done.output is None:
        return None
    return Target(done.output, done.unit or (target.unit if target else None))


def _quarter_span(quarters: set[int] | None) -> str | None:
    """'II', or 'I–III' for a sum of figures of different quarters."""
    if not quarters:
        return None
    low, high = min(quarters), max(quarters)
    return QUARTER_NAME[low] if low == high else f"{QUARTER_NAME[low]}–{QUARTER_NAME[high]}"


def _figures_for(row: dict[str, Any]) -> str | None:
    """The table's one cell saying which quarter the row's figures are for."""
    spent, output = row["spent_quarter"], row["output_quarter"]
    if spent == output or output is None:
        return spent
    if spent is None:
        return output
    return f"Keu. {spent}, Fisik {output}"


def _sisa(pagu: Decimal | None, spent: Decimal | None) -> Decimal | None:
    """Sisa anggaran: the pagu less what was spent (None until spending is recorded)."""
    return None if pagu is None or spent is None else pagu - spent


def _above_hundred(percent: Decimal | None) -> list[str]:
    if percent is None or percent <= HUNDRED:
        return []
    return [_("spending above 100% ({percent})").format(percent=format_percent(percent))]


def _total(
    conn: Connection,
    point: TimePoint,
    budget: Budget,
    dinas: Any,
    done: dict[str, Realized],
    total: dict[str, Decimal | None],
    quarter: Quarter,
    basis: Stage | None,
    show_printed: bool,
) -> dict[str, Any]:
    """The Dinas row: its own reported spending where recorded, else the lines' sum."""
    own = done.get(dinas.line_id) if dinas is not None else None
    summed = total["spent"]
    reported = own is not None and own.spent is not None
    spent = own.spent if own is not None and own.spent is not None else summed
    flags = []
    if reported and summed is not None and summed != spent:
        flags.append(
            _("the Dinas reports {spent} spent; its sub kegiatan sum to {summed}").format(
                spent=format_rupiah(spent), summed=format_rupiah(summed)
            )
        )
    spent_percent = ratio(spent, total["pagu"])
    flags += _above_hundred(spent_percent)
    spent_quarter = own.spent_quarter if reported and own is not None else None
    row = total_row(f"TOTAL {budget[0]}".upper()) | {
        "basis": _basis_key(basis),
        "quarter": quarter.value,
        "pagu": total["pagu"],
        "spent": spent,
        "spent_quarter": _quarter_span({spent_quarter} if spent_quarter else None),
        # the lines' sum beside the Dinas's own figure, when both exist
        "spent_lines": summed if reported and summed is not None else None,
        "sisa": _sisa(total["pagu"], spent),
        "spent_percent": shown(spent_percent),
        "target": None,
        "output": _output(own, None),
        "output_quarter": _quarter_span(
            {own.output_quarter} if own is not None and own.output_quarter else None
        ),
        "output_percent": None,
        "figures_for": None,
        FLAGS: flags,
    }
    if not reported:  # the sum of the sub kegiatan, each for its own quarter
        row["spent_quarter"] = _summed_quarters(done, dinas)
    row["figures_for"] = _figures_for(row)
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
            base = (
                _(" of {amount}").format(amount=format_rupiah(printed_base))
                if printed_base is not None
                else ""
            )
            flags.append(
                _(
                    "the document prints {printed_rate}{base}; against this basis it is "
                    "{spent_percent}"
                ).format(
                    printed_rate=format_percent(printed_rate, places=places_of(printed_rate)),
                    base=base,
                    spent_percent=format_percent(spent_percent),
                )
            )
    return row


def _summed_quarters(done: dict[str, Realized], dinas: Any) -> str | None:
    return _quarter_span(
        {
            figures.spent_quarter
            for line_id, figures in done.items()
            if figures.spent_quarter is not None and (dinas is None or line_id != dinas.line_id)
        }
    )
