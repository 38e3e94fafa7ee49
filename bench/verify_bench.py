"""How long `verify` takes, on SQLite and PostgreSQL.

    .venv/bin/python bench/verify_bench.py             # shared document + 300 later events
    .venv/bin/python bench/verify_bench.py --later 500
    .venv/bin/python bench/verify_bench.py --million   # also 1,000,000 synthetic events

The realistic case imports the shared document (781 events) and then records later
pagu revisions with BudgetLine verbs through ledger.service, one transaction each, as
commands do. The synthetic case writes a million links and events straight into a
SQLite file (and a PostgreSQL schema with --postgres-million), hashed exactly as the
store hashes them, to measure the streaming pass and its memory (peak RSS of a separate
process running only the verification).

PostgreSQL is PAGU_TEST_PG (default postgresql://postgres@127.0.0.1:5432/test); the
bench creates and drops its own schema.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from uuid import UUID

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from events import Kode, Level, Stage  # noqa: E402
from events.storage_format import EVENTS_TABLE, LOG_TABLE, wrapped  # noqa: E402
from ledger.chain import chain_hash, event_hash, format_recorded_at, payload_hash  # noqa: E402
from ledger.integrity import verify_store  # noqa: E402
from ledger.line import Basis  # noqa: E402
from ledger.service import open_ledger  # noqa: E402
from ledger.storage import StoreLocation  # noqa: E402

DOCUMENT = ROOT / "tests" / "fixtures" / "renja-perubahan-2024-dinsos-kukar.txt"
PG = os.environ.get("PAGU_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
SKPD = "Dinas Sosial Kabupaten Kutai Kartanegara"


def machine() -> str:
    cpu = platform.processor() or "cpu"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"


def timed(url: str, runs: int) -> tuple[float, int]:
    times, events = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        verdict = verify_store(url)
        times.append(time.perf_counter() - started)
        assert verdict.intact, verdict.damage
        events = verdict.events
    return statistics.median(times), events


def realistic(url: str, later: int) -> None:
    from click.testing import CliRunner

    from cli.main import cli

    result = CliRunner().invoke(cli, ["--db", url, "import", str(DOCUMENT)])
    assert result.exit_code == 0, result.output
    ledger = open_ledger(url, create=False)
    try:
        streams = {
            UUID(str(n.originator_id)) for n in ledger.recorder.select_notifications(1, 100_000)
        }
        subs = sorted(
            (line for line in ledger.lines(streams).values() if line.level is Level.SUB_KEGIATAN),
            key=lambda line: line.kode.text,
        )
        for i in range(later):
            line = ledger.get_line(SKPD, 2024, Kode(subs[i % len(subs)].kode.text))
            amount = (line.current_pagu() or Decimal(0)) + Decimal(1000 * (i + 1))
            basis = Basis("bench", f"pergeseran {i + 1}", None, date(2024, 9, 1))
            line.set_pagu(amount, Stage.PERUBAHAN, basis)
            ledger.save_lines([line])
    finally:
        ledger.close()


def _registration(kode: str, at: str) -> bytes:
    """A sub kegiatan's LineRegistered, as the store holds it: each stream begins so."""
    return json.dumps(
        {
            "timestamp": wrapped("datetime_iso", at),
            "originator_topic": "ledger.line:BudgetLine",
            "actor": "bench",
            "reason": "APBD murni 2024",
            "document": None,
            "effective": wrapped("date_iso", "2024-01-01"),
            "provenance": None,
            "skpd": SKPD,
            "tahun": 2024,
            "kode": wrapped("kode", kode),
            "level": wrapped("level", "sub_kegiatan"),
            "nama": f"Sub kegiatan {kode}",
            "indicator": None,
            "location": None,
            "stage": wrapped("stage", "murni"),
        },
        separators=(",", ":"),
    ).encode()


