"""The facts besides budget values, at a time point: realization to date, the figures
a document printed, notes and SPM indicators.

The same two clocks as `state.values_in_force`: recorded by the point (and not yet
corrected then), effective by its date.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Connection, Table, func, select

from events.evaluation import year_to_date
from events.periods import Quarter
from projections import schema
from projections.state import (
    Budget,
    Conditions,
    in_force_conditions,
    latest_per_group,
    of_budget,
)
from projections.timepoint import TimePoint

SEN = Decimal("0.01")


@dataclass(frozen=True)
class Entry:
    """The latest entry of one quarter for one measure (money or output)."""

    quarter: int
    amount: Decimal
    unit: str | None
    cumulative: bool


@dataclass(frozen=True)
class Realized:
    """One line's realization up to a quarter."""

    spent: Decimal | None  # money, year to date
    output: Decimal | None  # physical output, year to date (a level for percentages)
    unit: str | None
    last_quarter: int | None  # the last quarter with an entry, either measure
    spent_quarter: int | None = None  # the quarter the money figure is for (its last entry)
    output_quarter: int | None = None  # the quarter the output figure is for


def to_date(entries: Iterable[Entry], *, level: bool = False) -> Decimal | None:
    """Year-to-date figure from each quarter's latest entry (`events.evaluation`)."""
    return year_to_date(((e.quarter, e.amount, e.cumulative) for e in entries), level=level)


def realization_entries(
    conn: Connection, point: TimePoint, *, up_to: int, budget: Budget | None
) -> tuple[dict[str, list[Entry]], dict[str, list[Entry]]]:
    """Per line, each quarter's latest entry up to quarter `up_to`: one dict for money
    spent, one for output. Each measure is restated separately: an entry that gives
    only the output does not erase the money recorded for that quarter."""
    t = schema.realization
    scope = [*of_budget(t, budget), t.c.quarter <= up_to]
    found: list[dict[str, list[Entry]]] = []
    for column in (t.c.spent_sen, t.c.output_number):
        name = column.name
        conditions = _recorded(point, up_to, name)
        rows = _latest_recorded(conn, t, ("line_id", "quarter"), ENTRY_COLUMNS, conditions, scope)
        by_line: dict[str, list[Entry]] = {}
        for line_id, quarter, spent_sen, number, unit, cumulative in rows:
            if name == "spent_sen":
                entry = Entry(quarter, (Decimal(spent_sen) * SEN).quantize(SEN), None, cumulative)
            else:
                entry = Entry(quarter, Decimal(number), unit, cumulative)
            by_line.setdefault(line_id, []).append(entry)
        found.append(by_line)
    return found[0], found[1]


ENTRY_COLUMNS = ["line_id", "quarter", "spent_sen", "output_number", "output_unit", "cumulative"]


def _latest_recorded(
    conn: Connection,
    t: Table,
    group: tuple[str, ...],
    columns: list[str],
    conditions: Conditions,
    scope: list[ColumnElement[bool]],
) -> list[Any]:
    """Each group's last recorded row (by log position) that `conditions` admit: a
    later record restates an earlier one as a whole."""
    return latest_per_group(
        conn,
        t,
        fixed={},
        group=group,
        order=("position",),
        conditions=conditions,
        scope=scope,
        columns=columns,
    )


def _in_force(point: TimePoint) -> Conditions:
    """Rows in force at the point."""
    return lambda t: in_force_conditions(t, point)


def _recorded(point: TimePoint, up_to: int, measure: str) -> Conditions:
    """Entries in force at the point, up to the quarter, that give this measure."""

    def conditions(t: Any) -> list[ColumnElement[bool]]:
        return [*in_force_conditions(t, point), t.c.quarter <= up_to, t.c[measure].is_not(None)]

    return conditions


def realized(
    conn: Connection,
    point: TimePoint,
    *,
    up_to: int,
    budget: Budget | None,
    levels: Collection[str] = (),
) -> dict[str, Realized]:
    """Each line's realization up to quarter `up_to`; `levels` are the lines whose output
    is a percentage (not summed over quarters)."""
    spent, output = realization_entries(conn, point, up_to=up_to, budget=budget)
    levels = set(levels)
    result = {}
    for line_id in spent.keys() | output.keys():
        money_entries = spent.get(line_id, [])
        output_entries = output.get(line_id, [])
        last = max(e.quarter for e in [*money_entries, *output_entries])
        unit = max(output_entries, key=lambda e: e.quarter).unit if output_entries else None
        result[line_id] = Realized(
            to_date(money_entries),
            to_date(output_entries, level=line_id in levels),
            unit,
            last,
            max((e.quarter for e in money_entries), default=None),
            max((e.quarter for e in output_entries), default=None),
        )
    return result


