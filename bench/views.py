"""How long the views take on a big read model, and how that grows with history.

    .venv/bin/python bench/views.py --lines 50000 --events 200000 1000000 [--postgres URL]

For each size it fills the read-model tables directly (the shape the projector writes:
one budget of N lines, each sub kegiatan with its murni pagu and target, then
pergeseran, perubahan, target and location revisions, quarterly realization, notes and
corrections until the log holds the number of events asked for), then times each view
function (best of three, after one warm-up), without catching up and without
rendering, and then the JSON rendering of the full `apbd`. Speed is measured here,
never asserted in tests.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, insert, text

from events.periods import Quarter, Stage
from events.storage_format import (
    EVENT_TABLE,
    LINE_TABLE,
    NOTE_TABLE,
    REALIZATION_TABLE,
    VALUE_TABLE,
)
from ledger.storage import StoreLocation
from projections import schema
from projections.projector import NAME, VERSION, sort_key
from projections.readmodel import make_engine
from projections.timepoint import TimePoint, resolve

SKPD = "Dinas Contoh"
YEAR = 2024
START = datetime(2024, 1, 2, tzinfo=UTC)


def codes(lines: int) -> Iterator[tuple[str, str, str | None]]:
    """(kode, level, parent) for a Dinas of about `lines` lines: 25 sub kegiatan per
    kegiatan, 40 kegiatan per program."""
    yield "1.06", "urusan", None
    made = 1
    for p in range(1, 100):
        program = f"1.06.{p:02d}"
        yield program, "program", "1.06"
        made += 1
        for k in range(1, 41):
            kegiatan = f"{program}.2.{k:02d}"
            yield kegiatan, "kegiatan", program
            made += 1
            for s in range(1, 26):
                yield f"{kegiatan}.{s:02d}", "sub_kegiatan", kegiatan
                made += 1
                if made >= lines:
                    return


class Filler:
    """Writes read-model rows in log order, as the projector would."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.position = 0
        self.rows: dict[str, list[dict[str, Any]]] = {}
        self.random = random.Random(2024)

    def next(self) -> tuple[int, str]:
        self.position += 1
        # one event every 20 seconds over the year: recorded time grows with position
        moment = START + timedelta(seconds=20 * self.position)
        return self.position, moment.isoformat(timespec="microseconds")

    def add(self, table: str, row: dict[str, Any]) -> None:
        found = self.rows.setdefault(table, [])
        found.append(row)
        if len(found) >= 20_000:
            self.flush(table)

    def flush(self, only: str | None = None) -> None:
        with self.engine.begin() as conn:
            for table, rows in self.rows.items():
                if rows and (only is None or table == only):
                    conn.execute(insert(schema.metadata.tables[table]), rows)
                    rows.clear()

    def event(self, line_id: str, kode: str, kind: str, effective: date) -> tuple[int, str]:
        position, recorded = self.next()
        self.add(
            EVENT_TABLE,
            {
                "position": position,
                "event_id": f"e{position}",
                "line_id": line_id,
                "version": 1,
                "skpd": SKPD,
                "tahun": YEAR,
                "kode": kode,
                "kind": kind,
                "stage": None,
                "recorded_at": recorded,
                "effective": effective,
                "actor": "bench",
                "reason": "bench",
                "document": None,
                "document_date": None,
                "provenance": None,
                "change": "{}",
                "corrected_by": None,
            },
        )
        return position, f"e{position}"

    def value(
        self, line_id: str, kode: str, field: str, stage: Stage, effective: date, **v: Any
    ) -> None:
        position, event_id = self.event(line_id, kode, field, effective)
        row = {
            "line_id": line_id,
            "field": field,
            "slot": v.pop("slot", 0),
            "year": None,
            "stage_rank": stage.rank,
            "effective": effective,
            "position": position,
            "amount_sen": None,
            "number": None,
            "unit": None,
            "text": None,
            "kind": None,
            "event_id": event_id,
            "voided_position": None,
        }
        self.add(VALUE_TABLE, row | v)


