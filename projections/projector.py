"""Building the read model from the event log, in order, exactly once.

Each page of events becomes rows in the view tables and an advance of the tracking
record, in one transaction. The tracking update is conditional on the position it
started from, so two processes catching up at once cannot both apply a page: the
second finds the position moved, rolls back and reads on from there. A crash leaves
the tracking record and the rows consistent; the next catch-up resumes.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from sqlalchemy import Engine, insert, select, update
from sqlalchemy.exc import DBAPIError

from projections import schema
from projections.rows import Batch, EventRows, sort_key
from projections.source import EventSource, LoggedEvent

__all__ = ["NAME", "VERSION", "Progress", "Projector", "sort_key"]

NAME = "pagu"  # the tracking record: the last log position applied
VERSION = "schema_version"  # the shape the tables were built with (its "position")
Progress = Callable[[int, int], None]


class Projector:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.source = EventSource(engine)
        self.rows = EventRows()

    # ---- lifecycle -----------------------------------------------------------------

    def ensure_tables(self) -> None:
        """Create the tables if missing; drop and start again from the first event if they
        were built by an older shape of the read model (see `schema.SCHEMA_VERSION`).

        Several processes may do this at once on a new ledger (the first readers after an
        import): the loser of that race sees "already exists" and looks again, finding
        the winner's tables."""
        for attempt in range(1, 6):
            try:
                self._ensure_tables()
                return
            except DBAPIError:
                if attempt == 5:
                    raise
                time.sleep(0.05 * attempt)

    def _ensure_tables(self) -> None:
        schema.metadata.create_all(self.engine, checkfirst=True)
        t = schema.tracking
        with self.engine.connect() as conn:
            found = {
                name: position for name, position in conn.execute(select(t.c.name, t.c.position))
            }
        if found and found.get(VERSION) != schema.SCHEMA_VERSION:
            schema.metadata.drop_all(self.engine, checkfirst=True)
            schema.metadata.create_all(self.engine, checkfirst=True)
            self.rows.line_meta.clear()
            found = {}
        missing = [
            {"name": name, "position": position}
            for name, position in ((NAME, 0), (VERSION, schema.SCHEMA_VERSION))
            if name not in found
        ]
        if missing:
            with self.engine.begin() as conn:
                conn.execute(insert(t), missing)

    def position(self) -> int:
        with self.engine.connect() as conn:
            found = conn.execute(
                select(schema.tracking.c.position).where(schema.tracking.c.name == NAME)
            ).scalar()
            return int(found or 0)

    def catch_up(self, *, page: int = 2000, progress: Progress | None = None) -> int:
        """Apply every event after the tracked position; return how many were applied."""
        self.ensure_tables()
        applied = 0
        head = self.source.head() if progress else 0
        while True:
            start = self.position()
            events = self.source.read(start, page)
            if not events:
                return applied
            batch = Batch()
            self._load_line_meta(events)
            for logged in events:
                self.rows.apply(logged, batch)
            if self._write(batch, start, events[-1].position):
                applied += len(events)
                if progress:
                    progress(events[-1].position, head)

    def rebuild(self, *, page: int = 2000, progress: Progress | None = None) -> int:
        """Drop the read model and build it again from the first event.

        Interrupted, it leaves a consistent read model up to some page: the next
        catch-up (or rebuild) carries on and ends where a clean rebuild would."""
        schema.metadata.drop_all(self.engine, checkfirst=True)
        self.rows.line_meta.clear()
        return self.catch_up(page=page, progress=progress)

    # ---- writing -------------------------------------------------------------------

    def _write(self, batch: Batch, start: int, end: int) -> bool:
        with self.engine.begin() as conn:
            moved = conn.execute(
                update(schema.tracking)
                .where(schema.tracking.c.name == NAME, schema.tracking.c.position == start)
                .values(position=end)
            )
            if moved.rowcount != 1:
                conn.rollback()  # someone else applied this page first
                return False
            for name, rows in batch.rows.items():
                conn.execute(insert(schema.metadata.tables[name]), rows)
            for event_id, position in batch.voids:
                for table in schema.VOIDABLE_TABLES:
                    conn.execute(
                        update(table)
                        .where(table.c.event_id == event_id, table.c.voided_position.is_(None))
                        .values(voided_position=position)
                    )
                conn.execute(
                    update(schema.event)
                    .where(schema.event.c.event_id == event_id)
                    .values(corrected_by=position)
                )
        return True

    def _load_line_meta(self, events: list[LoggedEvent]) -> None:
        """skpd, tahun and kode of every line in the page, for the audit index."""
        wanted = {e.event.originator_id.hex for e in events} - set(self.rows.line_meta)
        if not wanted:
            return
        with self.engine.connect() as conn:
            for line_id, skpd, tahun, kode in conn.execute(
                select(
                    schema.line.c.line_id,
                    schema.line.c.skpd,
                    schema.line.c.tahun,
                    schema.line.c.kode,
                ).where(schema.line.c.line_id.in_(wanted))
            ):
                self.rows.line_meta[line_id] = (skpd, tahun, kode)
