"""What moved out of cli/ (issue 16), tested where it now lives, on a real ledger: the
budget a question is about and the event an id names (projections), the verified
ledger a digest or a report rests on (ledger.integrity), and the refusals the ledger
raises as data, worded by the CLI alone (cli.errors)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cli.errors import flag, word
from events.errors import InvalidInput
from tests.conftest import pagu

ROOT = Path(__file__).resolve().parents[2]
SKPD = "Dinas Sosial Kabupaten Kutai Kartanegara"


@pytest.fixture
def conn(imported: str) -> Iterator[Any]:
    from cli.context import open_read_model

    read_model = open_read_model(imported)
    try:
        with read_model.connect() as connection:
            yield connection
    finally:
        read_model.close()


def test_the_budget_is_chosen_by_any_part_of_its_name(conn: Any) -> None:
    from projections.budgets import NoBudget, choose_all, choose_budget

    assert choose_budget(conn, None, None) == (SKPD, 2024)
    assert choose_budget(conn, "  sosial ", 2024) == (SKPD, 2024)
    assert choose_all(conn, None) == [(SKPD, 2024)]
    with pytest.raises(NoBudget) as unknown:
        choose_budget(conn, "Dinas PU", None)
    assert unknown.value.held == [(SKPD, 2024)] and unknown.value.skpd == "Dinas PU"
    assert str(unknown.value) == f"no budget for Dinas PU in this ledger (it holds {SKPD} 2024)"
    with pytest.raises(NoBudget) as year:
        choose_all(conn, 2031)
    assert year.value.every and "no budget for 2031" in word(year.value)


def test_an_event_is_found_by_a_prefix_of_its_id(conn: Any) -> None:
    from sqlalchemy import select

    from projections import schema
    from projections.lookup import NoSuchEvent, NotAnEventId, find_event

    e = schema.event
    wanted = conn.execute(select(e.c.event_id, e.c.position).order_by(e.c.position)).first()
    assert find_event(conn, wanted.event_id).position == wanted.position
    assert find_event(conn, f" {wanted.event_id[:8].upper()} ").position == wanted.position
    with pytest.raises(NotAnEventId) as garbled:
        find_event(conn, "abc")
    assert "--" not in str(garbled.value) and "`pagu history`" in word(garbled.value)
    assert word(garbled.value).startswith("EVENT_ID: 'abc' is not an event id")
    unknown = "0" * 8 if not wanted.event_id.startswith("0" * 8) else "f" * 8
    with pytest.raises(NoSuchEvent) as missing:
        find_event(conn, unknown)
    assert (
        word(missing.value) == f"EVENT_ID: no event whose id starts with {unknown!r} in this ledger"
    )


def test_a_digest_rests_on_a_verified_ledger_that_holds_events(
    imported: str, tmp_path: Path
) -> None:
    from ledger.errors import NoLedger
    from ledger.integrity import LedgerDamaged, NothingRecorded, verified
    from tests.tampering import Attacker

    verdict = verified(imported)
    assert verdict.head is not None and verdict.damage is None
    empty = str(tmp_path / "empty.db")
    with pytest.raises(NoLedger) as nowhere:
        verified(empty)
    assert "pagu init" not in str(nowhere.value) and "run `pagu init`" in word(nowhere.value)
    assert pagu("--db", empty, "init").exit_code == 0
    with pytest.raises(NothingRecorded):
        verified(empty)
    attacker = Attacker(imported)
    try:
        attacker.disarm()
        attacker.delete_link(attacker.rows()[3].position)
    finally:
        attacker.close()
    with pytest.raises(LedgerDamaged) as damaged:
        verified(imported)
    assert damaged.value.verdict.damage is not None
    assert not isinstance(damaged.value, InvalidInput)  # not the user's input: exit 2


@given(st.text(min_size=1, max_size=20))
def test_a_refusal_keeps_its_values_as_given(value: str) -> None:
    """A value that looks like a template (`{effective}`) is a value, not a field."""
    from ledger.errors import Refusal

    refusal = Refusal.of("{effective} {on} is outside the year", on=value)
    assert refusal.fields == ["effective"]
    assert str(refusal) == f"effective {value} is outside the year"
    assert refusal.worded(flag, str) == f"--effective {value} is outside the year"


def test_the_ledger_names_fields_and_the_cli_its_flags() -> None:
    from ledger.commands import Realize, parse

    raw = {"skpd": SKPD, "tahun": 2024, "actor": "tester", "kode": "1.06.04.2.01.05"}
    with pytest.raises(InvalidInput) as outside:
        parse(Realize, **raw, quarter="1", spent="10", effective="2024-05-01")
    assert "--" not in str(outside.value)
    assert word(outside.value).startswith("--effective 2024-05-01 is outside triwulan I")
    assert "(leave --effective out for its last day)" in word(outside.value)
    with pytest.raises(InvalidInput) as overrun:
        parse(Realize, **raw, quarter="1", spent="10", allow_overrun=True)
    assert word(overrun.value) == (
        "--allow-overrun needs --reason: say why spending exceeds the pagu"
    )


def test_completion_reads_the_read_models_line_table(imported: str) -> None:
    from ledger.storage import StoreLocation
    from projections import schema
    from projections.completion import LINE_TABLE, codes_starting

    assert schema.line.name == LINE_TABLE
    found = codes_starting(StoreLocation.parse(imported), "1.06.04.2.01", 2024)
    assert "1.06.04.2.01.05" in found and all(k.startswith("1.06.04.2.01") for k in found)
    assert codes_starting(StoreLocation.parse(imported), "1.06", 2031) == {}


def _imports(path: Path) -> Iterator[str]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


@pytest.mark.parametrize("package", ["cli", "web"])
def test_the_front_ends_reach_storage_only_through_ledger_and_projections(package: str) -> None:
    """cli/ and web/ parse, call and format: no SQL toolkit or driver, not even for a
    type (the read side's `Connection` is `projections.readmodel.Connection`)."""
    found = sorted(
        f"{path.relative_to(ROOT)}: {name}"
        for path in (ROOT / package).rglob("*.py")
        for name in _imports(path)
        if name.split(".")[0] in ("sqlalchemy", "sqlite3", "psycopg", "psycopg2")
    )
    assert found == []
