"""The benchmark's measurements, one function each, every one run in a fresh process.

    python -m bench.steps STEP CONFIG_JSON      (run.py does this; prints one JSON line)

A fresh process per measurement gives each its own peak RSS (the parent reads it with
wait4) and keeps one measurement's caches from flattering the next. A step returns a
dict: `seconds` (the measured time), optionally `events` (for rates) and `detail`;
`status` is "ok" unless the feature is missing ("not available yet").

Measurements of commands that other issues are building (apbd, why, history, verify)
go through the documented interface, the `pagu` command itself, run in-process through
click so that interpreter start and imports are not counted: one cold run, then the
median of warm runs. They report "not available yet" until the command is registered.
"""

from __future__ import annotations

import io
import json
import statistics
import sys
import time
from collections.abc import Callable
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

from events.storage_format import LOG_TABLE

Config = dict[str, Any]
Result = dict[str, Any]
STEPS: dict[str, Callable[[Config], Result]] = {}

NOT_AVAILABLE = "not available yet"


def step(name: str) -> Callable[[Callable[[Config], Result]], Callable[[Config], Result]]:
    def register(fn: Callable[[Config], Result]) -> Callable[[Config], Result]:
        STEPS[name] = fn
        return fn

    return register


def _shape(config: Config) -> Any:
    from bench.shapes import shape_for

    return shape_for(config["events"], config["seed"], config.get("lines"))


# ---- generating ----------------------------------------------------------------------


@step("generate")
def generate(config: Config) -> Result:
    """Plan the ledger (counting it) and write the hledger journal."""
    from bench.generate import plan
    from bench.model import Facts
    from bench.writers import write_journal

    shape = _shape(config)
    facts = Facts()
    started = time.perf_counter()
    events = batches = 0
    for batch in plan(shape, facts):
        events += len(batch)
        batches += 1
    planned = time.perf_counter() - started
    journal = Path(config["workdir"]) / "ledger.journal"
    started = time.perf_counter()
    written = write_journal(shape, journal)
    return {
        "seconds": planned,
        "events": events,
        "detail": {
            "batches": batches,
            "lines": sum(facts.lines.values()),
            "lines_by_level": dict(facts.lines),
            "skpd": len(shape.skpd),
            "regions": len({s.region.name for s in shape.skpd}),
            "years": list(shape.years),
            "journal_transactions": written["transactions"],
            "journal_mb": round(journal.stat().st_size / 2**20, 1),
            "journal_s": round(time.perf_counter() - started, 3),
        },
    }


# ---- ingest --------------------------------------------------------------------------


def _timed(timing: Any, *, whole_path: bool = False) -> Result:
    """`whole_path`: pagu's timing includes its verbs (the raw paths have none)."""
    return {
        "seconds": timing.total if whole_path else timing.write,
        "cpu_seconds": timing.total_cpu if whole_path else timing.write_cpu,
        "events": timing.events,
        "detail": timing.as_dict(),
    }


@step("ingest_raw_driver")
def ingest_raw_driver(config: Config) -> Result:
    from bench.writers import ingest_raw_psycopg, ingest_raw_sqlite

    shape = _shape(config)
    if config["backend"] == "sqlite":
        return _timed(ingest_raw_sqlite(Path(config["workdir"]) / "raw-sqlite3.db", shape))
    from ledger.storage import StoreLocation

    location = StoreLocation.parse(config["pg_url"])
    return _timed(ingest_raw_psycopg(location.psycopg_kwargs(), config["schemas"]["raw"], shape))


