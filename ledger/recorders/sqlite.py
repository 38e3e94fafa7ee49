"""The SQLite recorder: events and their links in one transaction, under SQLite's write
lock, so the head read before linking is the head the batch chains from."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from eventsourcing.persistence import StoredEvent
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor, SQLiteDatastore

from ledger.chain import GENESIS
from ledger.recorders import LinkWriter, MissingLinks
from ledger.storage import EVENTS_TABLE, LOG_TABLE

# The keys a REPLACE would collide on, per table: a REPLACE deletes the row it collides
# with without firing DELETE triggers (unless recursive_triggers is on, which is each
# connection's own choice), so the guard refuses any insert whose key is taken.
_KEYS = {
    EVENTS_TABLE: ("rowid = NEW.rowid", "originator_id = NEW.originator_id"),
    LOG_TABLE: ("position = NEW.position", "originator_id = NEW.originator_id"),
}


def guard_statements() -> dict[str, str]:
    """The append-only triggers by name, exactly as installed (`pagu verify` compares
    what it finds with these)."""
    found = {}
    for table in (EVENTS_TABLE, LOG_TABLE):
        for verb in ("UPDATE", "DELETE"):
            found[f"{table}_no_{verb.lower()}"] = (
                f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, 'pagu: {table} is append-only ({verb} refused)'); END"
            )
        number, stream = _KEYS[table]
        found[f"{table}_no_replace"] = (
            f"CREATE TRIGGER {table}_no_replace BEFORE INSERT ON {table} "
            f"WHEN EXISTS (SELECT 1 FROM {table} WHERE {number}) "
            f"OR EXISTS (SELECT 1 FROM {table} WHERE {stream} "
            "AND originator_version = NEW.originator_version) "
            f"BEGIN SELECT RAISE(ABORT, 'pagu: {table} is append-only (REPLACE refused)'); END"
        )
    return found


class SQLiteLedgerRecorder(LinkWriter, SQLiteApplicationRecorder):
    def __init__(self, datastore: SQLiteDatastore, events_table_name: str = EVENTS_TABLE):
        super().__init__(datastore, events_table_name)

    def construct_create_table_statements(self) -> list[str]:
        guards = [
            statement.replace("CREATE TRIGGER", "CREATE TRIGGER IF NOT EXISTS", 1)
            for statement in guard_statements().values()
        ]
        return [
            *super().construct_create_table_statements(),
            f"CREATE TABLE IF NOT EXISTS {LOG_TABLE} ("
            "position INTEGER PRIMARY KEY, originator_id TEXT NOT NULL, "
            "originator_version INTEGER NOT NULL, topic TEXT NOT NULL, "
            "recorded_at TEXT NOT NULL, payload_sha256 TEXT NOT NULL, "
            "event_hash TEXT NOT NULL, chain_hash TEXT NOT NULL)",
            f"CREATE UNIQUE INDEX IF NOT EXISTS {LOG_TABLE}_event "
            f"ON {LOG_TABLE} (originator_id, originator_version)",
            *guards,
        ]

    def create_table(self) -> None:
        """Create what is missing, and put back any guard that is not as installed (a
        trigger of the same name that refuses nothing survives IF NOT EXISTS)."""
        super().create_table()
        with self.datastore.transaction(commit=True) as c:
            c.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
            present = {row[0]: " ".join(str(row[1]).split()) for row in c.fetchall()}
            for name, statement in guard_statements().items():
                if present.get(name) != " ".join(statement.split()):
                    c.execute(f"DROP TRIGGER IF EXISTS {name}")
                    c.execute(statement)

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
        # A trigger could swallow the links (RAISE(IGNORE)): then nothing is committed.
        c.execute(
            f"SELECT count(*) FROM {LOG_TABLE} l JOIN {EVENTS_TABLE} e ON e.rowid = l.position "
            "AND e.originator_id = l.originator_id AND e.originator_version = "
            "l.originator_version WHERE l.position BETWEEN ? AND ?",
            (min(positions), max(positions)),
        )
        linked = int(c.fetchone()[0])
        if linked != len(positions):
            raise MissingLinks(linked, len(positions))
        return positions
