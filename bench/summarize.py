"""Several recorded runs side by side, as the Markdown table in the README.

python bench/summarize.py bench/results/sqlite-10k.json bench/results/sqlite-1m.json ...
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


def _ms(result: dict[str, Any] | None) -> str:
    if not result:
        return ""
    if result.get("status") != "ok":
        return str(result.get("status"))
    seconds = float(result["seconds"])
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def _rate(result: dict[str, Any] | None) -> str:
    if not result or result.get("status") != "ok" or not result.get("seconds"):
        return str(result.get("status")) if result else ""
    return f"{result['events'] / result['seconds']:,.0f} ev/s"


def _ratio(summary: dict[str, Any], key: str) -> str:
    wall, cpu = summary.get(key), summary.get(f"{key}_cpu")
    if wall is None:
        return ""
    return f"{wall:.0%} (CPU {cpu:.0%})" if cpu is not None else f"{wall:.0%}"


def _rss(results: dict[str, Any], *names: str) -> str:
    found = [results[n].get("peak_rss_mb") for n in names if n in results]
    found = [x for x in found if x]
    return f"{max(found):.0f} MB" if found else ""


def _is_pagu(step: str) -> bool:
    """pagu's own operations (not the generator, not hledger)."""
    return step != "generate" and not step.startswith("hledger")


def _size(generated: dict[str, Any]) -> str:
    detail = generated["detail"]
    return f"{generated['events']:,} ({detail['lines']:,}, {detail['skpd']})"


ROWS: list[tuple[str, Any]] = [
    ("events (lines, SKPD)", lambda r: _size(r["results"]["generate"])),
    ("ingest: pagu (verbs + save_lines)", lambda r: _rate(r["results"].get("ingest_pagu"))),
    (
        "ingest: eventsourcing Application.save",
        lambda r: _rate(r["results"].get("ingest_raw_es_app")),
    ),
    (
        "ingest: eventsourcing recorder, encoded",
        lambda r: _rate(r["results"].get("ingest_raw_es_recorder")),
    ),
    ("ingest: raw driver executemany", lambda r: _rate(r["results"].get("ingest_raw_driver"))),
    ("pagu / Application.save", lambda r: _ratio(r["summary"], "pagu_vs_raw_es_app")),
    ("pagu / recorder", lambda r: _ratio(r["summary"], "pagu_vs_raw_es_recorder")),
    ("pagu / raw driver", lambda r: _ratio(r["summary"], "pagu_vs_raw_driver")),
    ("projection catch-up", lambda r: _rate(r["results"].get("catch_up"))),
    ("projection full rebuild", lambda r: _ms(r["results"].get("rebuild"))),
    ("`lines` now", lambda r: _ms(r["results"].get("lines_now"))),
    ("`lines --as-of` middle of log", lambda r: _ms(r["results"].get("lines_as_of_mid"))),
    ("`lines --effective` mid-period", lambda r: _ms(r["results"].get("lines_effective_mid"))),
    ("hledger balance, all dates", lambda r: _ms(r["results"].get("hledger_now"))),
    ("hledger balance -e mid-period", lambda r: _ms(r["results"].get("hledger_mid"))),
    ("`apbd --skpd all` now", lambda r: _ms(r["results"].get("apbd_now"))),
    ("`apbd --skpd all --as-of` middle of log", lambda r: _ms(r["results"].get("apbd_as_of_mid"))),
    ("`apbd --skpd all --as-of` end of log", lambda r: _ms(r["results"].get("apbd_as_of_end"))),
    ("`apbd` of one budget", lambda r: _ms(r["results"].get("apbd_one"))),
    ("`why` one line", lambda r: _ms(r["results"].get("why_line"))),
    ("`history` one line", lambda r: _ms(r["results"].get("history_line"))),
    ("`verify`", lambda r: _ms(r["results"].get("verify"))),
    ("`pagu --help`", lambda r: _ms(r["results"].get("help"))),
    (
        "peak RSS, largest pagu step",
        lambda r: _rss(r["results"], *[k for k in r["results"] if _is_pagu(k)]),
    ),
    ("peak RSS, hledger", lambda r: _rss(r["results"], "hledger_now", "hledger_mid")),
    (
        "load average before → after",
        lambda r: (
            f"{r['machine'].get('load_avg_before', ['?'])[0]} → "
            f"{r['machine'].get('load_avg_after', ['?'])[0]}"
        ),
    ),
]


def markdown(paths: list[Path]) -> str:
    runs = [json.loads(p.read_text()) for p in paths]
    lines = []
    for label, cell in ROWS:
        values = []
        for run in runs:
            try:
                values.append(str(cell(run)))
            except (KeyError, TypeError, IndexError):
                values.append("")
        lines.append(f"| {label} | " + " | ".join(values) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown([Path(p) for p in sys.argv[1:]]))