def _raw_app(config: Config) -> Any:
    """A plain eventsourcing Application: default recorder and table, pagu's vocabulary
    registered with the transcoder (without it no event could be encoded)."""
    from eventsourcing.application import Application

    from events.codec import register_transcodings
    from ledger.storage import StoreLocation

    class RawApp(Application):
        name = "raw"

        def register_transcodings(self, transcoder: Any) -> None:
            super().register_transcodings(transcoder)
            register_transcodings(transcoder)

    if config["backend"] == "sqlite":
        path = Path(config["workdir"]) / f"raw-es-{config['step']}.db"
        env = {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(path)}
    else:
        schema = config["schemas"][config["step"]]
        location = StoreLocation.parse(f"{config['pg_url']}?schema={schema}")
        location.ensure_schema()
        env = {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": location.dbname,
            "POSTGRES_HOST": location.host,
            "POSTGRES_PORT": str(location.port),
            "POSTGRES_USER": location.user,
            "POSTGRES_PASSWORD": location.password,
            "POSTGRES_SCHEMA": schema,
        }
    return RawApp(env=env)


@step("ingest_raw_es_recorder")
def ingest_raw_es_recorder(config: Config) -> Result:
    from bench.writers import ingest_raw_es_recorder as ingest

    app = _raw_app(config)
    try:
        return _timed(ingest(app.recorder, _shape(config)))
    finally:
        app.close()


@step("ingest_raw_es_app")
def ingest_raw_es_app(config: Config) -> Result:
    from bench.writers import ingest_raw_es_app as ingest

    app = _raw_app(config)
    try:
        return _timed(ingest(app, _shape(config)))
    finally:
        app.close()


@step("ingest_pagu")
def ingest_pagu(config: Config) -> Result:
    from bench.writers import ingest_pagu as ingest
    from ledger.service import open_ledger

    ledger = open_ledger(config["ledger_url"], create=True)
    try:
        timing = ingest(ledger, _shape(config))
    finally:
        ledger.close()
    result = _timed(timing, whole_path=True)
    result["detail"]["save_rate"] = round(timing.events / timing.write) if timing.write else None
    return result


# ---- the read side -------------------------------------------------------------------


def _engine(config: Config) -> Any:
    from ledger.storage import StoreLocation
    from projections.readmodel import make_engine

    location = StoreLocation.parse(config["ledger_url"])
    return make_engine(location.sqlalchemy_url(), location.sqlalchemy_connect_args())


def _projection(config: Config, rebuild: bool) -> Result:
    from projections.projector import Projector

    engine = _engine(config)
    projector = Projector(engine)
    started = time.perf_counter()
    applied = projector.rebuild() if rebuild else projector.catch_up()
    seconds = time.perf_counter() - started
    engine.dispose()
    phases = {phase: round(spent, 2) for phase, spent in projector.timings.items()}
    return {"seconds": seconds, "events": applied, "detail": {"phases_s": phases}}


@step("catch_up")
def catch_up(config: Config) -> Result:
    return _projection(config, rebuild=False)


@step("rebuild")
def rebuild(config: Config) -> Result:
    return _projection(config, rebuild=True)


def _latency(run: Callable[[], Any], repeat: int = 3) -> Result:
    """A cold call (first in the process, after imports), then the median of warm ones."""
    started = time.perf_counter()
    rows = run()
    cold = time.perf_counter() - started
    warm = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        warm.append(time.perf_counter() - started)
    return {"seconds": statistics.median(warm), "detail": {"cold_s": round(cold, 3), "rows": rows}}


def _log_moment(config: Config, fraction: float) -> str:
    """The recorded time of the event at `fraction` of the log (0.5: the middle)."""
    from sqlalchemy import text

    engine = _engine(config)
    with engine.connect() as conn:
        count = conn.execute(text(f"SELECT COUNT(*) FROM {LOG_TABLE}")).scalar() or 0
        offset = max(0, min(count - 1, int(count * fraction) - 1))
        moment = conn.execute(
            text(f"SELECT recorded_at FROM {LOG_TABLE} ORDER BY position LIMIT 1 OFFSET :o"),
            {"o": offset},
        ).scalar()
    engine.dispose()
    return str(moment)


