"""Where the ledger lives, chosen by one URL, and the store's own write path.

    ./pagu.db, /data/kukar.db, sqlite:///kukar.db      an embedded SQLite file
    postgresql://user:pass@host:5432/dbname[?schema=s]  a PostgreSQL server

Both backends use eventsourcing's recorders, extended (`ledger.recorders`, named here by
topic so that a SQLite ledger never imports psycopg) so that every insert also writes the
event's link in the hash chain (`pagu_log`): its position, its type, the time the store
recorded it, the SHA-256 of its payload and its hashes (`ledger.chain`), in the same
transaction. Recorded time therefore comes from the store (the server clock on
PostgreSQL), never from the client, and it never runs backwards along the log. The
tables refuse UPDATE and DELETE (triggers).

Writers serialise on a transaction-scoped advisory lock (PostgreSQL) or SQLite's write
lock, so the head read before writing links is the head they chain from. The advisory
lock replaces eventsourcing's `LOCK TABLE ... IN EXCLUSIVE MODE`, which PostgreSQL only
allows to roles that may UPDATE or DELETE the table: a writer role needs only INSERT.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from events.errors import InvalidInput

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
                "APPLICATION_RECORDER_TOPIC": "ledger.recorders.sqlite:SQLiteLedgerRecorder",
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
            "APPLICATION_RECORDER_TOPIC": "ledger.recorders.postgres:PostgresLedgerRecorder",
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
        from psycopg.sql import SQL, Identifier

        with psycopg.connect(**self.psycopg_kwargs(), autocommit=True) as conn:
            conn.execute(SQL("CREATE SCHEMA IF NOT EXISTS {}").format(Identifier(self.schema)))
