"""Indexed queries over the temporal tables: the value of each line's fields at a
time point, and the lines that exist then. Every view is built from these.

The value in force follows `ledger.line_state` (which a property test checks against
these queries): among the rows a time point and an edition admit, read in edition,
effective date and recording order, the last value wins; a pagu adds every shift read
after its last value (`field = 'shift'` rows hold the money a pergeseran moved; that
sum, for every line of a budget at once, is `projections.line_values`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    Table,
    or_,
    select,
)

from events.codes import Kode, Level
from events.errors import InvalidInput
from events.i18n import _
from projections import schema
from projections.timepoint import TimePoint

SEN = Decimal("0.01")


def money(amount_sen: int | None) -> Decimal | None:
    # scaleb gives the same exact value with two places as `* SEN` and `quantize`, in
    # one step: a view of every budget makes tens of thousands of these.
    return None if amount_sen is None else Decimal(amount_sen).scaleb(-2)


@dataclass(frozen=True)
class LineRow:
    line_id: str
    skpd: str
    tahun: int
    kode: str
    level: Level
    parent_kode: str | None
    nama: str
    stage_rank: int


def lines_at(
    conn: Connection,
    point: TimePoint,
    *,
    max_stage_rank: int = 99,
    skpd: str | None = None,
    tahun: int | None = None,
    kode_prefix: str | None = None,
) -> list[LineRow]:
    """Lines that exist at the time point (registered, in force, at or before the stage),
    in code order within each SKPD and year."""
    t = schema.line
    query = select(
        t.c.line_id,
        t.c.skpd,
        t.c.tahun,
        t.c.kode,
        t.c.level,
        t.c.parent_kode,
        t.c.nama,
        t.c.stage_rank,
    ).where(t.c.stage_rank <= max_stage_rank)
    if point.position is not None:
        query = query.where(t.c.position <= point.position)
    if point.effective is not None:
        query = query.where(t.c.effective <= point.effective)
    if skpd is not None:
        query = query.where(t.c.skpd == skpd)
    if tahun is not None:
        query = query.where(t.c.tahun == tahun)
    if kode_prefix is not None:
        query = query.where(or_(t.c.kode == kode_prefix, t.c.kode.like(kode_prefix + ".%")))
    query = query.order_by(t.c.skpd, t.c.tahun, t.c.sort_key)
    levels = {level.value: level for level in Level}
    return [
        LineRow(line_id, skpd, tahun, kode, levels[level], parent, nama, rank)
        for line_id, skpd, tahun, kode, level, parent, nama, rank in conn.execute(query)
    ]


def line_and_family(
    conn: Connection, point: TimePoint, skpd: str, tahun: int, kode: Kode
) -> tuple[LineRow, list[LineRow]]:
    """The line `kode` of a budget at the time point, and it with every line under it
    (as `lines_at`); refused when the line does not exist then."""
    found = lines_at(conn, point, skpd=skpd, tahun=tahun, kode_prefix=kode.text)
    subject = next((line for line in found if line.kode == kode.text), None)
    if subject is None:
        raise InvalidInput(
            _("unknown line {kode} in {skpd} {tahun} ({describe})").format(
                kode=kode, skpd=skpd, tahun=tahun, describe=point.describe()
            )
        )
    return subject, found


Budget = tuple[str, int]  # (SKPD, fiscal year)


def in_force_conditions(
    t: Any, point: TimePoint, *, max_stage_rank: int | None = None
) -> list[ColumnElement[bool]]:
    """The filters of a time point on a temporal table: recorded by the point (and not
    yet corrected then), effective by its date, at the stage or an earlier one."""
    conditions: list[ColumnElement[bool]] = []
    if max_stage_rank is not None:
        conditions.append(t.c.stage_rank <= max_stage_rank)
    if point.position is not None:
        conditions += [
            t.c.position <= point.position,
            or_(t.c.voided_position.is_(None), t.c.voided_position > point.position),
        ]
    else:
        conditions.append(t.c.voided_position.is_(None))
    if point.effective is not None and "effective" in t.c:
        conditions.append(t.c.effective <= point.effective)
    return conditions


def of_budget(t: Table, budget: Budget | None) -> list[ColumnElement[bool]]:
    """Rows of the lines of one SKPD and year (no filter for None)."""
    if budget is None:
        return []
    lines = schema.line
    return [
        t.c.line_id.in_(
            select(lines.c.line_id).where(lines.c.skpd == budget[0], lines.c.tahun == budget[1])
        )
    ]


Conditions = Callable[[Any], list[ColumnElement[bool]]]  # table or alias -> filters


def latest_per_group(
    conn: Connection,
    t: Table,
    *,
    fixed: dict[str, Any],
    group: Sequence[str],
    order: Sequence[str],
    conditions: Conditions,
    scope: Sequence[ColumnElement[bool]] = (),
    columns: Sequence[str] | None = None,
) -> list[Any]:
    """For each group of rows, the first row by `order` (descending) among those that
    pass `conditions`. `fixed` are equalities every row meets (the leading columns of
    the index), `scope` limits which groups are wanted, `columns` what is returned
    (default: every column).

    Both forms walk an index on (fixed, group, order) once per group rather than
    sorting every row: PostgreSQL with DISTINCT ON, SQLite with a correlated lookup of
    each group's best row id (SQLite has no DISTINCT ON, and a window function over all
    rows measured three times slower at 50 thousand lines)."""
    group_cols = [t.c[name] for name in group]
    equal = [t.c[name] == value for name, value in fixed.items()]
    wanted = [t.c[name] for name in columns] if columns else list(t.c)
    if conn.dialect.name == "postgresql":
        query = (
            _distinct_on(select(*wanted), group_cols)
            .where(*equal, *scope, *conditions(t))
            .order_by(*group_cols, *[t.c[name].desc() for name in order])
        )
        return list(conn.execute(query).all())
    keys = select(*group_cols).where(*equal, *scope).distinct().subquery("keys")
    w = alias_of(t, "candidate")
    best_id = (
        select(w.c.id)
        .where(
            *[w.c[name] == value for name, value in fixed.items()],
            *[w.c[name] == keys.c[name] for name in group],
            *conditions(w),
        )
        .order_by(*[w.c[name].desc() for name in order])
        .limit(1)
        .correlate(keys)
        .scalar_subquery()
    )
    return list(conn.execute(select(*wanted).select_from(keys).join(t, t.c.id == best_id)).all())


def _distinct_on(query: Select[Any], columns: Sequence[Any]) -> Select[Any]:
    """SELECT DISTINCT ON (columns): an extension in SQLAlchemy 2.1, a plain argument of
    `distinct` before."""
    from sqlalchemy.dialects import postgresql

    distinct_on = getattr(postgresql, "distinct_on", None)
    if distinct_on is None:  # SQLAlchemy 2.0
        return query.distinct(*columns)
    extended: Select[Any] = getattr(query, "ext")(distinct_on(*columns))  # noqa: B009
    return extended


def values_in_force(
    conn: Connection,
    field: str,
    point: TimePoint,
    *,
    max_stage_rank: int = 99,
    line_ids: Iterable[str] | None = None,
    budget: Budget | None = None,
    columns: Sequence[str] | None = None,
    min_slot: int | None = None,
) -> dict[tuple[str, int], Any]:
    """For each (line, slot): the row of `field` in force at the time point (with
    `columns`, only those; `line_id` and `slot` are always there).

    In force = not corrected as of the point, effective on or before its date, of the
    edition or an earlier one; the last in reading order (edition, effective date,
    recording) wins (the rule of `ledger.line_state.in_force`). One index lookup per line
    and slot, so the cost follows the number of lines, not the length of their
    histories. Not for pagu, whose shifts add up (`pagu_in_force`)."""
    v = schema.value
    scope = of_budget(v, budget)
    if line_ids is not None:
        scope.append(v.c.line_id.in_(list(line_ids)))
    if min_slot is not None:
        scope.append(v.c.slot >= min_slot)
    rows = latest_per_group(
        conn,
        v,
        fixed={"field": field},
        group=("line_id", "slot"),
        order=READING_ORDER,
        conditions=lambda t: in_force_conditions(t, point, max_stage_rank=max_stage_rank),
        scope=scope,
        columns=["line_id", "slot", *(columns or [c.name for c in v.c if c.name not in KEY])],
    )
    return {(row[0], row[1]): row for row in rows}  # by position: faster than by name


KEY = ("line_id", "slot")
READING_ORDER = ("stage_rank", "effective", "position")  # ledger.line_state.Entry.order


@lru_cache(maxsize=64)
def alias_of(table: Table, name: str) -> Any:
    """A named alias of a table, made once: an alias builds its column collection the
    first time it is used, which cost more than the small queries it appears in."""
    return table.alias(name)


@contextmanager
def page_cache(conn: Connection, mib: int) -> Iterator[None]:
    """On SQLite, a page cache of `mib` MiB for the queries inside, then the one before.

    A view of every budget looks up each line's values in the value index and table,
    all over a file of a gigabyte at a million events; with SQLite's default 2 MiB
    cache the same pages are read from the OS again and again (a third of that view's
    SQL time was system time). Resident memory grows only by the pages read."""
    if conn.dialect.name != "sqlite":
        yield
        return
    before = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    conn.exec_driver_sql(f"PRAGMA cache_size = -{mib * 1024}")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size = {int(before or -2000)}")


def budgets(conn: Connection) -> list[tuple[str, int]]:
    """Every (SKPD, fiscal year) the ledger holds lines for."""
    t = schema.line
    query = select(t.c.skpd, t.c.tahun).distinct().order_by(t.c.skpd, t.c.tahun)
    return [(row.skpd, row.tahun) for row in conn.execute(query)]


def today() -> date:
    return date.today()
