"""Is the store what pagu wrote? Checked before the ledger is opened, read-only.

The event table and the log must both be there with the columns pagu writes, and the
payloads must be plain JSON (a store written by a program that compressed or encrypted
them would make every view fail). A ledger that lost a table is damaged, not new: it is
refused here and `pagu verify` names the damage.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from events import storage_format
from events.errors import InvalidInput
from events.i18n import _
from ledger.storage import EVENTS_TABLE, LOG_TABLE, StoreLocation

EVENT_COLUMNS = set(storage_format.EVENT_COLUMNS)
LOG_COLUMNS = set(storage_format.LOG_COLUMNS)


class StoreDamaged(InvalidInput):
    """The store lacks what every pagu ledger has (a table dropped, its columns changed)."""


def columns(location: StoreLocation, conn: Any) -> dict[str, set[str]]:
    """The ledger's tables present (the two log tables and any read-model table) with
    their columns, on a connection of either backend."""
    if location.is_sqlite:
        names = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND "
                "(name IN (?, ?) OR name LIKE ? ESCAPE '\\')",
                (EVENTS_TABLE, LOG_TABLE, storage_format.READ_MODEL_LIKE),
            )
        ]
        return {
            name: {row[1] for row in conn.execute(f'PRAGMA table_info("{name}")')} for name in names
        }
    found: dict[str, set[str]] = {}
    for table, column in conn.execute(
        "SELECT c.relname, a.attname FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
        "WHERE n.nspname = %s AND c.relkind IN ('r', 'p') "
        "AND (c.relname = ANY(%s) OR c.relname LIKE %s)",
        (location.schema, [EVENTS_TABLE, LOG_TABLE], storage_format.READ_MODEL_LIKE),
    ):
        found.setdefault(table, set()).add(column)
    return found


def problems(location: StoreLocation, tables: dict[str, set[str]]) -> list[str]:
    """What is wrong with the shape of the ledger's log, in words (empty: nothing)."""
    found = []
    wanted = {EVENTS_TABLE: EVENT_COLUMNS, LOG_TABLE: LOG_COLUMNS}
    if not location.is_sqlite:
        wanted[EVENTS_TABLE] = EVENT_COLUMNS | {"notification_id"}
    for table, needed in wanted.items():
        if table not in tables:
            found.append(_("its table {table} is missing (dropped)").format(table=table))
        elif not needed <= tables[table]:
            missing = ", ".join(sorted(needed - tables[table]))
            found.append(
                _(
                    "its table {table} lacks the column(s) {missing} (written by an earlier "
                    "pagu, or altered)"
                ).format(table=table, missing=missing)
            )
    return found


def _payload_problem(location: StoreLocation, conn: Any) -> str | None:
    events = location.table(EVENTS_TABLE)
    order = "rowid" if location.is_sqlite else "notification_id"
    for direction in ("ASC", "DESC"):
        row = conn.execute(f"SELECT state FROM {events} ORDER BY {order} {direction} LIMIT 1")
        found = row.fetchone()
        if found is not None and not bytes(found[0]).lstrip().startswith(b"{"):
            return _(
                "its events are not stored as plain JSON (written compressed or "
                "encrypted by another program?)"
            )
    return None


def check_ledger(location: StoreLocation) -> None:
    """Refuse a store that is not a pagu ledger, or one whose log lost a table."""
    if location.is_sqlite:
        conn: Any = sqlite3.connect(location.sqlite_uri(read_only=True), uri=True)
    else:
        conn = location.connect()
    try:
        try:
            tables = columns(location, conn)
        except sqlite3.DatabaseError as problem:
            raise InvalidInput(
                _("{display} is not a pagu ledger ({problem})").format(
                    display=location.display(), problem=problem
                )
            ) from None
        if not tables:
            raise InvalidInput(
                _("{display} is not a pagu ledger: it holds none of its tables").format(
                    display=location.display()
                )
            )
        wrong = problems(location, tables)
        if wrong:
            raise StoreDamaged(
                _(
                    "the ledger at {display} is damaged: {wrong}; nothing was done (`pagu "
                    "verify` reports it)"
                ).format(display=location.display(), wrong="; ".join(wrong))
            )
        payload = _payload_problem(location, conn)
        if payload:
            raise StoreDamaged(
                _("the ledger at {display} is damaged: {payload}").format(
                    display=location.display(), payload=payload
                )
            )
    finally:
        conn.close()


def in_the_log(location: StoreLocation, events: list[Any]) -> bool | None:
    """Whether the first and last of these events are in the log (a write is one
    transaction: both or neither), asked on a connection of its own after a write that
    reported an error; None: the store cannot tell now."""
    keys = [(e.originator_id, e.originator_version) for e in (events[0], events[-1])]
    try:
        if location.is_sqlite:
            conn: Any = sqlite3.connect(location.sqlite_uri(read_only=True), uri=True)
            mark = "?"
            keys = [(stream.hex, version) for stream, version in keys]
        else:
            conn = location.connect()
            mark = "%s"
        try:
            found = [
                conn.execute(
                    f"SELECT count(*) FROM {location.table(LOG_TABLE)} "
                    f"WHERE originator_id = {mark} AND originator_version = {mark}",
                    key,
                ).fetchone()[0]
                for key in keys
            ]
        finally:
            conn.close()
    except Exception:  # noqa: BLE001 - the store is in trouble: we cannot tell
        return None
    if all(found):
        return True
    return False if not any(found) else None
