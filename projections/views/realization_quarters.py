"""`pagu realization --by-quarter`: a line x triwulan I-IV matrix of money spent and
physical output (the shape of `hledger balance --budget -Q`), each quarter's own
figures with the pagu and the serapan of that quarter.

A quarter's own figure comes from its latest entry of each measure: an entry for the
quarter alone is the figure; a cumulative (year-to-date) entry is its difference from
the quarters before it. For a percentage indicator the output is a level, not a flow:
its quarter's value is shown as it is. A quarter with no entry says *belum dicatat*,
never 0. Kegiatan and program money is the sum of their sub kegiatan (each quarter
apart); their output is their own. The Dinas row sums the sub kegiatan, and its flags
give the figures the Dinas reported for itself.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from events.codes import Level
from events.i18n import _
from events.money import format_rupiah
from events.periods import Quarter, Stage
from events.targets import IndicatorKind, plain_target
from projections.facts import Entry, realization_entries
from projections.report import KODE, LEVEL, NAMA, Column, Report, base_row, rollup, total_row
from projections.state import Budget
from projections.views.common import FLAGS, indicator_of, ratio, shown, wanted
from projections.views.realization import NOT_RECORDED, basis_name, lines_on_basis
from projections.views.seen import Seen

QUARTERS = list(Quarter)


def per_quarter(entries: list[Entry], *, level: bool = False) -> dict[int, Decimal]:
    """Each quarter's own figure from its latest entry (see the module's docstring)."""
    found: dict[int, Decimal] = {}
    to_date = Decimal(0)
    for entry in sorted(entries, key=lambda e: e.quarter):
        if level:
            found[entry.quarter] = entry.amount
            continue
        own = entry.amount - to_date if entry.cumulative else entry.amount
        found[entry.quarter] = own
        to_date = entry.amount if entry.cumulative else to_date + entry.amount
    return found


def by_quarter_report(seen: Seen, budget: Budget, *, basis: Stage | None = None) -> Report:
    """The line x triwulan I-IV matrix; `seen.show_printed` is not asked of it."""
    conn, point, level = seen.conn, seen.point, seen.level
    found, lines, pagu = lines_on_basis(conn, point, budget, basis)
    indicators = {line.line_id: indicator_of(1, own["target"]) for line, own in found}
    spent, output = realization_entries(conn, point, up_to=4, budget=budget)
    keys = ["pagu", *(f"spent_{q.value}" for q in QUARTERS)]
    leaves: dict[str, dict[str, Decimal | None]] = {}
    for line in lines:
        if line.level is not Level.SUB_KEGIATAN:
            continue
        quarters = per_quarter(spent.get(line.line_id, []))
        leaves[line.line_id] = {"pagu": pagu.get(line.line_id)} | {
            f"spent_{q}": amount for q, amount in quarters.items()
        }
    values, total = rollup(lines, leaves, keys)
    rows = []
    for line in lines:
        if line.level is Level.URUSAN or not wanted(line, level):
            continue
        indicator = indicators.get(line.line_id)
        is_level = indicator is not None and indicator.kind is IndicatorKind.PERCENTAGE
        made = output.get(line.line_id, [])
        units = {entry.quarter: entry.unit for entry in made}
        outputs = per_quarter(made, level=is_level)
        fallback = indicator.target.unit if indicator and indicator.target else None
        row = base_row(line) | _money(values[line.line_id])
        for q in QUARTERS:
            amount = outputs.get(q.value)
            row[f"output_{q.value}"] = (
                None if amount is None else plain_target(amount, units.get(q.value) or fallback)
            )
        row["target"] = str(indicator.target) if indicator and indicator.target else None
        row[FLAGS] = []
        rows.append(row)
    if lines:
        rows.append(
            total_row(f"TOTAL {budget[0]}".upper())
            | _money(total)
            | {f"output_{q.value}": None for q in QUARTERS}
            | {"target": None, FLAGS: _dinas_own(lines, spent)}
        )
    name = basis_name(basis)
    columns = [KODE, NAMA, LEVEL, Column("pagu", f"Pagu ({name})", "money")]
    for q in QUARTERS:
        columns += [
            Column(f"spent_{q.value}", f"Keuangan TW {q.name} (Rp)", "money", empty=NOT_RECORDED),
            Column(f"serapan_{q.value}", f"Serapan TW {q.name} (%)", "percent"),
            Column(f"output_{q.value}", f"Fisik TW {q.name}", empty=NOT_RECORDED),
        ]
    columns += [
        Column("spent", "Keuangan s/d TW IV (Rp)", "money", empty=NOT_RECORDED),
        Column("serapan", "Serapan s/d TW IV (%)", "percent"),
        Column("target", "Target Capaian Kinerja"),
        Column(FLAGS, "Pemeriksaan", "flag"),
    ]
    return Report(
        title=f"Realisasi per Triwulan Tahun {budget[1]} (basis: {name})",
        columns=columns,
        rows=rows,
        notes=[f"{budget[0]} Tahun {budget[1]}", f"basis: {name}", point.describe()],
        meta={"basis": "berlaku" if basis is None else basis.value, "by_quarter": True},
    )


def _dinas_own(lines: list[Any], spent: dict[str, list[Entry]]) -> list[str]:
    """The Dinas's own reported spending, beside the lines' sum the total row shows."""
    dinas = next((line for line in lines if line.level is Level.URUSAN), None)
    entries = spent.get(dinas.line_id, []) if dinas is not None else []
    return [
        (
            _("the Dinas reports {spent} spent s/d triwulan {quarter}")
            if entry.cumulative
            else _("the Dinas reports {spent} spent in triwulan {quarter}")
        ).format(spent=format_rupiah(entry.amount), quarter=Quarter(entry.quarter).name)
        for entry in sorted(entries, key=lambda e: e.quarter)
    ]


def _money(sums: dict[str, Decimal | None]) -> dict[str, Any]:
    """Pagu, each quarter's spending and serapan, and the year's."""
    row: dict[str, Any] = {"pagu": sums["pagu"]}
    year: Decimal | None = None
    for q in QUARTERS:
        amount = sums[f"spent_{q.value}"]
        row[f"spent_{q.value}"] = amount
        row[f"serapan_{q.value}"] = shown(ratio(amount, sums["pagu"]))
        if amount is not None:
            year = amount if year is None else year + amount
    row["spent"] = year
    row["serapan"] = shown(ratio(year, sums["pagu"]))
    return row