def quarter_shown(
    conn: Connection, point: TimePoint, budget: Budget, quarter: Quarter | None
) -> Quarter:
    """The triwulan a view shows: the one asked for, else the last with realization
    recorded (I when none is)."""
    if quarter is not None:
        return quarter
    last = latest_quarter(conn, point, budget)
    return Quarter(last) if last else Quarter.I


def latest_quarter(conn: Connection, point: TimePoint, budget: Budget | None) -> int | None:
    """The last quarter any realization is recorded for (as of the point)."""
    t = schema.realization
    query = select(func.max(t.c.quarter)).where(
        *of_budget(t, budget), *in_force_conditions(t, point)
    )
    found = conn.execute(query).scalar()
    return int(found) if found is not None else None


def printed_figures(
    conn: Connection, point: TimePoint, table: str, budget: Budget | None
) -> dict[str, dict[str, Decimal | None]]:
    """Per line, the figures the latest document printed for it in `table` (a later
    noting of the same table replaces the earlier one as a whole)."""
    return {
        line_id: figures for line_id, (_, figures) in printed_at(conn, point, table, budget).items()
    }


def printed_at(
    conn: Connection, point: TimePoint, table: str, budget: Budget | None
) -> dict[str, tuple[int, dict[str, Decimal | None]]]:
    """`printed_figures` with the log position each was recorded at: a document's
    figures are checked against its own edition as the ledger held it then, not against
    what later changes made of it."""
    t = schema.printed
    query = (
        select(t.c.line_id, t.c.position, t.c.name, t.c.number)
        .where(t.c.source_table == table, *of_budget(t, budget), *in_force_conditions(t, point))
        .order_by(t.c.line_id, t.c.position)
    )
    found: dict[str, tuple[int, dict[str, Decimal | None]]] = {}
    for line_id, position, name, number in conn.execute(query):
        latest = found.get(line_id)
        if latest is None or latest[0] != position:
            latest = found[line_id] = (position, {})
        latest[1][name] = None if number is None else Decimal(number)
    ends = _transaction_ends(conn, {position for position, _ in found.values()})
    return {line_id: (ends[at], figures) for line_id, (at, figures) in found.items()}


def _transaction_ends(conn: Connection, positions: set[int]) -> dict[int, int]:
    """For each position, the last position written with it: a document is imported in
    one transaction, whose events share their recorded time, and its figures are claims
    about the ledger as that whole transaction left it."""
    if not positions:
        return {}
    e, later = schema.event, schema.event.alias("same_time")
    query = (
        select(e.c.position, func.max(later.c.position))
        .join(later, later.c.recorded_at == e.c.recorded_at)
        .where(e.c.position.in_(sorted(positions)))
        .group_by(e.c.position)
    )
    ends = {int(position): int(end) for position, end in conn.execute(query)}
    return {position: ends.get(position, position) for position in positions}


def latest_notes(conn: Connection, point: TimePoint, budget: Budget | None) -> dict[str, str]:
    """Per line, its latest note (the Catatan Penting of the latest document)."""
    t = schema.note
    group, columns = ("line_id",), ["line_id", "text"]
    rows = _latest_recorded(conn, t, group, columns, _in_force(point), of_budget(t, budget))
    return {line_id: text for line_id, text in rows}


def spm_indicators(
    conn: Connection, point: TimePoint, budget: Budget | None
) -> list[tuple[str, int, dict[str, Any]]]:
    """Each SPM indicator's latest record: (line id, number, payload), by number."""
    t = schema.spm
    group, columns = ("line_id", "number"), ["line_id", "number", "payload"]
    rows = _latest_recorded(conn, t, group, columns, _in_force(point), of_budget(t, budget))
    return sorted(
        ((line_id, number, json.loads(payload)) for line_id, number, payload in rows),
        key=lambda found: (found[1], found[0]),
    )
