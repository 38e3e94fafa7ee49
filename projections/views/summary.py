"""What `pagu report` shows, taken from the views (nothing is recomputed here):

- each program's murni and revised pagu, and the totals: `compare`;
- the sub kegiatan whose pagu grew or was cut the most, each with the steps that moved
  it and the reason recorded on each step, exactly as `pagu why` gives them;
- spending to date at each quarter against the murni and the revised pagu, and the
  Dinas's physical realization: `realization` at each quarter on both bases.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection

from events.codes import Kode, Level
from events.periods import Quarter, Stage
from projections.facts import latest_quarter
from projections.line_values import pagu_in_force
from projections.state import Budget, lines_at
from projections.timepoint import TimePoint
from projections.views.compare import compare_report
from projections.views.realization import realization_report
from projections.views.seen import Seen
from projections.views.why import why_report

TOP = 10  # changes shown each way


@dataclass(frozen=True)
class ProgramFigures:
    kode: str
    nama: str
    murni: Decimal | None
    perubahan: Decimal | None
    difference: Decimal | None


@dataclass(frozen=True)
class Step:
    """One recorded change of a line's pagu, as `pagu why` lists it."""

    stage: str | None
    effective: date | None
    old: Decimal | None
    new: Decimal | None
    difference: Decimal | None
    reason: str | None
    basis: str | None
    actor: str | None
    event_id: str | None


@dataclass(frozen=True)
class Change:
    kode: str
    nama: str
    murni: Decimal | None
    perubahan: Decimal | None
    difference: Decimal
    new: bool  # not in the murni budget
    steps: list[Step]


@dataclass(frozen=True)
class QuarterFigures:
    quarter: int
    recorded: bool  # a quarter up to the last one with any realization recorded
    spent: Decimal | None  # year to date, the Dinas total as `realization` gives it
    pagu_murni: Decimal | None
    pagu_perubahan: Decimal | None
    percent_murni: Decimal | None
    percent_perubahan: Decimal | None
    physical: str | None  # the Dinas's physical realization (52.7%)
    flags: list[str] = field(default_factory=list)


@dataclass
class Summary:
    skpd: str
    tahun: int
    point: TimePoint
    programs: list[ProgramFigures]
    total_murni: Decimal | None
    total_perubahan: Decimal | None
    total_difference: Decimal | None
    increases: list[Change]
    cuts: list[Change]
    quarters: list[QuarterFigures]
    last_quarter: int | None


def summary(conn: Connection, point: TimePoint, budget: Budget, *, top: int = TOP) -> Summary:
    compared = compare_report(Seen(conn, point), budget)
    programs = [
        ProgramFigures(
            row["kode"],
            row["nama"],
            row["murni_pagu"],
            row["perubahan_pagu"],
            row["difference"],
        )
        for row in compared.rows
        if row["level"] == "program"
    ]
    total = next((row for row in compared.rows if row["level"] == "total"), {})
    moved = _moved(conn, point, budget)
    moved.sort(key=lambda row: (row["difference"], row["kode"]))
    cuts = [row for row in moved if row["difference"] < 0][:top]
    increases = [row for row in reversed(moved) if row["difference"] > 0][:top]
    return Summary(
        skpd=budget[0],
        tahun=budget[1],
        point=point,
        programs=programs,
        total_murni=total.get("murni_pagu"),
        total_perubahan=total.get("perubahan_pagu"),
        total_difference=total.get("difference"),
        increases=[_change(conn, point, budget, row) for row in increases],
        cuts=[_change(conn, point, budget, row) for row in cuts],
        quarters=(quarters := _quarters(conn, point, budget)),
        last_quarter=max((q.quarter for q in quarters if q.recorded), default=None),
    )


def _moved(conn: Connection, point: TimePoint, budget: Budget) -> list[dict[str, Any]]:
    """Each sub kegiatan whose pagu in force differs from its murni pagu: what moved it
    is every step `why` lists (the APBD-P and every pergeseran, before and after it)."""
    murni = pagu_in_force(conn, point, max_stage_rank=Stage.MURNI.rank, budget=budget)
    now = pagu_in_force(conn, point, budget=budget)
    found = []
    for line in lines_at(conn, point, skpd=budget[0], tahun=budget[1]):
        if line.level is not Level.SUB_KEGIATAN:
            continue
        before, after = murni.get(line.line_id), now.get(line.line_id)
        difference = (after or Decimal(0)) - (before or Decimal(0))
        if difference:
            found.append(
                {
                    "kode": line.kode,
                    "nama": line.nama,
                    "murni_pagu": before,
                    "perubahan_pagu": after,
                    "difference": difference,
                    "new": before is None,
                }
            )
    return found


def _change(conn: Connection, point: TimePoint, budget: Budget, row: dict[str, Any]) -> Change:
    explained = why_report(conn, budget[0], budget[1], Kode.parse(row["kode"]), "pagu", point)
    steps = [
        Step(
            step["stage"],
            step["effective"],
            step["old"],
            step["new"],
            step["difference"],
            step["reason"],
            step["basis"],
            step["actor"],
            step["event_id"],
        )
        for step in explained.rows
        if step["level"] != "total" and step["difference"]  # not the murni value itself
    ]
    return Change(
        row["kode"],
        row["nama"],
        row["murni_pagu"],
        row["perubahan_pagu"],
        row["difference"],
        bool(row["new"]),
        steps,
    )


def _quarters(conn: Connection, point: TimePoint, budget: Budget) -> list[QuarterFigures]:
    """Each quarter whose Dinas figure is for that quarter: a quarter with nothing of
    its own recorded is shown as such, never with an earlier quarter's figure."""
    last = latest_quarter(conn, point, budget)
    seen = Seen(conn, point)
    figures = []
    for quarter in Quarter:
        if last is None or quarter.value > last:
            figures.append(QuarterFigures(quarter.value, False, None, None, None, None, None, None))
            continue
        murni = _total(realization_report(seen, budget, quarter=quarter, basis=Stage.MURNI))
        revised = _total(realization_report(seen, budget, quarter=quarter))
        output = revised.get("output")
        own = revised.get("spent_quarter")
        if own is not None and own.split("–")[-1] != quarter.name:
            figures.append(QuarterFigures(quarter.value, False, None, None, None, None, None, None))
            continue
        figures.append(
            QuarterFigures(
                quarter=quarter.value,
                recorded=True,
                spent=revised.get("spent"),
                pagu_murni=murni.get("pagu"),
                pagu_perubahan=revised.get("pagu"),
                percent_murni=murni.get("spent_percent"),
                percent_perubahan=revised.get("spent_percent"),
                physical=None if output is None else str(output),
                flags=list(revised.get("flags") or []),
            )
        )
    return figures


def _total(report: Any) -> dict[str, Any]:
    return next((row for row in report.rows if row["level"] == "total"), {})
