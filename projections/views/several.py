"""Several budgets in one report (`--skpd all`).

Each budget (SKPD x fiscal year) keeps its rows and its program and kegiatan subtotals
as a view of it alone shows them; its total row becomes a *subtotal* row (level
`subtotal`, carrying the budget's `skpd` and `tahun`), and ONE grand total row (level
`total`) over all of them ends the report. There is a single row of level `total`, so
a script summing subtotals, or picking "the" total, cannot count a budget twice.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from events.i18n import ngettext
from projections.report import Column, Report, total_row
from projections.state import Budget

SUBTOTAL_LEVEL = "subtotal"
SKPD = Column("skpd", "SKPD")
TAHUN = Column("tahun", "Tahun")
Part = tuple[Budget, Report]


def subtotal_name(budget: Budget) -> str:
    return f"TOTAL {budget[0]} TAHUN {budget[1]}".upper()


def as_subtotal(row: dict[str, Any], budget: Budget) -> dict[str, Any]:
    """A budget's total row, relabelled as that budget's subtotal."""
    return row | {
        "kode": "",
        "nama": subtotal_name(budget),
        "level": SUBTOTAL_LEVEL,
        "skpd": budget[0],
        "tahun": budget[1],
    }


def sum_of(values: Sequence[Decimal | None]) -> Decimal | None:
    """The sum of the amounts present; None when there are none (as a rollup gives)."""
    present = [value for value in values if value is not None]
    return sum(present[1:], present[0]) if present else None


def _shared(key: str, rows: Sequence[dict[str, Any]]) -> Any:
    """A grand total cell that is not a sum: a setting every budget's total row has alike
    (the basis, the quarter, no indicators, no findings), never a figure of one budget."""
    first = rows[0].get(key)
    if isinstance(first, (list, tuple)):
        return []  # the budgets' findings stay on their subtotal rows
    if isinstance(first, (str, int)) and all(row.get(key) == first for row in rows):
        return first
    return None


def years_of(budgets: Sequence[Budget]) -> str:
    years = sorted({year for _, year in budgets})
    if not years:
        return ""
    return str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"


def selection_note(budgets: Sequence[Budget]) -> str:
    skpd = len({name for name, _ in budgets})
    return ngettext(
        "{count} budget: {skpd} SKPD, Tahun {years}",
        "{count} budgets: {skpd} SKPD, Tahun {years}",
        len(budgets),
    ).format(count=len(budgets), skpd=skpd, years=years_of(budgets))


def combine(
    parts: Sequence[Part],
    *,
    money: Sequence[str],
    title: str,
    columns: Sequence[Column],
    notes: Sequence[str],
    meta: dict[str, Any] | None = None,
    finish: Callable[[dict[str, Any]], None] | None = None,
) -> Report:
    """One report of several budgets' reports (each ending with its total row, as every
    budget view does when it has rows). `money` are the columns the grand total sums
    over the subtotals; its other cells are empty, and `finish` may fill them (a
    percentage of the sums)."""
    rows: list[dict[str, Any]] = []
    subtotals: list[dict[str, Any]] = []
    for budget, report in parts:
        if not report.rows:
            continue
        *body, last = report.rows
        rows.extend(body)
        subtotal = as_subtotal(last, budget)
        rows.append(subtotal)
        subtotals.append(subtotal)
    if subtotals:
        grand = {key: _shared(key, subtotals) for key in subtotals[0]}
        grand |= total_row("TOTAL SEMUA SKPD")
        for key in money:
            grand[key] = sum_of([row.get(key) for row in subtotals])
        if finish is not None:
            finish(grand)
        rows.append(grand)
    return Report(
        title=title,
        columns=[SKPD, TAHUN, *columns],
        rows=rows,
        notes=list(notes),
        meta=meta or {},
    )
