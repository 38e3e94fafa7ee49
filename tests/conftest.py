"""Shared fixtures: a real SQLite file and a real PostgreSQL schema for every ledger test.

PostgreSQL tests run against PAGU_TEST_PG (default postgresql://postgres@127.0.0.1:5432/test),
each in a schema of its own that is dropped afterwards. Where the server cannot be reached
they are skipped with the reason shown, unless PAGU_REQUIRE_POSTGRES=1 (as in CI), which
turns the skip into a failure: CI must never pass without having run them.

pagu speaks Indonesian unless told otherwise; the suite asserts its English wording, so
it runs with PAGU_LANG=en (set here, before pagu is imported, and in every `pagu()` run).
tests/e2e/test_language.py unsets it to hear the Indonesian.

Browser tests (the HTML report) drive a real headless Chromium (PAGU_TEST_CHROMIUM, else
`chromium` on the PATH) through Playwright, in the same way: skipped with the reason
where either is missing, a failure instead with PAGU_REQUIRE_BROWSER=1 (as in CI).
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

os.environ["PAGU_LANG"] = "en"

ROOT = Path(__file__).resolve().parent.parent
SHARED_DOCUMENT = ROOT / "tests" / "fixtures" / "renja-perubahan-2024-dinsos-kukar.txt"
EXAMPLE_DOCUMENT = ROOT / "examples" / "renja-perubahan-2024-dinsos-kukar.txt"
PG_URL = os.environ.get("PAGU_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
REQUIRE_PG = os.environ.get("PAGU_REQUIRE_POSTGRES", "") not in ("", "0", "no")
REQUIRE_BROWSER = os.environ.get("PAGU_REQUIRE_BROWSER", "") not in ("", "0", "no")
# Flags for a machine with no network and no display: without the background-networking
# ones Chromium keeps trying (and failing) to reach its update and safe-browsing servers.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-sync",
    "--no-first-run",
]

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


def pagu(*args: str, env: dict[str, str | None] | None = None) -> Result:
    """Run the real `pagu` command through click's runner."""
    from cli.main import cli

    runner = CliRunner()
    return runner.invoke(
        cli,
        list(args),
        env={"PAGU_ACTOR": "tester", "PAGU_LANG": "en", **(env or {})},
        catch_exceptions=True,
    )


_TEMPLATES: dict[str, str] = {}  # backend -> a ledger that imported the shared document


@pytest.fixture(scope="session")
def _template_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield tmp_path_factory.mktemp("templates")
    for url in _TEMPLATES.values():
        if url.startswith("postgresql"):
            _drop_pg_schema(url.rsplit("schema=", 1)[1])
    _TEMPLATES.clear()


@pytest.fixture
def imported(store_url: str, _template_folder: Path) -> str:
    """A ledger holding the shared document: imported once per session and backend (a
    real `pagu import`), then copied whole, event store, log and read model, for each
    test (tests/tampering.py `clone`), which is ten times quicker than importing."""
    from tests.tampering import clone

    backend = "postgres" if store_url.startswith("postgresql") else "sqlite"
    template = _TEMPLATES.get(backend)
    if template is None:
        if backend == "sqlite":
            template = str(_template_folder / "template.db")
        else:
            separator = "&" if "?" in PG_URL else "?"
            template = f"{PG_URL}{separator}schema={_new_pg_schema()}"
        result = pagu("--db", template, "import", str(SHARED_DOCUMENT))
        assert result.exit_code == 0, result.output
        _TEMPLATES[backend] = template
    clone(template, store_url)
    return store_url


def chromium_path() -> str | None:
    configured = os.environ.get("PAGU_TEST_CHROMIUM")
    if configured:
        return configured if os.access(configured, os.X_OK) else None
    return next(
        filter(None, (shutil.which(name) for name in ("chromium", "chromium-browser"))), None
    )


def browser_problem() -> str | None:
    """None when Playwright and a Chromium are there; otherwise what is missing."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (pip install -e '.[test]')"
    if chromium_path() is None:
        where = os.environ.get("PAGU_TEST_CHROMIUM") or "chromium on the PATH"
        return f"no Chromium at {where} (apt-get install chromium, or set PAGU_TEST_CHROMIUM)"
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """A headless Chromium for the whole session (closed at the end)."""
    problem = browser_problem()
    if problem:
        if REQUIRE_BROWSER:
            pytest.fail(f"PAGU_REQUIRE_BROWSER is set but {problem}")
        pytest.skip(problem)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_FLAGS
        )
        try:
            yield launched
        finally:
            launched.close()
