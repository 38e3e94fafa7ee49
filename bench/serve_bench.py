"""Server time of every `pagu serve` page for one budget of a (benchmark) ledger.

    python bench/serve_bench.py --db bench/out/sqlite-1M/pagu.db [--json FILE]
    python bench/serve_bench.py --db 'postgresql://…?schema=…' [--skpd NAME --year N]

The app is the one `pagu serve` runs (`web.app.create_app`, the store opened
read-only), called in this process through ASGI: the time is from the request to the
last byte of the response, without the network or a browser. Each page: one cold call,
then the median of `--repeat` warm ones. The budget is the benchmark's (bench/run.py:
the middle SKPD, the last year) unless named; the line is its first sub kegiatan, and
"middle" is the middle of the log (as of) or of the year (effective).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


async def _call(app: Any, path: str) -> tuple[int, int]:
    """GET path through the ASGI app; (status, body bytes)."""
    target, _, query = path.partition("?")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": target,
        "raw_path": target.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1")],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
    }
    status, size = 0, 0

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status, size
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            size += len(message.get("body", b""))

    await app(scope, receive, send)
    return status, size


def measure(app: Any, path: str, repeat: int) -> dict[str, Any]:
    def once() -> tuple[float, float, int, int]:
        started, cpu = time.perf_counter(), time.process_time()  # CPU: every thread's
        status, size = asyncio.run(_call(app, path))
        return time.perf_counter() - started, time.process_time() - cpu, status, size

    cold, _, status, size = once()
    warm = [once() for _ in range(repeat)]
    return {
        "path": path,
        "status": status,
        "bytes": size,
        "cold_ms": round(cold * 1000, 1),
        "warm_ms": round(statistics.median(w[0] for w in warm) * 1000, 1),
        "warm_cpu_ms": round(statistics.median(w[1] for w in warm) * 1000, 1),
    }


def pages(conn: Any, skpd: str | None, year: int | None) -> tuple[list[tuple[str, str]], dict]:
    """(name, path) of every page for one budget, and what was chosen."""
    from sqlalchemy import func, select

    from projections import schema
    from projections.state import budgets, lines_at
    from projections.timepoint import NOW

    held = budgets(conn)
    if skpd is None:
        middle = sorted({name for name, _ in held})[len({n for n, _ in held}) // 2]
        skpd, year = middle, max(y for name, y in held if name == middle)
    assert year is not None
    sub = next(
        line.kode
        for line in lines_at(conn, NOW, skpd=skpd, tahun=year)
        if line.level.value == "sub_kegiatan"
    )
    e = schema.event
    count = conn.execute(select(func.max(e.c.position))).scalar() or 0
    middle_at = conn.execute(select(e.c.recorded_at).where(e.c.position == count // 2)).scalar()
    actor = conn.execute(
        select(e.c.actor).where(e.c.skpd == skpd, e.c.tahun == year).limit(1)
    ).scalar()
    budget = urlencode({"skpd": skpd, "year": year})
    line = f"{budget}&kode={sub}"
    mid_year = urlencode({"effective": f"{year}-06-30"})
    mid_log = urlencode({"as_of": middle_at})
    found = [
        ("budgets (first page)", "/"),
        ("budget, tree all open", f"/budget?{budget}&open=all"),
        ("budget, effective mid-year", f"/budget?{budget}&{mid_year}"),
        ("budget, as of mid-log", f"/budget?{budget}&{mid_log}"),
        ("line", f"/line?{line}"),
        ("line, effective mid-year", f"/line?{line}&{mid_year}"),
        ("audit trail of the budget", f"/audit?{budget}"),
        ("audit trail of the budget, by actor", f"/audit?{budget}&{urlencode({'actor': actor})}"),
        ("audit trail, every budget", "/audit"),
        ("evaluation (Tabel 1)", f"/evaluate?{budget}"),
        ("SPM (Tabel 2)", f"/spm?{budget}"),
        ("documents", "/documents"),
        ("integrity (verify, cached per head)", "/integrity"),
        ("download: compare CSV", f"/download/compare.csv?{budget}"),
    ]
    chosen = {"skpd": skpd, "year": year, "line": sub, "events": count, "actor": actor}
    return found, chosen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="the ledger (caught up by its owner)")
    parser.add_argument("--skpd", default=None)
    parser.add_argument("--year", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", default=None, help="also write the figures to this file")
    args = parser.parse_args(argv)
    from web.app import create_app

    app = create_app(args.db)
    store = app.app.state.store  # type: ignore[attr-defined]
    with store.connect() as conn:
        found, chosen = pages(conn, args.skpd, args.year)
    results = []
    for name, path in found:
        result = measure(app, path, args.repeat) | {"page": name}
        results.append(result)
        print(
            f"{name:<40} {result['status']} {result['cold_ms']:>9.1f} ms cold "
            f"{result['warm_ms']:>9.1f} ms warm ({result['warm_cpu_ms']:.1f} ms CPU) "
            f"{result['bytes']:>9} B",
            flush=True,
        )
    import os
    import platform

    report = {
        "chosen": chosen,
        "db": store.display(),
        "machine": {"python": platform.python_version(), "load_avg": os.getloadavg()},
        "results": results,
    }
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2) + "\n")
    store.close()
    return 0 if all(r["status"] == 200 for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
