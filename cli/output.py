"""Rendering a view's `Report` as a table (Indonesian number formatting, official
headings), CSV (headings, plain decimal numbers), CSV for Indonesian Excel, or JSON (row
objects, money as exact decimal strings); and the options that shape a table on a
terminal (`--columns`, `--wide`, `--width`, `--pager/--no-pager`).

Text pagu did not write (actors, reasons, names...) is made safe in every format
(cli.safe); CSV cells that a spreadsheet would run as a formula are made text
(`csv_text`)."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any, TypeVar

import click

from cli.safe import clean, json_safe
from events.i18n import _
from events.targets import plain_target as _plain_target

FORMATS = ("table", "csv", "csv-excel-id", "json")
F = TypeVar("F", bound=Callable[..., Any])


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
    return json_safe("[\n  " + ",\n  ".join([encode(row) for row in rows]) + "\n]")


def dumps(value: Any, *, indent: int | None = 2) -> str:
    """`json.dumps` for a command's own JSON answer, made safe as `render_json` is."""
    return json_safe(json.dumps(value, ensure_ascii=False, indent=indent, default=_default))


@lru_cache(maxsize=4096)
def _target_text(target: Any) -> str:
    """A target as `_plain` gives it; budgets repeat the same few targets."""
    return _plain_target(target.value, target.unit)


def _joined(value: Any) -> Any:
    """A list in a table or CSV cell (a row's findings): one string, '; ' between."""
    return "; ".join(str(item) for item in value) if isinstance(value, list) else value


def cell_text(value: Any, kind: str) -> str:
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
    if kind == "timestamp":  # recorded times: to the second, on the ledger's clock, in
        from events.clock import local_text  # tables; in full (UTC) in CSV and JSON

        return local_text(value)
    if kind == "id":  # event ids: a prefix in tables (pagu correct accepts >= 8 characters)
        return str(value)[:8]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


@dataclass(frozen=True)
class Display:
    """How a table is shown: `columns` (keys) chosen, `wide` (every column in full),
    `width` (fit to this many characters; None: the full table), `pager` (None: page
    long output when stdout is a terminal)."""

    columns: tuple[str, ...] | None = None
    wide: bool = False
    width: int | None = None
    pager: bool | None = None


DISPLAY = "pagu.display"  # where the options leave their values: ctx.meta, shared
DEFAULT_WIDTH = 100  # a terminal whose width cannot be found


