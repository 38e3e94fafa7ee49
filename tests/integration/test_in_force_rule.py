"""The in-force rule is written twice, in Python for the write side's guards
(`ledger.line_state.in_force`, `pagu_in_force`) and in SQL for the views
(`projections.state`): on random histories of one line (values and shifts of every
edition, back-dated, some corrected) and random time points (a log position, an
edition, an effective date), both give the same value, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, delete, insert

from events.periods import Stage
from ledger.line_state import Entry, in_force, pagu_in_force
from ledger.storage import StoreLocation
from projections import line_values, schema, state
from projections.readmodel import make_engine
from projections.timepoint import TimePoint

LINE = "0" * 31 + "1"
START = date(2024, 1, 1)


@dataclass(frozen=True)
class Recorded:
    """One row of a line's history: a value (or a shift) and, maybe, its correction."""

    field: str  # pagu | shift | location
    amount: int  # sen (pagu, shift), or which of a few places (location)
    stage: Stage
    day: int  # days after START
    voided_by: int | None  # positions after its own: recorded that much later


RECORDS = st.builds(
    Recorded,
    st.sampled_from(["pagu", "pagu", "shift", "location"]),
    st.integers(-50_000, 100_000),
    st.sampled_from(Stage),
    st.integers(0, 40),
    st.none() | st.integers(1, 6),
)
POINTS = st.tuples(
    st.none() | st.integers(0, 14),  # as of a log position
    st.none() | st.sampled_from(Stage),  # the edition asked for
    st.none() | st.integers(-1, 42).map(lambda day: START + timedelta(days=day)),
)


@pytest.fixture
def engine(store_url: str) -> Iterator[Engine]:
    location = StoreLocation.parse(store_url)
    location.ensure_schema()
    found = make_engine(location.sqlalchemy_url(), location.sqlalchemy_connect_args())
    schema.metadata.create_all(found, tables=[schema.line, schema.value])
    yield found
    found.dispose()


def entries(history: list[Recorded], field: str, position: int | None) -> list[Entry[Any]]:
    """The history as the write side holds it at a log position (None: all of it)."""
    found = []
    for number, r in enumerate(history, start=1):
        if r.field not in ((field, "shift") if field == "pagu" else (field,)):
            continue
        if position is not None and number > position:
            continue
        voided_at = None if r.voided_by is None else number + r.voided_by
        voided = voided_at is not None and (position is None or voided_at <= position)
        value: Any = Decimal(r.amount).scaleb(-2) if field == "pagu" else f"place {r.amount % 3}"
        day = START + timedelta(days=r.day)
        found.append(Entry(value, r.stage, day, number, voided=voided, delta=r.field == "shift"))
    return found


def write(engine: Engine, history: list[Recorded]) -> None:
    """The history as the read model holds it (rm_line and rm_value)."""
    rows = []
    for number, r in enumerate(history, start=1):
        rows.append(
            {
                "line_id": LINE, "field": r.field, "slot": 0, "year": None,
                "stage_rank": r.stage.rank, "effective": START + timedelta(days=r.day),
                "position": number,
                "amount_sen": None if r.field == "location" else r.amount,
                "number": None, "unit": None,
                "text": f"place {r.amount % 3}" if r.field == "location" else None,
                "kind": None, "event_id": f"e{number}",
                "voided_position": None if r.voided_by is None else number + r.voided_by,
            }
        )  # fmt: skip
    with engine.begin() as conn:
        conn.execute(delete(schema.value))
        conn.execute(delete(schema.line))
        conn.execute(
            insert(schema.line),
            {
                "line_id": LINE, "skpd": "Dinas Contoh", "tahun": 2024,
                "kode": "1.06.01.2.01.01", "sort_key": "0001.0006.0001.0002.0001.0001",
                "level": "sub_kegiatan", "parent_kode": "1.06.01.2.01", "nama": "Sub",
                "stage_rank": Stage.MURNI.rank, "effective": date(1950, 1, 1), "position": 0,
            },
        )  # fmt: skip
        if rows:
            conn.execute(insert(schema.value), rows)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(history=st.lists(RECORDS, max_size=12), points=st.lists(POINTS, min_size=1, max_size=4))
def test_python_and_sql_agree_on_what_is_in_force(
    engine: Engine, history: list[Recorded], points: list[tuple[Any, Any, Any]]
) -> None:
    write(engine, history)
    with engine.connect() as conn:
        for position, stage, on in points:
            point = TimePoint(position=position, effective=on)
            rank = 99 if stage is None else stage.rank
            python_pagu = pagu_in_force(entries(history, "pagu", position), stage=stage, on=on)
            sql_pagu = line_values.pagu_in_force(conn, point, max_stage_rank=rank).get(LINE)
            assert sql_pagu == python_pagu, (position, stage, on)
            found = in_force(entries(history, "location", position), stage=stage, on=on)
            sql = state.values_in_force(conn, "location", point, max_stage_rank=rank,
                                        columns=["text"])  # fmt: skip
            row = sql.get((LINE, 0))
            assert (row[2] if row else None) == (found.value if found else None)
