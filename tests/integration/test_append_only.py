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
