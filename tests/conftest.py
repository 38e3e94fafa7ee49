"""Shared fixtures: a real SQLite file and a real PostgreSQL schema for every ledger test.

PostgreSQL tests run against PAGU_TEST_PG (default postgresql://postgres@127.0.0.1:5432/test),
each in a schema of its own that is dropped afterwards. Where the server cannot be reached
they are skipped with the reason shown, unless PAGU_REQUIRE_POSTGRES=1 (as in CI), which
turns the skip into a failure: CI must never pass without having run them.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

ROOT = Path(__file__).resolve().parent.parent
SHARED_DOCUMENT = ROOT / "tests" / "fixtures" / "renja-perubahan-2024-dinsos-kukar.txt"
EXAMPLE_DOCUMENT = ROOT / "examples" / "renja-perubahan-2024-dinsos-kukar.txt"
PG_URL = os.environ.get("PAGU_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
REQUIRE_PG = os.environ.get("PAGU_REQUIRE_POSTGRES", "") not in ("", "0", "no")

_pg_problem: str | None = None
_pg_checked = False


def postgres_problem() -> str | None:
    """None when the server answers; otherwise why not (checked once per session)."""
    global _pg_checked, _pg_problem
    if not _pg_checked:
        _pg_checked = True
        import psycopg

        from ledger.storage import StoreLocation

        try:
            with psycopg.connect(**StoreLocation.parse(PG_URL).psycopg_kwargs()) as conn:
                conn.execute("SELECT 1")
        except Exception as problem:  # noqa: BLE001 - any failure means "not reachable"
            _pg_problem = f"PostgreSQL not reachable at {PG_URL}: {str(problem).strip()[:120]}"
    return _pg_problem


def _new_pg_schema() -> str:
    problem = postgres_problem()
    if problem:
        if REQUIRE_PG:
            pytest.fail(f"PAGU_REQUIRE_POSTGRES is set but {problem}")
        pytest.skip(problem)
    return f"t_{uuid.uuid4().hex[:12]}"


def _drop_pg_schema(schema: str) -> None:
    import psycopg

    from ledger.storage import StoreLocation

    with psycopg.connect(**StoreLocation.parse(PG_URL).psycopg_kwargs(), autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty ledger location on each backend."""
    if request.param == "sqlite":
        yield str(tmp_path / "ledger.db")
        return
    schema = _new_pg_schema()
    separator = "&" if "?" in PG_URL else "?"
    try:
        yield f"{PG_URL}{separator}schema={schema}"
    finally:
        _drop_pg_schema(schema)


@contextmanager
def location_for(backend: str, directory: Path) -> Iterator[str]:
    """A fresh, empty ledger location on one backend (for fixtures of wider scope)."""
    if backend == "sqlite":
        yield str(directory / "ledger.db")
        return
    schema = _new_pg_schema()
    separator = "&" if "?" in PG_URL else "?"
    try:
        yield f"{PG_URL}{separator}schema={schema}"
    finally:
        _drop_pg_schema(schema)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return str(tmp_path / "ledger.db")


@pytest.fixture
def pg_url() -> Iterator[str]:
    schema = _new_pg_schema()
    separator = "&" if "?" in PG_URL else "?"
    try:
        yield f"{PG_URL}{separator}schema={schema}"
    finally:
        _drop_pg_schema(schema)


def pagu(*args: str, env: dict[str, str] | None = None) -> Result:
    """Run the real `pagu` command through click's runner."""
    from cli.main import cli

    runner = CliRunner()
    return runner.invoke(
        cli, list(args), env={"PAGU_ACTOR": "tester", **(env or {})}, catch_exceptions=True
    )


@pytest.fixture
def imported(store_url: str) -> str:
    """A ledger holding the shared document."""
    result = pagu("--db", store_url, "import", str(SHARED_DOCUMENT))
    assert result.exit_code == 0, result.output
    return store_url
