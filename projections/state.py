"""Indexed queries over the temporal tables: the value of each line's fields at a
time point, and the lines that exist then. Every view is built from these."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, and_, func, or_, select

from events.codes import Level
from projections import schema
from projections.timepoint import TimePoint

SEN = Decimal("0.01")


def money(amount_sen: int | None) -> Decimal | None:
    return None if amount_sen is None else (Decimal(amount_sen) * SEN).quantize(SEN)


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
    query = select(t).where(t.c.stage_rank <= max_stage_rank)
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
    return [
        LineRow(
            r.line_id, r.skpd, r.tahun, r.kode, Level(r.level), r.parent_kode, r.nama, r.stage_rank
        )
        for r in conn.execute(query)
    ]


def values_in_force(
    conn: Connection,
    field: str,
    point: TimePoint,
    *,
    max_stage_rank: int = 99,
    line_ids: Iterable[str] | None = None,
) -> dict[tuple[str, int], Any]:
    """For each (line, slot): the row of `field` in force at the time point.

    In force = not corrected as of the point, effective on or before its date, at the
    stage or an earlier one; the latest effective date wins, then the later recording.
    """
    v = schema.value
    conditions = [v.c.field == field, v.c.stage_rank <= max_stage_rank]
    if point.position is not None:
        conditions += [
            v.c.position <= point.position,
            or_(v.c.voided_position.is_(None), v.c.voided_position > point.position),
        ]
    else:
        conditions.append(v.c.voided_position.is_(None))
    if point.effective is not None:
        conditions.append(v.c.effective <= point.effective)
    if line_ids is not None:
        conditions.append(v.c.line_id.in_(list(line_ids)))
    ranked = (
        select(
            v,
            func.row_number()
            .over(
                partition_by=(v.c.line_id, v.c.slot),
                order_by=(v.c.effective.desc(), v.c.position.desc()),
            )
            .label("rank"),
        )
        .where(and_(*conditions))
        .subquery()
    )
    rows = conn.execute(select(ranked).where(ranked.c.rank == 1))
    return {(row.line_id, row.slot): row for row in rows}


def pagu_in_force(
    conn: Connection, point: TimePoint, *, max_stage_rank: int = 99
) -> dict[str, Decimal]:
    """Each sub kegiatan's pagu at the time point (lines without one are absent)."""
    found = values_in_force(conn, "pagu", point, max_stage_rank=max_stage_rank)
    return {
        line_id: amount
        for (line_id, _), row in found.items()
        if (amount := money(row.amount_sen)) is not None
    }


def budgets(conn: Connection) -> list[tuple[str, int]]:
    """Every (SKPD, fiscal year) the ledger holds lines for."""
    t = schema.line
    query = select(t.c.skpd, t.c.tahun).distinct().order_by(t.c.skpd, t.c.tahun)
    return [(row.skpd, row.tahun) for row in conn.execute(query)]


def today() -> date:
    return date.today()
