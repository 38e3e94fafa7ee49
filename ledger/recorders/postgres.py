"""The PostgreSQL recorder: events and their links in one transaction, serialised on an
advisory lock (see `ledger.storage`), with recorded time from the server's clock."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Identifier, Literal

from ledger.chain import GENESIS
from ledger.recorders import LinkWriter
from ledger.storage import EVENTS_TABLE, LOG_TABLE


class PostgresLedgerRecorder(LinkWriter, PostgresApplicationRecorder):
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
