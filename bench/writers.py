"""Writing a plan: through pagu's own write path, as raw payloads, and as an hledger
journal.

All three consume the same `bench.generate.plan` batch by batch (nothing is held
beyond the current fiscal year's lines), so they write the same events in the same
transactions. Timers cover only the writing, never the planning: `Timing.write` is the
time inside the store call, `Timing.verbs` the time pagu's verbs took to turn ops into
events (part of pagu's path, not of the raw ones).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO
from uuid import UUID

from bench.generate import plan
from bench.shapes import Batch, LineKey, Op, Shape

if TYPE_CHECKING:
    from eventsourcing.persistence import StoredEvent

    from events.line import LineEvent
    from ledger.line import BudgetLine
    from ledger.service import Ledger


@dataclass
class Timing:
    """Wall-clock and this process's CPU time (the CPU figure is steadier on a shared
    machine; it leaves out fsync waits and, on PostgreSQL, the server's work)."""

    events: int = 0
    batches: int = 0
    verbs: float = 0.0  # turning ops into events (pagu's verbs)
    write: float = 0.0  # inside the store call
    verbs_cpu: float = 0.0
    write_cpu: float = 0.0

    def add_write(self, clock: _Clock) -> None:
        self.write += clock.wall
        self.write_cpu += clock.cpu

    @property
    def total(self) -> float:
        return self.verbs + self.write

    @property
    def total_cpu(self) -> float:
        return self.verbs_cpu + self.write_cpu

    def as_dict(self) -> dict[str, Any]:
        return {
            "events": self.events,
            "batches": self.batches,
            "verbs_s": round(self.verbs, 3),
            "write_s": round(self.write, 3),
            "verbs_cpu_s": round(self.verbs_cpu, 3),
            "write_cpu_s": round(self.write_cpu, 3),
        }


class _Clock:
    """Times one region on both clocks."""

    def __enter__(self) -> _Clock:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *_: object) -> None:
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu


class Applier:
    """Calls each op's verb on the line it names, keeping the current year's lines in
    memory the way a long-running writer would (no reload from the store)."""

    def __init__(self) -> None:
        self.year: int | None = None
        self.lines: dict[LineKey, BudgetLine] = {}

    def apply(self, batch: Batch) -> list[BudgetLine]:
        from ledger.line import BudgetLine

        if batch.year != self.year:
            self.year, self.lines = batch.year, {}
        touched: dict[LineKey, BudgetLine] = {}
        for op in batch.ops:
            if op.verb == "register":
                line = BudgetLine.register(**op.args)
                self.lines[op.key] = line
            else:
                line = self.lines[op.key]
                getattr(line, op.verb)(**op.args)
            touched[op.key] = line
        return list(touched.values())


def ingest_pagu(ledger: Ledger, shape: Shape, batches: Iterator[Batch] | None = None) -> Timing:
    """pagu's own append path: BudgetLine verbs, then Ledger.save_lines per batch."""
    timing = Timing()
    applier = Applier()
    for batch in batches if batches is not None else plan(shape):
        with _Clock() as verbs:
            lines = applier.apply(batch)
        with _Clock() as write:
            timing.events += ledger.save_lines(lines)
        timing.verbs += verbs.wall
        timing.verbs_cpu += verbs.cpu
        timing.write += write.wall
        timing.write_cpu += write.cpu
        timing.batches += 1
    return timing


def domain_batches(shape: Shape) -> Iterator[list[LineEvent]]:
    """The events of each batch, made by pagu's verbs in memory (no store), in the
    order Ledger.save_lines would record them."""
    applier = Applier()
    for batch in plan(shape):
        events: list[LineEvent] = []
        for line in applier.apply(batch):
            events.extend(line.collect_events())  # type: ignore[arg-type]
        yield events


def payload_batches(shape: Shape) -> Iterator[list[StoredEvent]]:
    """The same events as stored payloads, encoded by pagu's codec."""
    from events.codec import build_mapper

    mapper = build_mapper()
    for events in domain_batches(shape):
        yield [mapper.to_stored_event(event) for event in events]


# ---- the raw comparisons -------------------------------------------------------------


def ingest_raw_es_app(app: Any, shape: Shape) -> Timing:
    """eventsourcing's Application.save of the same domain events, default recorder:
    encoding and inserting, nothing of pagu's (no verbs, no hash chain)."""
    timing = Timing()
    for events in domain_batches(shape):
        with _Clock() as write:
            app.save(*events)
        timing.add_write(write)
        timing.events += len(events)
        timing.batches += 1
    return timing


def ingest_raw_es_recorder(recorder: Any, shape: Shape) -> Timing:
    """eventsourcing's default recorder inserting the already encoded payloads."""
    timing = Timing()
    for stored in payload_batches(shape):
        with _Clock() as write:
            recorder.insert_events(stored)
        timing.add_write(write)
        timing.events += len(stored)
        timing.batches += 1
    return timing


