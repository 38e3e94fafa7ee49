"""Where pagu reaches below eventsourcing's public API, listed in one place.

pagu's write path is the library's, extended: every insert also writes the event's link
in the hash chain, in the same transaction (`ledger.recorders`), and `Ledger.save_lines`
puts events straight into the event store. Both rest on the library's private methods
and attributes named here, with the signature they had when checked. pyproject.toml
pins the library to `CHECKED`; before widening the pin, read each hook's use against the
new release and run tests/unit/test_eventsourcing_hooks.py, which fails loudly when an
installed library lacks a hook, changed its parameters, or is outside `CHECKED`.
"""

from __future__ import annotations

from dataclasses import dataclass

CHECKED = ("9.5", "9.6")  # from 9.5.0 up to, not including, 9.6 (checked with 9.5.6)


@dataclass(frozen=True)
class Hook:
    target: str  # "module:Class.name"
    parameters: tuple[str, ...] | None  # a method's parameters, None: an attribute
    used_by: str  # where pagu uses it, and why


HOOKS: tuple[Hook, ...] = (
    Hook(
        "eventsourcing.sqlite:SQLiteApplicationRecorder._insert_events",
        ("self", "c", "stored_events", "_"),
        "ledger/recorders/sqlite.py: overridden, so that the links are written under the "
        "insert's write lock, in its transaction",
    ),
    Hook(
        "eventsourcing.postgres:PostgresAggregateRecorder._insert_stored_events",
        ("self", "curs", "stored_events", "_"),
        "ledger/recorders/postgres.py: called by pagu's own insert_events (one way in, no "
        "retry, no database-function path)",
    ),
    Hook(
        "eventsourcing.postgres:PostgresApplicationRecorder._fetch_ids_after_insert_events",
        ("self", "curs", "stored_events", "_"),
        "ledger/recorders/postgres.py: overridden, so that the links are written with the "
        "positions the insert got, under the advisory lock",
    ),
    Hook(
        "eventsourcing.postgres:PostgresApplicationRecorder._lock_table",
        ("self", "curs"),
        "ledger/recorders/postgres.py: runs `lock_table_statements`, which pagu replaces by "
        "an advisory lock (a writer role needs only INSERT)",
    ),
    Hook(
        "eventsourcing.postgres:PostgresApplicationRecorder.insert_events",
        ("self", "stored_events", "kwargs"),
        "ledger/recorders/postgres.py: replaced whole (see above)",
    ),
    Hook(
        "eventsourcing.postgres:PostgresDatastore.register_type_adapters",
        ("self",),
        "ledger/recorders/postgres.py: replaced, to quote the schema; reads the private "
        "db_type_names, psycopg_type_adapters and psycopg_python_types",
    ),
    Hook(
        "eventsourcing.sqlite:SQLiteApplicationRecorder.construct_create_table_statements",
        ("self",),
        "ledger/recorders/sqlite.py: extended with the log table and the append-only guards",
    ),
    Hook(
        "eventsourcing.persistence:EventStore.put",
        ("self", "domain_events", "kwargs"),
        "ledger/service.py save_lines: events go straight into the store, skipping "
        "Application.save's snapshots, notifications and per-aggregate protocol checks "
        "(pagu takes no snapshots and notifies no one)",
    ),
    Hook(
        "eventsourcing.application:Application.save",
        ("self", "objs", "kwargs"),
        "what save_lines skips: if its steps change, check that none of them is needed",
    ),
    Hook(
        "eventsourcing.domain:Aggregate._create",
        ("event_class", "id", "kwargs"),
        "ledger/line.py BudgetLine.register: a line's creation with pagu's own event class "
        "and deterministic id",
    ),
)


def version_checked(version: str) -> bool:
    """Whether an installed eventsourcing version is one these hooks were checked with."""
    parts = tuple(int(part) for part in version.split(".")[:2] if part.isdigit())
    low = tuple(int(part) for part in CHECKED[0].split("."))
    high = tuple(int(part) for part in CHECKED[1].split("."))
    return low <= parts < high
