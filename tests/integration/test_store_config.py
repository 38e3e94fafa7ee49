"""The ledger named is the ledger written (issue 15, items 1-3), on SQLite and PostgreSQL.

- `--db` on the command, then before it, then PAGU_DB, then ./pagu.db: the environment
  never overrides what the command line names;
- nothing else in the environment reaches the event-sourcing library: its `PAGU_`-
  prefixed keys, the persistence settings, compression, encryption, the database-
  function insert path change nothing;
- every write checks, before it commits, that each event got its chain link;
- store URLs are built as objects: odd characters in a SQLite path, a mixed-case
  PostgreSQL schema work end to end; a schema name pagu cannot use is refused before
  anything is created.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from ledger.integrity import verify_store
from ledger.storage import StoreLocation
from tests.conftest import PG_URL, SHARED_DOCUMENT, pagu
from tests.tampering import Attacker

REVISE = [
    "revise", "1.06.04.2.01.05", "--pagu", "100000000", "--stage", "perubahan",
    "--reason", "uji", "--doc", "SK 1", "--doc-date", "2024-09-02", "--effective", "2024-09-02",
]  # fmt: skip


def schemas() -> set[str]:
    return {row[0] for row in _rows(PG_URL, "SELECT nspname FROM pg_namespace")}


def _rows(url: str, sql: str) -> list[tuple[Any, ...]]:
    """Rows of a query on the ledger at `url`, straight from the store (the query
    names tables as {events}; no pagu code involved)."""
    location = StoreLocation.parse(url)
    if location.is_sqlite:
        with sqlite3.connect(str(location.path)) as conn:
            return list(conn.execute(sql.format(events="pagu_events")))
    import psycopg

    admin = StoreLocation.parse(PG_URL)
    with psycopg.connect(
        host=admin.host, port=admin.port, dbname=admin.dbname, user=admin.user
    ) as conn:
        return list(conn.execute(sql.format(events=f'"{location.schema}".pagu_events')))


def counted(url: str) -> int:
    """Events in the ledger at `url`."""
    return int(_rows(url, "SELECT count(*) FROM {events}")[0][0])


def states(url: str) -> list[bytes]:
    return [bytes(row[0]) for row in _rows(url, "SELECT state FROM {events}")]


# ---- 1: which ledger ------------------------------------------------------------------


def test_pagu_db_never_overrides_a_db_on_the_command_line(tmp_path: Path) -> None:
    named, other = tmp_path / "named.db", tmp_path / "env.db"
    env = {"PAGU_DB": str(other)}
    done = pagu("--db", str(named), "import", str(SHARED_DOCUMENT), env=env)
    assert done.exit_code == 0, done.output
    assert not other.exists() and counted(str(named)) == 783
    assert pagu("--db", str(named), *REVISE, env=env).exit_code == 0
    assert not other.exists() and counted(str(named)) == 784
    on_command = pagu("lines", "--db", str(named), "--format", "json", env=env)
    assert on_command.exit_code == 0 and "1.06.04.2.01.05" in on_command.output
    assert not other.exists()
    rebuilt = pagu("--db", str(named), "projections", "rebuild", env=env)
    assert rebuilt.exit_code == 0 and "783" not in str(other) and not other.exists()
    # the command's own --db wins over the group's
    third = tmp_path / "third.db"
    assert pagu("--db", str(third), "lines", "--db", str(named), env=env).exit_code == 0
    assert not third.exists()
    # and PAGU_DB still names the ledger when nothing else does
    assert pagu("lines", env={"PAGU_DB": str(named)}).exit_code == 0


@pytest.mark.postgres
def test_pagu_db_of_another_backend_is_not_written(pg_url: str, tmp_path: Path) -> None:
    named = tmp_path / "named.db"
    schema = StoreLocation.parse(pg_url).schema
    done = pagu("--db", str(named), "import", str(SHARED_DOCUMENT), env={"PAGU_DB": pg_url})
    assert done.exit_code == 0 and schema not in schemas()
    done = pagu("--db", pg_url, "import", str(SHARED_DOCUMENT), env={"PAGU_DB": str(named)})
    assert done.exit_code == 0 and counted(pg_url) == 783 and counted(str(named)) == 783


@pytest.mark.parametrize("where", ["group", "command"])
def test_an_unreachable_server_fails_clearly_even_with_pagu_db_set(
    where: str, tmp_path: Path
) -> None:
    good = tmp_path / "good.db"
    assert pagu("--db", str(good), "import", str(SHARED_DOCUMENT)).exit_code == 0
    down = "postgresql://nobody@127.0.0.1:1/nothing"
    for command in (["lines"], ["verify"], REVISE, ["import", str(SHARED_DOCUMENT)]):
        args = ["--db", down, *command] if where == "group" else [*command, "--db", down]
        result = pagu(*args, env={"PAGU_DB": str(good)})
        assert result.exit_code == 1, (command, result.output)
        assert "cannot reach the ledger at postgresql://nobody@127.0.0.1:1/nothing" in (
            result.output
        )
        assert "Traceback" not in result.output
    assert counted(str(good)) == 783


# ---- 2: nothing from the environment reaches the library ---------------------------


ENVIRONMENTS = [
    {"PAGU_SQLITE_DBNAME": "{other}"},
    {"PAGU_PERSISTENCE_MODULE": "eventsourcing.popo"},
    {"COMPRESSOR_TOPIC": "eventsourcing.compressor:ZlibCompressor"},
    {"PAGU_COMPRESSOR_TOPIC": "eventsourcing.compressor:ZlibCompressor"},
    {"CIPHER_KEY": "{key}"},
    {"PAGU_CIPHER_TOPIC": "eventsourcing.cipher:AESCipher", "PAGU_CIPHER_KEY": "{key}"},
    {"PAGU_APPLICATION_RECORDER_TOPIC": "eventsourcing.sqlite:SQLiteApplicationRecorder"},
    {"POSTGRES_ENABLE_DB_FUNCTIONS": "y"},
    {"PAGU_POSTGRES_ENABLE_DB_FUNCTIONS": "y"},
    {"PAGU_POSTGRES_SCHEMA": "public", "POSTGRES_SCHEMA": "public"},
    {"PAGU_POSTGRES_DBNAME": "postgres"},
    {"PGOPTIONS": "-c search_path=public"},
]


@pytest.mark.parametrize("attack", ENVIRONMENTS, ids=lambda e: "+".join(e))
def test_the_environment_changes_nothing_the_ledger_writes(
    attack: dict[str, str], store_url: str, tmp_path: Path
) -> None:
    postgres = not StoreLocation.parse(store_url).is_sqlite
    public = public_events() if postgres else None
    other = tmp_path / "other.db"
    key = "MDEyMzQ1Njc4OWFiY2RlZg=="  # 16 bytes, base64, as the library's AES cipher takes
    env = {name: value.format(other=other, key=key) for name, value in attack.items()}
    imported = pagu("--db", store_url, "import", str(SHARED_DOCUMENT), env=env)
    assert imported.exit_code == 0, imported.output
    revised = pagu("--db", store_url, *REVISE, env=env)
    assert revised.exit_code == 0, revised.output
    assert not other.exists()
    assert counted(store_url) == 784
    assert all(state.startswith(b"{") for state in states(store_url))  # plain JSON
    verdict = verify_store(store_url)
    assert verdict.intact and verdict.events == 784, verdict.damage
    shown = pagu("--db", store_url, "lines", "--format", "json", env=env)
    assert shown.exit_code == 0 and "100000000.00" in shown.output
    if postgres:
        assert public_events() == public  # nothing landed in the default schema


def public_events() -> int | None:
    """Events in the server's default schema (None: no ledger there)."""
    found = _rows(PG_URL, "SELECT to_regclass('public.pagu_events')")
    if found[0][0] is None:
        return None
    return int(_rows(PG_URL, "SELECT count(*) FROM public.pagu_events")[0][0])


