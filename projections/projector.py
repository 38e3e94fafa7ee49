"""Building the read model from the event log, in order, exactly once.

Each page of events becomes rows in the view tables and an advance of the tracking
record, in one transaction. The tracking update is conditional on the position it
started from, so two processes catching up at once cannot both apply a page: the
second finds the position moved, rolls back and reads on from there. A crash leaves
the tracking record and the rows consistent; the next catch-up resumes.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, text, update
from sqlalchemy.exc import DBAPIError

from events.errors import InvalidInput
from events.i18n import _
from events.storage_format import EVENT_TABLE, TRACKING_TABLE
from projections import loading, schema
from projections.rows import Batch, EventRows, sort_key
from projections.source import EventSource
from projections.values import date_object, iso_date, stream_hex

__all__ = ["NAME", "VERSION", "Progress", "Projector", "sort_key"]

NAME = "pagu"  # the tracking record: the last log position applied
VERSION = "schema_version"  # the shape the tables were built with (its "position")
Progress = Callable[[int, int], None]


class ReadModelDamaged(InvalidInput):
    """The read model is not what catch-up left (its tracking record was changed)."""


class Projector:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.source = EventSource(engine)
        self.rows = EventRows(iso_date if engine.dialect.name == "sqlite" else date_object)
        # loading from empty with at least this many events, build the indexes after
        self.defer_at = 20_000
        # seconds spent per phase of the last catch-ups (read, rows, write, indexes),
        # for the benchmark and for anyone asking where the time goes
        self.timings: dict[str, float] = {}

    # ---- lifecycle -----------------------------------------------------------------

    def ensure_tables(self) -> bool:
        """Create the tables if missing; True when they were built by an older shape of
        the read model (see `schema.SCHEMA_VERSION`): then it must be rebuilt.

        Several processes may do this at once on a new ledger (the first readers after an
        import): the loser of that race sees "already exists" and looks again, finding
        the winner's tables."""
        for attempt in range(1, 6):
            try:
                return self._ensure_tables()
            except DBAPIError:
                if attempt == 5:
                    raise
                time.sleep(0.05 * attempt)
        return False  # pragma: no cover - the loop returns or raises

    def _ensure_tables(self) -> bool:
        schema.metadata.create_all(self.engine, checkfirst=True)
        t = schema.tracking
        with self.engine.connect() as conn:
            found = {
                name: position for name, position in conn.execute(select(t.c.name, t.c.position))
            }
        if found and found.get(VERSION) != schema.SCHEMA_VERSION:
            return True
        missing = [
            {"name": name, "position": position}
            for name, position in ((NAME, 0), (VERSION, schema.SCHEMA_VERSION))
            if name not in found
        ]
        if missing:
            with self.engine.begin() as conn:
                conn.execute(insert(t), missing)
        return False

    def position(self) -> int:
        with self.engine.connect() as conn:
            found = conn.execute(
                select(schema.tracking.c.position).where(schema.tracking.c.name == NAME)
            ).scalar()
            return int(found or 0)

    def catch_up(self, *, page: int = 10_000, progress: Progress | None = None) -> int:
        """Apply every event after the tracked position; return how many were applied.

        Loading from empty (a first catch-up) with at least `defer_at` events to apply,
        the secondary indexes are built once at the end (`projections.loading`). A read
        model of an older shape is rebuilt aside and swapped in (`rebuild`)."""
        if self.ensure_tables():
            return self.rebuild(page=page, progress=progress)
        with self.engine.connect() as conn, loading.tuned(conn):
            self.check_position(conn)
            pending = loading.indexes_pending(conn)
            head = self.source.head() if progress or not pending else 0
            empty = self._position(conn) == 0
            conn.rollback()
            if not pending and empty and head >= self.defer_at:
                pending = loading.defer_indexes(conn) or loading.indexes_pending(conn)
            applied = self.load(conn, page=page, progress=progress, head=head)
            if pending:
                with self._timed("indexes"):
                    loading.build_indexes(conn)
        return applied

    def load(self, conn: Connection, *, page: int, progress: Progress | None, head: int) -> int:
        """Apply pages of events after the tracked position, on this connection, until
        the log is exhausted (the tables it writes are whatever the names resolve to on
        it: the read model's, or a rebuild's scratch copies)."""
        applied = 0
        writer = loading.RowWriter(conn)
        while True:
            start = self._position(conn)
            with self._timed("read"):
                records = self.source.records(conn, start, page)
            if not records:
                conn.rollback()
                break
            end = records[-1][0]
            if self._apply(conn, writer, records, start, end):
                applied += len(records)
                if progress:
                    progress(end, head)
        return applied

    def check_position(self, conn: Connection) -> None:
        """The tracked position must be an event of the log that the read model holds:
        moved ahead (by hand), catch-up would skip every event up to it unseen."""
        position, last = conn.execute(
            text(
                f"SELECT (SELECT position FROM {TRACKING_TABLE} WHERE name = :name), "
                f"(SELECT MAX(position) FROM {EVENT_TABLE})"
            ),
            {"name": NAME},
        ).one()
        conn.rollback()
        position = int(position or 0)
        if position and (last is None or int(last) != position or position > self.source.head()):
            raise ReadModelDamaged(
                _(
                    "the read model says it applied the log up to position {position}, but "
                    "its last event is at {value} and the log ends at {head}: it was changed "
                    "outside pagu; `pagu projections rebuild` builds it again from the log"
                ).format(position=position, value=last or 0, head=self.source.head())
            )

    def _apply(
        self,
        conn: Connection,
        writer: loading.RowWriter,
        records: list[Any],
        start: int,
        end: int,
    ) -> bool:
        """One page in one transaction: its rows and the advance of the tracking record.
        The collector is paused meanwhile: a page allocates a few hundred thousand
        objects, none of them in cycles, and each collection would walk them all."""
        collecting = gc.isenabled()
        gc.disable()
        try:
            batch = Batch()
            self._load_line_meta(conn, records)
            apply = self.rows.apply
            with self._timed("rows"):
                for record in records:
                    apply(record, batch)
            moved = conn.execute(
                update(schema.tracking)
                .where(schema.tracking.c.name == NAME, schema.tracking.c.position == start)
                .values(position=end)
            )
            if moved.rowcount != 1:
                conn.rollback()  # someone else applied this page first
                self.rows.line_meta.clear()  # and may have registered lines we skipped
                return False
            with self._timed("write"):
                writer.write(conn, batch)
                conn.commit()
            return True
        except BaseException:
            conn.rollback()
            raise
        finally:
            if collecting:
                gc.enable()

    def rebuild(self, *, page: int = 10_000, progress: Progress | None = None) -> int:
        """Build the read model again from the first event, aside, and swap it in at the
        end in one transaction (`projections.rebuild`): interrupted anywhere, the old
        read model is still there, whole."""
        from projections import rebuild

        self.rows.line_meta.clear()
        try:
            return rebuild.rebuild(self, page=page, progress=progress)
        finally:
            self.rows.line_meta.clear()

    @contextmanager
    def _timed(self, phase: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            elapsed = time.perf_counter() - started
            self.timings[phase] = self.timings.get(phase, 0.0) + elapsed

    def _position(self, conn: Connection) -> int:
        t = schema.tracking
        found = conn.execute(select(t.c.position).where(t.c.name == NAME)).scalar()
        return int(found or 0)

    def _load_line_meta(self, conn: Connection, records: list[Any]) -> None:
        """skpd, tahun and kode of every line in the page, for the audit index."""
        streams = {record[2] for record in records}
        wanted = {stream_hex(stream) for stream in streams} - self.rows.line_meta.keys()
        if not wanted:
            return
        t = schema.line
        for line_id, skpd, tahun, kode in conn.execute(
            select(t.c.line_id, t.c.skpd, t.c.tahun, t.c.kode).where(t.c.line_id.in_(wanted))
        ):
            self.rows.line_meta[line_id] = (skpd, tahun, kode)
