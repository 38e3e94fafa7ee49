"""The private eventsourcing hooks pagu's write path rests on
(`ledger.recorders.eventsourcing_hooks`): present, with the parameters they had when
checked, in a library version they were checked with, and doing what pagu relies on
(every saved event linked in the same transaction, on both backends)."""

from __future__ import annotations

import importlib
import inspect
import re
import sqlite3
import tomllib
from datetime import date
from decimal import Decimal
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest

from events import Kode, Stage
from ledger.line import Basis, BudgetLine
from ledger.recorders import LinkWriter
from ledger.recorders.eventsourcing_hooks import CHECKED, HOOKS, Hook, version_checked
from ledger.service import open_ledger
from ledger.storage import EVENTS_TABLE, LOG_TABLE

ROOT = Path(__file__).resolve().parents[2]


def resolve(target: str) -> Any:
    module, _, path = target.partition(":")
    found: Any = importlib.import_module(module)
    for name in path.split("."):
        found = getattr(found, name)  # AttributeError: the hook is gone
    return found


def test_the_installed_library_is_one_the_hooks_were_checked_with() -> None:
    installed = version("eventsourcing")
    assert version_checked(installed), (
        f"eventsourcing {installed} is outside {CHECKED}: check every hook in "
        "ledger/recorders/eventsourcing_hooks.py against it first"
    )
    pins = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    [pin] = [p for p in pins if p.startswith("eventsourcing")]
    assert re.search(rf">={re.escape(CHECKED[0])}\b.*,<{re.escape(CHECKED[1])}\b", pin), pin
    assert not version_checked("9.6.0") and not version_checked("9.4.9")
    assert version_checked("9.5.0")


@pytest.mark.parametrize("hook", HOOKS, ids=lambda hook: hook.target.split(":")[1])
def test_every_hook_is_there_with_its_parameters(hook: Hook) -> None:
    found = resolve(hook.target)
    if hook.parameters is not None:
        assert tuple(inspect.signature(found).parameters) == hook.parameters, (
            f"{hook.target} changed: used by {hook.used_by}"
        )


def test_the_postgres_datastore_keeps_what_pagu_reads() -> None:
    from eventsourcing.postgres import PostgresDatastore

    source = inspect.getsource(PostgresDatastore)
    for name in ("db_type_names", "psycopg_type_adapters", "psycopg_python_types"):
        assert f"self.{name}" in source, name


def test_every_saved_event_is_linked_in_the_same_write(store_url: str) -> None:
    """What the hooks are for: the library's insert, and pagu's link beside it."""
    ledger = open_ledger(store_url)
    try:
        assert isinstance(ledger.recorder, LinkWriter)
        line = BudgetLine.register(
            skpd="Dinas Contoh",
            tahun=2024,
            kode=Kode("1.06.01.2.01.01"),
            nama="Sub",
            indicator=None,
            location=None,
            stage=Stage.MURNI,
            basis=Basis("tester", "uji", None, date(2024, 1, 2)),
        )
        line.set_pagu(Decimal(100), Stage.MURNI, Basis("tester", "uji", None, date(2024, 1, 2)))
        assert ledger.save_lines([line]) == 2
        location = ledger.location
        conn = sqlite3.connect(location.path) if location.is_sqlite else location.connect()
        try:
            events = conn.execute(f"SELECT COUNT(*) FROM {location.table(EVENTS_TABLE)}")
            counted = events.fetchone()[0]
            links = conn.execute(
                f"SELECT COUNT(*), MIN(position), MAX(position) FROM {location.table(LOG_TABLE)}"
            )
            assert (counted, *links.fetchone()) == (2, 2, 1, 2)
        finally:
            conn.close()
        stored = ledger.get_line("Dinas Contoh", 2024, Kode("1.06.01.2.01.01"))
        assert stored.current_pagu() == Decimal(100)
    finally:
        ledger.close()
