"""The web tests' server: one ledger and one `pagu serve` per backend for the whole
session, shared by the HTTP and the browser tests (which only read)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import location_for
from tests.e2e.serving import build_ledger, reader_role, serving


@pytest.fixture(
    scope="session", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def served(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str]]:
    """(the owner's ledger URL, the server's base URL ending in /). On PostgreSQL the
    server connects as a role of `pagu db grant-reader`."""
    with location_for(request.param, tmp_path_factory.mktemp("serve")) as url:
        build_ledger(url)
        if request.param == "sqlite":
            with serving(url) as base:
                yield url, base
        else:
            with reader_role(url) as as_reader, serving(as_reader) as base:
                yield url, base
