"""Several writers on the same lines at once never lose or duplicate an event.

Real processes run the real `pagu` command against one ledger (a SQLite file, a
PostgreSQL schema), all appending to the same two lines. Every event a process was told
was recorded must be in the log exactly once, with its own content; a command that was
refused (another writer kept winning) must have left nothing behind. And the retry
itself is shown deterministically: a rival write slipped in between load and save.
"""

from __future__ import annotations

import json
import multiprocessing
from collections import Counter
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import text

from events.codes import Kode
from ledger.commands import Realize, parse
from ledger.service import ConcurrentWriteError, Ledger, open_ledger
from tests.conftest import pagu
from tests.ledger_state import BASIS, SKPD, as_json, pagu_by_kode, read_model_of

A, B = "1.06.04.2.01.01", "1.06.04.2.01.05"
WORKERS, ROUNDS = 3, 5
STEP = Decimal("1000.00")
LOST_RACE = "another writer kept changing the same lines"
TOTAL = Decimal("50009023965.00")


def _writer(url: str, worker: int, rounds: int, start: Any, results: Any) -> None:
    """One process: alternately shift between A and B and record a realization on A,
    each with a tag of its own as the reason; report what the CLI acknowledged."""
    acknowledged: list[dict[str, Any]] = []
    refused: list[tuple[str, str]] = []
    start.wait(timeout=60)
    for round_no in range(rounds):
        giver, taker = (A, B) if (worker + round_no) % 2 == 0 else (B, A)
        commands = [
            ["shift", giver, taker, str(STEP), *BASIS],
            ["realize", A, "--quarter", "3", "--output", f"{round_no} Orang"],
        ]
        for command in commands:
            tag = f"w{worker}-r{round_no}-{command[0]}"  # each command's own reason
            result = pagu("--db", url, *command, "--reason", tag, "--format", "json")
            if result.exit_code == 0:
                for row in json.loads(result.output):
                    acknowledged.append(row | {"tag": tag, "giver": giver})
            else:
                refused.append((tag, result.output.strip()))
    results.put((worker, acknowledged, refused))


def _run_writers(url: str) -> tuple[list[dict[str, Any]], list[tuple[str, str]]]:
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(WORKERS)
    results = context.Queue()
    processes = [
        context.Process(target=_writer, args=(url, worker, ROUNDS, start, results))
        for worker in range(WORKERS)
    ]
    for process in processes:
        process.start()
    collected = [results.get(timeout=600) for _ in processes]
    for process in processes:
        process.join(timeout=60)
        assert process.exitcode == 0
    acknowledged = [row for _, rows, _ in collected for row in rows]
    refused = [item for _, _, items in collected for item in items]
    return acknowledged, refused


@pytest.mark.slow
def test_concurrent_writers_lose_and_duplicate_nothing(imported: str) -> None:
    # Straight after the import nobody has read yet: the writers also race to build the
    # read model (every command catches it up before and after writing).
    before = {A: Decimal("3368500590.00"), B: Decimal("83804000.00"), "TOTAL": TOTAL}
    last_position = _log_head(imported)

    acknowledged, refused = _run_writers(imported)

    # every refusal is the clear one, and most commands got through
    assert all(LOST_RACE in message for _, message in refused), refused
    assert len(acknowledged) >= WORKERS * ROUNDS
    ids = [row["event_id"] for row in acknowledged]
    assert len(ids) == len(set(ids))

    # the log holds exactly the acknowledged events, each once, each with its content
    logged = [
        row
        for row in as_json("--db", imported, "audit", "--since", "2000-01-01")
        if row["position"] > last_position
    ]
    assert Counter(row["event_id"] for row in logged) == Counter(ids)
    by_id = {row["event_id"]: row for row in logged}
    for ack in acknowledged:
        event = by_id[ack["event_id"]]
        assert (event["reason"], event["kind"], event["kode"]) == (
            ack["tag"],
            ack["kind"],
            ack["kode"],
        )
    refused_tags = {tag for tag, _ in refused}
    assert not refused_tags & {row["reason"] for row in logged}  # a refusal wrote nothing

    # the raw log: one row per stream version, versions without gaps
    rows = _query(imported, "SELECT originator_id, originator_version FROM pagu_log")
    keys = [(str(stream).replace("-", ""), version) for stream, version in rows]
    assert len(keys) == len(set(keys))
    for stream in {key[0] for key in keys}:
        versions = sorted(version for key, version in keys if key == stream)
        assert versions == list(range(1, len(versions) + 1))

    # zero-sum, and each line moved by exactly the acknowledged shifts
    after = pagu_by_kode(imported)
    assert after["TOTAL"] == before["TOTAL"]
    shifts_out_of_a = sum(1 for a in acknowledged if a["kind"] == "PaguShifted" and a["kode"] == A)
    net = sum(
        (-STEP if ack["giver"] == A else STEP)
        for ack in acknowledged
        if ack["kind"] == "PaguShifted" and ack["kode"] == A
    )
    assert shifts_out_of_a > 0
    assert after[A] == before[A] + net  # type: ignore[operator]
    assert after[B] == before[B] - net  # type: ignore[operator]


def _query(url: str, sql: str) -> list[Any]:
    read_model = read_model_of(url)
    try:
        with read_model.engine.connect() as conn:
            return list(conn.execute(text(sql)).all())
    finally:
        read_model.close()


def _log_head(url: str) -> int:
    return int(_query(url, "SELECT MAX(position) FROM pagu_log")[0][0])


def _realize(reason: str) -> Realize:
    return parse(
        Realize,
        skpd=SKPD,
        tahun=2024,
        actor="tester",
        reason=reason,
        kode=A,
        quarter="3",
        output="1 Orang",
        effective="2024-09-30",
    )


def _stream_reasons(ledger: Ledger) -> list[str]:
    line = ledger.get_line(SKPD, 2024, Kode(A))
    return [event.reason for event in ledger.events.get(line.id)]  # type: ignore[attr-defined]


def test_a_write_that_loses_a_race_is_retried(imported: str, monkeypatch: Any) -> None:
    ledger, rival = open_ledger(imported), open_ledger(imported)
    try:
        save = ledger.save_lines
        attempts = []

        def save_after_a_rival(lines: Any) -> int:
            attempts.append(1)
            if len(attempts) == 1:  # the rival saves to the same line first
                rival.realize(_realize("rival"))
            return save(lines)

        monkeypatch.setattr(ledger, "save_lines", save_after_a_rival)
        recorded = ledger.realize(_realize("mine"))
        assert len(attempts) == 2
        assert _stream_reasons(ledger)[-2:] == ["rival", "mine"]
        assert recorded.events[0].originator_version == len(_stream_reasons(ledger))
    finally:
        ledger.close()
        rival.close()


def test_a_write_that_keeps_losing_fails_clearly_and_records_nothing(
    imported: str, monkeypatch: Any
) -> None:
    ledger, rival = open_ledger(imported), open_ledger(imported)
    try:
        save = ledger.save_lines

        def always_after_a_rival(lines: Any) -> int:
            rival.realize(_realize("rival"))
            return save(lines)

        monkeypatch.setattr(ledger, "save_lines", always_after_a_rival)
        count = ledger.event_count()
        with pytest.raises(ConcurrentWriteError, match="nothing was recorded after 5 attempts"):
            ledger.realize(_realize("mine"))
        assert ledger.event_count() == count + 5  # the rival's five, none of mine
        assert "mine" not in _stream_reasons(ledger)
    finally:
        ledger.close()
        rival.close()
