"""Reader and writer roles against the real PostgreSQL server.

Each test creates roles with unique names (LOGIN; the test server trusts local
connections), connects as them, and drops them afterwards."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from ledger.integrity import verify_store
from ledger.storage import StoreLocation
from tests.conftest import PG_URL, SHARED_DOCUMENT, pagu
from tests.tampering import record_later_events

pytestmark = pytest.mark.postgres


def admin() -> Any:
    import psycopg

    return psycopg.connect(**StoreLocation.parse(PG_URL).psycopg_kwargs(), autocommit=True)


@pytest.fixture
def roles(pg_url: str) -> Iterator[tuple[str, str]]:
    """(reader url, writer url) on a ledger the owner has initialised and granted."""
    suffix = uuid.uuid4().hex[:8]
    reader, writer = f"pagu_reader_{suffix}", f"pagu_writer_{suffix}"
    with admin() as conn:
        for role in (reader, writer):
            conn.execute(f"CREATE ROLE {role} LOGIN")
    try:
        assert pagu("--db", pg_url, "init").exit_code == 0
        granted = pagu("--db", pg_url, "db", "grant-reader", reader)
        assert granted.exit_code == 0 and "cannot write" in granted.output
        granted = pagu("--db", pg_url, "db", "grant-writer", writer)
        assert granted.exit_code == 0 and "cannot update or delete" in granted.output
        as_role = pg_url.replace("postgresql://postgres@", "postgresql://{}@")
        assert as_role != pg_url
        yield as_role.format(reader), as_role.format(writer)
    finally:
        with admin() as conn:
            for role in (reader, writer):
                conn.execute(f"DROP OWNED BY {role}")
                conn.execute(f"DROP ROLE {role}")


def attempt(url: str, statement: str) -> str:
    """Run a statement as the role in `url`; return the error (it must fail)."""
    import psycopg

    location = StoreLocation.parse(url)
    schema = location.schema
    sql = statement.format(events=f'"{schema}".pagu_events', log=f'"{schema}".pagu_log')
    with psycopg.connect(**location.psycopg_kwargs()) as conn:
        with pytest.raises(psycopg.Error) as failure:
            conn.execute(sql)
        return str(failure.value)


WRITES = [
    "INSERT INTO {log} SELECT * FROM {log} LIMIT 1",
    "INSERT INTO {events} (originator_id, originator_version, topic, state) "
    "SELECT originator_id, originator_version + 1000, topic, state FROM {events} LIMIT 1",
]
CHANGES = [
    "UPDATE {events} SET topic = 'x'",
    "DELETE FROM {events}",
    "UPDATE {log} SET recorded_at = 'x'",
    "DELETE FROM {log}",
    "TRUNCATE {log}",
]


READ_MODEL_CHANGES = [
    "UPDATE {rm}rm_value SET amount_sen = 1",
    "INSERT INTO {rm}rm_value (line_id, field, slot, stage_rank, effective, position, "
    "event_id) VALUES ('x', 'pagu', 0, 1, '2024-01-01', 1, 'x')",
    "DELETE FROM {rm}rm_event",
    "UPDATE {rm}rm_tracking SET position = position + 1000",
    "TRUNCATE {rm}rm_line",
]


def owner_of(url: str) -> str:
    location = StoreLocation.parse(url)
    return f"postgresql://postgres@{location.host}:{location.port}/{location.dbname}" + (
        f"?schema={location.schema}"
    )


def test_writer_appends_but_cannot_change(roles: tuple[str, str]) -> None:
    _, writer = roles
    imported = pagu("--db", writer, "import", str(SHARED_DOCUMENT))
    assert imported.exit_code == 0, imported.output
    assert "the read model is kept by the ledger's owner" in imported.stderr
    assert record_later_events(writer, 3) == 786  # commands through the service
    assert pagu("--db", owner_of(writer), "lines").exit_code == 0  # the owner catches up
    lines = pagu("--db", writer, "lines", "--level", "program")
    assert lines.exit_code == 0 and "1.06.07" in lines.output
    assert "note:" not in lines.stderr  # current: nothing to say
    for statement in CHANGES:
        assert "permission denied" in attempt(writer, statement), statement
    schema = f'"{StoreLocation.parse(writer).schema}".'
    for statement in READ_MODEL_CHANGES:  # what every view shows is not the writer's
        assert "permission denied" in attempt(writer, statement.replace("{rm}", schema))
    assert verify_store(writer).intact and verify_store(writer).events == 786
    assert pagu("--db", writer, "verify").exit_code == 0  # and it may check all of it


def test_a_writer_command_says_the_read_model_is_the_owners(roles: tuple[str, str]) -> None:
    _, writer = roles
    assert pagu("--db", writer, "import", str(SHARED_DOCUMENT)).exit_code == 0
    assert pagu("--db", owner_of(writer), "lines").exit_code == 0
    revised = pagu(
        "--db", writer, "revise", "1.06.04.2.01.05", "--pagu", "1000", "--stage",
        "perubahan", "--reason", "x", "--doc", "y", "--doc-date", "2024-09-02",
        "--effective", "2024-09-02",
    )  # fmt: skip
    assert revised.exit_code == 0 and "Dicatat: 1 peristiwa" in revised.stdout
    assert "the read model is kept by the ledger's owner" in revised.stderr
    behind = pagu("--db", writer, "lines")
    assert "note: the read model is at log position 783 of 784" in behind.stderr
    assert pagu("--db", owner_of(writer), "lines").exit_code == 0
    assert "note:" not in pagu("--db", writer, "lines").stderr


def test_reader_reads_queries_and_verifies_but_cannot_write(roles: tuple[str, str]) -> None:
    reader, writer = roles
    assert pagu("--db", writer, "import", str(SHARED_DOCUMENT)).exit_code == 0
    assert pagu("--db", owner_of(writer), "lines").exit_code == 0
    verified = pagu("--db", reader, "verify")
    assert verified.exit_code == 0 and "intact     : 783 events" in verified.output
    assert pagu("--db", reader, "digest").output.startswith("783:")
    lines = pagu("--db", reader, "lines", "--format", "json")
    assert lines.exit_code == 0 and "50009023965.00" in lines.output
    for statement in WRITES + CHANGES:
        assert "permission denied" in attempt(reader, statement), statement
    with pytest.raises(Exception, match="permission denied"):
        record_later_events(reader, 1)
    refused = pagu("--db", reader, "init")
    assert refused.exit_code == 1 and "permission denied" in refused.output
    assert "Traceback" not in refused.output
    assert verify_store(writer).events == 783


def test_reader_answers_from_a_read_model_left_behind(roles: tuple[str, str]) -> None:
    reader, writer = roles
    assert pagu("--db", writer, "import", str(SHARED_DOCUMENT)).exit_code == 0
    assert pagu("--db", owner_of(writer), "lines").exit_code == 0
    record_later_events(writer, 2)  # not yet in the read model
    lines = pagu("--db", reader, "lines", "--format", "json")
    assert lines.exit_code == 0
    assert "note: the read model is at log position 783 of 785" in lines.stderr
    assert lines.stdout.lstrip().startswith("[")  # the answer itself stays clean JSON
    assert pagu("--db", owner_of(writer), "lines").exit_code == 0  # the owner catches up
    assert "note:" not in pagu("--db", reader, "lines").output


def test_roles_are_refused_clearly(roles: tuple[str, str], pg_url: str, tmp_path: Any) -> None:
    missing = pagu("--db", pg_url, "db", "grant-reader", "no_such_role_x")
    assert missing.exit_code == 1 and "no role 'no_such_role_x'" in missing.output
    sqlite = pagu("--db", str(tmp_path / "l.db"), "db", "grant-writer", "someone")
    assert sqlite.exit_code == 1 and "roles exist only on PostgreSQL" in sqlite.output
    reader, _ = roles
    role = StoreLocation.parse(reader).user
    revoked = pagu("--db", pg_url, "db", "revoke", role)
    assert revoked.exit_code == 0
    assert "permission denied" in pagu("--db", reader, "verify").output
