"""A command's exit status tells the truth about what was recorded, and a command that
fails on a ledger that does not exist creates nothing (issue 15, items 4 and 7).

A full disk is simulated with SQLite's `PRAGMA max_page_count` on the connections of
one side (the event store's, or the read model's): the database then refuses to grow,
exactly as on a full disk ("database or disk is full"). On PostgreSQL, where no
session setting limits a table's size, the store's failure is raised in its place.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ledger.integrity import verify_store
from tests.conftest import SHARED_DOCUMENT, pagu
from tests.integration.test_store_config import REVISE, counted, public_events, schemas

SHOWN = ["lines", "--format", "json"]


def full_disk(connect: Callable[..., Any]) -> Callable[..., Any]:
    """A connection factory whose SQLite connections may not grow the database."""

    def limited(*args: Any, **kwargs: Any) -> Any:
        conn = connect(*args, **kwargs)
        raw = getattr(conn, "_sqlite_conn", conn)
        pages = raw.execute("PRAGMA page_count").fetchone()[0]
        raw.execute(f"PRAGMA max_page_count = {pages}")
        return conn

    return limited


def test_a_write_that_fails_on_a_full_disk_records_nothing(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from eventsourcing.sqlite import SQLiteConnectionPool

    assert pagu("--db", sqlite_url, "import", str(SHARED_DOCUMENT)).exit_code == 0
    before = pagu("--db", sqlite_url, *SHOWN).output
    monkeypatch.setattr(
        SQLiteConnectionPool,
        "_create_connection",
        full_disk(SQLiteConnectionPool._create_connection),
    )
    result = pagu("--db", sqlite_url, *REVISE)
    assert result.exit_code == 1, result.output
    assert "nothing was recorded" in result.output
    assert "database or disk is full" in result.output
    monkeypatch.undo()
    assert counted(sqlite_url) == 783
    assert pagu("--db", sqlite_url, *SHOWN).output == before
    assert pagu("--db", sqlite_url, *REVISE).exit_code == 0  # once there is room
    assert counted(sqlite_url) == 784


def test_a_read_model_that_cannot_catch_up_after_the_write_does_not_hide_it(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The events are committed, then the read model hits the full disk: the command
    acknowledges the events (exit 0) and says on stderr not to record them again."""
    from sqlalchemy import event

    from projections import readmodel

    assert pagu("--db", sqlite_url, "import", str(SHARED_DOCUMENT)).exit_code == 0
    later = tmp_path / "renja-2025.txt"  # another year's document: 783 events more
    later.write_text(SHARED_DOCUMENT.read_text(encoding="utf-8").replace("2024", "2025"))
    original = readmodel.make_engine

    def limited_engine(*args: Any, **kwargs: Any) -> Any:
        engine = original(*args, **kwargs)

        @event.listens_for(engine, "connect")
        def _limit(dbapi_connection: Any, _: Any) -> None:
            full_disk(lambda: dbapi_connection)()

        return engine

    monkeypatch.setattr(readmodel, "make_engine", limited_engine)
    result = pagu("--db", sqlite_url, "import", str(later))
    assert result.exit_code == 0, result.output
    assert "Events  : 783 recorded" in result.stdout
    assert "the 783 events were recorded" in result.stderr
    assert "database or disk is full" in result.stderr
    assert "do not record them again" in result.stderr
    monkeypatch.undo()
    assert counted(sqlite_url) == 783 * 2  # once, and only once
    shown = pagu("--db", sqlite_url, "lines", "--year", "2025", "--format", "json")
    assert shown.exit_code == 0 and "50009023965.00" in shown.output  # caught up now


