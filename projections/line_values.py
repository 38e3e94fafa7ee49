"""Each line with the values of its fields in force at a time point, in one query: what
the budget views (APBD, realization, evaluation, compare) read. The rule of "in force"
is `projections.state`'s; here it is applied to every line of a budget at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from functools import lru_cache
from typing import Any, TypedDict, Unpack

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Connection,
    Select,
    and_,
    bindparam,
    case,
    cast,
    func,
    literal,
    or_,
    select,
    true,
    tuple_,
)

from events.codes import Level
from projections import schema
from projections.state import (
    READING_ORDER,
    Budget,
    LineRow,
    alias_of,
    in_force_conditions,
    money,
)
from projections.timepoint import TimePoint


def _read_after(s: Any, base: Any) -> ColumnElement[bool]:
    """Shift row `s` is read after value row `base` (or there is no base). A row-value
    comparison, so that both databases seek the index to where the shifts begin."""
    reading = [s.c[name] for name in READING_ORDER]
    return or_(
        base.c.position.is_(None), tuple_(*reading) > tuple_(*[base.c[n] for n in READING_ORDER])
    )


def _pagu_amount(base: Any, shifted: Any) -> Any:
    """The pagu in sen from the last value's amount and the sum of the shifts after it:
    None when the line has neither."""
    # PostgreSQL sums BIGINT as NUMERIC: cast back, the views read whole sen
    return case(
        (and_(base.c.amount_sen.is_(None), shifted.is_(None)), literal(None)),
        else_=cast(func.coalesce(base.c.amount_sen, 0) + func.coalesce(shifted, 0), BigInteger),
    )


def _shifts_after(base: Any, line_id: Any, point: TimePoint, max_stage_rank: int) -> Any:
    """The sum (sen) of a line's shifts read after `base`, as a correlated scalar."""
    s = alias_of(schema.value, "shifted")
    return (
        select(func.sum(s.c.amount_sen))
        .where(
            s.c.field == "shift",
            s.c.line_id == line_id,
            s.c.slot == 0,
            *in_force_conditions(s, point, max_stage_rank=max_stage_rank),
            _read_after(s, base),
        )
        .scalar_subquery()
    )


def pagu_in_force(
    conn: Connection,
    point: TimePoint,
    *,
    max_stage_rank: int = 99,
    budget: Budget | None = None,
) -> dict[str, Decimal]:
    """Each sub kegiatan's pagu at the time point (lines without one are absent)."""
    rows = line_values(conn, point, budget, max_stage_rank=max_stage_rank, fields=("pagu",))
    return {row[0]: amount for row in rows if (amount := money(row[8])) is not None}


# The values `lines_with_values` brings along with each line: (slot, columns).
LINE_FIELDS: dict[str, tuple[int, tuple[str, ...]]] = {
    "pagu": (0, ("amount_sen",)),
    "location": (0, ("text",)),
    "target": (1, ("text", "number", "unit", "kind")),  # indicator 1; others: min_slot=2
}


DEFAULT_FIELDS = ("pagu", "location", "target")


class LineQuery(TypedDict, total=False):
    """Which lines and values `line_values` and `lines_with_values` read (beyond the
    connection, time point and budget): the same options for both."""

    max_stage_rank: int
    fields: Sequence[str]
    tahun: int | None


def lines_with_values(
    conn: Connection, point: TimePoint, budget: Budget | None, **query: Unpack[LineQuery]
) -> list[tuple[LineRow, dict[str, tuple[Any, ...] | None]]]:
    """The lines of a budget at the time point (as `lines_at`), each with the value in
    force of each field (the columns of `LINE_FIELDS`; None when it has none). Without
    a budget: the lines of every budget (of `tahun`, if given), in SKPD, year and code
    order."""
    levels = {level.value: level for level in Level}
    slices = []
    at = 8
    for field in query.get("fields", DEFAULT_FIELDS):
        width = len(LINE_FIELDS[field][1])
        slices.append((field, at, at + width))
        at += width
    result = []
    for row in line_values(conn, point, budget, **query):
        values: dict[str, tuple[Any, ...] | None] = {}
        for field, start, end in slices:
            cells = tuple(row[start:end])
            values[field] = cells if cells.count(None) < len(cells) else None
        line = LineRow(row[0], row[1], row[2], row[3], levels[row[4]], row[5], row[6], row[7])
        result.append((line, values))
    return result


