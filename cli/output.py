"""Rendering a view's `Report` as a table (Indonesian number formatting, official
headings), CSV (headings, plain decimal numbers) or JSON (row objects, money as exact
decimal strings)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any

import click

from events.targets import plain_target as _plain_target

FORMATS = ("table", "csv", "json")


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "value") and hasattr(value, "unit"):
        return _plain_target(value.value, value.unit)
    return value


def _default(value: Any) -> Any:
    """What `_plain` makes of the values JSON has no type for, as the encoder's hook:
    the C encoder walks the rows' dicts and lists itself."""
    if type(value) is Decimal:  # money, in every row: the common case first
        return f"{value:f}"
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if hasattr(value, "value") and hasattr(value, "unit"):
        return _target_text(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def _row_encoder() -> Callable[[Any], str]:
    """A function encoding one row as compact JSON with the C encoder, made once.

    `indent` sends json to its pure-Python encoder, and `JSONEncoder.encode` makes a
    new C encoder on every call: for a view of 50 thousand rows either took longer than
    building the rows."""
    encoder = json.JSONEncoder(ensure_ascii=False, default=_default)
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # no C accelerator: the plain way
        return encoder.encode
    chunks = make(
        None, _default, json.encoder.encode_basestring, None, ": ", ", ", False, False, True
    )
    return lambda row: "".join(chunks(row, 0))


_encode_row = _row_encoder()


def render_json(rows: list[dict[str, Any]]) -> str:
    """A JSON array of the rows, one row per line (valid JSON, and greppable)."""
    if not rows:
        return "[]"
    encode = _encode_row
    return "[\n  " + ",\n  ".join([encode(row) for row in rows]) + "\n]"


@lru_cache(maxsize=4096)
def _target_text(target: Any) -> str:
    """A target as `_plain` gives it; budgets repeat the same few targets."""
    return _plain_target(target.value, target.unit)


def _joined(value: Any) -> Any:
    """A list in a table or CSV cell (a row's findings): one string, '; ' between."""
    return "; ".join(str(item) for item in value) if isinstance(value, list) else value


def _cell(value: Any, kind: str) -> str:
    from events.money import format_number, format_percent, format_rupiah

    value = _joined(value)
    if value is None or value == "":
        return "-"
    if kind == "money":
        return format_rupiah(value, parens=False)
    if kind == "percent":
        return format_percent(value)
    if kind == "number":
        return format_number(value)
    if kind == "flag":
        return str(value)
    if kind == "hash":
        return str(value)[:16]  # the full value is in CSV and JSON
    if kind == "timestamp":  # recorded times: to the second in tables, in full elsewhere
        return str(value)[:19].replace("T", " ")
    if kind == "id":  # event ids: a prefix in tables (pagu correct accepts >= 8 characters)
        return str(value)[:8]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def render(report: Any, fmt: str, *, width: int | None = None) -> str:
    if fmt == "json":
        return render_json(report.rows)
    columns = report.columns
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow([c.heading for c in columns])
        for row in report.rows:
            writer.writerow(
                ["" if row.get(c.key) is None else _joined(_plain(row.get(c.key))) for c in columns]
            )
        return buffer.getvalue().rstrip("\n")
    from tabulate import tabulate

    numeric = {"money", "percent", "number"}
    body = [[_cell(row.get(c.key), c.kind) for c in columns] for row in report.rows]
    table = tabulate(
        body,
        headers=[c.heading for c in columns],
        tablefmt="simple",
        colalign=["right" if c.kind in numeric else "left" for c in columns],
        disable_numparse=True,
        maxcolwidths=[c.width or (60 if c.kind == "text" else None) for c in columns],
    )
    header = [report.title] + [f"({note})" for note in report.notes if note]
    return "\n".join([*header, "", table])


def emit(report: Any, fmt: str) -> None:
    if fmt == "json" and report.json_lines is not None:
        write_json_lines(report.json_lines)
    else:
        click.echo(render(report, fmt))


CHUNK = 2000  # rows per write: a few hundred kB, never the whole 34 MB at once


def write_json_lines(lines: Iterable[str]) -> None:
    """What `render_json` prints, from rows already encoded, written in chunks."""
    chunk: list[str] = []
    opened = False
    for line in lines:
        chunk.append(line)
        if len(chunk) == CHUNK:
            click.echo(("," if opened else "[") + "\n  " + ",\n  ".join(chunk), nl=False)
            opened = True
            chunk = []
    if chunk:
        click.echo(("," if opened else "[") + "\n  " + ",\n  ".join(chunk), nl=False)
        opened = True
    click.echo("\n]" if opened else "[]")