def swallow_links(url: str) -> None:
    """What someone with the schema could do: make the database drop every link."""
    attacker = Attacker(url)
    try:
        if attacker.sqlite:
            attacker.sql(
                "CREATE TRIGGER swallow BEFORE INSERT ON pagu_log BEGIN SELECT RAISE(IGNORE); END"
            )
        else:
            attacker.sql(f"CREATE RULE swallow AS ON INSERT TO {attacker.log} DO INSTEAD NOTHING")
    finally:
        attacker.close()


def test_a_write_whose_links_are_swallowed_records_nothing(imported: str) -> None:
    swallow_links(imported)
    result = pagu("--db", imported, *REVISE)
    assert result.exit_code == 1, result.output
    assert "linked 0 of 1 events in the hash chain, so nothing was recorded" in result.output
    assert counted(imported) == 783
    assert verify_store(imported).events == 783


# ---- 3: URLs as objects --------------------------------------------------------------


@pytest.mark.parametrize("name", ["a?b.db", "a#b.db", "a%20b.db", "pa gu?x=1#y%.db"])
def test_a_sqlite_path_with_odd_characters_keeps_everything_in_one_file(
    name: str, tmp_path: Path
) -> None:
    folder = tmp_path / "ledgers"
    folder.mkdir()
    path = folder / name
    assert pagu("--db", str(path), "import", str(SHARED_DOCUMENT)).exit_code == 0
    shown = pagu("--db", str(path), "lines", "--format", "json")
    assert shown.exit_code == 0 and "50009023965.00" in shown.output
    assert pagu("--db", f"sqlite:///{path}", "verify").exit_code == 0
    assert {p.name for p in folder.iterdir()} <= {name, f"{name}-wal", f"{name}-shm"}
    with sqlite3.connect(str(path)) as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    assert {"pagu_events", "pagu_log", "rm_tracking", "rm_value"} <= tables


