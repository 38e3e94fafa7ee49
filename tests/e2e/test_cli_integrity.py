"""pagu digest, verify and export-log end to end, and an offline check of an export."""

from __future__ import annotations

import json
from pathlib import Path

from ledger.storage import StoreLocation
from tests.conftest import _drop_pg_schema, pagu
from tests.tampering import record_later_events


def digest_of(url: str) -> str:
    result = pagu("--db", url, "digest")
    assert result.exit_code == 0, result.output
    return result.output.splitlines()[0]


def forget(url: str) -> None:
    """Destroy the store, so that what follows cannot be using it."""
    location = StoreLocation.parse(url)
    if location.is_sqlite:
        assert location.path is not None
        location.path.unlink()
    else:
        _drop_pg_schema(location.schema)


def test_digest_then_verify(imported: str) -> None:
    printed = pagu("--db", imported, "digest").output.splitlines()
    position, chain = printed[0].split(":")
    assert position == "783" and len(chain) == 64
    assert printed[1] == f"short form : 783 · {chain[:4]} {chain[4:8]} {chain[8:12]} {chain[12:16]}"
    as_json = json.loads(pagu("--db", imported, "digest", "--format", "json").output)
    assert as_json["digest"] == printed[0] and as_json["events"] == 783
    record_later_events(imported, 2)
    verified = pagu("--db", imported, "verify", "--digest", printed[0])
    assert verified.exit_code == 0, verified.output
    assert "intact     : 785 events, positions 1..785" in verified.output
    assert "the ledger begins with exactly the digested history" in verified.output
    assert "since then : 2 events recorded after the digest, from position 784" in verified.output
    as_json = json.loads(pagu("--db", imported, "verify", "--format", "json").output)
    assert as_json["intact"] and as_json["events"] == 785 and as_json["damage"] is None
    closed = pagu("--db", imported, "verify", "--digest", printed[0], "--closed")
    assert closed.exit_code == 2 and "inserted at position 784" in closed.output


def test_a_wrong_digest_fails(imported: str) -> None:
    position, chain = digest_of(imported).split(":")
    other = f"{position}:{'0' * 64}"
    result = pagu("--db", imported, "verify", "--digest", other)
    assert result.exit_code == 2
    assert "altered at position 783, line 1.06" in result.output  # from its LineRegistered
    assert "not the digested one" in result.output
    ahead = pagu("--db", imported, "verify", "--digest", f"900:{chain}")
    assert ahead.exit_code == 2 and "truncated at position 784" in ahead.output


def test_export_and_verify_offline(imported: str, tmp_path: Path) -> None:
    digest = digest_of(imported)
    exported = tmp_path / "log.jsonl"
    done = pagu("--db", imported, "export-log", str(exported))
    assert done.exit_code == 0 and f"exported 783 links to {exported}, head {digest}" in done.output
    forget(imported)  # from here on there is no database at all
    offline = pagu("verify", "--log", str(exported), "--digest", digest)
    assert offline.exit_code == 0, offline.output
    assert "intact     : 783 events" in offline.output and "digest     :" in offline.output
    alone = pagu("verify", "--log", str(exported))
    assert alone.exit_code == 0 and "only that the file is self-consistent" in alone.output


def test_a_tampered_export_is_caught(imported: str, tmp_path: Path) -> None:
    digest = digest_of(imported)
    exported = tmp_path / "log.jsonl"
    pagu("--db", imported, "export-log", str(exported))
    lines = exported.read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[500])
    position = record["position"]
    record["payload"] = record["payload"].replace('"actor":"tester"', '"actor":"bupati"')
    assert '"actor":"bupati"' in record["payload"]
    tampered = tmp_path / "tampered.jsonl"
    tampered.write_text("\n".join([*lines[:500], json.dumps(record), *lines[501:]]) + "\n")
    result = pagu("verify", "--log", str(tampered), "--digest", digest)
    assert result.exit_code == 2
    assert f"altered at position {position}, line " in result.output
    cut = tmp_path / "cut.jsonl"
    cut.write_text("\n".join(lines[:700]) + "\n")
    result = pagu("verify", "--log", str(cut), "--digest", digest)
    assert result.exit_code == 2 and "truncated at position 700" in result.output


def test_refusals(tmp_path: Path, imported: str) -> None:
    empty = str(tmp_path / "empty.db")
    assert pagu("--db", empty, "init").exit_code == 0
    nothing = pagu("--db", empty, "digest")
    assert nothing.exit_code == 1 and "nothing to digest" in nothing.output
    assert pagu("--db", empty, "verify").exit_code == 0
    missing = pagu("--db", str(tmp_path / "none.db"), "verify")
    assert missing.exit_code == 1 and "no ledger at" in missing.output
    bad = pagu("--db", imported, "verify", "--digest", "782:abc")
    assert bad.exit_code == 1 and "not a digest: '782:abc'" in bad.output
    closed = pagu("--db", imported, "verify", "--closed")
    assert closed.exit_code == 1 and "--closed needs --digest" in closed.output
    text = tmp_path / "not-a-log.txt"
    text.write_text("hello\n")
    wrong = pagu("verify", "--log", str(text))
    assert wrong.exit_code == 1 and "line 1: not JSON" in wrong.output
    absent = pagu("verify", "--log", str(tmp_path / "absent.jsonl"))
    assert absent.exit_code == 1 and "cannot read" in absent.output
    for result in (nothing, missing, bad, closed, wrong, absent):
        assert "Traceback" not in result.output


def test_a_log_without_its_tables_or_columns_is_damage(tmp_path: Path) -> None:
    """A log lacking a table, or the columns every link records, cannot be checked: that
    is damage (exit 2), never "no ledger" or a usage error."""
    import sqlite3

    old = tmp_path / "old.db"
    with sqlite3.connect(old) as conn:
        conn.execute(
            "CREATE TABLE pagu_log (position INTEGER PRIMARY KEY, originator_id TEXT, "
            "originator_version INTEGER, recorded_at TEXT, event_hash TEXT, chain_hash TEXT)"
        )
    result = pagu("--db", str(old), "verify")
    assert result.exit_code == 2, result.output
    assert "DAMAGED    : removed at position 1" in result.output
    assert "pagu_events is missing" in result.output
    assert "pagu_log lacks the column(s) payload_sha256, topic" in result.output
