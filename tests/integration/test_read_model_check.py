"""Read-model tampering is visible (issue 15, item 11), on SQLite and PostgreSQL.

The read model is what every view, the workbook and the report show. Changed by hand
(as the file's holder or the database owner could), `pagu verify` names the table, the
position and the line where it is no longer the projection of the log, and exits 2; a
tracking record moved ahead is caught before it makes catch-up skip events; the report
refuses a read model that does not match; `projections rebuild` puts it right, but
refuses to rebuild from a damaged log.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SHARED_DOCUMENT, location_for, pagu
from tests.ledger_state import BASIS
from tests.tampering import Attacker, clone

SUB, OTHER = "1.06.04.2.01.05", "1.06.04.2.01.01"


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def template(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The shared document, a shift, and a realization corrected: every kind of row."""
    with location_for(request.param, tmp_path_factory.mktemp("template")) as url:
        assert pagu("--db", url, "import", str(SHARED_DOCUMENT)).exit_code == 0
        assert pagu("--db", url, "shift", OTHER, SUB, "50000000", *BASIS).exit_code == 0
        done = pagu(
            "--db", url, "realize", SUB, "--quarter", "3", "--spent", "1000",
            "--effective", "2024-09-30", "--format", "json",
        )  # fmt: skip
        assert done.exit_code == 0, done.output
        event = json.loads(done.output)[0]["event_id"]
        assert pagu("--db", url, "correct", event, "--reason", "salah").exit_code == 0
        yield url


@pytest.fixture
def ledger_url(template: str, tmp_path: Path) -> Iterator[str]:
    backend = "postgres" if template.startswith("postgresql") else "sqlite"
    with location_for(backend, tmp_path) as url:
        clone(template, url)
        assert pagu("--db", url, "verify").exit_code == 0
        yield url


def edit(url: str, statement: str) -> None:
    """Change the read model directly ({t} names a table)."""
    attacker = Attacker(url)
    try:
        schema = attacker.location.schema
        attacker.sql(statement.replace("{t}", "" if attacker.sqlite else f'"{schema}".'))
    finally:
        attacker.close()


VALUE_COLUMNS = (
    "line_id, field, slot, year, stage_rank, effective, position, amount_sen, number, unit, "
    "text, kind, event_id, voided_position"
)
TAMPERINGS = {
    "an amount": (
        "UPDATE {t}rm_value SET amount_sen = amount_sen + 100 WHERE field = 'pagu' AND "
        "position = (SELECT MIN(position) FROM {t}rm_value WHERE field = 'pagu')",
        "rm_value",
        "amount_sen",
    ),
    "an actor": (
        "UPDATE {t}rm_event SET actor = 'bupati' WHERE position = 300",
        "rm_event",
        "actor",
    ),
    "a name": ("UPDATE {t}rm_line SET nama = 'Lain' WHERE kode = '1.06.04'", "rm_line", "nama"),
    "a forged row": (
        f"INSERT INTO {{t}}rm_value ({VALUE_COLUMNS}) SELECT {VALUE_COLUMNS} "
        "FROM {t}rm_value WHERE position = 118",
        "rm_value",
        "no event of the log projects",
    ),
    "a deleted row": (
        "DELETE FROM {t}rm_realization WHERE position = (SELECT MAX(position) FROM "
        "{t}rm_realization)",
        "rm_realization",
        "missing from the read model",
    ),
    "an undone correction": (
        "UPDATE {t}rm_realization SET voided_position = NULL",
        "rm_realization",
        "voided_position",
    ),
    "a finding": ("UPDATE {t}rm_finding SET message = 'semua cocok'", "rm_finding", "message"),
    "a deleted event": (
        "DELETE FROM {t}rm_event WHERE position = 600",
        "rm_event",
        "missing from the read model",
    ),
    "the tracking record": (
        "UPDATE {t}rm_tracking SET position = position + 1000 WHERE name = 'pagu'",
        "rm_tracking",
        "catch-up would skip",
    ),
}