@pytest.mark.postgres
@pytest.mark.parametrize("schema", ["CeoUpper", "Mixed_Case_2", "_x9"])
def test_a_mixed_case_schema_works_end_to_end(schema: str, tmp_path: Path) -> None:
    from tests.conftest import _drop_pg_schema

    url = f"{PG_URL}?schema={schema}"
    try:
        assert pagu("--db", url, "import", str(SHARED_DOCUMENT)).exit_code == 0
        assert pagu("--db", url, *REVISE).exit_code == 0
        shown = pagu("--db", url, "lines", "--format", "json")
        assert shown.exit_code == 0 and "100000000.00" in shown.output
        verified = pagu("--db", url, "verify")
        assert verified.exit_code == 0, verified.output
        assert pagu("--db", url, "projections", "rebuild").exit_code == 0
        assert pagu("--db", url, "export-log", str(tmp_path / "log.jsonl")).exit_code == 0
        assert schema in schemas() and schema.lower() not in schemas() - {schema}
        assert counted(url) == 784
    finally:
        _drop_pg_schema(schema)


@pytest.mark.postgres
@pytest.mark.parametrize(
    "query",
    [
        "schema=bad-name",
        "schema=a%20b",
        'schema="x"',
        "schema=pg_mine",
        "schema=",
        "schema=" + "s" * 64,
        "schema=a;drop",
        "schema=a&schema=b",
        "sslmode=disable",
    ],
)
def test_a_schema_pagu_cannot_use_is_refused_before_anything_is_created(query: str) -> None:
    from urllib.parse import parse_qs

    named = {unquote for values in parse_qs(query).values() for unquote in values}
    public, before = public_events(), schemas()
    result = pagu("--db", f"{PG_URL}?{query}", "import", str(SHARED_DOCUMENT))
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    # (other tests share the server: look only at what this import could have made)
    assert not named & (schemas() - before) and public_events() == public


def test_urls_are_built_as_objects() -> None:
    location = StoreLocation.parse("postgresql://u%40x:p%3Aw%2F@h:5433/d?schema=CeoUpper")
    url: Any = location.sqlalchemy_url()
    assert (url.username, url.password, url.host, url.port, url.database) == (
        "u@x", "p:w/", "h", 5433, "d"
    )  # fmt: skip
    assert location.postgres_options() == '-c search_path="CeoUpper"'
    assert location.table("pagu_log") == '"CeoUpper"."pagu_log"'
    sqlite = StoreLocation.parse("/tmp/a?b#c%d.db")
    assert sqlite.sqlalchemy_url().database == "/tmp/a?b#c%d.db"
    assert sqlite.sqlite_uri().startswith("file:///tmp/a%3Fb%23c%25d.db?")


def test_a_store_whose_payloads_are_not_plain_json_is_refused_at_open(imported: str) -> None:
    """Written by a program that compressed its payloads (as COMPRESSOR_TOPIC used to
    make the library do): refused at open, before anything is written or shown."""
    import zlib

    attacker = Attacker(imported)
    try:
        attacker.disarm()
        last = attacker.rows()[-1]
        attacker.sql(
            f"UPDATE {attacker.events} SET state = %s WHERE originator_id = %s "
            "AND originator_version = %s",
            (zlib.compress(attacker.state(last.stream, last.version)), attacker.key(last.stream),
             last.version),
        )  # fmt: skip
    finally:
        attacker.close()
    for command in (REVISE, ["lines"]):
        result = pagu("--db", imported, *command)
        assert result.exit_code == 1, result.output
        assert "not stored as plain JSON" in result.output
    assert counted(imported) == 783
    assert pagu("--db", imported, "verify").exit_code == 2
