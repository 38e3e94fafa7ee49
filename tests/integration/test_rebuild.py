"""The read model: a rebuild interrupted midway (an exception, or the process killed)
resumes and ends identical to a clean rebuild; status says where it stands; a read
model of an older shape is rebuilt by itself. On a SQLite file and on PostgreSQL."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import func, inspect, select, update

from cli.context import open_read_model
from projections import loading, schema
from projections.loading import indexes_pending
from projections.projector import VERSION
from projections.readmodel import ReadModel
from projections.rows import EventRows, Record
from tests.conftest import ROOT, pagu


@pytest.fixture
def read_model(imported: str) -> Iterator[ReadModel]:
    opened = open_read_model(imported)
    yield opened
    opened.close()


def snapshot(read_model: ReadModel) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every read-model table, without surrogate ids (a PostgreSQL sequence
    moves on in a rolled-back transaction), in a stable order."""
    found = {}
    with read_model.engine.connect() as conn:
        for table in schema.READ_MODEL_TABLES:
            columns = [c for c in table.c if c.name != "id"]
            rows = conn.execute(select(*columns)).all()
            found[table.name] = sorted((tuple(row) for row in rows), key=repr)
    return found


def status(url: str) -> dict[str, Any]:
    result = pagu("projections", "status", "--db", url, "--format", "json")
    assert result.exit_code == 0, result.output
    found: dict[str, Any] = json.loads(result.output)
    return found


def tamper(read_model: ReadModel) -> dict[str, list[tuple[Any, ...]]]:
    """Change one pagu in the read model (as someone with the file could): an old read
    model that differs from what a rebuild makes, so that a test can tell which it sees."""
    v = schema.value
    with read_model.engine.begin() as conn:
        first = conn.execute(select(func.min(v.c.position)).where(v.c.field == "pagu")).scalar()
        conn.execute(
            update(v).where(v.c.field == "pagu", v.c.position == first).values(amount_sen=100)
        )
    return snapshot(read_model)