@pytest.mark.parametrize("what", TAMPERINGS)
def test_verify_names_where_the_read_model_was_changed(ledger_url: str, what: str) -> None:
    statement, table, detail = TAMPERINGS[what]
    edit(ledger_url, statement)
    result = pagu("--db", ledger_url, "verify")
    assert result.exit_code == 2, result.output
    assert "intact     :" in result.output  # the log itself is fine
    assert f"DAMAGED    : the read model is not the projection of the log: {table}" in (
        result.output
    )
    assert detail in result.output
    found = json.loads(pagu("--db", ledger_url, "verify", "--format", "json").output)
    assert found["intact"] and found["read_model"]["table"] == table
    rebuilt = pagu("--db", ledger_url, "projections", "rebuild")
    assert rebuilt.exit_code == 0, rebuilt.output
    assert pagu("--db", ledger_url, "verify").exit_code == 0


def test_the_changed_line_is_named(ledger_url: str) -> None:
    edit(
        ledger_url,
        "UPDATE {t}rm_value SET amount_sen = 1 WHERE field = 'pagu' AND line_id = "
        f"(SELECT line_id FROM {{t}}rm_line WHERE kode = '{SUB}') AND position = "
        f"(SELECT MAX(position) FROM {{t}}rm_value v WHERE v.field = 'pagu' AND v.line_id = "
        f"(SELECT line_id FROM {{t}}rm_line WHERE kode = '{SUB}'))",
    )
    result = pagu("--db", ledger_url, "verify")
    assert result.exit_code == 2 and f"line {SUB}: amount_sen 1 in the read model" in result.output


def test_a_tracking_record_moved_ahead_skips_nothing_unseen(ledger_url: str) -> None:
    edit(ledger_url, "UPDATE {t}rm_tracking SET position = position + 1000 WHERE name = 'pagu'")
    shown = pagu("--db", ledger_url, "lines")
    assert shown.exit_code == 1 and "changed outside pagu" in shown.output
    refused = pagu("--db", ledger_url, "shift", SUB, OTHER, "1000000", *BASIS)
    assert refused.exit_code == 1 and "projections rebuild" in refused.output
    assert pagu("--db", ledger_url, "projections", "rebuild").exit_code == 0
    done = pagu("--db", ledger_url, "shift", SUB, OTHER, "1000000", *BASIS)
    assert done.exit_code == 0, done.output
    trail = pagu("--db", ledger_url, "audit", "--kind", "shift", "--format", "json")
    shifts = json.loads(trail.output)
    assert len(shifts) == 4  # the new shift shows


def test_a_tracking_record_moved_within_the_log_is_caught_too(ledger_url: str) -> None:
    edit(ledger_url, "UPDATE {t}rm_tracking SET position = 700 WHERE name = 'pagu'")
    result = pagu("--db", ledger_url, "verify")
    assert result.exit_code == 2 and "after the position the read model says" in result.output
    assert pagu("--db", ledger_url, "lines").exit_code == 1


def test_the_report_shows_the_check_and_refuses_a_changed_read_model(
    ledger_url: str, tmp_path: Path
) -> None:
    page = tmp_path / "laporan.html"
    made = pagu("--db", ledger_url, "report", "-o", str(page))
    assert made.exit_code == 0, made.output
    assert 'id="read-model" data-cocok="ya"' in page.read_text(encoding="utf-8")
    edit(ledger_url, TAMPERINGS["an amount"][0])
    refused = pagu("--db", ledger_url, "report", "-o", str(tmp_path / "lain.html"))
    assert refused.exit_code == 2 and "refusing to report" in refused.output
    assert not (tmp_path / "lain.html").exists()


def test_rebuild_refuses_a_damaged_log(ledger_url: str) -> None:
    attacker = Attacker(ledger_url)
    try:
        attacker.disarm()
        target = attacker.first("PaguRevised", after=100)
        data: dict[str, Any] = attacker.payload(target.stream, target.version)
        data["amount"]["_data_"] = "1.00"
        attacker.set_payload(target.stream, target.version, data)
    finally:
        attacker.close()
    before = pagu("--db", ledger_url, "projections", "status", "--format", "json").output
    refused = pagu("--db", ledger_url, "projections", "rebuild")
    assert refused.exit_code == 2, refused.output
    assert "refusing to rebuild the read model from a damaged log: altered at position" in (
        refused.output
    )
    after = pagu("--db", ledger_url, "projections", "status", "--format", "json").output
    assert json.loads(after) == json.loads(before)
