"""The benchmark's report: the summary figures (rates, pagu against the raw writers)
and the table bench/run.py prints, from the results of its steps."""

from __future__ import annotations

from typing import Any


def _rate(result: dict[str, Any] | None, clock: str = "seconds") -> float | None:
    if not result or result.get("status") != "ok" or not result.get(clock):
        return None
    events = result.get("events")
    return events / result[clock] if events else None


def summary(results: dict[str, dict[str, Any]]) -> dict[str, Any]:
    pagu = _rate(results.get("ingest_pagu"))
    found: dict[str, Any] = {"ingest_pagu_events_per_s": pagu and round(pagu)}
    pagu_cpu = _rate(results.get("ingest_pagu"), "cpu_seconds")
    for other in ("ingest_raw_es_app", "ingest_raw_es_recorder", "ingest_raw_driver"):
        rate = _rate(results.get(other))
        cpu = _rate(results.get(other), "cpu_seconds")
        short = other.removeprefix("ingest_")
        found[f"{other}_events_per_s"] = rate and round(rate)
        found[f"pagu_vs_{short}"] = round(pagu / rate, 3) if pagu and rate else None
        found[f"pagu_vs_{short}_cpu"] = round(pagu_cpu / cpu, 3) if pagu_cpu and cpu else None
    found["catch_up_events_per_s"] = (r := _rate(results.get("catch_up"))) and round(r)
    found["peak_rss_mb_max"] = max(
        (r.get("peak_rss_mb") or 0 for k, r in results.items() if not k.startswith("hledger")),
        default=None,
    )
    return found


def _fmt_seconds(value: Any) -> str:
    if value is None:
        return ""
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def table(report: dict[str, Any], steps: list[tuple[str, str]]) -> str:
    """The report as a text table, one row per step run, in the order of `steps`."""
    from tabulate import tabulate

    results, s = report["results"], report["summary"]
    ratios = {
        step: (s.get(f"pagu_vs_{step[7:]}"), s.get(f"pagu_vs_{step[7:]}_cpu"))
        for step in ("ingest_raw_es_app", "ingest_raw_es_recorder", "ingest_raw_driver")
    }
    rows = []
    for name, label in steps:
        if name not in results:
            continue
        result = results[name]
        status = result.get("status", "ok")
        rate = _rate(result)
        note = ""
        detail = result.get("detail", {})
        if status != "ok":
            note = status + (f": {detail['error'][:80]}" if detail.get("error") else "")
        elif name in ratios and ratios[name][0]:
            wall, cpu = ratios[name]
            note = f"pagu = {wall:.0%} of this" + (f" ({cpu:.0%} by CPU time)" if cpu else "")
        elif name == "ingest_pagu":
            note = f"save_lines alone: {detail.get('save_rate')} ev/s"
        elif "cold_s" in detail:
            note = f"cold {_fmt_seconds(detail['cold_s'])}"
            if "rows" in detail:
                note += f", {detail['rows']} rows"
        elif name == "generate":
            note = (
                f"{detail['lines']} lines, {detail['skpd']} SKPD, {detail['regions']} regions, "
                f"{len(detail['years'])} years, {detail['journal_transactions']} journal txns"
            )
        if len(detail.get("rounds_events_per_s", [])) > 1:
            note += (
                f" (rounds: {'/'.join(f'{r / 1000:.1f}k' for r in detail['rounds_events_per_s'])})"
            )
        rows.append(
            [
                label,
                _fmt_seconds(result.get("seconds")) if status == "ok" else "",
                f"{rate:,.0f} ev/s" if rate else "",
                result.get("peak_rss_mb", ""),
                note,
            ]
        )
    config = report["config"]
    events = results.get("generate", {}).get("events", config["events"])
    lines = results.get("generate", {}).get("detail", {}).get("lines")
    head = (
        f"pagu benchmark: {events} events ({lines} lines, {config.get('pergeseran_rounds')} "
        f"pergeseran rounds a year), {config['backend']}, seed {config['seed']}; "
        f"ingest rates are the median of {config.get('repeat', 1)} interleaved rounds"
    )
    m = report["machine"]
    foot = (
        f"machine: {m.get('cpu')}, {m.get('nproc')} cores, {m.get('ram_gib')} GiB RAM, "
        f"disk {m.get('disk')}; Python {m.get('python')}, SQLite {m.get('sqlite')}, "
        f"eventsourcing {m.get('eventsourcing')}; load average (1, 5, 15 min) "
        f"{m.get('load_avg_before')} before, {m.get('load_avg_after')} after"
    )
    body = tabulate(rows, headers=["measurement", "time", "rate", "peak RSS MB", "note"])
    return f"{head}\n\n{body}\n\n{foot}"
