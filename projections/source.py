"""Reading the event log in its total order, a page at a time.

The log is two tables written together by the store: `pagu_events` (eventsourcing's
stored events) and `pagu_log` (each event's position, recorded time and hashes). The
read side needs only their names, not the write side; `projections.rows` decodes.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, text

from events.storage_format import EVENTS_TABLE as EVENTS_TABLE
from events.storage_format import LOG_TABLE as LOG_TABLE

_PAGE = (
    f"SELECT l.position, l.recorded_at, e.originator_id, e.originator_version, "
    f"e.topic, e.state FROM {LOG_TABLE} l JOIN {EVENTS_TABLE} e "
    "ON e.originator_id = l.originator_id AND e.originator_version = l.originator_version "
    "WHERE l.position > :after ORDER BY l.position LIMIT :limit"
)


class EventSource:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def head(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(text(f"SELECT MAX(position) FROM {LOG_TABLE}")).scalar() or 0)

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
