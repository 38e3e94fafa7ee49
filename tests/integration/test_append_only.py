"""The database itself refuses UPDATE and DELETE on the event tables, on both backends,
and the application never needs them."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest

from ledger.integrity import verify_store
from ledger.storage import StoreLocation
from tests.conftest import SHARED_DOCUMENT, pagu
from tests.tampering import record_later_events

ATTEMPTS = [
    "UPDATE {events} SET topic = 'events.line:PaguSet'",
    "UPDATE {events} SET state = state WHERE originator_version = 1",
    "DELETE FROM {events} WHERE originator_version = 2",
    "DELETE FROM {events}",
    "UPDATE {log} SET recorded_at = '2024-01-01T00:00:00.000000+00:00'",
    "UPDATE {log} SET position = position + 1000 WHERE position = 5",
    "DELETE FROM {log} WHERE position = 5",
    "DELETE FROM {log}",
]


def refused(url: str, statement: str) -> str:
    """Run one statement as the ledger's owner; return the database's refusal."""
    location = StoreLocation.parse(url)
    if location.is_sqlite:
        assert location.path is not None
        conn: Any = sqlite3.connect(location.path)
        sql = statement.format(events="pagu_events", log="pagu_log")
        with pytest.raises(sqlite3.DatabaseError) as refusal:
            conn.execute(sql)
        conn.close()
        return str(refusal.value)
    import psycopg

    schema = location.schema
    sql = statement.format(events=f'"{schema}".pagu_events', log=f'"{schema}".pagu_log')
    with psycopg.connect(**location.psycopg_kwargs()) as pg:
        with pytest.raises(psycopg.Error) as failure:
            pg.execute(sql)
        return str(failure.value)


def test_update_and_delete_fail_at_the_database(imported: str) -> None:
    before = verify_store(imported)
    assert before.intact and before.missing_guards == []
    for statement in ATTEMPTS:
        message = refused(imported, statement)
        assert "append-only" in message, (statement, message)
    after = verify_store(imported)
    assert after.intact and after.head == before.head and after.events == 783


@pytest.mark.postgres
def test_truncate_fails_on_postgres(pg_url: str) -> None:
    assert pagu("--db", pg_url, "import", str(SHARED_DOCUMENT)).exit_code == 0
    for table in ("pagu_events", "pagu_log"):
        message = refused(pg_url, f"TRUNCATE {{{table.split('_')[1]}}}")
        assert "append-only (TRUNCATE refused)" in message
    assert verify_store(pg_url).events == 783


def test_the_application_never_needs_them(imported: str) -> None:
    """Import, later revisions, a correction and the read model all work while the
    guards refuse every UPDATE and DELETE on the event tables."""
    from datetime import date

    from ledger.line import Basis
    from ledger.service import open_ledger
    from tests.tampering import sub_kegiatan

    record_later_events(imported, 5)
    ledger = open_ledger(imported, create=False)
    try:
        line = sub_kegiatan(ledger)[0]
        line.correct(line.version, Basis("auditor", "salah ketik", None, date(2024, 9, 2)))
        ledger.save_lines([line])
    finally:
        ledger.close()
    assert pagu("--db", imported, "lines").exit_code == 0
    assert pagu("--db", imported, "import", str(SHARED_DOCUMENT)).exit_code == 0
    verdict = verify_store(imported)
    assert verdict.intact and verdict.events == 789 and verdict.missing_guards == []


# ---- issue 15, item 14: REPLACE, neutered guards, dropped tables ---------------------

REPLACES = [
    "INSERT OR REPLACE INTO pagu_events (originator_id, originator_version, topic, state) "
    "SELECT originator_id, originator_version, topic, state FROM pagu_events LIMIT 1",
    "REPLACE INTO pagu_events (rowid, originator_id, originator_version, topic, state) "
    "SELECT 5, 'x', 1, topic, state FROM pagu_events LIMIT 1",
    "INSERT OR REPLACE INTO pagu_log SELECT * FROM pagu_log WHERE position = 5",
    "REPLACE INTO pagu_log (position, originator_id, originator_version, topic, recorded_at, "
    "payload_sha256, event_hash, chain_hash) SELECT 9999, originator_id, originator_version, "
    "topic, recorded_at, payload_sha256, event_hash, chain_hash FROM pagu_log LIMIT 1",
    "INSERT INTO pagu_log SELECT * FROM pagu_log WHERE position = 5 "
    "ON CONFLICT (position) DO UPDATE SET recorded_at = 'x'",
    "INSERT OR IGNORE INTO pagu_events SELECT * FROM pagu_events LIMIT 1",
]


def test_sqlite_refuses_replace_on_the_log(sqlite_url: str) -> None:
    assert pagu("--db", sqlite_url, "import", str(SHARED_DOCUMENT)).exit_code == 0
    before = verify_store(sqlite_url)
    for statement in REPLACES:
        assert "append-only" in refused(sqlite_url, statement), statement
    after = verify_store(sqlite_url)
    assert after.intact and after.head == before.head and after.events == 783


@pytest.mark.postgres
def test_postgres_refuses_an_upsert_on_the_log(pg_url: str) -> None:
    assert pagu("--db", pg_url, "import", str(SHARED_DOCUMENT)).exit_code == 0
    message = refused(
        pg_url,
        "INSERT INTO {log} SELECT * FROM {log} WHERE position = 5 "
        "ON CONFLICT (position) DO UPDATE SET recorded_at = 'x'",
    )
    assert "append-only" in message


def owner_sql(url: str, *statements: str) -> None:
    """As the ledger's owner (SQLite: whoever holds the file), {events}/{log}/{schema}."""
    location = StoreLocation.parse(url)
    names = {"events": "pagu_events", "log": "pagu_log", "schema": ""}
    if not location.is_sqlite:
        schema = f'"{location.schema}"'
        names = {"events": f"{schema}.pagu_events", "log": f"{schema}.pagu_log",
                 "schema": f"{schema}."}  # fmt: skip
    if location.is_sqlite:
        assert location.path is not None
        with sqlite3.connect(location.path) as conn:
            for statement in statements:
                conn.execute(statement.format(**names))
        return
    import psycopg

    with psycopg.connect(**location.psycopg_kwargs(), autocommit=True) as pg:
        for statement in statements:
            pg.execute(statement.format(**names))