def test_a_store_failing_after_the_commit_is_reported_as_recorded(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The commit went through but the store reported an error (a connection lost on
    the way back): pagu looks in the log, and says it is recorded."""
    from eventsourcing.persistence import OperationalError

    from ledger.recorders.postgres import PostgresLedgerRecorder
    from ledger.recorders.sqlite import SQLiteLedgerRecorder

    assert pagu("--db", store_url, "import", str(SHARED_DOCUMENT)).exit_code == 0
    for recorder in (SQLiteLedgerRecorder, PostgresLedgerRecorder):
        original = recorder.insert_events

        def committed_then_lost(self: Any, events: Any, *, _original: Any = original) -> Any:
            _original(self, events)
            raise OperationalError("server closed the connection unexpectedly")

        monkeypatch.setattr(recorder, "insert_events", committed_then_lost)
    result = pagu("--db", store_url, *REVISE)
    assert result.exit_code == 0, result.output
    assert "do not record them again" in result.output
    monkeypatch.undo()
    assert counted(store_url) == 784
    assert verify_store(store_url).intact


def test_a_store_failing_before_the_commit_says_nothing_was_recorded(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from eventsourcing.persistence import OperationalError

    from ledger.recorders.postgres import PostgresLedgerRecorder
    from ledger.recorders.sqlite import SQLiteLedgerRecorder

    assert pagu("--db", store_url, "import", str(SHARED_DOCUMENT)).exit_code == 0

    def refused(self: Any, events: Any) -> Any:
        raise OperationalError("could not extend file: No space left on device")

    for recorder in (SQLiteLedgerRecorder, PostgresLedgerRecorder):
        monkeypatch.setattr(recorder, "insert_events", refused)
    result = pagu("--db", store_url, *REVISE)
    assert result.exit_code == 1
    assert "nothing was recorded: storage error: could not extend file" in result.output
    monkeypatch.undo()
    assert counted(store_url) == 783


# ---- 7: a failed command creates nothing ----------------------------------------------


def bad_documents(tmp_path: Path) -> dict[str, Path]:
    binary = tmp_path / "binary.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    dangling = tmp_path / "dangling.txt"
    dangling.symlink_to(tmp_path / "gone.txt")
    folder = tmp_path / "folder"
    folder.mkdir()
    return {
        "missing": tmp_path / "missing.txt",
        "binary": binary,
        "empty": empty,
        "dangling": dangling,
        "directory": folder,
    }


@pytest.mark.parametrize("kind", ["missing", "binary", "empty", "dangling", "directory"])
def test_a_failed_import_creates_no_ledger(kind: str, store_url: str, tmp_path: Path) -> None:
    from ledger.storage import StoreLocation

    location = StoreLocation.parse(store_url)
    public = None if location.is_sqlite else public_events()
    document = bad_documents(tmp_path)[kind]
    for dry_run in ([], ["--dry-run"]):
        result = pagu("--db", store_url, "import", str(document), *dry_run)
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output
    if location.is_sqlite:
        assert location.path is not None and not location.path.exists()
        assert not list(location.path.parent.glob(f"{location.path.name}*"))
    else:
        assert location.schema not in schemas() and public_events() == public


COMMANDS = [
    ["lines"],
    ["apbd"],
    ["history", "1.06"],
    ["audit"],
    ["documents"],
    ["verify"],
    ["digest"],
    ["export-log", "{tmp}/log.jsonl"],
    ["report", "-o", "{tmp}/r.html"],
    ["export", "xlsx", "-o", "{tmp}/x.xlsx"],
    ["projections", "status"],
    ["projections", "rebuild"],
    REVISE,
    ["realize", "1.06.04.2.01.05", "--quarter", "3", "--spent", "1", "--effective", "2024-09-30"],
    ["correct", "12345678", "--reason", "x"],
]


def test_no_command_creates_a_ledger_that_is_not_there(store_url: str, tmp_path: Path) -> None:
    from ledger.storage import StoreLocation

    location = StoreLocation.parse(store_url)
    for command in COMMANDS:
        args = [part.format(tmp=tmp_path) for part in command]
        result = pagu("--db", store_url, *args)
        assert result.exit_code == 1, (command, result.output)
        assert "no ledger at" in result.output, (command, result.output)
    if location.is_sqlite:
        assert location.path is not None and not location.path.exists()
        assert not list(tmp_path.glob("ledger.db*"))
    else:
        assert location.schema not in schemas()
