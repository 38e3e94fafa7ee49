"""The benchmark's smoke test: a ~10k-event synthetic ledger, written through pagu's own
path, answers every question the benchmark times exactly as the generator's own model
says it must. Correctness only; speed is measured by bench/run.py, never asserted."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections import Counter, defaultdict
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select, text

from bench.generate import plan
from bench.model import Facts
from bench.shapes import LineKey, shape_for
from bench.writers import (
    account,
    ingest_pagu,
    ingest_raw_es_recorder,
    ingest_raw_sqlite,
    write_journal,
)
from events.codes import Level
from events.periods import Stage
from ledger.service import open_ledger
from ledger.storage import StoreLocation
from projections import schema
from projections.line_values import pagu_in_force
from projections.readmodel import ReadModel, make_engine
from projections.state import lines_at
from projections.timepoint import NOW, TimePoint
from projections.views.lines import lines_report
from tests.conftest import ROOT

EVENTS = 10_000
VERB_EVENTS = {  # op verb -> the event kinds it can record
    "register": {"LineRegistered"},
    "set_pagu": {"PaguSet", "PaguRevised"},
    "shift": {"PaguShifted"},
    "set_target": {"TargetSet", "TargetRevised"},
    "revise_location": {"LocationRevised"},
    "set_forward_estimate": {"ForwardEstimateSet"},
    "set_renstra_target": {"RenstraTargetSet"},
    "record_prior_realization": {"PriorRealizationRecorded"},
    "set_renja_target": {"RenjaTargetSet"},
    "record_realization": {"RealizationRecorded"},
    "attach_note": {"NoteAttached"},
    "correct": {"EntryCorrected"},
}


def _digest(seed: int) -> str:
    h = hashlib.sha256()
    for batch in plan(shape_for(EVENTS, seed)):
        h.update(repr((batch.year, batch.phase, batch.skpd, batch.ops)).encode())
    return h.hexdigest()


def test_the_plan_is_deterministic_by_seed() -> None:
    assert _digest(1) == _digest(1)
    assert _digest(1) != _digest(2)


def test_shapes_scale_to_a_province() -> None:
    small, large = shape_for(10_000), shape_for(1_000_000)
    assert len(small.years) == 3 and len(large.years) == 5
    assert len({s.region.name for s in large.skpd}) == 11
    assert len(large.skpd) > 200
    lines = sum(len(s.lines) for s in large.skpd) * len(large.years)
    assert 40_000 < lines < 70_000  # about 50k lines at 1M events
    with pytest.raises(ValueError, match="more than this province holds"):
        shape_for(50_000_000)


def _by_key(conn, point: TimePoint) -> dict[LineKey, Decimal]:
    """The lines view's pagu of every sub kegiatan, keyed like the model."""
    report = lines_report(conn, point)
    return {
        (row["skpd"], row["tahun"], row["kode"]): row["pagu"]
        for row in report.rows
        if row["level"] == Level.SUB_KEGIATAN.value and row["pagu"] is not None
    }


@pytest.fixture
def ledger_10k(store_url: str) -> tuple[str, Facts, int]:
    facts = Facts()
    shape = shape_for(EVENTS, 1)
    ledger = open_ledger(store_url)
    try:
        timing = ingest_pagu(ledger, shape, plan(shape, facts))
        assert ledger.event_count() == timing.events == sum(facts.ops.values())
    finally:
        ledger.close()
    return store_url, facts, timing.events


