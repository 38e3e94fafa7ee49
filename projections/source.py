"""Reading the event log in its total order, a page at a time.

The log is two tables written together by the store: `pagu_events` (eventsourcing's
stored events) and `pagu_log` (each event's position, recorded time and hashes). The
read side needs only their names and the vocabulary's decoder, not the write side.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from sqlalchemy import Connection, Engine, text

from events.codec import build_mapper
from events.line import LineEvent

EVENTS_TABLE = "pagu_events"
LOG_TABLE = "pagu_log"


@dataclass(frozen=True)
class LoggedEvent:
    position: int
    recorded_at: str
    event: LineEvent


_PAGE = (
    f"SELECT l.position, l.recorded_at, e.originator_id, e.originator_version, "
    f"e.topic, e.state FROM {LOG_TABLE} l JOIN {EVENTS_TABLE} e "
    "ON e.originator_id = l.originator_id AND e.originator_version = l.originator_version "
    "WHERE l.position > :after ORDER BY l.position LIMIT :limit"
)


class EventSource:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.mapper = build_mapper()

    def head(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(text(f"SELECT MAX(position) FROM {LOG_TABLE}")).scalar() or 0)

    def count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(text(f"SELECT COUNT(*) FROM {LOG_TABLE}")).scalar() or 0)

    def records(self, conn: Connection, after: int, limit: int) -> list[tuple[Any, ...]]:
        """The next stored events after a position, as the driver gives them: (position,
        recorded_at, stream, version, topic, state), undecoded (`projections.rows`)."""
        mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.execute(_PAGE.replace(":after", mark).replace(":limit", mark), (after, limit))
            return list(cursor.fetchall())
        finally:
            cursor.close()

    def read(self, after: int, limit: int = 2000) -> list[LoggedEvent]:
        """Decoded domain events (for tools; catch-up reads `records`)."""
        query = text(_PAGE)
        with self.engine.connect() as conn:
            rows = conn.execute(query, {"after": after, "limit": limit}).all()
        found = []
        for position, recorded_at, stream, version, topic, state in rows:
            stored = StoredEvent(
                originator_id=stream if isinstance(stream, UUID) else UUID(stream),
                originator_version=version,
                topic=topic,
                state=bytes(state),
            )
            event = self.mapper.to_domain_event(stored)
            assert isinstance(event, LineEvent)
            found.append(LoggedEvent(position, recorded_at, event))
        return found

    def stream(self, after: int = 0, page: int = 2000) -> Iterator[list[LoggedEvent]]:
        while True:
            batch = self.read(after, page)
            if not batch:
                return
            yield batch
            after = batch[-1].position
