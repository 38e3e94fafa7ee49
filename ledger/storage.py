"""Where the ledger lives, chosen by one URL, and the store's own write path.

    ./pagu.db, /data/kukar.db, sqlite:///kukar.db      an embedded SQLite file
    postgresql://user:pass@host:5432/dbname[?schema=s]  a PostgreSQL server

Both backends use eventsourcing's recorders, extended so that every insert also writes
the event's link in the hash chain (`pagu_log`): its position, its type, the time the
store recorded it, the SHA-256 of its payload and its hashes (`ledger.chain`), in the same
transaction. Recorded time therefore comes
from the store (the server clock on PostgreSQL), never from the client, and it never
runs backwards along the log. The tables refuse UPDATE and DELETE (triggers).

Writers serialise on a transaction-scoped advisory lock (PostgreSQL) or SQLite's write
lock, so the head read before writing links is the head they chain from. The advisory
lock replaces eventsourcing's `LOCK TABLE ... IN EXCLUSIVE MODE`, which PostgreSQL only
allows to roles that may UPDATE or DELETE the table: a writer role needs only INSERT.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor, SQLiteDatastore
from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Identifier, Literal

from events.errors import InvalidInput
from ledger.chain import GENESIS, chain_hash, event_hash, format_recorded_at, payload_hash

EVENTS_TABLE = "pagu_events"
LOG_TABLE = "pagu_log"
DEFAULT_DB = "./pagu.db"


@dataclass(frozen=True)
class StoreLocation:
    """A parsed store URL."""

    url: str
    backend: str  # "sqlite" or "postgres"
    path: Path | None = None
    host: str = "127.0.0.1"
    port: int = 5432
    dbname: str = ""
    user: str = ""
    password: str = field(default="", repr=False)
    schema: str = "public"

    @classmethod
    def parse(cls, url: str | None) -> StoreLocation:
        text = (url or os.environ.get("PAGU_DB") or DEFAULT_DB).strip()
        if text.startswith(("postgresql://", "postgres://", "postgresql+psycopg://")):
            parts = urlsplit(text)
            query = parse_qs(parts.query)
            dbname = unquote(parts.path.lstrip("/"))
            if not dbname:
                raise InvalidInput(f"no database name in {text!r} (postgresql://host/dbname)")
            schema = query.get("schema", ["public"])[0]
            if not schema.replace("_", "").isalnum():
                raise InvalidInput(f"schema must be letters, digits and _: {schema!r}")
            return cls(
                url=text,
                backend="postgres",
                host=parts.hostname or "127.0.0.1",
                port=parts.port or 5432,
                dbname=dbname,
                user=unquote(parts.username or "") or os.environ.get("PGUSER", "postgres"),
                password=unquote(parts.password or ""),
                schema=schema,
            )
        if text.startswith("sqlite:"):
            text = text.removeprefix("sqlite:").removeprefix("///")
            if not text:
                raise InvalidInput("no file in sqlite URL (sqlite:///pagu.db)")
        if "://" in text:
            raise InvalidInput(
                f"unsupported store {text!r}: use a file path or postgresql://host/dbname"
            )
        return cls(url=text, backend="sqlite", path=Path(text).expanduser().resolve())

    @property
    def is_sqlite(self) -> bool:
        return self.backend == "sqlite"

    def display(self) -> str:
        if self.is_sqlite:
            return str(self.path)
        schema = "" if self.schema == "public" else f"?schema={self.schema}"
        return f"postgresql://{self.user}@{self.host}:{self.port}/{self.dbname}{schema}"

    def exists(self) -> bool:
        """Whether a ledger has been initialised here (cheap check, no side effects)."""
        if self.is_sqlite:
            assert self.path is not None
            return self.path.exists() and self.path.stat().st_size > 0
        import psycopg

        with psycopg.connect(**self.psycopg_kwargs()) as conn:
            row = conn.execute(
                "SELECT to_regclass(%s) IS NOT NULL", (f"{self.schema}.{LOG_TABLE}",)
            ).fetchone()
            return bool(row and row[0])

    def psycopg_kwargs(self) -> dict[str, Any]:
        return {
            "host": self.host,
            "port": self.port,
            "dbname": self.dbname,
            "user": self.user,
            "password": self.password,
            "connect_timeout": 5,
        }

    def eventsourcing_env(self, *, create_tables: bool) -> dict[str, str]:
        common = {
            "CREATE_TABLE": "y" if create_tables else "n",
            "AGGREGATE_CACHE_MAXSIZE": "0",
        }
        if self.is_sqlite:
            return common | {
                "PERSISTENCE_MODULE": "eventsourcing.sqlite",
                "SQLITE_DBNAME": str(self.path),
                "SQLITE_LOCK_TIMEOUT": "30",
                "APPLICATION_RECORDER_TOPIC": "ledger.storage:SQLiteLedgerRecorder",
            }
        return common | {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": self.dbname,
            "POSTGRES_HOST": self.host,
            "POSTGRES_PORT": str(self.port),
            "POSTGRES_USER": self.user,
            "POSTGRES_PASSWORD": self.password,
            "POSTGRES_SCHEMA": self.schema,
            "POSTGRES_LOCK_TIMEOUT": "30",
            "POSTGRES_CONNECT_TIMEOUT": "5",
            "APPLICATION_RECORDER_TOPIC": "ledger.storage:PostgresLedgerRecorder",
        }

    def sqlalchemy_url(self) -> str:
        if self.is_sqlite:
            return f"sqlite:///{self.path}"
        from urllib.parse import quote

        auth = quote(self.user, safe="")
        if self.password:
            auth += ":" + quote(self.password, safe="")
        return f"postgresql+psycopg://{auth}@{self.host}:{self.port}/{self.dbname}"

    def sqlalchemy_connect_args(self) -> dict[str, Any]:
        if self.is_sqlite:
            return {"timeout": 30}
        return {"options": f"-csearch_path={self.schema}", "connect_timeout": 5}

    def ensure_schema(self) -> None:
        """PostgreSQL: create the schema named in the URL if it is missing."""
        if self.is_sqlite or self.schema == "public":
            return
        import psycopg

        with psycopg.connect(**self.psycopg_kwargs(), autocommit=True) as conn:
            conn.execute(SQL("CREATE SCHEMA IF NOT EXISTS {}").format(Identifier(self.schema)))


Clock = Callable[[], datetime]


class _LinkWriter:
    """Shared by both recorders: compute the log rows for a batch of new events."""

    clock: Clock | None = None  # tests pin the store's clock; None means the real one

    @staticmethod
    def _links(
        positions: Sequence[int],
        stored_events: Sequence[StoredEvent],
        head_hash: str,
        head_recorded_at: str | None,
        now: datetime,
    ) -> list[tuple[int, str, int, str, str, str, str, str]]:
        recorded_at = format_recorded_at(now)
        if head_recorded_at is not None and head_recorded_at > recorded_at:
            recorded_at = head_recorded_at  # never let recorded time run backwards
        rows = []
        previous = head_hash
        for position, stored in zip(positions, stored_events, strict=True):
            stream = stored.originator_id
            if not isinstance(stream, UUID):
                stream = UUID(str(stream))
            payload = payload_hash(stored.state)
            this = event_hash(
                position, stream, stored.originator_version, stored.topic, recorded_at, payload
            )
            previous = chain_hash(previous, this)
            rows.append(
                (
                    position,
                    stream.hex,
                    stored.originator_version,
                    stored.topic,
                    recorded_at,
                    payload,
                    this,
                    previous,
                )
            )
        return rows


_SQLITE_GUARDS = [
    f"CREATE TRIGGER IF NOT EXISTS {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
    f"BEGIN SELECT RAISE(ABORT, 'pagu: {table} is append-only ({verb} refused)'); END"
    for table in (EVENTS_TABLE, LOG_TABLE)
    for verb in ("UPDATE", "DELETE")
]


class SQLiteLedgerRecorder(_LinkWriter, SQLiteApplicationRecorder):
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


class PostgresLedgerRecorder(_LinkWriter, PostgresApplicationRecorder):
    def __init__(self, datastore: PostgresDatastore, *, events_table_name: str = EVENTS_TABLE):
        super().__init__(datastore, events_table_name=events_table_name)
        schema = Identifier(self.datastore.schema)
        log = Identifier(LOG_TABLE)
        self.sql_create_statements.append(
            SQL(
                "CREATE TABLE IF NOT EXISTS {schema}.{log} ("
                "position bigint PRIMARY KEY, originator_id uuid NOT NULL, "
                "originator_version bigint NOT NULL, topic text NOT NULL, "
                "recorded_at text NOT NULL, payload_sha256 text NOT NULL, "
                "event_hash text NOT NULL, chain_hash text NOT NULL)"
            ).format(schema=schema, log=log)
        )
        self.sql_create_statements.append(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS {index} "
                "ON {schema}.{log} (originator_id, originator_version)"
            ).format(index=Identifier(f"{LOG_TABLE}_event"), schema=schema, log=log)
        )
        self.sql_create_statements.append(
            SQL(
                "CREATE OR REPLACE FUNCTION {schema}.pagu_refuse_change() RETURNS trigger "
                "LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION "
                "'pagu: % is append-only (% refused)', TG_TABLE_NAME, TG_OP; END $$"
            ).format(schema=schema)
        )
        for table in (self.events_table_name, LOG_TABLE):
            self.sql_create_statements.append(
                SQL(
                    "CREATE OR REPLACE TRIGGER {name} BEFORE UPDATE OR DELETE OR TRUNCATE "
                    "ON {schema}.{table} FOR EACH STATEMENT "
                    "EXECUTE FUNCTION {schema}.pagu_refuse_change()"
                ).format(
                    name=Identifier(f"{table}_append_only"),
                    schema=schema,
                    table=Identifier(table),
                )
            )
        self._select_head = SQL(
            "SELECT clock_timestamp() AS now, "
            "(SELECT chain_hash FROM {schema}.{log} ORDER BY position DESC LIMIT 1) AS hash, "
            "(SELECT recorded_at FROM {schema}.{log} ORDER BY position DESC LIMIT 1) AS at"
        ).format(schema=schema, log=log)
        self._insert_links = SQL(
            "INSERT INTO {schema}.{log} VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
        ).format(schema=schema, log=log)
        # Serialise writers without LOCK TABLE (see the module docstring). The key is the
        # events table's oid: one lock per ledger, whatever the schema is called.
        self.lock_table_statements = [
            SQL("SET LOCAL lock_timeout = '{0}s'").format(self.datastore.lock_timeout),
            SQL("SELECT pg_advisory_xact_lock({0}::regclass::oid::bigint)").format(
                Literal(f'"{self.datastore.schema}"."{self.events_table_name}"')
            ),
        ]

    def _fetch_ids_after_insert_events(
        self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        positions = super()._fetch_ids_after_insert_events(curs, stored_events, **kwargs)
        assert positions is not None
        # Still inside the insert's transaction, holding the writers' advisory lock.
        curs.execute(self._select_head)
        head = curs.fetchone()
        assert head is not None
        now = self.clock() if self.clock else head["now"]
        rows = self._links(positions, stored_events, head["hash"] or GENESIS, head["at"], now)
        curs.executemany(self._insert_links, [(p, UUID(o), *rest) for p, o, *rest in rows])
        return positions