def test_views_agree_with_the_generators_model(ledger_10k: tuple[str, Facts, int]) -> None:
    url, facts, events = ledger_10k
    location = StoreLocation.parse(url)
    read_model = ReadModel(
        make_engine(location.sqlalchemy_url(), location.sqlalchemy_connect_args())
    )
    try:
        assert read_model.catch_up() == events
        with read_model.connect() as conn:
            # every op became exactly one event of the kind its verb records
            kinds = Counter(
                dict(conn.execute(text("SELECT kind, COUNT(*) FROM rm_event GROUP BY kind")).all())
            )
            for verb, count in facts.ops.items():
                assert sum(kinds[k] for k in VERB_EVENTS[verb]) == count, verb
            assert sum(kinds.values()) == events

            # lines by level, and every sub kegiatan's pagu now, with the total
            lines = lines_at(conn, NOW)
            assert Counter(line.level.value for line in lines) == facts.lines
            now = _by_key(conn, NOW)
            assert now == facts.current()
            total = lines_report(conn, NOW).rows[-1]
            assert total["level"] == "total" and total["pagu"] == sum(now.values())

            # pagu per SKPD per stage: the stage's end in the model
            skpd_of = {line.line_id: line.skpd for line in lines}
            key_of = {line.line_id: (line.skpd, line.tahun, line.kode) for line in lines}
            for stage in Stage:
                answered: defaultdict[str, Decimal] = defaultdict(Decimal)
                for line_id, amount in pagu_in_force(conn, NOW, max_stage_rank=stage.rank).items():
                    answered[skpd_of[line_id]] += amount
                expected: defaultdict[str, Decimal] = defaultdict(Decimal)
                for key, amount in facts.pagu_at_stage(stage).items():
                    expected[key[0]] += amount
                assert dict(answered) == dict(expected), stage

            # in force on a date in the middle year (effective clock)
            years = sorted({key[1] for key in facts.history})
            day = date(years[len(years) // 2], 6, 30)
            assert _by_key(conn, TimePoint(effective=day)) == facts.pagu_on(day)

            # as the ledger knew it halfway (recorded clock): replay the plan that far
            replay, seen = Facts(), 0
            for batch in plan(shape_for(EVENTS, 1), replay):
                seen += len(batch)
                if batch.year == years[len(years) // 2] and batch.phase == "triwulan II":
                    cut = seen
            replay, seen = Facts(), 0
            for batch in plan(shape_for(EVENTS, 1), replay):
                seen += len(batch)
                if seen == cut:
                    break
            position = conn.execute(
                text("SELECT position FROM pagu_log ORDER BY position LIMIT 1 OFFSET :n"),
                {"n": cut - 1},
            ).scalar()
            assert _by_key(conn, TimePoint(position=position)) == replay.current()

            # money spent per line per quarter: the latest entry of each quarter
            spent: dict[tuple[str, int, str, int], Decimal] = {}
            r = schema.realization
            rows = conn.execute(
                select(r.c.line_id, r.c.quarter, r.c.spent_sen)
                .where(r.c.spent_sen.is_not(None), r.c.voided_position.is_(None))
                .order_by(r.c.position)
            )
            for line_id, quarter, spent_sen in rows:
                spent[(*key_of[line_id], quarter)] = Decimal(spent_sen) / 100
            assert spent == facts.spent
    finally:
        read_model.close()


def test_the_hledger_journal_answers_the_same(tmp_path: Path) -> None:
    if shutil.which("hledger") is None:
        # CI installs Debian's hledger and sets PAGU_REQUIRE_HLEDGER: there a skip is a failure
        if os.environ.get("PAGU_REQUIRE_HLEDGER", "") not in ("", "0", "no"):
            pytest.fail("PAGU_REQUIRE_HLEDGER is set but hledger is not on the PATH")
        pytest.skip("hledger is not installed (apt-get install hledger)")
    facts = Facts()
    shape = shape_for(EVENTS, 1)
    for _ in plan(shape, facts):
        pass
    journal = tmp_path / "ledger.journal"
    write_journal(shape, journal)
    day = date(shape.years[1], 6, 30)
    out = subprocess.run(
        [
            "hledger",
            "-f",
            str(journal),
            "balance",
            "anggaran",
            "--flat",
            "-N",
            "-O",
            "csv",
            "-e",
            (day + timedelta(days=1)).isoformat(),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    answered = {}
    for row in out[1:]:
        name, amount = (cell.strip('"') for cell in row.split('","'))
        answered[name] = Decimal(amount)
    expected = {account(key): amount for key, amount in facts.pagu_on(day).items()}
    assert answered == {name: amount for name, amount in expected.items() if amount}


def test_raw_writers_store_the_same_events(sqlite_url: str, tmp_path: Path) -> None:
    import sqlite3

    from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteDatastore

    shape = shape_for(3_000, 5)
    ledger = open_ledger(sqlite_url)
    try:
        ingest_pagu(ledger, shape)
    finally:
        ledger.close()
    raw = tmp_path / "raw.db"
    ingest_raw_sqlite(raw, shape)
    recorder = SQLiteApplicationRecorder(SQLiteDatastore(str(tmp_path / "es.db")))
    recorder.create_table()
    ingest_raw_es_recorder(recorder, shape)
    query = "SELECT originator_id, originator_version, topic, length(state) FROM {} ORDER BY rowid"

    def rows(path: Path | str, table: str) -> list[tuple]:
        with sqlite3.connect(path) as conn:
            return [
                (str(o).replace("-", ""), v, t, n)
                for o, v, t, n in conn.execute(query.format(table))
            ]

    pagu_rows = rows(sqlite_url, "pagu_events")
    assert rows(raw, "raw_events") == pagu_rows  # same streams, versions, kinds, payload sizes
    assert rows(tmp_path / "es.db", "stored_events") == pagu_rows


def test_run_py_reports_in_json(tmp_path: Path) -> None:
    steps = "generate,ingest_raw_driver,ingest_pagu,catch_up,lines_now,apbd_now,help"
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "run.py"),
            "--events",
            "3k",
            "--json",
            "--workdir",
            str(tmp_path / "out"),
            "--only",
            steps,
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    results = report["results"]
    assert set(results) == set(steps.split(","))
    events = results["generate"]["events"]
    assert results["ingest_pagu"]["events"] == results["catch_up"]["events"] == events
    assert results["lines_now"]["detail"]["rows"] > 100
    assert results["apbd_now"]["status"] in ("ok", "not available yet")
    assert report["summary"]["pagu_vs_raw_driver"] > 0
    assert all(r["peak_rss_mb"] > 0 for r in results.values() if r["status"] == "ok")


def test_fixed_lines_grow_their_history_instead() -> None:
    """--lines: the same lines with more pergeseran rounds, every shift still valid
    for pagu's verbs (zero-sum, never below zero or below what was spent)."""
    from bench.writers import domain_batches

    normal, dense = shape_for(10_000, 1), shape_for(30_000, 1, lines=600)
    assert dense.skpd == normal.skpd and dense.rounds > normal.rounds
    events = sum(len(batch) for batch in domain_batches(dense))
    assert 0.85 * 30_000 < events < 1.15 * 30_000
    with pytest.raises(ValueError, match="too few"):
        shape_for(1_000, 1, lines=600)
