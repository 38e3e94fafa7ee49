"""Who may do what on a PostgreSQL ledger: a reader role and a writer role.

    reader  SELECT on the event store, the log and the read model: it can query, run
            views and verify; it cannot write anything.
    writer  SELECT and INSERT on the event store and the log (and the id sequence), so
            it can append; no UPDATE, DELETE or TRUNCATE there, by privilege as well as
            by trigger. SELECT only on the read model: what every view shows is written
            by the ledger's owner alone (any view the owner runs brings it up to date),
            so a writer cannot change it by hand; its own views answer from the read
            model as it stands and say when it is behind the log.

Each grant first revokes whatever the role held on these tables, so granting is exact
and can be repeated (after an upgrade adds read-model tables, grant again). Run by the
ledger's owner (whoever ran `pagu init`); the roles themselves are created by the
database administrator (CREATE ROLE name LOGIN PASSWORD ...).
"""

from __future__ import annotations

from typing import Any

from events.errors import InvalidInput
from events.i18n import _
from events.storage_format import READ_MODEL_LIKE
from ledger.errors import NoLedger
from ledger.storage import EVENTS_TABLE, LOG_TABLE, SETTINGS_TABLE, StoreLocation

# the settings (the ledger's time zone) go with the log: read by both roles, added to by
# a writer's import --tz
LEDGER_TABLES = (EVENTS_TABLE, LOG_TABLE, SETTINGS_TABLE)


def _connect(location: StoreLocation) -> Any:
    if location.is_sqlite:
        raise InvalidInput(
            _(
                "roles exist only on PostgreSQL; protect a SQLite ledger with the file's "
                "permissions (a reader gets a read-only copy or read-only access to the "
                "file)"
            )
        )
    if not location.exists():
        raise NoLedger(location.display())
    return location.connect()


def _objects(conn: Any, location: StoreLocation, role: str) -> tuple[list[str], list[str]]:
    """The read-model tables that exist, and the sequences: the events' ids first, then
    the read model's."""
    found = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
    if found is None:
        raise InvalidInput(
            _(
                "no role {role!r} on the server: the administrator creates it first "
                "(CREATE ROLE {role} LOGIN PASSWORD '...')"
            ).format(role=role)
        )
    tables = [
        row[0]
        for row in conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s "
            "AND table_name LIKE %s ORDER BY table_name",
            (location.schema, READ_MODEL_LIKE),
        )
    ]
    sequence = conn.execute(
        "SELECT pg_get_serial_sequence(%s, 'notification_id')",
        (f'"{location.schema}"."{EVENTS_TABLE}"',),
    ).fetchone()[0]
    read_model = [
        f'"{location.schema}"."{row[0]}"'
        for row in conn.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s AND c.relkind = 'S' AND c.relname LIKE %s "
            "ORDER BY c.relname",
            (location.schema, READ_MODEL_LIKE),
        )
    ]
    # the events' sequence is marked so that grant can tell it from the read model's
    return tables, ([f"events:{sequence}"] if sequence else []) + read_model


def _revoke_all(
    conn: Any, location: StoreLocation, role: str, rm: list[str], sequences: list[str]
) -> None:
    from psycopg.sql import SQL, Identifier

    who = Identifier(role)
    schema = location.schema
    tables = SQL(", ").join(Identifier(schema, t) for t in (*LEDGER_TABLES, *rm))
    conn.execute(SQL("REVOKE ALL ON TABLE {} FROM {}").format(tables, who))
    if sequences:
        names = SQL(", ").join(SQL(name.removeprefix("events:")) for name in sequences)
        conn.execute(SQL("REVOKE ALL ON SEQUENCE {} FROM {}").format(names, who))


def grant(location: StoreLocation, role: str, kind: str) -> str:
    """Make `role` a reader or a writer of the ledger; return a one-line summary."""
    from psycopg.sql import SQL, Identifier

    if kind not in ("reader", "writer"):
        raise ValueError(kind)
    from ledger.settings import ensure_table

    with _connect(location) as conn:
        ensure_table(location)  # a ledger older than settings has none yet
        rm, sequences = _objects(conn, location, role)
        _revoke_all(conn, location, role, rm, sequences)
        who = Identifier(role)
        schema = location.schema
        ledger = SQL(", ").join(Identifier(schema, t) for t in LEDGER_TABLES)
        conn.execute(SQL("GRANT USAGE ON SCHEMA {} TO {}").format(Identifier(schema), who))
        read_model = SQL(", ").join(Identifier(schema, t) for t in rm)
        if kind == "reader":
            conn.execute(SQL("GRANT SELECT ON TABLE {} TO {}").format(ledger, who))
            if rm:
                conn.execute(SQL("GRANT SELECT ON TABLE {} TO {}").format(read_model, who))
            return _(
                "{role} may read, query and verify the ledger at {display}; it cannot write"
            ).format(role=role, display=location.display())
        conn.execute(SQL("GRANT SELECT, INSERT ON TABLE {} TO {}").format(ledger, who))
        events = [name.removeprefix("events:") for name in sequences if name.startswith("events:")]
        if events:  # the events' ids only: the read model's are the owner's
            conn.execute(SQL("GRANT USAGE ON SEQUENCE {} TO {}").format(SQL(events[0]), who))
        if rm:
            conn.execute(SQL("GRANT SELECT ON TABLE {} TO {}").format(read_model, who))
        return _(
            "{role} may append to the ledger at {display} (import, commands); it "
            "cannot update or delete events, nor write the read model (the owner's "
            "views keep it current)"
        ).format(role=role, display=location.display())


def revoke(location: StoreLocation, role: str) -> str:
    from psycopg.sql import SQL, Identifier

    from ledger.settings import ensure_table

    with _connect(location) as conn:
        ensure_table(location)
        rm, sequences = _objects(conn, location, role)
        _revoke_all(conn, location, role, rm, sequences)
        conn.execute(
            SQL("REVOKE USAGE ON SCHEMA {} FROM {}").format(
                Identifier(location.schema), Identifier(role)
            )
        )
    return _("{role} holds no privileges on the ledger at {display} any more").format(
        role=role, display=location.display()
    )