# The same table as eventsourcing's SQLite application recorder (a rowid table keyed by
# stream and version), so that the comparison is about the write path, not the schema.
SQLITE_TABLE = (
    "CREATE TABLE IF NOT EXISTS raw_events (originator_id TEXT, originator_version INTEGER, "
    "topic TEXT, state BLOB, PRIMARY KEY (originator_id, originator_version))"
)


def ingest_raw_sqlite(path: Path, shape: Shape) -> Timing:
    """sqlite3 executemany of the same payloads into the same shape of table, one
    transaction per batch, with eventsourcing's pragmas (WAL, default synchronous):
    the physical limit of the disk path."""
    import sqlite3

    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute(SQLITE_TABLE)
    sql = (
        "INSERT INTO raw_events (originator_id, originator_version, topic, state) VALUES (?,?,?,?)"
    )
    timing = Timing()
    try:
        for stored in payload_batches(shape):
            rows = [
                (UUID(str(s.originator_id)).hex, s.originator_version, s.topic, s.state)
                for s in stored
            ]
            with _Clock() as write:
                conn.execute("BEGIN")
                conn.executemany(sql, rows)
                conn.execute("COMMIT")
            timing.add_write(write)
            timing.events += len(rows)
            timing.batches += 1
    finally:
        conn.close()
    return timing


def ingest_raw_psycopg(conninfo: dict[str, Any], schema: str, shape: Shape) -> Timing:
    """psycopg executemany of the same payloads, one transaction per batch."""
    import psycopg

    timing = Timing()
    with psycopg.connect(**conninfo, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
        conn.execute(
            f'CREATE TABLE IF NOT EXISTS "{schema}".raw_events (notification_id bigserial '
            "PRIMARY KEY, originator_id uuid NOT NULL, originator_version bigint NOT NULL, "
            "topic text NOT NULL, state bytea, UNIQUE (originator_id, originator_version))"
        )
        sql = (
            f'INSERT INTO "{schema}".raw_events (originator_id, originator_version, topic, state) '
            "VALUES (%s, %s, %s, %s)"
        )
        for stored in payload_batches(shape):
            rows = [(s.originator_id, s.originator_version, s.topic, s.state) for s in stored]
            with _Clock() as write, conn.transaction(), conn.cursor() as cursor:
                cursor.executemany(sql, rows)
            timing.add_write(write)
            timing.events += len(rows)
            timing.batches += 1
    return timing


# ---- the hledger journal -------------------------------------------------------------


def account(key: LineKey) -> str:
    skpd, tahun, kode = key
    return f"anggaran:{skpd}:{tahun}:{kode}"


def _amount(value: Decimal) -> str:
    return f"{value:.2f}"


def write_journal(shape: Shape, path: Path) -> dict[str, int]:
    """A plain-text ledger of the same pagu changes: one account per line
    (anggaran:SKPD:tahun:kode), one dated transaction per pagu set, revised or
    corrected (against sumber:tahun), one per pergeseran (both lines, zero-sum).
    Dated by effective date, so `hledger balance -e D` is the pagu in force on D-1."""
    transactions = 0
    with path.open("w", encoding="utf-8") as out:
        out.write("; pagu benchmark journal: pagu per budget line, by effective date\n")
        out.write("decimal-mark .\n\n")
        pending_shift: tuple[Op, Any] | None = None
        for batch in plan(shape):
            for op in batch.ops:
                if op.delta is None:
                    continue
                if op.verb == "shift":
                    if pending_shift is None:
                        pending_shift = (op, op.args["basis"])
                        continue
                    giver, basis = pending_shift
                    pending_shift = None
                    _transaction(
                        out, basis, "pergeseran", [(giver.key, giver.delta), (op.key, op.delta)]
                    )
                else:
                    basis = op.args["basis"]
                    stage = op.args.get("stage")
                    label = stage.value if stage is not None else "ralat"
                    _transaction(
                        out, basis, label, [(op.key, op.delta)], balance=f"sumber:{op.key[1]}"
                    )
                transactions += 1
    return {"transactions": transactions}


def _transaction(
    out: TextIO,
    basis: Any,
    label: str,
    postings: list[tuple[LineKey, Decimal | None]],
    balance: str | None = None,
) -> None:
    reason = basis.reason.replace(";", ",")
    out.write(f"{basis.effective.isoformat()} {label} | {reason}\n")
    for key, delta in postings:
        assert delta is not None
        out.write(f"    {account(key)}  {_amount(delta)}\n")
    if balance is not None:
        out.write(f"    {balance}\n")
    out.write("\n")
