"""The PostgreSQL recorder: events and their links in one transaction, serialised on an
advisory lock (see `ledger.storage`), with recorded time from the server's clock.

pagu's own write path replaces the library's `insert_events`: one way in (never the
library's database-function path, which would skip the links), no automatic retry of
a write whose commit may have succeeded (a retry would record it twice; the service
finds out what happened instead), and a check, before the commit, that every event got
its link."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import (
    PostgresAggregateRecorder,
    PostgresApplicationRecorder,
    PostgresDatastore,
    PostgresFactory,
)
from eventsourcing.utils import Environment
from psycopg import Cursor, Rollback
from psycopg.rows import DictRow
from psycopg.sql import SQL, Identifier, Literal
from psycopg.types.composite import CompositeInfo, register_composite

from ledger.chain import GENESIS
from ledger.recorders import LinkWriter, MissingLinks
from ledger.storage import EVENTS_TABLE, LOG_TABLE


class PostgresLedgerDatastore(PostgresDatastore):
    def register_type_adapters(self) -> None:
        """As the library does, with the schema quoted (it writes `schema.name`, which
        PostgreSQL folds to lower case: a schema named CeoUpper would not be found)."""
        missing = [name for name in self.db_type_names if name not in self.psycopg_type_adapters]
        if not missing:
            return
        with self.get_connection() as conn:
            for name in missing:
                info = CompositeInfo.fetch(conn, Identifier(self.schema, name))
                if info is None:
                    continue
                register_composite(info, conn)
                self.psycopg_type_adapters[name] = info
                assert info.python_type is not None, info
                self.psycopg_python_types[name] = info.python_type


class PostgresLedgerFactory(PostgresFactory):
    """The library's factory, with pagu's datastore and session settings."""

    def __init__(self, env: Environment) -> None:
        super().__init__(env)
        self.datastore.__class__ = PostgresLedgerDatastore
        # Given here, these replace whatever PGOPTIONS would set on each connection.
        kwargs = self.datastore.pool.kwargs
        assert isinstance(kwargs, dict)
        kwargs["options"] = env.get("POSTGRES_OPTIONS") or ""


class PostgresLedgerRecorder(LinkWriter, PostgresApplicationRecorder):
    def __init__(self, datastore: PostgresDatastore, *, events_table_name: str = EVENTS_TABLE):
        super().__init__(datastore, events_table_name=events_table_name)
        schema = Identifier(self.datastore.schema)
        log = Identifier(LOG_TABLE)
        events = Identifier(self.events_table_name)
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
            # Triggers are restored to firing "on origin" (an ALTER TABLE ... ENABLE
            # REPLICA or DISABLE TRIGGER survives CREATE OR REPLACE TRIGGER).
            self.sql_create_statements.append(
                SQL("ALTER TABLE {schema}.{table} ENABLE TRIGGER {name}").format(
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
        self._count_links = SQL(
            "SELECT count(*) AS n FROM {schema}.{log} l JOIN {schema}.{events} e "
            "ON e.notification_id = l.position AND e.originator_id = l.originator_id "
            "AND e.originator_version = l.originator_version WHERE l.position = ANY(%s)"
        ).format(schema=schema, log=log, events=events)
        # Serialise writers without LOCK TABLE (see the module docstring). The key is the
        # events table's oid: one lock per ledger, whatever the schema is called.
        self.lock_table_statements = [
            SQL("SET LOCAL lock_timeout = '{0}s'").format(self.datastore.lock_timeout),
            SQL("SELECT pg_advisory_xact_lock({0}::regclass::oid::bigint)").format(
                Literal(f'"{self.datastore.schema}"."{self.events_table_name}"')
            ),
        ]

    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        """The events and their links in one transaction; no retry (see the module)."""
        if not stored_events:
            return []
        problem: Exception | None = None
        positions: Sequence[int] | None = None
        with self.datastore.get_connection() as conn:
            with conn.pipeline() as pipeline, conn.transaction():
                with conn.cursor() as curs:
                    self._lock_table(curs)
                with conn.cursor() as curs:
                    try:
                        PostgresAggregateRecorder._insert_stored_events(self, curs, stored_events)
                        # sync now, so that a unique violation is an IntegrityError here
                        pipeline.sync()
                        positions = self._fetch_ids_after_insert_events(curs, stored_events)
                    except Exception as raised:  # noqa: BLE001 - re-raised once the pipeline has exited
                        problem = raised
                if problem is not None:
                    raise Rollback()  # never commit what failed (the block swallows this)
            if problem is not None:
                raise problem
        return positions

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
        # A rule or trigger could swallow the links: then nothing may be committed. (A
        # cursor of its own: in pipeline mode this one still holds the inserts' results.)
        with curs.connection.cursor() as check:
            check.execute(self._count_links, (list(positions),))
            found = check.fetchone()
        linked = int(found["n"]) if found else 0
        if linked != len(positions):
            raise MissingLinks(linked, len(positions))
        return positions