NEUTERED = {
    "sqlite": {
        "a trigger that refuses nothing": (
            [
                "DROP TRIGGER pagu_log_no_delete",
                "CREATE TRIGGER pagu_log_no_delete BEFORE DELETE ON pagu_log BEGIN SELECT 1; END",
            ],
            "pagu_log_no_delete (changed",
        ),
        "a guard of the wrong kind": (
            [
                "DROP TRIGGER pagu_events_no_update",
                "CREATE TRIGGER pagu_events_no_update AFTER INSERT ON pagu_events "
                "BEGIN SELECT RAISE(ABORT, 'pagu: pagu_events is append-only "
                "(UPDATE refused)'); END",
            ],
            "pagu_events_no_update (changed",
        ),
        "a dropped replace guard": (
            ["DROP TRIGGER pagu_log_no_replace"],
            "pagu_log_no_replace (missing)",
        ),
        "a trigger of its own": (
            ["CREATE TRIGGER mine AFTER INSERT ON pagu_log BEGIN SELECT 1; END"],
            "mine (a trigger pagu did not install on pagu_log)",
        ),
    },
    "postgres": {
        "a replica trigger": (
            ["ALTER TABLE {events} ENABLE REPLICA TRIGGER pagu_events_append_only"],
            "pagu_events_append_only (fires only on a replica)",
        ),
        "a disabled trigger": (
            ["ALTER TABLE {log} DISABLE TRIGGER pagu_log_append_only"],
            "pagu_log_append_only (disabled)",
        ),
        "a replaced guard function": (
            [
                "CREATE OR REPLACE FUNCTION {schema}pagu_refuse_change() RETURNS trigger "
                "LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$"
            ],
            "pagu_events_append_only (changed",
        ),
        "a rule": (
            ["CREATE RULE quiet AS ON DELETE TO {log} DO INSTEAD NOTHING"],
            "quiet (a rule on pagu_log)",
        ),
    },
}
CASES = [
    pytest.param(backend, name, marks=[pytest.mark.postgres] if backend == "postgres" else [])
    for backend, cases in NEUTERED.items()
    for name in cases
]


@pytest.mark.parametrize(("backend", "case"), CASES)
def test_verify_warns_of_a_guard_neutered(backend: str, case: str, tmp_path: Any) -> None:
    from tests.conftest import location_for

    statements, warning = NEUTERED[backend][case]
    with location_for(backend, tmp_path) as url:
        assert pagu("--db", url, "import", str(SHARED_DOCUMENT)).exit_code == 0
        owner_sql(url, *statements)
        result = pagu("--db", url, "verify")
        assert result.exit_code == 0, result.output  # the log itself is intact
        assert "WARNING    : append-only guards not in place:" in result.output
        assert warning in result.output
        if case not in ("a trigger of its own", "a rule"):
            assert pagu("--db", url, "init").exit_code == 0  # put back as installed
            assert "WARNING" not in pagu("--db", url, "verify").output


@pytest.mark.parametrize("table", ["pagu_events", "pagu_log"])
def test_a_dropped_table_of_the_log_is_damage(store_url: str, table: str) -> None:
    assert pagu("--db", store_url, "import", str(SHARED_DOCUMENT)).exit_code == 0
    name = "{events}" if table == "pagu_events" else "{log}"
    cascade = "" if StoreLocation.parse(store_url).is_sqlite else " CASCADE"
    owner_sql(store_url, f"DROP TABLE {name}{cascade}")
    result = pagu("--db", store_url, "verify")
    assert result.exit_code == 2, result.output
    assert "DAMAGED    : removed at position 1: the ledger's log is damaged: its table " in (
        result.output
    )
    assert f"{table} is missing" in result.output
    assert "earlier pagu" not in result.output and "no ledger" not in result.output
    for command in (["lines"], ["init"], ["import", str(SHARED_DOCUMENT)]):
        refused_ = pagu("--db", store_url, *command)
        assert refused_.exit_code == 1, (command, refused_.output)
        assert f"damaged: its table {table} is missing" in refused_.output
    assert pagu("--db", store_url, "verify").exit_code == 2  # nothing re-created it
