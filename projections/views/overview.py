"""A budget at a glance, for `pagu serve`: each line's murni and APBD-P pagu and their
difference (`compare`), the pagu in force (`apbd`), the spending to date, what is left
and the absorption rate (`realization`), and the predikat where the evaluation gives
one (`evaluate`); the findings of all of them together.

Nothing is computed here that a view does not already give, except *sisa anggaran*
(pagu − spending to date, against the realization's own basis) where the realization
view does not carry it yet. Each figure can be checked against its own command: the web
page offers every one of these views' CSV and JSON beside this table.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import Connection

from events.periods import Stage
from projections.report import KODE, LEVEL, NAMA, Column, Report
from projections.state import Budget
from projections.timepoint import TimePoint
from projections.views.apbd import apbd_report
from projections.views.common import FLAGS
from projections.views.compare import compare_report
from projections.views.evaluate import evaluate_report
from projections.views.realization import realization_report
from projections.views.seen import Seen

COLUMNS = [
    KODE,
    NAMA,
    LEVEL,
    Column("murni_pagu", "APBD Murni", "money"),
    Column("perubahan_pagu", "APBD-P", "money"),
    Column("difference", "Selisih", "money"),
    Column("pagu", "Pagu Berlaku", "money"),
    Column("spent", "Realisasi", "money"),
    Column("sisa", "Sisa Anggaran", "money"),
    Column("serapan", "Serapan (%)", "percent"),
    Column("predikat", "Predikat"),
    Column(FLAGS, "Pemeriksaan", "flag"),
]


def _by_kode(report: Report) -> dict[str, dict[str, Any]]:
    """A view's rows by code; the total row (code "") under "total"."""
    return {row["kode"] if row.get("level") != "total" else "total": row for row in report.rows}


def _sisa(row: dict[str, Any]) -> Decimal | None:
    if "sisa" in row:  # the realization view's own figure, once it gives one
        value = row["sisa"]
        return value if isinstance(value, Decimal) else None
    pagu, spent = row.get("pagu"), row.get("spent")
    return None if pagu is None or spent is None else pagu - spent


def budget_overview(conn: Connection, point: TimePoint, budget: Budget) -> Report:
    """Every line of the budget (in `compare`'s order) with the figures above."""
    # compare and realization with their checks of the printed figures: the flags shown
    checked, plain = Seen(conn, point, show_printed=True), Seen(conn, point)
    compared = compare_report(checked, budget)
    in_force = _by_kode(apbd_report(plain, budget))
    realized = realization_report(checked, budget, basis=Stage.PERUBAHAN)
    spent = _by_kode(realized)
    evaluated = _by_kode(evaluate_report(plain, budget))
    rows = []
    for row in compared.rows:
        key = row["kode"] if row["level"] != "total" else "total"
        money = spent.get(key, {})
        flags = [*row.get(FLAGS, []), *money.get(FLAGS, [])]
        rows.append(
            {
                "kode": row["kode"],
                "nama": row["nama"],
                "level": row["level"],
                "skpd": budget[0],
                "tahun": budget[1],
                "new": row.get("new"),
                "murni_pagu": row.get("murni_pagu"),
                "perubahan_pagu": row.get("perubahan_pagu"),
                "difference": row.get("difference"),
                "pagu": in_force.get(key, {}).get("pagu"),
                "spent": money.get("spent"),
                "sisa": _sisa(money) if money else None,
                "serapan": money.get("serapan", money.get("spent_percent")),
                "quarter": money.get("quarter"),
                "predikat": evaluated.get(key, {}).get("predikat"),
                FLAGS: flags,
            }
        )
    return Report(
        title=f"Anggaran {budget[0]} Tahun {budget[1]}",
        columns=COLUMNS,
        rows=rows,
        notes=[f"{budget[0]} Tahun {budget[1]}", point.describe()],
        meta={"quarter": realized.meta.get("quarter"), "basis": realized.meta.get("basis")},
    )


def budget_totals(conn: Connection, point: TimePoint, budget: Budget) -> dict[str, Any]:
    """One budget's totals: the total rows of `apbd --stage murni`, `apbd --stage
    perubahan` and `apbd` (in force), and of `realization` (spent, serapan)."""

    def total(report: Report) -> dict[str, Any]:
        return next((row for row in report.rows if row.get("level") == "total"), {})

    def pagu(stage: Stage | None) -> Any:
        return total(apbd_report(seen, budget, stage=stage)).get("pagu")

    seen = Seen(conn, point)
    realized = total(realization_report(seen, budget, basis=Stage.PERUBAHAN))
    return {
        "skpd": budget[0],
        "tahun": budget[1],
        "murni_pagu": pagu(Stage.MURNI),
        "perubahan_pagu": pagu(Stage.PERUBAHAN),
        "pagu": pagu(None),
        "spent": realized.get("spent"),
        "serapan": realized.get("serapan", realized.get("spent_percent")),
        "quarter": realized.get("quarter"),
    }