def _lines(config: Config, as_of: str | None, effective: str | None) -> Result:
    from events.periods import parse_date, parse_timestamp
    from projections.readmodel import ReadModel
    from projections.timepoint import resolve
    from projections.views.lines import lines_report

    read_model = ReadModel(_engine(config))

    def run() -> int:
        with read_model.connect() as conn:
            point = resolve(
                conn,
                parse_timestamp(as_of) if as_of else None,
                parse_date(effective) if effective else None,
            )
            return len(lines_report(conn, point).rows)

    try:
        result = _latency(run)
    finally:
        read_model.close()
    result["detail"].update({"as_of": as_of, "effective": effective})
    return result


@step("lines_now")
def lines_now(config: Config) -> Result:
    return _lines(config, None, None)


@step("lines_as_of_mid")
def lines_as_of_mid(config: Config) -> Result:
    return _lines(config, _log_moment(config, 0.5), None)


@step("lines_effective_mid")
def lines_effective_mid(config: Config) -> Result:
    return _lines(config, None, config["effective_mid"])


# ---- commands other issues build: measured through the pagu command ------------------


def _command(config: Config, name: str, args: Callable[[], list[str]], repeat: int = 3) -> Result:
    """`args` is called only when the command exists (finding a moment in the log is
    work the harness should not do for a command it cannot run)."""
    from cli.main import COMMANDS

    if name not in COMMANDS:
        return {"status": NOT_AVAILABLE, "detail": {"command": f"pagu {name}"}}
    import click

    from cli.main import cli

    full = ["--db", config["ledger_url"], name, *args()]
    problem: list[str] = []

    def run() -> int:
        out = io.StringIO()
        try:
            with redirect_stdout(out):
                cli.main(args=full, prog_name="pagu", standalone_mode=False)
        except click.ClickException as error:
            problem.append(error.format_message())
        return len(out.getvalue())

    result = _latency(run, repeat)
    result["detail"]["command"] = "pagu " + " ".join(full[2:])
    result["detail"]["output_chars"] = result["detail"].pop("rows")
    if problem:
        return {"status": "failed", "detail": {**result["detail"], "error": problem[0]}}
    return result


def _line_args(config: Config) -> list[str]:
    skpd, tahun, kode = config["line"]
    return [kode, "--skpd", skpd, "--year", str(tahun), "--format", "json"]


def _budget_args(config: Config) -> list[str]:
    skpd, tahun, _ = config["line"]
    return ["--skpd", skpd, "--year", str(tahun), "--format", "json"]


# The full view the 1 s target is about: every budget of the ledger (50k lines at 1M).
ALL_BUDGETS = ["--skpd", "all", "--format", "json"]


@step("apbd_now")
def apbd_now(config: Config) -> Result:
    return _command(config, "apbd", lambda: ALL_BUDGETS)


@step("apbd_as_of_mid")
def apbd_as_of_mid(config: Config) -> Result:
    return _command(config, "apbd", lambda: [*ALL_BUDGETS, "--as-of", _log_moment(config, 0.5)])


@step("apbd_as_of_end")
def apbd_as_of_end(config: Config) -> Result:
    return _command(config, "apbd", lambda: [*ALL_BUDGETS, "--as-of", _log_moment(config, 1.0)])


@step("apbd_one")
def apbd_one(config: Config) -> Result:
    return _command(config, "apbd", lambda: _budget_args(config))


@step("why_line")
def why_line(config: Config) -> Result:
    return _command(config, "why", lambda: _line_args(config))


@step("history_line")
def history_line(config: Config) -> Result:
    return _command(config, "history", lambda: _line_args(config))


@step("verify")
def verify(config: Config) -> Result:
    result = _command(config, "verify", lambda: [], repeat=1)
    result["events"] = config.get("ledger_events")
    return result


def main(argv: list[str]) -> None:
    name, raw = argv
    config = json.loads(raw)
    config["step"] = name
    result = STEPS[name](config)
    result.setdefault("status", "ok")
    print(json.dumps(result, default=str))


if __name__ == "__main__":
    main(sys.argv[1:])
