"""The SQLite recorder: events and their links in one transaction, under SQLite's write
lock, so the head read before linking is the head the batch chains from."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from eventsourcing.persistence import StoredEvent
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor, SQLiteDatastore

from ledger.chain import GENESIS
from ledger.recorders import LinkWriter
from ledger.storage import EVENTS_TABLE, LOG_TABLE

_SQLITE_GUARDS = [
    f"CREATE TRIGGER IF NOT EXISTS {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
    f"BEGIN SELECT RAISE(ABORT, 'pagu: {table} is append-only ({verb} refused)'); END"
    for table in (EVENTS_TABLE, LOG_TABLE)
    for verb in ("UPDATE", "DELETE")
]


class SQLiteLedgerRecorder(LinkWriter, SQLiteApplicationRecorder):
    def __init__(self, datastore: SQLiteDatastore, events_table_name: str = EVENTS_TABLE):
        super().__init__(datastore, events_table_name)

    def construct_create_table_statements(self) -> list[str]:
        return [
            *super().construct_create_table_statements(),
            f"CREATE TABLE IF NOT EXISTS {LOG_TABLE} ("
            "position INTEGER PRIMARY KEY, originator_id TEXT NOT NULL, "
            "originator_version INTEGER NOT NULL, topic TEXT NOT NULL, "
            "recorded_at TEXT NOT NULL, payload_sha256 TEXT NOT NULL, "
            "event_hash TEXT NOT NULL, chain_hash TEXT NOT NULL)",
            f"CREATE UNIQUE INDEX IF NOT EXISTS {LOG_TABLE}_event "
            f"ON {LOG_TABLE} (originator_id, originator_version)",
            *_SQLITE_GUARDS,
        ]

    def _insert_events(
        self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        positions = super()._insert_events(c, stored_events, **kwargs)
        assert positions is not None
        # The insert above holds SQLite's write lock: no other writer can move the head.
        c.execute(f"SELECT chain_hash, recorded_at FROM {LOG_TABLE} ORDER BY position DESC LIMIT 1")
        head = c.fetchone()
        now = self.clock() if self.clock else datetime.now(UTC)
        rows = self._links(
            positions, stored_events, head[0] if head else GENESIS, head[1] if head else None, now
        )
        c.executemany(f"INSERT INTO {LOG_TABLE} VALUES (?,?,?,?,?,?,?,?)", rows)
        return positions
