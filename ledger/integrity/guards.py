"""Are the append-only guards in place as pagu installs them?

`pagu init` installs triggers that refuse UPDATE, DELETE and TRUNCATE (PostgreSQL) or
UPDATE, DELETE and INSERT OR REPLACE (SQLite) on the event table and the log. Someone
who may change the schema can drop them, disable them (PostgreSQL `DISABLE TRIGGER`),
let them fire only on a replica (`ENABLE REPLICA TRIGGER`, or
`session_replication_role=replica` set for a role), or replace them (or the function
behind them) with ones that refuse nothing. `verify` warns of each; `pagu init` puts
them back. Rules and other triggers on those tables are named too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from events.i18n import _
from ledger.storage import EVENTS_TABLE, LOG_TABLE, StoreLocation

Query = Callable[..., list[tuple[Any, ...]]]
POSTGRES_GUARDS = [f"{table}_append_only" for table in (EVENTS_TABLE, LOG_TABLE)]
# BEFORE (2) + DELETE (8) + UPDATE (16) + TRUNCATE (32), for each statement (no ROW bit)
POSTGRES_TRIGGER_TYPE = 2 | 8 | 16 | 32
POSTGRES_GUARD_BODY = (
    "BEGIN RAISE EXCEPTION 'pagu: % is append-only (% refused)', TG_TABLE_NAME, TG_OP; END"
)


def problems(location: StoreLocation, query: Query) -> list[str]:
    """Each guard not in place, and why, in words (empty: all in place)."""
    return _sqlite(query) if location.is_sqlite else _postgres(location, query)


def _sqlite(query: Query) -> list[str]:
    from ledger.recorders.sqlite import guard_statements

    rows = query("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'")
    present = {name: " ".join(str(sql).split()) for name, _, sql in rows}
    found = []
    for name, statement in guard_statements().items():
        if name not in present:
            found.append(f"{name} (missing)")
        elif present[name] != " ".join(statement.split()):
            found.append(_("{name} (changed: it is not the guard pagu installs)").format(name=name))
    found += [
        _("{name} (a trigger pagu did not install on {table})").format(name=name, table=table)
        for name, table, _sql in rows
        if table in (EVENTS_TABLE, LOG_TABLE) and name not in guard_statements()
    ]
    return found


def _postgres(location: StoreLocation, query: Query) -> list[str]:
    schema = location.schema
    rows = query(
        "SELECT t.tgname, c.relname, t.tgenabled, t.tgtype, p.proname, pn.nspname, "
        "p.prosrc FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "JOIN pg_proc p ON p.oid = t.tgfoid JOIN pg_namespace pn ON pn.oid = p.pronamespace "
        "WHERE n.nspname = %s AND c.relname = ANY(%s) AND NOT t.tgisinternal",
        (schema, [EVENTS_TABLE, LOG_TABLE]),
    )
    triggers = {row[0]: row for row in rows}
    found = []
    for name in POSTGRES_GUARDS:
        row = triggers.get(name)
        if row is None:
            found.append(f"{name} (missing)")
        elif row[2] == "D":
            found.append(f"{name} (disabled)")
        elif row[2] == "R":
            found.append(_("{name} (fires only on a replica)").format(name=name))
        elif (
            int(row[3]) != POSTGRES_TRIGGER_TYPE
            or (row[4], row[5]) != ("pagu_refuse_change", schema)
            or " ".join(str(row[6]).split()) != POSTGRES_GUARD_BODY
        ):
            found.append(_("{name} (changed: it is not the guard pagu installs)").format(name=name))
    found += [
        _("{name} (a trigger pagu did not install on {row})").format(name=name, row=row[1])
        for name, row in triggers.items()
        if name not in POSTGRES_GUARDS
    ]
    found += [
        _("{rule} (a rule on {table})").format(rule=rule, table=table)
        for rule, table in query(
            "SELECT rulename, tablename FROM pg_rules WHERE schemaname = %s "
            "AND tablename = ANY(%s)",
            (schema, [EVENTS_TABLE, LOG_TABLE]),
        )
    ]
    replica = query(
        "SELECT 1 FROM pg_db_role_setting s WHERE s.setdatabase IN (0, "
        "(SELECT oid FROM pg_database WHERE datname = current_database())) "
        "AND array_to_string(s.setconfig, ',') LIKE '%%session_replication_role=replica%%'"
    )
    if replica:
        found.append(
            _(
                "session_replication_role=replica is set for a role or the database (no "
                "trigger fires in such sessions)"
            )
        )
    return found