def test_a_rebuild_that_fails_midway_leaves_the_old_read_model_whole(
    imported: str, read_model: ReadModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    read_model.catch_up()
    clean = snapshot(read_model)
    assert len(clean["rm_event"]) == 783
    old = tamper(read_model)
    assert old != clean
    original = EventRows.apply

    def failing(self: EventRows, record: Record, batch: Any) -> None:
        if record[0] > 350:
            raise RuntimeError("disk full")
        original(self, record, batch)

    monkeypatch.setattr(EventRows, "apply", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        read_model.projector.rebuild(page=100)
    monkeypatch.setattr(EventRows, "apply", original)
    assert status(imported)["state"] == "up to date"
    assert snapshot(read_model) == old  # untouched: not half a new one
    assert read_model.projector.rebuild(page=100) == 783
    assert snapshot(read_model) == clean
    assert status(imported)["state"] == "up to date"


KILLABLE = """
import sys, time
sys.path.insert(0, {root!r})
from sqlalchemy import event
from cli.context import open_read_model

read_model = open_read_model({url!r})
pages = []

def progress(position, head):
    pages.append(position)
    print(position, flush=True)

def on_commit(connection):
    if pages:  # the first page is in; hold the second page's transaction open
        print("committing", flush=True)
        time.sleep(60)

event.listen(read_model.engine, "commit", on_commit)
read_model.projector.rebuild(page=100, progress=progress)
"""


def test_a_rebuild_killed_inside_a_transaction_leaves_the_old_read_model(
    imported: str, read_model: ReadModel
) -> None:
    read_model.catch_up()
    old = tamper(read_model)
    code = KILLABLE.format(root=str(ROOT), url=imported)
    process = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "100"  # the first page is written
        assert process.stdout.readline().strip() == "committing"  # the second is not, yet
    finally:
        process.kill()  # SIGKILL: no cleanup, no rollback from the client
        process.wait(timeout=30)
    assert snapshot(read_model) == old
    assert status(imported)["state"] == "up to date"


RANDOM_KILL = """
import sys
sys.path.insert(0, {root!r})
from cli.context import open_read_model

read_model = open_read_model({url!r})
print("start", flush=True)
read_model.projector.rebuild(page=40)
print("done", flush=True)
"""


def test_a_rebuild_killed_at_random_points_is_the_old_model_or_the_new_one(
    imported: str, read_model: ReadModel
) -> None:
    """kill -9 at random moments of real rebuilds: afterwards the read model is always
    either the old one or the complete new one, and says it is up to date."""
    import random
    import time

    read_model.catch_up()
    clean = snapshot(read_model)
    code = textwrap.dedent(RANDOM_KILL.format(root=str(ROOT), url=imported))
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
    whole = time.perf_counter() - started  # one rebuild, start-up included
    rng = random.Random(15)
    seen = set()
    for attempt in range(6):
        old = tamper(read_model)
        process = subprocess.Popen(
            [sys.executable, "-c", code], stdout=subprocess.PIPE, text=True
        )
        assert process.stdout is not None
        process.stdout.readline()  # imported and connected: the rebuild begins
        time.sleep(rng.uniform(0, whole * 0.8))
        process.kill()
        process.wait(timeout=30)
        found = snapshot(read_model)
        assert found in (old, clean), attempt
        seen.add("old" if found == old else "new")
        assert status(imported)["state"] == "up to date"
        if found == old:
            read_model.projector.rebuild()
    assert snapshot(read_model) == clean
    assert seen  # at least one kill landed somewhere


def test_rebuild_from_scratch_gives_the_same_read_model(
    imported: str, read_model: ReadModel
) -> None:
    read_model.catch_up()
    before = snapshot(read_model)
    result = pagu("projections", "rebuild", "--db", imported)
    assert result.exit_code == 0, result.output
    assert "rebuilt the read model: 783 events" in result.output
    assert snapshot(read_model) == before


def test_a_read_model_of_an_older_shape_is_rebuilt_by_itself(
    imported: str, read_model: ReadModel
) -> None:
    read_model.catch_up()
    before = snapshot(read_model)
    with read_model.engine.begin() as conn:
        conn.execute(
            update(schema.tracking).where(schema.tracking.c.name == VERSION).values(position=1)
        )
    assert "older version" in status(imported)["state"]
    assert pagu("apbd", "--db", imported).exit_code == 0
    assert snapshot(read_model) == before
    assert status(imported)["built_with"] == schema.SCHEMA_VERSION


def index_names(read_model: ReadModel) -> set[str]:
    found = inspect(read_model.engine)
    return {
        str(index["name"])
        for table in schema.READ_MODEL_TABLES
        for index in found.get_indexes(table.name)
    }


def test_a_load_from_empty_builds_the_indexes_last_and_a_crash_midway_is_repaired(
    imported: str, read_model: ReadModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Loading from empty, the secondary indexes are dropped and built after the rows,
    under a marker; a load that dies midway leaves the marker, and the next catch-up
    carries on and builds them."""
    read_model.catch_up()
    clean = snapshot(read_model)
    wanted = {str(index.name) for index in schema.DEFERRED_INDEXES}
    assert wanted <= index_names(read_model)
    read_model.projector.defer_at = 1  # the fixture's 783 events count as a large load
    original = EventRows.apply

    def failing(self: EventRows, record: Record, batch: Any) -> None:
        if record[0] > 350:
            raise RuntimeError("disk full")
        original(self, record, batch)

    monkeypatch.setattr(EventRows, "apply", failing)
    schema.metadata.drop_all(read_model.engine)  # a first catch-up, from empty
    read_model.projector.rows.line_meta.clear()
    with pytest.raises(RuntimeError, match="disk full"):
        read_model.projector.catch_up(page=100)
    monkeypatch.setattr(EventRows, "apply", original)
    with read_model.engine.connect() as conn:
        assert indexes_pending(conn)
    assert not wanted & index_names(read_model)  # none built yet
    assert "rm_value_position" in index_names(read_model)  # corrections need it meanwhile
    assert status(imported)["position"] == 300
    # the next catch-up, by a projector that would not defer, finishes the load
    read_model.projector.defer_at = 10**9
    assert read_model.catch_up() == 483
    with read_model.engine.connect() as conn:
        assert not indexes_pending(conn)
    assert wanted <= index_names(read_model)
    assert snapshot(read_model) == clean


def test_a_catch_up_that_is_not_from_empty_keeps_the_indexes(
    imported: str, read_model: ReadModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    read_model.projector.defer_at = 1
    read_model.projector.catch_up(page=100)  # from empty: deferred, then built
    wanted = {str(index.name) for index in schema.DEFERRED_INDEXES}
    assert wanted <= index_names(read_model)
    with read_model.engine.begin() as conn:  # pretend the last 83 events are new
        conn.execute(
            update(schema.tracking).where(schema.tracking.c.name == "pagu").values(position=700)
        )
        for table in schema.READ_MODEL_TABLES:
            if "position" in table.c and table is not schema.tracking:
                conn.execute(table.delete().where(table.c.position > 700))
    read_model.projector.rows.line_meta.clear()

    def refuse(conn: Any) -> bool:
        raise AssertionError("indexes dropped for a catch-up that is not from empty")

    monkeypatch.setattr(loading, "defer_indexes", refuse)
    assert read_model.catch_up() == 83
    assert wanted <= index_names(read_model)
    with read_model.engine.connect() as conn:
        assert not indexes_pending(conn)