def synthetic_rows(count: int):  # type: ignore[no-untyped-def]
    """(position, stream hex, version, topic, state, recorded_at, payload, eh, ch): 2000
    sub kegiatan, each registered (version 1), then pagu revisions round-robin, so that
    the log obeys the ledger's rules as well as its chain."""
    from ledger.line import line_id

    codes = [f"1.06.{1 + i // 100:02d}.2.01.{1 + i % 100:02d}" for i in range(2000)]
    streams = [line_id(SKPD, 2024, Kode(code)) for code in codes]
    versions = [0] * len(streams)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    previous = "0" * 64
    for position in range(1, count + 1):
        index = position % len(streams)
        versions[index] += 1
        at = format_recorded_at(start + timedelta(seconds=position // 10))
        topic = "events.line:PaguRevised"
        if versions[index] == 1:
            topic, state = "events.line:LineRegistered", _registration(codes[index], at)
            payload = payload_hash(state)
            this = event_hash(position, streams[index], 1, topic, at, payload)
            previous = chain_hash(previous, this)
            yield (position, streams[index], 1, topic, state, at, payload, this, previous)
            continue
        state = json.dumps(
            {
                "timestamp": wrapped("datetime_iso", at),
                "actor": "bench",
                "reason": f"pergeseran antar rincian objek belanja {position}",
                "document": wrapped(
                    "document",
                    {
                        "title": "Perubahan Rencana Kerja Dinas Sosial Kabupaten Kutai "
                        "Kartanegara Tahun 2024",
                        "date": wrapped("date_iso", "2024-08-14"),
                    },
                ),
                "effective": wrapped("date_iso", "2024-09-01"),
                "provenance": None,
                "amount": wrapped("decimal_str", f"{1000 + position}.00"),
                "previous": wrapped("decimal_str", "1000.00"),
                "stage": wrapped("stage", "perubahan"),
            },
            separators=(",", ":"),
        ).encode()
        payload = payload_hash(state)
        this = event_hash(position, streams[index], versions[index], topic, at, payload)
        previous = chain_hash(previous, this)
        yield (
            position,
            streams[index],
            versions[index],
            topic,
            state,
            at,
            payload,
            this,
            previous,
        )


INSERT_EVENTS = (
    f"INSERT INTO {EVENTS_TABLE} (rowid, originator_id, originator_version, topic, state) "
    "VALUES (?,?,?,?,?)"
)
INSERT_LINKS = f"INSERT INTO {LOG_TABLE} VALUES (?,?,?,?,?,?,?,?)"


def million_sqlite(path: Path, count: int) -> None:
    from ledger.service import Ledger

    Ledger(StoreLocation.parse(str(path))).close()  # the real schema, triggers included
    conn = sqlite3.connect(path)
    conn.execute("BEGIN")
    events, links = [], []
    for pos, stream, ver, topic, state, at, payload, eh, ch in synthetic_rows(count):
        events.append((pos, stream.hex, ver, topic, state))
        links.append((pos, stream.hex, ver, topic, at, payload, eh, ch))
        if len(events) == 20_000:
            conn.executemany(INSERT_EVENTS, events)
            conn.executemany(INSERT_LINKS, links)
            events, links = [], []
    conn.executemany(INSERT_EVENTS, events)
    conn.executemany(INSERT_LINKS, links)
    conn.commit()
    conn.close()


def million_postgres(url: str, count: int) -> None:
    import psycopg

    from ledger.service import Ledger

    location = StoreLocation.parse(url)
    Ledger(location).close()
    schema = f'"{location.schema}"'
    with psycopg.connect(**location.psycopg_kwargs()) as conn, conn.cursor() as cur:
        with cur.copy(
            f"COPY {schema}.{EVENTS_TABLE} (notification_id, originator_id, originator_version, "
            "topic, state) FROM STDIN"
        ) as events_copy:
            for pos, stream, ver, topic, state, *_ in synthetic_rows(count):
                events_copy.write_row((pos, stream, ver, topic, state))
        with cur.copy(f"COPY {schema}.{LOG_TABLE} FROM STDIN") as log_copy:
            for pos, stream, ver, topic, _, at, payload, eh, ch in synthetic_rows(count):
                log_copy.write_row((pos, stream, ver, topic, at, payload, eh, ch))
        cur.execute(f"ANALYZE {schema}.{EVENTS_TABLE}")
        cur.execute(f"ANALYZE {schema}.{LOG_TABLE}")


CHILD = """
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
from ledger.integrity import verify_store
wall, cpu = time.perf_counter(), time.process_time()
verdict = verify_store(sys.argv[2])
assert verdict.intact, verdict.damage
print(json.dumps({
    "seconds": time.perf_counter() - wall,
    "cpu": time.process_time() - cpu,
    "events": verdict.events,
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


def measure_in_child(url: str) -> dict[str, float]:
    """verify in a fresh process: wall and CPU time, peak resident memory."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(ROOT), url], capture_output=True, text=True, check=True
    )
    result: dict[str, float] = json.loads(done.stdout)
    return result


def report(name: str, found: dict[str, float]) -> None:
    print(
        f"{name}: verify of {found['events']:.0f} events: {found['seconds']:.1f} s wall, "
        f"{found['cpu']:.1f} s CPU, peak RSS {found['peak_mb']:.0f} MB"
    )


def drop_schema(url: str) -> None:
    import psycopg

    location = StoreLocation.parse(url)
    with psycopg.connect(**location.psycopg_kwargs(), autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{location.schema}" CASCADE')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--later", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--million", action="store_true", help="also 1,000,000 events (SQLite)")
    parser.add_argument("--postgres-million", action="store_true")
    parser.add_argument("--count", type=int, default=1_000_000)
    args = parser.parse_args()
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory() as directory:
        sqlite_url = str(Path(directory) / "bench.db")
        pg_url = f"{PG}?schema=bench_{uuid.uuid4().hex[:8]}"
        for name, url in (("SQLite", sqlite_url), ("PostgreSQL", pg_url)):
            try:
                realistic(url, args.later)
                seconds, events = timed(url, args.runs)
                print(
                    f"{name:10s}: verify of {events} events (shared document + {args.later} "
                    f"later) median of {args.runs}: {seconds * 1000:.0f} ms"
                )
            finally:
                if url is pg_url:
                    drop_schema(pg_url)
        if args.million:
            path = Path(directory) / "million.db"
            started = time.perf_counter()
            million_sqlite(path, args.count)
            took = time.perf_counter() - started
            size = path.stat().st_size / 2**20
            print(
                f"SQLite    : wrote {args.count} synthetic events in {took:.0f} s ({size:.0f} MB)"
            )
            report("SQLite    ", measure_in_child(str(path)))
        if args.postgres_million:
            url = f"{PG}?schema=bench_{uuid.uuid4().hex[:8]}"
            try:
                started = time.perf_counter()
                million_postgres(url, args.count)
                took = time.perf_counter() - started
                print(f"PostgreSQL: wrote {args.count} synthetic events in {took:.0f} s")
                report("PostgreSQL", measure_in_child(url))
            finally:
                drop_schema(url)


if __name__ == "__main__":
    main()
