"""An auditor's read-only copy answers everything and nothing tries to write it (issue
15, item 9).

The copy and its folder are made read-only with chmod. The tests may run as root, whom
the kernel lets write regardless, so they also check that nothing was written: the
folder holds the same files afterwards (no -wal or -shm) with the same bytes. pagu
treats a file without write permission as read-only media whoever runs it, and opens
it with SQLite's `immutable` (or `mode=ro`) URI.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import SHARED_DOCUMENT, pagu
from tests.tampering import record_later_events

READS = [
    ["lines"],
    ["lines", "--format", "json"],
    ["apbd", "--stage", "murni"],
    ["compare"],
    ["evaluate"],
    ["realization"],
    ["spm"],
    ["history", "1.06.04.2.01.05"],
    ["why", "1.06.04.2.01.05"],
    ["audit", "--kind", "pagu"],
    ["documents"],
    ["projections", "status"],
    ["verify"],
    ["digest"],
]


def fingerprint(folder: Path) -> dict[str, object]:
    """The folder's files, their bytes and modification times, and the folder's own
    (which changes when a file is created in it, even one deleted again since)."""
    found: dict[str, object] = {
        p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in sorted(folder.iterdir())
    }
    found["."] = folder.stat().st_mtime_ns
    return found


@pytest.fixture
def original(tmp_path: Path) -> Path:
    ledger = tmp_path / "kantor" / "kukar.db"
    ledger.parent.mkdir()
    assert pagu("--db", str(ledger), "import", str(SHARED_DOCUMENT)).exit_code == 0
    return ledger


def read_only_copy(ledger: Path, folder: Path) -> Iterator[Path]:
    """A copy as handed to an auditor: the file alone (checkpointed), read-only, in a
    read-only folder."""
    folder.mkdir()
    with sqlite3.connect(ledger) as source, sqlite3.connect(folder / ledger.name) as copy:
        source.backup(copy)
    (folder / ledger.name).chmod(0o444)
    folder.chmod(0o555)
    try:
        yield folder / ledger.name
    finally:
        folder.chmod(0o755)
        (folder / ledger.name).chmod(0o644)


@pytest.fixture
def copy(original: Path, tmp_path: Path) -> Iterator[Path]:
    assert pagu("--db", str(original), "lines").exit_code == 0  # read model current
    yield from read_only_copy(original, tmp_path / "bpk")


def test_every_read_works_on_a_read_only_copy_and_writes_nothing(
    copy: Path, tmp_path: Path
) -> None:
    before = fingerprint(copy.parent)
    for command in [*READS, ["export-log", str(tmp_path / "log.jsonl")]]:
        result = pagu("--db", str(copy), *command)
        assert result.exit_code == 0, (command, result.output)
        assert "note:" not in result.stderr  # the read model is current: nothing to say
    assert pagu("verify", "--log", str(tmp_path / "log.jsonl")).exit_code == 0
    report = pagu("--db", str(copy), "report", "-o", str(tmp_path / "laporan.html"))
    assert report.exit_code == 0, report.output
    assert fingerprint(copy.parent) == before


def test_a_read_only_copy_behind_its_log_says_so_and_answers_as_it_stands(
    original: Path, tmp_path: Path
) -> None:
    assert pagu("--db", str(original), "lines").exit_code == 0
    record_later_events(str(original), 2)  # in the log, not yet in the read model
    for found in read_only_copy(original, tmp_path / "bpk"):
        before = fingerprint(found.parent)
        shown = pagu("--db", str(found), "lines", "--format", "json")
        assert shown.exit_code == 0
        assert "note: the read model is at log position 783 of 785" in shown.stderr
        assert shown.stdout.lstrip().startswith("[")
        verified = pagu("--db", str(found), "verify")
        assert verified.exit_code == 0, verified.output
        assert "intact     : 785 events" in verified.output
        assert "read model: the read model is at position 783 of 785" in verified.output
        assert fingerprint(found.parent) == before


def test_a_write_to_a_read_only_copy_is_refused_and_writes_nothing(copy: Path) -> None:
    before = fingerprint(copy.parent)
    refused = pagu(
        "--db", str(copy), "revise", "1.06.04.2.01.05", "--pagu", "1", "--stage",
        "pergeseran", "--reason", "x", "--doc", "y", "--doc-date", "2024-09-02",
        "--effective", "2024-09-02",
    )  # fmt: skip
    assert refused.exit_code == 1 and "is read-only" in refused.output
    rebuild = pagu("--db", str(copy), "projections", "rebuild")
    assert rebuild.exit_code == 1 and "read-only" in rebuild.output
    assert fingerprint(copy.parent) == before


def test_a_read_only_copy_is_opened_read_only(copy: Path) -> None:
    """What the kernel would not stop for root, SQLite does: the connections views use
    on a read-only copy refuse to write."""
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    from cli.context import open_read_model
    from ledger.storage import StoreLocation

    location = StoreLocation.parse(str(copy))
    assert location.read_only
    assert location.sqlite_uri().endswith("?immutable=1")
    read_model = open_read_model(str(copy))
    try:
        assert read_model.read_only and not read_model.may_write()
        with read_model.engine.connect() as conn, pytest.raises(OperationalError, match="readonly"):
            conn.execute(text("UPDATE rm_value SET amount_sen = 1"))
    finally:
        read_model.close()


def test_a_read_only_copy_with_a_pending_write_ahead_log_is_read_with_it(
    original: Path, tmp_path: Path
) -> None:
    """Copied with its -wal (events not yet checkpointed into the file): read with
    mode=ro, so that the events in the -wal count."""
    folder = tmp_path / "salinan"
    folder.mkdir()
    keep = sqlite3.connect(original)  # holds the log open: the -wal stays
    try:
        keep.execute("PRAGMA wal_autocheckpoint = 0")
        keep.execute("SELECT count(*) FROM pagu_log").fetchone()  # a reader of the -wal
        record_later_events(str(original), 1)
        for suffix in ("", "-wal"):
            shutil.copy(f"{original}{suffix}", folder / f"kukar.db{suffix}")
    finally:
        keep.close()
    from ledger.storage import StoreLocation

    if (folder / "kukar.db-wal").stat().st_size == 0:
        pytest.skip("the write-ahead log was checkpointed before it could be copied")
    for path in folder.iterdir():
        path.chmod(0o444)
    folder.chmod(0o555)
    try:
        assert StoreLocation.parse(str(folder / "kukar.db")).sqlite_uri().endswith("?mode=ro")
        verified = pagu("--db", str(folder / "kukar.db"), "verify", "--no-read-model")
        assert verified.exit_code == 0 and "intact     : 784 events" in verified.output
    finally:
        folder.chmod(0o755)
