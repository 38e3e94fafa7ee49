"""Test support: an attacker with direct access to the database, and later events.

The attacker uses plain sqlite3 / psycopg (as the PostgreSQL superuser), never pagu's
write path: it drops or disables the append-only triggers first, as someone with the
file or a superuser account would, then edits rows. Where it forges, it knows the
canonical encoding (the worst case: it can recompute every hash).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from events import Kode, Level, Stage
from ledger.chain import GENESIS, chain_hash, event_hash, payload_hash, stream_text
from ledger.line import Basis, BudgetLine
from ledger.service import Ledger, open_ledger
from ledger.storage import StoreLocation
from tests.conftest import PG_URL

SKPD = "Dinas Sosial Kabupaten Kutai Kartanegara"


@dataclass
class Row:
    """One link as stored."""

    position: int
    stream: str
    version: int
    topic: str
    recorded_at: str
    payload_sha256: str
    event_hash: str
    chain_hash: str


class Attacker:
    def __init__(self, url: str) -> None:
        self.location = StoreLocation.parse(url)
        self.sqlite = self.location.is_sqlite
        if self.sqlite:
            assert self.location.path is not None
            self.conn: Any = sqlite3.connect(self.location.path, isolation_level=None)
        else:
            import psycopg

            admin = StoreLocation.parse(PG_URL)
            self.conn = psycopg.connect(**admin.psycopg_kwargs(), autocommit=True)
        schema = self.location.schema
        self.events = "pagu_events" if self.sqlite else f'"{schema}".pagu_events'
        self.log = "pagu_log" if self.sqlite else f'"{schema}".pagu_log'
        self.number = "rowid" if self.sqlite else "notification_id"

    def close(self) -> None:
        self.conn.close()

    def sql(self, statement: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        if self.sqlite:
            return list(self.conn.execute(statement.replace("%s", "?"), params))
        cursor = self.conn.execute(statement, params)
        return list(cursor.fetchall()) if cursor.description else []

    def key(self, stream: str) -> Any:
        return stream.replace("-", "") if self.sqlite else stream

    # ---- what an attacker does first -------------------------------------------------

    def disarm(self) -> None:
        """Drop (SQLite) or disable (PostgreSQL) the append-only triggers."""
        if self.sqlite:
            for (name,) in self.sql("SELECT name FROM sqlite_master WHERE type = 'trigger'"):
                self.sql(f"DROP TRIGGER {name}")
        else:
            for table in (self.events, self.log):
                self.sql(f"ALTER TABLE {table} DISABLE TRIGGER USER")

    # ---- reading ---------------------------------------------------------------------

    def rows(self) -> list[Row]:
        return [
            Row(r[0], stream_text(str(r[1])), *r[2:])
            for r in self.sql(
                "SELECT position, originator_id, originator_version, topic, recorded_at, "
                f"payload_sha256, event_hash, chain_hash FROM {self.log} ORDER BY position"
            )
        ]

    def row(self, position: int) -> Row:
        return next(r for r in self.rows() if r.position == position)

    def first(self, topic_suffix: str, after: int = 0) -> Row:
        return next(r for r in self.rows() if r.topic.endswith(topic_suffix) and r.position > after)

    def state(self, stream: str, version: int) -> bytes:
        found = self.sql(
            f"SELECT state FROM {self.events} WHERE originator_id = %s AND originator_version = %s",
            (self.key(stream), version),
        )
        return bytes(found[0][0])

    def payload(self, stream: str, version: int) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.state(stream, version))
        return data

    # ---- editing ---------------------------------------------------------------------

    def set_payload(self, stream: str, version: int, data: dict[str, Any]) -> bytes:
        state = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()
        self.sql(
            f"UPDATE {self.events} SET state = %s WHERE originator_id = %s "
            "AND originator_version = %s",
            (state, self.key(stream), version),
        )
        return state

    def set_topic(self, stream: str, version: int, topic: str) -> None:
        self.sql(
            f"UPDATE {self.events} SET topic = %s WHERE originator_id = %s "
            "AND originator_version = %s",
            (topic, self.key(stream), version),
        )

    def set_link(self, position: int, column: str, value: Any) -> None:
        self.sql(f"UPDATE {self.log} SET {column} = %s WHERE position = %s", (value, position))

    def delete_event(self, stream: str, version: int) -> None:
        self.sql(
            f"DELETE FROM {self.events} WHERE originator_id = %s AND originator_version = %s",
            (self.key(stream), version),
        )

    def delete_link(self, position: int) -> None:
        self.sql(f"DELETE FROM {self.log} WHERE position = %s", (position,))

    def delete(self, row: Row) -> None:
        self.delete_event(row.stream, row.version)
        self.delete_link(row.position)

    def renumber(self, start: int, by: int) -> None:
        """Shift every position from `start` on by `by`, in both tables."""
        for table, column in ((self.log, "position"), (self.events, self.number)):
            self.sql(
                f"UPDATE {table} SET {column} = -{column} - %s WHERE {column} >= %s", (by, start)
            )
            self.sql(f"UPDATE {table} SET {column} = -{column} WHERE {column} < 0")

    def swap(self, a: Row, b: Row) -> None:
        """Exchange the places of two events in the log (and in the event table)."""
        for table, column in ((self.log, "position"), (self.events, self.number)):
            self.sql(f"UPDATE {table} SET {column} = -1 WHERE {column} = %s", (a.position,))
            self.sql(
                f"UPDATE {table} SET {column} = %s WHERE {column} = %s", (a.position, b.position)
            )
            self.sql(f"UPDATE {table} SET {column} = %s WHERE {column} = -1", (b.position,))

    def insert_event(
        self, number: int, stream: str, version: int, topic: str, state: bytes
    ) -> None:
        self.sql(
            f"INSERT INTO {self.events} (originator_id, originator_version, topic, state, "
            f"{self.number}) VALUES (%s, %s, %s, %s, %s)",
            (self.key(stream), version, topic, state, number),
        )

    def insert_link(self, row: Row) -> None:
        self.sql(
            f"INSERT INTO {self.log} (position, originator_id, originator_version, topic, "
            "recorded_at, payload_sha256, event_hash, chain_hash) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
            (
                row.position,
                self.key(row.stream),
                row.version,
                row.topic,
                row.recorded_at,
                row.payload_sha256,
                row.event_hash,
                row.chain_hash,
            ),
        )

    # ---- forging ---------------------------------------------------------------------

    def forged_revision(self, like: Row, amount: str) -> tuple[str, int, str, bytes]:
        """A new pagu revision on `like`'s line, copied from it with another amount:
        (stream, version, topic, state)."""
        data = self.payload(like.stream, like.version)
        data["amount"] = {"_type_": "decimal_str", "_data_": amount}
        data["reason"] = "koreksi"
        version = max(r.version for r in self.rows() if r.stream == like.stream) + 1
        state = json.dumps(data, separators=(",", ":")).encode()
        return like.stream, version, like.topic, state

    @staticmethod
    def link_for(
        position: int,
        event: tuple[str, int, str, bytes],
        recorded_at: str,
        previous_chain: str,
    ) -> Row:
        stream, version, topic, state = event
        payload = payload_hash(state)
        this = event_hash(position, UUID(stream), version, topic, recorded_at, payload)
        return Row(
            position,
            stream,
            version,
            topic,
            recorded_at,
            payload,
            this,
            chain_hash(previous_chain, this),
        )

    def forge(
        self, position: int, event: tuple[str, int, str, bytes], recorded_at: str, previous: str
    ) -> Row:
        """Write a forged event and a link for it at `position`."""
        link = self.link_for(position, event, recorded_at, previous)
        self.insert_event(position, *event)
        self.insert_link(link)
        return link

    def rechain(self, start: int) -> None:
        """Recompute every hash from `start` to the end: a self-consistent rewrite."""
        rows = self.rows()
        previous = GENESIS
        for row in rows:
            if row.position < start:
                previous = row.chain_hash
                continue
            state = self.state(row.stream, row.version)
            payload = payload_hash(state)
            this = event_hash(
                row.position, UUID(row.stream), row.version, row.topic, row.recorded_at, payload
            )
            previous = chain_hash(previous, this)
            self.sql(
                f"UPDATE {self.log} SET payload_sha256 = %s, event_hash = %s, chain_hash = %s "
                "WHERE position = %s",
                (payload, this, previous, row.position),
            )


def sub_kegiatan(ledger: Ledger) -> list[BudgetLine]:
    streams = {n.originator_id for n in ledger.recorder.select_notifications(1, 100_000)}
    lines = [line for line in ledger.lines(streams).values() if line.level is Level.SUB_KEGIATAN]
    return sorted(lines, key=lambda line: line.kode.text)


def record_later_events(url: str, count: int, *, actor: str = "clerk") -> int:
    """`count` pagu revisions through the service, one transaction each (so each has its
    own recorded time), across the sub kegiatan of the shared document."""
    ledger = open_ledger(url, create=False)
    try:
        lines = sub_kegiatan(ledger)
        for i in range(count):
            line = ledger.get_line(SKPD, 2024, Kode(lines[i % len(lines)].kode.text))
            amount = (line.current_pagu() or Decimal("0")) + Decimal(1000 * (i + 1))
            basis = Basis(
                actor=actor,
                reason=f"pergeseran antar rincian {i + 1}",
                document=None,
                effective=date(2024, 9, 1),
            )
            line.set_pagu(amount, Stage.PERUBAHAN, basis)
            ledger.save_lines([line])
        return ledger.event_count()
    finally:
        ledger.close()


def clone(source_url: str, target_url: str) -> None:
    """Copy a whole ledger (event store, log, read model) to a fresh location."""
    source, target = StoreLocation.parse(source_url), StoreLocation.parse(target_url)
    if source.is_sqlite:
        assert source.path is not None and target.path is not None
        with sqlite3.connect(source.path) as src, sqlite3.connect(target.path) as dst:
            src.backup(dst)
        return
    import psycopg

    from tests.conftest import pagu

    assert pagu("--db", target_url, "init").exit_code == 0
    old, new = f'"{source.schema}"', f'"{target.schema}"'
    with psycopg.connect(**StoreLocation.parse(PG_URL).psycopg_kwargs()) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = %s",
                (source.schema,),
            )
        ]
        conn.execute(f"DELETE FROM {new}.rm_tracking")
        conn.execute(f"DELETE FROM {new}.pagu_settings")  # init's own: the source's instead
        for table in tables:
            conn.execute(f"INSERT INTO {new}.{table} SELECT * FROM {old}.{table}")
            column = "notification_id" if table == "pagu_events" else "id"
            has_column = conn.execute(
                "SELECT 1 FROM information_schema.columns WHERE table_schema = %s "
                "AND table_name = %s AND column_name = %s",
                (target.schema, table, column),
            ).fetchone()
            sequence = (
                has_column
                and conn.execute(
                    "SELECT pg_get_serial_sequence(%s, %s)", (f"{new}.{table}", column)
                ).fetchone()
            )
            if sequence and sequence[0]:
                conn.execute(
                    f"SELECT setval(%s, GREATEST((SELECT MAX({column}) FROM {new}.{table}), 1))",
                    (sequence[0],),
                )