def fill(engine: Engine, lines: int, events: int) -> int:
    schema.metadata.drop_all(engine)
    schema.metadata.create_all(engine)
    filler = Filler(engine)
    subs: list[tuple[str, str]] = []
    jan = date(YEAR, 1, 1)
    for kode, level, parent in codes(lines):
        line_id = f"{len(subs):08d}{kode}".replace(".", "")[:32]
        position, _ = filler.event(line_id, kode, "LineRegistered", jan)
        filler.add(
            LINE_TABLE,
            {
                "line_id": line_id,
                "skpd": SKPD,
                "tahun": YEAR,
                "kode": kode,
                "sort_key": sort_key(kode),
                "level": level,
                "parent_kode": parent,
                "nama": f"Baris {kode}",
                "stage_rank": 0,
                "effective": jan,
                "position": position,
            },
        )
        filler.value(line_id, kode, "location", Stage.MURNI, jan, text="Kab. Contoh")
        if level == "sub_kegiatan":
            subs.append((line_id, kode))
            filler.value(line_id, kode, "pagu", Stage.MURNI, jan, amount_sen=10**10)
            filler.value(
                line_id,
                kode,
                "target",
                Stage.MURNI,
                jan,
                slot=1,
                number="5",
                unit="Dokumen",
                text="Jumlah Dokumen",
                kind="positive",
            )
    # the rest of the year, spread over the sub kegiatan until the log is long enough
    rng = filler.random
    steps = ["shift", "perubahan", "target", "location", "realization", "note", "correction"]
    while filler.position < events:
        line_id, kode = subs[rng.randrange(len(subs))]
        step = rng.choice(steps)
        day = date(YEAR, 1, 1) + timedelta(days=int(filler.position * 360 / events))
        if step == "shift":  # one side of a pergeseran: the money it moved
            filler.value(
                line_id,
                kode,
                "shift",
                Stage.PERGESERAN,
                day,
                amount_sen=rng.randrange(-(10**8), 10**8),
            )
        elif step == "perubahan":
            filler.value(
                line_id, kode, "pagu", Stage.PERUBAHAN, day, amount_sen=rng.randrange(10**10)
            )
        elif step == "target":
            filler.value(
                line_id,
                kode,
                "target",
                Stage.PERUBAHAN,
                day,
                slot=1,
                number=str(rng.randrange(1, 9)),
                unit="Dokumen",
                text="Jumlah Dokumen",
                kind="positive",
            )
        elif step == "location":
            filler.value(
                line_id, kode, "location", Stage.PERUBAHAN, day, text="Kab. Contoh, Kec. A"
            )
        elif step == "realization":
            position, event_id = filler.event(line_id, kode, "RealizationRecorded", day)
            filler.add(
                REALIZATION_TABLE,
                {
                    "line_id": line_id,
                    "quarter": Quarter.containing(day).value,
                    "spent_sen": rng.randrange(10**8),
                    "output_number": "1",
                    "output_unit": "Dokumen",
                    "cumulative": False,
                    "effective": day,
                    "position": position,
                    "event_id": event_id,
                    "voided_position": None,
                },
            )
        elif step == "note":
            position, event_id = filler.event(line_id, kode, "NoteAttached", day)
            filler.add(
                NOTE_TABLE,
                {
                    "line_id": line_id,
                    "text": "catatan",
                    "effective": day,
                    "position": position,
                    "event_id": event_id,
                    "voided_position": None,
                },
            )
        else:  # a correction voids nothing here, but it is a row in the log
            filler.event(line_id, kode, "EntryCorrected", day)
    filler.flush()
    with engine.begin() as conn:
        conn.execute(
            insert(schema.tracking),
            [
                {"name": NAME, "position": filler.position},
                {"name": VERSION, "position": schema.SCHEMA_VERSION},
            ],
        )
        conn.execute(text("ANALYZE"))  # planner statistics, as a live database has
    return filler.position


def best_of(run: Callable[[], Any], times: int = 3) -> float:
    run()  # warm-up: caches, query plans
    best = float("inf")
    for _ in range(times):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return best


def measure(engine: Engine, head: int) -> dict[str, float]:
    from cli.output import render
    from projections.views.apbd import apbd_report
    from projections.views.compare import compare_report
    from projections.views.evaluate import evaluate_report
    from projections.views.realization import realization_report
    from projections.views.seen import Seen

    budget = (SKPD, YEAR)
    found: dict[str, float] = {}
    with engine.connect() as conn:
        middle = resolve(conn, START + timedelta(seconds=20 * head // 2), None)
        found["resolve --as-of"] = best_of(lambda: resolve(conn, START + timedelta(days=100), None))
        views: dict[str, Callable[[], Any]] = {
            "apbd": lambda: apbd_report(Seen(conn, TimePoint()), budget),
            "apbd --stage murni": lambda: apbd_report(
                Seen(conn, TimePoint()), budget, stage=Stage.MURNI
            ),
            "apbd --as-of middle": lambda: apbd_report(Seen(conn, middle), budget),
            "apbd --effective 2024-06-30": lambda: apbd_report(
                Seen(conn, TimePoint(effective=date(YEAR, 6, 30))), budget
            ),
            "compare": lambda: compare_report(Seen(conn, TimePoint()), budget),
            "evaluate --quarter 2": lambda: evaluate_report(
                Seen(conn, TimePoint()), budget, quarter=Quarter.II
            ),
            "realization --quarter 2": lambda: realization_report(
                Seen(conn, TimePoint()), budget, quarter=Quarter.II
            ),
        }
        for name, run in views.items():
            found[name] = best_of(run)
        report = apbd_report(Seen(conn, TimePoint()), budget)
        found["render apbd as JSON"] = best_of(lambda: render(report, "json"))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=50_000)
    parser.add_argument("--events", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument(
        "--postgres", default=None, help="a store URL: postgresql://host/dbname?schema=bench"
    )
    args = parser.parse_args()
    results: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        for events in args.events:
            location = StoreLocation.parse(args.postgres or f"{folder}/bench-{events}.db")
            location.ensure_schema()
            engine = make_engine(location.sqlalchemy_url(), location.sqlalchemy_connect_args())
            started = time.perf_counter()
            head = fill(engine, args.lines, events)
            print(
                f"filled {head} events, {args.lines} lines in {time.perf_counter() - started:.0f} s"
            )
            results[events] = measure(engine, head)
            engine.dispose()
    sizes = list(results)
    print(
        f"\n{'view (seconds, best of 3)':<32}" + "".join(f"{n:>12,}" for n in sizes) + "   growth"
    )
    for name in results[sizes[0]]:
        figures = [results[n][name] for n in sizes]
        growth = figures[-1] / figures[0] if figures[0] else float("nan")
        print(f"{name:<32}" + "".join(f"{f:>12.3f}" for f in figures) + f"   {growth:5.2f}x")


if __name__ == "__main__":
    main()
