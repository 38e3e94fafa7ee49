"""pagu's benchmark at province scale.

    python bench/run.py --events 100k [--backend sqlite|postgres] [--json] [--seed 1]

Generates a synthetic ledger (bench.generate), then measures in one run on this machine,
each operation in a fresh process (bench.steps) so that its peak RSS is its own:

- ingest: pagu's own append path (BudgetLine verbs + Ledger.save_lines) against raw
  eventsourcing (Application.save of the same events, and its recorder inserting the
  already encoded payloads) and the raw driver (sqlite3 / psycopg executemany of the
  same payloads), same batches, with ratios;
- projection catch-up rate and full rebuild time;
- the `lines` view now, --as-of the middle of the log and --effective mid-period, and
  hledger answering "balance per line as of a date" on the equivalent journal;
- apbd, why, history and verify once those commands exist ("not available yet" before);
- `pagu --help` start-up time.

Prints a table (or with --json one JSON object). Work files go to bench/out/.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PG_DEFAULT = os.environ.get("PAGU_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")

# (step, what it measures); the order is the order they run in
STEPS: list[tuple[str, str]] = [
    ("generate", "generate: plan events, write hledger journal"),
    ("ingest_raw_driver", "ingest: raw driver executemany"),
    ("ingest_raw_es_recorder", "ingest: raw eventsourcing recorder (encoded payloads)"),
    ("ingest_raw_es_app", "ingest: raw eventsourcing Application.save"),
    ("ingest_pagu", "ingest: pagu (verbs + Ledger.save_lines)"),
    ("catch_up", "projection catch-up from empty"),
    ("rebuild", "projection full rebuild"),
    ("lines_now", "view: lines (now)"),
    ("lines_as_of_mid", "view: lines --as-of middle of log"),
    ("lines_effective_mid", "view: lines --effective mid-period"),
    ("hledger_now", "hledger balance (all dates)"),
    ("hledger_mid", "hledger balance -e mid-period"),
    ("apbd_now", "view: apbd --skpd all (every budget)"),
    ("apbd_as_of_mid", "view: apbd --skpd all --as-of middle of log"),
    ("apbd_as_of_end", "view: apbd --skpd all --as-of end of log"),
    ("apbd_one", "view: apbd of one budget"),
    ("why_line", "why KODE (one line)"),
    ("history_line", "history KODE (one line)"),
    ("verify", "verify the hash chain"),
    ("help", "pagu --help start-up"),
]
RAW_FILES = {
    "ingest_raw_driver": "raw-sqlite3.db",
    "ingest_raw_es_recorder": "raw-es-ingest_raw_es_recorder.db",
    "ingest_raw_es_app": "raw-es-ingest_raw_es_app.db",
}


def parse_size(text: str) -> int:
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kKmM]?)\s*", text)
    if not match:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (write 10000, 10k or 1M)")
    factor = {"": 1, "k": 1_000, "m": 1_000_000}[match[2].lower()]
    return int(float(match[1]) * factor)


def _wait(proc: subprocess.Popen[bytes]) -> tuple[int, float]:
    """Reap the child ourselves to read its own peak RSS (MB)."""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, usage.ru_maxrss / 1024


def run_step(name: str, config: dict[str, Any]) -> dict[str, Any]:
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "bench.steps", name, json.dumps(config)],
            cwd=ROOT,
            stdout=out,
            stderr=err,
        )
        code, rss = _wait(proc)
        wall = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        lines = out.read().decode().strip().splitlines()
        problem = err.read().decode().strip()
    if code != 0 or not lines:
        tail = problem.splitlines()[-1] if problem else f"exit {code}"
        return {"status": "failed", "detail": {"error": tail}, "wall_s": wall, "peak_rss_mb": rss}
    result: dict[str, Any] = json.loads(lines[-1])
    result.update(wall_s=round(wall, 2), peak_rss_mb=round(rss, 1))
    return result


def run_external(argv: list[str], repeat: int = 3) -> dict[str, Any]:
    """An outside program: median wall time of `repeat` runs and its peak RSS."""
    times, rss = [], 0.0
    for _ in range(repeat):
        started = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        code, peak = _wait(proc)
        times.append(time.perf_counter() - started)
        rss = max(rss, peak)
        if code != 0:
            message = proc.stderr.read().decode().strip() if proc.stderr else ""
            return {"status": "failed", "detail": {"error": message[-200:], "argv": argv}}
    return {
        "status": "ok",
        "seconds": statistics.median(times),
        "peak_rss_mb": round(rss, 1),
        "detail": {"argv": " ".join(argv[:1] + argv[2:]), "runs": repeat},
    }


def hledger(config: dict[str, Any], end: str | None) -> dict[str, Any]:
    binary = shutil.which("hledger")
    if binary is None:
        return {"status": "not installed", "detail": {"install": "apt-get install -y hledger"}}
    argv = [binary, "-f", str(Path(config["workdir"]) / "ledger.journal"), "balance", "anggaran"]
    if end:
        argv += ["-e", end]
    result = run_external(argv)
    version = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout
    result.setdefault("detail", {})["version"] = version.strip()
    return result


def pagu_help() -> dict[str, Any]:
    script = Path(sys.executable).with_name("pagu")
    if script.exists():
        argv = [str(script), "--help"]
    else:
        argv = [sys.executable, "-c", "from cli.main import main; main()", "--help"]
    return run_external(argv, repeat=5)


def machine() -> dict[str, Any]:
    import sqlite3

    info: dict[str, Any] = {
        "nproc": os.cpu_count(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
    }
    try:
        cpu = Path("/proc/cpuinfo").read_text()
        found = re.search(r"model name\s*:\s*(.+)", cpu)
        info["cpu"] = found[1].strip() if found else platform.processor()
        mem = re.search(r"MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text())
        info["ram_gib"] = round(int(mem[1]) / 2**20, 1) if mem else None
    except OSError:
        info["cpu"] = platform.processor()
    try:
        from importlib.metadata import version

        info["eventsourcing"] = version("eventsourcing")
        info["sqlalchemy"] = version("sqlalchemy")
    except Exception:  # noqa: BLE001 - versions are informative only
        pass
    try:
        df = subprocess.run(
            ["df", "-h", "--output=source,fstype,size", str(ROOT)], capture_output=True, text=True
        ).stdout.splitlines()[-1]
        info["disk"] = " ".join(df.split())
    except (OSError, IndexError):
        pass
    return info


# ---- orchestration -------------------------------------------------------------------


def prepare(args: argparse.Namespace) -> dict[str, Any]:
    from bench.shapes import shape_for

    shape = shape_for(args.events, args.seed, args.lines)
    size = f"{args.events}" + (f"-{args.lines}lines" if args.lines else "")
    workdir = Path(args.workdir or ROOT / "bench" / "out" / f"{args.backend}-{size}")
    if workdir.exists():
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True)
    tag = uuid.uuid4().hex[:8]
    schemas = {
        "raw": f"bench_{tag}_raw",
        "ingest_raw_es_recorder": f"bench_{tag}_esrec",
        "ingest_raw_es_app": f"bench_{tag}_esapp",
        "pagu": f"bench_{tag}_pagu",
    }
    if args.backend == "sqlite":
        ledger_url = str(workdir / "pagu.db")
    else:
        separator = "&" if "?" in args.pg_url else "?"
        ledger_url = f"{args.pg_url}{separator}schema={schemas['pagu']}"
    middle = shape.skpd[len(shape.skpd) // 2]
    sub = next(s for s in middle.lines if s.kode.count(".") == 5)
    return {
        "events": args.events,
        "lines": args.lines,
        "pergeseran_rounds": shape.rounds,
        "seed": args.seed,
        "backend": args.backend,
        "workdir": str(workdir),
        "ledger_url": ledger_url,
        "pg_url": args.pg_url,
        "schemas": schemas,
        "effective_mid": f"{shape.years[len(shape.years) // 2]}-06-30",
        "line": [middle.name, shape.years[-1], sub.kode],
    }


INGEST = ["ingest_raw_driver", "ingest_raw_es_recorder", "ingest_raw_es_app", "ingest_pagu"]


def reset(config: dict[str, Any], step: str) -> None:
    """Remove what an ingest step writes, so that each round starts from an empty store."""
    workdir = Path(config["workdir"])
    if config["backend"] == "sqlite":
        name = "pagu.db" if step == "ingest_pagu" else RAW_FILES[step]
        for suffix in ("", "-wal", "-shm"):
            (workdir / (name + suffix)).unlink(missing_ok=True)
        return
    import psycopg

    from ledger.storage import StoreLocation

    key = {"ingest_pagu": "pagu", "ingest_raw_driver": "raw"}.get(step, step)
    location = StoreLocation.parse(config["pg_url"])
    with psycopg.connect(**location.psycopg_kwargs(), autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{config["schemas"][key]}" CASCADE')


def run_ingest_rounds(
    config: dict[str, Any], steps: list[str], repeat: int
) -> dict[str, dict[str, Any]]:
    """The ingest comparisons, interleaved `repeat` times (raw, eventsourcing, pagu, raw,
    ...) so that a busy neighbour on a shared machine slows all of them alike; each
    keeps its median round. pagu's last round leaves the ledger the later steps read."""
    rounds: dict[str, list[dict[str, Any]]] = {step: [] for step in steps}
    for _ in range(repeat):
        for step in steps:
            reset(config, step)
            rounds[step].append(run_step(step, config))
            if step != "ingest_pagu":
                reset(config, step)  # raw copies are big at 1M events: free the disk
    chosen = {}
    for step, results in rounds.items():
        ok = [r for r in results if r.get("status") == "ok"]
        if len(ok) < len(results):
            chosen[step] = next(r for r in results if r.get("status") != "ok")
            continue
        ok.sort(key=lambda r: r["events"] / r["seconds"])
        median = dict(ok[len(ok) // 2])
        median["detail"] = {
            **median.get("detail", {}),
            "rounds_events_per_s": [round(r["events"] / r["seconds"]) for r in results],
        }
        chosen[step] = median
    return chosen


def cleanup(config: dict[str, Any], keep: bool) -> None:
    if config["backend"] == "postgres":
        import psycopg

        from ledger.storage import StoreLocation

        location = StoreLocation.parse(config["pg_url"])
        with psycopg.connect(**location.psycopg_kwargs(), autocommit=True) as conn:
            for key, schema in config["schemas"].items():
                if key != "pagu" or not keep:
                    conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    if not keep:
        for name in ("pagu.db", "pagu.db-wal", "pagu.db-shm"):
            (Path(config["workdir"]) / name).unlink(missing_ok=True)


def run(args: argparse.Namespace) -> dict[str, Any]:
    config = prepare(args)
    config["repeat"] = args.repeat
    load_before = os.getloadavg()
    wanted = {name for name, _ in STEPS}
    if args.only:
        wanted = set(args.only.split(","))
    wanted -= set(args.skip.split(",")) if args.skip else set()
    results: dict[str, dict[str, Any]] = {}
    try:
        for name, label in STEPS:
            if name not in wanted or name in results:
                continue
            if not args.json:
                print(f"... {label}", file=sys.stderr, flush=True)
            if name in INGEST:
                steps = [step for step in INGEST if step in wanted]
                results.update(run_ingest_rounds(config, steps, args.repeat))
                continue
            if name == "hledger_now":
                result = hledger(config, None)
            elif name == "hledger_mid":
                day = config["effective_mid"]
                # -e is exclusive: balances at the end of effective_mid
                from datetime import date, timedelta

                result = hledger(config, (date.fromisoformat(day) + timedelta(days=1)).isoformat())
            elif name == "help":
                result = pagu_help()
            else:
                if name == "verify":
                    config["ledger_events"] = results.get("ingest_pagu", {}).get("events")
                result = run_step(name, config)
            results[name] = result
    finally:
        cleanup(config, args.keep)
    info = machine()
    # other work on a shared machine slows every figure: say how busy it was
    info["load_avg_before"] = [round(x, 2) for x in load_before]
    info["load_avg_after"] = [round(x, 2) for x in os.getloadavg()]
    from bench.report import summary

    return {"config": config, "machine": info, "results": results, "summary": summary(results)}


# The command line: (flag, add_argument's keywords), in the order --help lists them.
OPTIONS: list[tuple[str, dict[str, Any]]] = [
    ("--events", {"type": parse_size, "default": 10_000, "help": "10000, 100k, 1M"}),
    ("--backend", {"choices": ["sqlite", "postgres"], "default": "sqlite"}),
    ("--json", {"action": "store_true", "help": "print one JSON object"}),
    (
        "--lines",
        {
            "type": parse_size,
            "default": None,
            "help": "fix the number of lines (the rest of the events become more pergeseran "
            "rounds)",
        },
    ),
    ("--seed", {"type": int, "default": 1}),
    ("--workdir", {"default": None, "help": "default bench/out/BACKEND-EVENTS"}),
    ("--pg-url", {"default": PG_DEFAULT, "help": "PostgreSQL server for postgres"}),
    ("--keep", {"action": "store_true", "help": "keep the pagu ledger afterwards"}),
    (
        "--repeat",
        {
            "type": int,
            "default": None,
            "help": "interleaved rounds of the ingest comparisons (default 3, 1 above 100k events)",
        },
    ),
    ("--only", {"default": None, "help": "comma-separated steps to run"}),
    ("--skip", {"default": None, "help": "comma-separated steps to skip"}),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    for flag, settings in OPTIONS:
        parser.add_argument(flag, **settings)
    args = parser.parse_args(argv)
    if args.repeat is None:
        args.repeat = 3 if args.events <= 100_000 else 1
    report = run(args)
    if args.json:
        print(json.dumps(report, indent=2, default=str))
    else:
        from bench.report import table

        print(table(report, STEPS))
    failed = [k for k, r in report["results"].items() if r.get("status") == "failed"]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