def _remember(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    if value is not None and value is not False and param.name is not None:
        ctx.meta.setdefault(DISPLAY, {})[param.name] = value
    return value


def pager_option(f: F) -> F:
    return click.option(
        "--pager/--no-pager",
        default=None,
        expose_value=False,
        callback=_remember,
        help="Page long output on a terminal through $PAGER (default: less -FRS).",
    )(f)


def display_options(f: F) -> F:
    """--columns, --wide, --width and --pager/--no-pager, kept in the context (no
    command takes them as arguments): `emit` reads them."""
    f = pager_option(f)
    f = click.option(
        "--width",
        type=click.IntRange(20, 1000),
        default=None,
        expose_value=False,
        callback=_remember,
        help="Fit the table to N characters (default: the terminal's width; piped: in full).",
    )(f)
    f = click.option(
        "--wide",
        is_flag=True,
        expose_value=False,
        callback=_remember,
        help="Every column, in full, however wide (what a pipe gets).",
    )(f)
    return click.option(
        "--columns",
        metavar="KEY,...",
        default=None,
        expose_value=False,
        callback=_remember,
        help="Only these columns of a table or CSV, in this order (the JSON keys: kode,nama,pagu).",
    )(f)


def current_display() -> Display:
    """The display options given on the command line (or none)."""
    ctx = click.get_current_context(silent=True)
    given = ctx.meta.get(DISPLAY, {}) if ctx is not None else {}
    columns = given.get("columns")
    keys = tuple(k.strip() for k in columns.split(",") if k.strip()) if columns else None
    return Display(keys, bool(given.get("wide")), given.get("width"), given.get("pager"))


def terminal_width(display: Display) -> Display:
    """The display for stdout: a terminal's table fits its width (COLUMNS, else the
    real width, else 100) unless --wide; a pipe gets the full table unless --width."""
    from cli.pager import stdout_is_terminal

    if display.width is not None or display.wide or not stdout_is_terminal():
        return display
    width = shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns or DEFAULT_WIDTH
    return Display(display.columns, display.wide, max(20, width), display.pager)


def pick_columns(report: Any, keys: Sequence[str] | None) -> list[Any]:
    """The columns `--columns` names, in its order; an unknown key is refused."""
    if not keys:
        return list(report.columns)
    by_key = {c.key.casefold(): c for c in report.columns}
    unknown = [key for key in keys if key.casefold() not in by_key]
    if unknown:
        from events.errors import InvalidInput

        raise InvalidInput(
            _("--columns: {unknown} not in this view; its columns are ").format(
                unknown=clean(", ".join(unknown))
            )
            + ", ".join(c.key for c in report.columns)
        )
    return [by_key[key.casefold()] for key in keys]


# OWASP's rule against formula injection: a cell starting with one of these is read as
# a formula by spreadsheets (the full-width forms by some), so a text cell that does is
# written with a leading apostrophe. Only text columns: numbers stay numbers.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# A text cell Excel would read as a number or a date (a code 1.06, a target 52,7%) is
# written ="1.06" for Indonesian Excel, which keeps it as text.
NUMBER_LIKE = re.compile(r"[0-9][0-9.,:/% -]*")


def csv_text(text: str) -> str:
    """A text cell for CSV: safe characters, and no formula (OWASP's rule)."""
    text = clean(text)
    return "'" + text if text.startswith(FORMULA_START) else text


def _csv_cell(value: Any, kind: str, excel: bool) -> str:
    if value is None:
        return ""
    if excel and kind == "target":
        value = str(value)  # Indonesian, as the table shows it: 52,7%
    plain = _joined(_plain(value))
    if not isinstance(plain, str):
        plain = str(plain)
    if kind in ("money", "percent", "number") and isinstance(value, (Decimal, int)):
        return plain.replace(".", ",") if excel else plain
    if isinstance(value, (date, Decimal, int)):  # a date (ISO: Excel reads it as a date)
        return plain
    if excel and NUMBER_LIKE.fullmatch(plain):
        return '="' + plain + '"'
    return csv_text(plain)


def render_csv(report: Any, columns: Sequence[Any], *, excel: bool = False) -> str:
    """Plain CSV (comma, decimal point, LF) or CSV for Excel on an Indonesian locale
    (semicolon, decimal comma, CRLF, a UTF-8 byte-order mark, codes kept as text)."""
    buffer = io.StringIO()
    writer = csv.writer(
        buffer, delimiter=";" if excel else ",", lineterminator="\r\n" if excel else "\n"
    )
    writer.writerow([csv_text(c.heading) for c in columns])
    for row in report.rows:
        writer.writerow(
            [
                c.empty
                if c.empty and row.get(c.key) is None
                else _csv_cell(row.get(c.key), c.kind, excel)
                for c in columns
            ]
        )
    text = buffer.getvalue()
    return "\ufeff" + text if excel else text.rstrip("\n")  # Excel's ends with CRLF


def render(report: Any, fmt: str, display: Display | None = None) -> str:
    """The report as text. `display` shapes a table (default: the full table); files
    and pipes get the full table, `emit` fits a terminal's."""
    display = display or Display()
    if fmt == "json":
        return render_json(report.rows)
    columns = pick_columns(report, display.columns)
    if fmt in ("csv", "csv-excel-id"):
        return render_csv(report, columns, excel=fmt == "csv-excel-id")
    from cli.tables import cells, fitted_table, full_table, wrapped

    body = cells(columns, report.rows, cell_text)
    header = [clean(report.title)] + [f"({clean(note)})" for note in report.notes if note]
    if display.width is None:
        return "\n".join([*header, "", full_table(columns, body)])
    chosen = list(range(len(columns))) if display.columns else None
    table, kept = fitted_table(columns, body, display.width, chosen=chosen)
    if len(kept) < len(columns):
        hidden = [columns[i].key for i in range(len(columns)) if i not in kept]
        header.append(
            _(
                "({kept} of {columns} columns fit in {width} characters; hidden: "
                "{hidden}; --wide shows all, --columns chooses)"
            ).format(
                kept=len(kept), columns=len(columns), width=display.width, hidden=", ".join(hidden)
            )
        )
    return "\n".join([*wrapped(header, display.width), "", table])


def emit(report: Any, fmt: str) -> None:
    """Print a report to stdout: fitted to a terminal, through the pager when long."""
    from cli.pager import show

    display = current_display()
    if fmt == "json" and report.json_lines is not None:
        write_json_lines(report.json_lines)
        return
    show(render(report, fmt, terminal_width(display)), pager=display.pager)


CHUNK = 2000  # rows per write: a few hundred kB, never the whole 34 MB at once


def write_json_lines(lines: Iterable[str]) -> None:
    """What `render_json` prints, from rows already encoded, written in chunks."""
    chunk: list[str] = []
    opened = False
    for line in lines:
        chunk.append(line)
        if len(chunk) == CHUNK:
            click.echo(json_safe(("," if opened else "[") + "\n  " + ",\n  ".join(chunk)), nl=False)
            opened = True
            chunk = []
    if chunk:
        click.echo(json_safe(("," if opened else "[") + "\n  " + ",\n  ".join(chunk)), nl=False)
        opened = True
    click.echo("\n]" if opened else "[]")
