"""Where the ledger lives, chosen by one URL, and the store's own write path.

    ./pagu.db, /data/kukar.db, sqlite:///kukar.db      an embedded SQLite file
    postgresql://user:pass@host:5432/dbname[?schema=s]  a PostgreSQL server

The URL is the command's `--db`, else the group's (`pagu --db URL command`), else
`PAGU_DB`, else `./pagu.db` (see `StoreLocation.parse`). Nothing else in the environment
chooses or configures the store: the event-sourcing library gets a complete
configuration from pagu (`eventsourcing_env`, and `Ledger.construct_env` ignores the
process environment), connection URLs are built as objects (`sqlalchemy.URL.create`),
never by pasting strings, and `PGOPTIONS` is overridden on every PostgreSQL connection.
libpq still reads what the URL does not say (PGPASSWORD, ~/.pgpass, PGSSLMODE ...).

Both backends use eventsourcing's recorders, extended (`ledger.recorders`, named here by
topic so that a SQLite ledger never imports psycopg) so that every insert also writes the
event's link in the hash chain (`pagu_log`), in the same transaction, and checks before
committing that every event got its link. Recorded time comes from the store (the server
clock on PostgreSQL), never from the client, and never runs backwards along the log. The
tables refuse UPDATE, DELETE and (SQLite) INSERT OR REPLACE (triggers).

Writers serialise on a transaction-scoped advisory lock (PostgreSQL) or SQLite's write
lock, so the head read before writing links is the head they chain from. The advisory
lock replaces eventsourcing's `LOCK TABLE ... IN EXCLUSIVE MODE`, which PostgreSQL only
allows to roles that may UPDATE or DELETE the table: a writer role needs only INSERT.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, unquote, urlsplit

from events.errors import InvalidInput
from events.i18n import _
from events.records import fields_of
from events.storage_format import EVENTS_TABLE as EVENTS_TABLE
from events.storage_format import LOG_TABLE as LOG_TABLE
from events.storage_format import SETTINGS_TABLE as SETTINGS_TABLE
from events.storage_format import TRACKING_TABLE as TRACKING_TABLE
from ledger.errors import Refusal

if TYPE_CHECKING:
    from sqlalchemy import URL

DEFAULT_DB = "./pagu.db"
# A schema name pagu can quote the same way everywhere (SQL identifiers, libpq options):
# letters, digits and _, any case, at most 63 bytes, not one of PostgreSQL's own.
_SCHEMA = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")
_POSTGRES_SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")


def _schema_name(value: str) -> str:
    if (
        not _SCHEMA.match(value)
        or value.lower().startswith("pg_")
        or (value.lower() == "information_schema")
    ):
        raise InvalidInput(
            _(
                "schema {value!r} is not one pagu can use: letters, digits and _ (any "
                "case, not starting with a digit or pg_), at most 63 characters"
            ).format(value=value)
        )
    return value


def quoted(name: str) -> str:
    """A PostgreSQL identifier, quoted (the names pagu accepts hold no quote)."""
    return '"' + name.replace('"', '""') + '"'


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
        """`url` is the --db given (the command's, else the group's); None falls back to
        PAGU_DB, then ./pagu.db."""
        if url is None:
            url = os.environ.get("PAGU_DB", "").strip() or DEFAULT_DB
        text = url.strip()
        if not text:
            raise Refusal.of(_("{db} is empty: give a file or postgresql://host/dbname"))
        if text.startswith(_POSTGRES_SCHEMES):
            return cls._postgres(text)
        if text.startswith("sqlite:"):
            rest = text.removeprefix("sqlite:")
            if not rest.startswith("///") or not rest[3:]:
                raise InvalidInput(
                    _(
                        "not a SQLite URL: {text!r} (sqlite:///relative.db or "
                        "sqlite:////absolute.db)"
                    ).format(text=text)
                )
            text = rest[3:]
        if "://" in text:
            raise InvalidInput(
                _("unsupported store {text!r}: use a file path or postgresql://host/dbname").format(
                    text=text
                )
            )
        path = Path(text).expanduser().resolve()
        if path.is_dir():
            raise Refusal.of(_("{db} {path}: is a directory, not a ledger file"), path=text)
        return cls(url=text, backend="sqlite", path=path)

    @classmethod
    def _postgres(cls, text: str) -> StoreLocation:
        parts = urlsplit(text)
        query = parse_qs(parts.query, keep_blank_values=True)
        unknown = sorted(set(query) - {"schema"})
        if unknown:
            raise InvalidInput(
                _("unknown option {unknown!r} in {text} (pagu takes ?schema=NAME)").format(
                    unknown=unknown[0], text=cls._safe(text)
                )
            )
        schemas = query.get("schema", ["public"])
        if len(schemas) != 1:
            raise InvalidInput(_("more than one ?schema= in {text}").format(text=cls._safe(text)))
        dbname = unquote(parts.path.lstrip("/"))
        if not dbname:
            raise InvalidInput(
                _("no database name in {text} (postgresql://host/dbname)").format(
                    text=cls._safe(text)
                )
            )
        try:
            port = parts.port or 5432
        except ValueError:
            raise InvalidInput(
                _("not a port number in {text}").format(text=cls._safe(text))
            ) from None
        return cls(
            url=text,
            backend="postgres",
            host=unquote(parts.hostname or "") or "127.0.0.1",
            port=port,
            dbname=dbname,
            user=unquote(parts.username or "") or os.environ.get("PGUSER", "postgres"),
            password=unquote(parts.password or ""),
            schema=_schema_name(schemas[0]),
        )

    @staticmethod
    def _safe(text: str) -> str:
        """The URL without its password, for messages."""
        parts = urlsplit(text)
        if parts.password is None:
            return text
        return text.replace(f":{parts.password}@", ":***@", 1)

    @property
    def is_sqlite(self) -> bool:
        return self.backend == "sqlite"

    def display(self) -> str:
        if self.is_sqlite:
            return str(self.path)
        schema = "" if self.schema == "public" else f"?schema={self.schema}"
        return f"postgresql://{self.user}@{self.host}:{self.port}/{self.dbname}{schema}"

    def table(self, name: str) -> str:
        """A table of the ledger as SQL names it (quoted and qualified on PostgreSQL)."""
        return name if self.is_sqlite else f"{quoted(self.schema)}.{quoted(name)}"

    # ---- what is there -------------------------------------------------------------

    def exists(self) -> bool:
        """Whether a ledger has been initialised here (cheap, creates nothing). A ledger
        that lost a table still exists: what is missing is damage (`pagu verify`)."""
        if self.is_sqlite:
            assert self.path is not None
            return self.path.is_file() and self.path.stat().st_size > 0
        with self.connect() as conn:
            row = conn.execute(
                "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = %s AND c.relname = ANY(%s) AND c.relkind IN ('r', 'p')",
                (self.schema, [EVENTS_TABLE, LOG_TABLE, TRACKING_TABLE]),
            ).fetchone()
            return bool(row and row[0])

    def connect(self, **extra: Any) -> Any:
        """A psycopg connection, with a clear message when the server cannot be reached."""
        import psycopg

        try:
            return psycopg.connect(**self.psycopg_kwargs(), **extra)
        except psycopg.OperationalError as problem:
            detail = str(problem).strip().splitlines()[-1] if str(problem).strip() else ""
            raise InvalidInput(
                _("cannot reach the ledger at {display}: {detail}").format(
                    display=self.display(), detail=detail
                )
            ) from None

    @property
    def read_only(self) -> bool:
        """SQLite: the file or its folder may not be written (permissions, a read-only
        mount). Judged by the permission bits too, so that a copy made read-only for an
        auditor is treated as one even by root, whom the kernel would let write."""
        if not self.is_sqlite:
            return False
        assert self.path is not None
        try:
            mode, folder = self.path.stat().st_mode, self.path.parent.stat().st_mode
            mounted_ro = bool(os.statvfs(self.path).f_flag & os.ST_RDONLY)
        except OSError:
            return False
        return (
            mounted_ro
            or not mode & 0o222
            or not folder & 0o222
            or not os.access(self.path, os.W_OK)
            or not os.access(self.path.parent, os.W_OK | os.X_OK)
        )

    def sqlite_uri(self, *, read_only: bool = True) -> str:
        """The file as a SQLite URI (its name percent-encoded: `?`, `#` and `%` are
        characters of the name). On read-only media a ledger whose log is all in the
        main file (no write-ahead log pending) is opened immutable, so that SQLite
        creates no -wal or -shm file beside it."""
        assert self.path is not None
        uri = self.path.as_uri()
        if not read_only:
            return uri + "?mode=rw"
        wal = self.path.with_name(self.path.name + "-wal")
        pending = wal.exists() and wal.stat().st_size > 0
        return uri + ("?mode=ro" if pending or not self.read_only else "?immutable=1")

    # ---- connection parameters -------------------------------------------------------

    def psycopg_kwargs(self) -> dict[str, Any]:
        return {
            **fields_of(self, ("host", "port", "dbname", "user", "password")),
            "connect_timeout": 5,
            "options": self.postgres_options(),
        }

    def postgres_options(self) -> str:
        """Session settings for every connection; given, they replace PGOPTIONS."""
        return f"-c search_path={quoted(self.schema)}"

    def eventsourcing_env(self, *, create_tables: bool) -> dict[str, str]:
        """The library's whole configuration: every key it reads, so that nothing falls
        back to a default chosen elsewhere (`Ledger.construct_env` adds nothing)."""
        common = {
            "CREATE_TABLE": "y" if create_tables else "n",
            "AGGREGATE_CACHE_MAXSIZE": "0",
            "AGGREGATE_CACHE_FASTFORWARD": "y",
            "AGGREGATE_CACHE_FASTFORWARD_SKIPPING": "n",
            "DEEPCOPY_FROM_AGGREGATE_CACHE": "y",
            "IS_SNAPSHOTTING_ENABLED": "n",
            "TRANSCODER_TOPIC": "",
            "MAPPER_TOPIC": "",
            "CIPHER_TOPIC": "",
            "CIPHER_KEY": "",
            "COMPRESSOR_TOPIC": "",
            "ORIGINATOR_ID_TYPE": "uuid",
            "TRACKING_RECORDER_TOPIC": "",
            "PROCESS_RECORDER_TOPIC": "",
        }
        if self.is_sqlite:
            return common | {
                "PERSISTENCE_MODULE": "eventsourcing.sqlite",
                "SQLITE_DBNAME": str(self.path),
                "SQLITE_LOCK_TIMEOUT": "30",
                "SQLITE_SINGLE_ROW_TRACKING": "t",
                "APPLICATION_RECORDER_TOPIC": "ledger.recorders.sqlite:SQLiteLedgerRecorder",
            }
        return common | {
            "PERSISTENCE_MODULE": "ledger.recorders.postgres:PostgresLedgerFactory",
            "POSTGRES_OPTIONS": self.postgres_options(),
            "POSTGRES_DBNAME": self.dbname,
            "POSTGRES_HOST": self.host,
            "POSTGRES_PORT": str(self.port),
            "POSTGRES_USER": self.user,
            "POSTGRES_PASSWORD": self.password,
            "POSTGRES_GET_PASSWORD_TOPIC": "",
            "POSTGRES_SCHEMA": self.schema,
            "POSTGRES_LOCK_TIMEOUT": "30",
            "POSTGRES_CONNECT_TIMEOUT": "5",
            "POSTGRES_IDLE_IN_TRANSACTION_SESSION_TIMEOUT": "5",
            "POSTGRES_POOL_SIZE": "1",
            "POSTGRES_MAX_OVERFLOW": "0",
            "POSTGRES_MAX_WAITING": "0",
            "POSTGRES_CONN_MAX_AGE": "3600",
            "POSTGRES_PRE_PING": "n",
            "POSTGRES_SINGLE_ROW_TRACKING": "t",
            "POSTGRES_ENABLE_DB_FUNCTIONS": "n",
            "APPLICATION_RECORDER_TOPIC": "ledger.recorders.postgres:PostgresLedgerRecorder",
        }

    def sqlalchemy_url(self, *, read_only: bool = False) -> URL:
        from sqlalchemy import URL

        if self.is_sqlite:
            if read_only:
                return URL.create(
                    "sqlite", database=self.sqlite_uri(read_only=True), query={"uri": "true"}
                )
            return URL.create("sqlite", database=str(self.path))
        return URL.create(
            "postgresql+psycopg",
            username=self.user,
            password=self.password or None,
            host=self.host,
            port=self.port,
            database=self.dbname,
        )

    def sqlalchemy_connect_args(self) -> dict[str, Any]:
        if self.is_sqlite:
            return {"timeout": 30}
        return {"options": self.postgres_options(), "connect_timeout": 5}

    def ensure_schema(self) -> None:
        """PostgreSQL: create the schema named in the URL if it is missing."""
        if self.is_sqlite or self.schema == "public":
            return
        from psycopg.sql import SQL, Identifier

        with self.connect(autocommit=True) as conn:
            conn.execute(SQL("CREATE SCHEMA IF NOT EXISTS {}").format(Identifier(self.schema)))