LINE_COLUMNS = ("line_id", "skpd", "tahun", "kode", "level", "parent_kode", "nama", "stage_rank")


def line_values(
    conn: Connection,
    point: TimePoint,
    budget: Budget | None,
    *,
    max_stage_rank: int = 99,
    fields: Sequence[str] = DEFAULT_FIELDS,
    tahun: int | None = None,
) -> list[Any]:
    """`lines_with_values` as plain rows: the `LINE_COLUMNS` of each line, then the
    columns of each field's value in force (all None when it has none). What a view
    of every budget (tens of thousands of lines) reads without building objects.

    One query, one row per line: every field is one index lookup per line, found by a
    correlated subquery (SQLite) or a lateral join (PostgreSQL). The cost follows the
    lines, not the length of their histories, and the rows cross into Python once."""
    query = _line_values_query(
        conn.dialect.name,
        tuple(fields),
        by_budget=budget is not None,
        by_year=budget is None and tahun is not None,
        has_position=point.position is not None,
        has_effective=point.effective is not None,
    )
    params: dict[str, Any] = {"p_rank": max_stage_rank}
    if budget is not None:
        params |= {"p_skpd": budget[0], "p_tahun": budget[1]}
    elif tahun is not None:
        params["p_tahun"] = tahun
    if point.position is not None:
        params["p_position"] = point.position
    if point.effective is not None:
        params["p_effective"] = point.effective
    return list(conn.execute(query, params).all())  # fetchall: iterating fetches row by row


@lru_cache(maxsize=256)
def _line_values_query(
    dialect: str,
    fields: tuple[str, ...],
    *,
    by_budget: bool,
    by_year: bool,
    has_position: bool,
    has_effective: bool,
) -> Select[Any]:
    """The statement of `line_values`, built once per shape with its bounds as bind
    parameters: building it (aliases, correlated subqueries) cost more than running it
    on a budget of a few hundred lines."""
    point = TimePoint(
        cast_any(bindparam("p_position")) if has_position else None,
        cast_any(bindparam("p_effective")) if has_effective else None,
    )
    rank = cast_any(bindparam("p_rank"))
    t = schema.line
    columns: list[Any] = [t.c[name] for name in LINE_COLUMNS]
    source: Any = t
    lateral = dialect == "postgresql"
    for field in fields:
        slot, wanted = LINE_FIELDS[field]
        w = schema.value.alias(f"candidate_{field}")
        conditions = [
            w.c.field == field,
            w.c.line_id == t.c.line_id,
            w.c.slot == slot,
            *in_force_conditions(w, point, max_stage_rank=rank),
        ]
        order = [w.c[name].desc() for name in READING_ORDER]
        picked = list(wanted) if field != "pagu" else [*wanted, *READING_ORDER]
        if lateral:
            found: Any = (
                select(*[w.c[name] for name in picked])
                .where(*conditions)
                .order_by(*order)
                .limit(1)
                .lateral(f"in_force_{field}")
            )
            source = source.outerjoin(found, true())
        else:
            best = select(w.c.id).where(*conditions).order_by(*order).limit(1)
            found = schema.value.alias(f"in_force_{field}")
            source = source.outerjoin(found, found.c.id == best.correlate(t).scalar_subquery())
        if field == "pagu":  # the last value and the shifts read after it
            shifted = _shifts_after(found, t.c.line_id, point, rank)
            columns.append(_pagu_amount(found, shifted))
        else:
            columns += [found.c[name] for name in wanted]
    query = select(*columns).select_from(source).where(t.c.stage_rank <= rank)
    if by_budget:
        query = query.where(t.c.skpd == bindparam("p_skpd"), t.c.tahun == bindparam("p_tahun"))
    elif by_year:
        query = query.where(t.c.tahun == bindparam("p_tahun"))
    query = query.order_by(t.c.skpd, t.c.tahun, t.c.sort_key)
    if has_position:
        query = query.where(t.c.position <= point.position)
    if has_effective:
        query = query.where(t.c.effective <= point.effective)
    return query


def cast_any(value: Any) -> Any:
    """A bind parameter where a time point holds a value (the statement is reused)."""
    return value
