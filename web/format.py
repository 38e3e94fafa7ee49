"""How a page shows a view's values (the CLI's table conventions: Indonesian numbers,
"-" for nothing), links that keep the page's point in time, and the templates.

Templates escape everything (`autoescape`): a reason, a legal basis or an actor's name
is text, whatever characters it holds. Nothing here is marked safe but the SVG chart,
which `web.charts` builds from numbers and escaped text.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jinja2

from events.money import format_number, format_percent, format_rupiah

NUMERIC = frozenset({"money", "percent", "number"})
TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"


def cell(value: Any, kind: str = "text") -> str:
    """A value as the CLI's table shows it; a missing value (or field) is "-"."""
    if isinstance(value, (list, tuple)):
        value = "; ".join(str(item) for item in value)
    if value is None or value == "":
        return "-"
    try:
        if kind == "money":
            return format_rupiah(Decimal(value))
        if kind == "percent":
            return format_percent(Decimal(value))
        if kind == "number" and isinstance(value, (Decimal, int, float, str)):
            return format_number(Decimal(str(value)))
    except (ArithmeticError, ValueError, TypeError):
        return str(value)  # a field whose shape changed: shown as it is, never a crash
    if kind == "timestamp":  # on the ledger's clock (events.clock)
        from events.clock import local_text

        return local_text(value)
    if kind == "id":
        return str(value)[:8]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def plain(value: Any) -> str:
    """A value as CSV and JSON give it (data-* attributes, for scripts and tests)."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def sign(value: Any) -> str:
    """`naik`/`turun` for a positive/negative amount (the colour of a difference)."""
    if not isinstance(value, Decimal) or value == 0:
        return ""
    return "naik" if value > 0 else "turun"


def href(path: str, params: Mapping[str, Any] | None = None, **more: Any) -> str:
    """A path with its query, the empty parameters left out."""
    merged = {**(params or {}), **more}
    query = {key: str(value) for key, value in merged.items() if value not in (None, "")}
    return path + ("?" + urlencode(query) if query else "")


def without(params: Mapping[str, Any], *keys: str) -> dict[str, Any]:
    return {key: value for key, value in params.items() if key not in keys}


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,  # every template, whatever its name
        undefined=jinja2.ChainableUndefined,  # a field a view does not give renders empty
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(cell=cell, plain=plain, sign=sign, without=without)
    env.globals.update(href=href, NUMERIC=NUMERIC)
    return env
