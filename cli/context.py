"""Options every command shares, and opening the two sides of the ledger."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import click

from events.i18n import _

if TYPE_CHECKING:
    from ledger.service import Ledger
    from projections.readmodel import ReadModel
    from projections.timepoint import TimePoint

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Asked:
    """What every view and write command is asked besides its own arguments: which
    budget (--skpd, --year), in which format (--format), of which ledger (--db)."""

    skpd: str | None = None
    tahun: int | None = None
    fmt: str = "table"
    db: str | None = None


DB_HELP = (
    "Ledger store: a SQLite file or postgresql://host/dbname (else the --db before the "
    "command, else PAGU_DB, else ./pagu.db)."
)


def _db_from_group(ctx: click.Context, _: click.Parameter, value: str | None) -> str | None:
    """`pagu --db X lines` and `pagu lines --db X` both work; the command's own wins.
    PAGU_DB is read only when neither is given (`StoreLocation.parse(None)`), so that it
    never overrides a --db on the command line."""
    if value is None and ctx.parent is not None and isinstance(ctx.parent.obj, dict):
        found = ctx.parent.obj.get("db")
        return found if isinstance(found, str) else None
    return value


db_option = click.option("--db", default=None, metavar="URL", help=DB_HELP, callback=_db_from_group)


def format_option(f: F) -> F:
    """--format, and the options that shape a table (cli.output.display_options)."""
    from cli.output import FORMATS, display_options

    f = click.option(
        "--csv",
        "csv_kind",
        type=click.Choice(["plain", "excel-id"]),
        default=None,
        expose_value=False,
        callback=_csv_kind,
        help="CSV output: plain (as --format csv), or excel-id (as --format csv-excel-id).",
    )(display_options(f))
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default="table",
        show_default=True,
        callback=_format_or_csv,
        help="Output format (csv-excel-id: for Excel on an Indonesian locale).",
    )(f)


_CSV_FORMATS = {"plain": "csv", "excel-id": "csv-excel-id"}


def _csv_kind(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    """--csv KIND is --format csv or csv-excel-id, said the other way; both given and
    different is refused."""
    if value is None:
        return
    wanted = _CSV_FORMATS[value]
    ctx.meta["pagu.csv"] = wanted
    given = ctx.get_parameter_source("fmt")
    if "fmt" in ctx.params:  # --format was read first (it came first on the line)
        if given is click.core.ParameterSource.COMMANDLINE and ctx.params["fmt"] != wanted:
            raise click.UsageError(
                _("--csv {kind} and --format {fmt} disagree").format(
                    kind=value, fmt=ctx.params["fmt"]
                )
            )
        ctx.params["fmt"] = wanted


def _format_or_csv(ctx: click.Context, param: click.Parameter, value: str) -> str:
    wanted = ctx.meta.get("pagu.csv")
    if wanted is None:
        return value
    source = ctx.get_parameter_source(param.name or "fmt")
    if source is click.core.ParameterSource.COMMANDLINE and value != wanted:
        raise click.UsageError(
            _("--csv {kind} and --format {fmt} disagree").format(
                kind={v: k for k, v in _CSV_FORMATS.items()}[str(wanted)], fmt=value
            )
        )
    return str(wanted)


def plain_format_option(text: str, *more: str) -> Callable[[F], F]:
    """--format of a command that prints a summary, not a view: a table or JSON (and
    `more` choices)."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["table", "json", *more]),
        default="table",
        show_default=True,
        help=text,
    )


def bounded_option(name: str, low: int, high: int, default: int, text: str) -> Callable[[F], F]:
    """A whole-number option from `low` to `high` (click refuses the rest, naming the
    range), its default shown in the help: `report --top`, `serve --port`."""
    return click.option(
        name, type=click.IntRange(low, high), default=default, show_default=True, help=text
    )


# An option of one flag is click's decorator itself; a function stands only where
# options are combined or worded per command.
actor_option = click.option(
    "--actor", default=None, help="Who records this (default: PAGU_ACTOR, else the OS user)."
)

# --tz at init and import: the zone the ledger keeps for its recorded times.
zone_option = click.option(
    "--tz",
    "tz",
    default=None,
    metavar="ZONE",
    help="The ledger's time zone, kept with it: an IANA name (Asia/Makassar for "
    "Kutai Kartanegara) or WIB, WITA, WIT. Default: the zone it keeps, else "
    "Asia/Jakarta (WIB).",
)


def time_options(f: F) -> F:
    f = click.option(
        "--effective",
        default=None,
        metavar="DATE",
        help="What was in force on this date (2024-06-30).",
    )(f)
    return click.option(
        "--as-of",
        "as_of",
        default=None,
        metavar="TIMESTAMP",
        help="What the ledger knew at this moment (2024-09-01 or 2024-09-01T10:00:00+08:00).",
    )(f)


def resolve_actor(actor: str | None) -> str:
    """--actor as given (a blank one is refused by the command, not replaced), else
    PAGU_ACTOR, else the operating-system user."""
    from ledger.service import default_actor

    return actor if actor is not None else default_actor()


class WholeNumber(click.ParamType):
    """An integer option written with the digits 0-9 (click's own int would also take
    '١٢', '1_000' and '+5'); with `year`, a fiscal year pagu accepts."""

    name = "integer"

    def __init__(self, *, year: bool = False) -> None:
        self.year = year

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        from events.errors import InvalidInput
        from events.periods import parse_year

        if isinstance(value, int):
            return value
        text = str(value).strip()
        if self.year:
            try:
                return parse_year(text)
            except InvalidInput as problem:
                self.fail(str(problem), param, ctx)
        if not text.isascii() or not text.isdigit() or len(text) > 9:
            self.fail(
                _("{value!r} is not a whole number (write it with the digits 0-9)").format(
                    value=value
                ),
                param,
                ctx,
            )
        return int(text)


WHOLE_NUMBER = WholeNumber()
YEAR = WholeNumber(year=True)


def open_ledger(db: str | None, *, create: bool = True, install: bool = False) -> Ledger:
    from ledger.service import open_ledger as _open

    return _open(db, create=create, install=install)


def use_ledger_clock(location: Any) -> None:
    """Show recorded times, and read bare dates asked about, on the ledger's clock
    (PAGU_TZ, else the zone the ledger keeps)."""
    from events.clock import set_zone
    from ledger.settings import zone_for

    set_zone(zone_for(location))


def open_read_model(db: str | None, *, read_only: bool = False) -> ReadModel:
    """The read model of an existing ledger. `read_only` (pagu serve), or a SQLite
    ledger that may not be written (a read-only copy), opens the store so that nothing
    can be written through it (SQLite read-only, PostgreSQL with every transaction
    read-only): views answer from the read model as it stands."""
    from ledger.errors import NoLedger
    from ledger.shape import check_ledger
    from ledger.storage import StoreLocation
    from projections.readmodel import ReadModel, make_engine

    location = StoreLocation.parse(db)
    if not location.exists():
        raise NoLedger(location.display())
    check_ledger(location)
    use_ledger_clock(location)
    read_only = read_only or location.read_only
    connect_args = location.sqlalchemy_connect_args()
    if read_only and not location.is_sqlite:
        options = f"{connect_args.get('options', '')} -c default_transaction_read_only=on"
        connect_args = connect_args | {"options": options.strip()}
    engine = make_engine(
        location.sqlalchemy_url(read_only=read_only and location.is_sqlite), connect_args
    )
    return ReadModel(
        engine,
        notice=lambda text: click.echo(_("note: {text}").format(text=text), err=True),
        read_only=read_only,
    )


def bring_up_to_date(
    read_model: Any, recorded: int, progress: Callable[[int, int], None] | None = None
) -> None:
    """After a write that was recorded: catch the read model up, or say on stderr why
    it is not (this role may not write it, or the store failed), never fail."""
    import os

    from cli.main import _storage_message

    if not read_model.may_write():
        click.echo(
            _(
                "note: {recorded} events recorded; the read model is kept by the "
                "ledger's owner (this role may only read it): views show them once it "
                "has caught up"
            ).format(recorded=recorded),
            err=True,
        )
        return
    try:
        read_model.catch_up(progress=progress)
    except Exception as problem:  # recorded is recorded: say so, and exit 0
        if os.environ.get("PAGU_DEBUG"):
            raise
        detail = _storage_message(problem) or f"{type(problem).__name__}: {problem}"
        click.echo(
            _(
                "warning: the {recorded} events were recorded, but the read model could "
                "not be brought up to date ({detail}); do not record them again: the "
                "next view catches up once the store works"
            ).format(recorded=recorded, detail=detail),
            err=True,
        )


def time_point(conn: Any, as_of: str | None, effective: str | None) -> TimePoint:
    from events.periods import parse_date, parse_timestamp
    from projections.timepoint import resolve

    return resolve(
        conn,
        parse_timestamp(as_of) if as_of else None,
        parse_date(effective, query=True) if effective else None,
    )


def budget_options(f: F) -> F:
    return _budget_options(f, every=False)


def every_budget_options(f: F) -> F:
    """--skpd and --year for a view that can also show every budget (`--skpd all`)."""
    return _budget_options(f, every=True)


def _budget_options(f: F, *, every: bool) -> F:
    f = click.option(
        "--year",
        "tahun",
        type=YEAR,
        default=None,
        help="Fiscal year (needed only when the ledger holds several).",
    )(f)
    text = "SKPD, or any unique part of its name (needed only when the ledger holds several)"
    if every:
        text += "; `all`: every budget (of --year, if given) in one report"
    return click.option("--skpd", default=None, help=text + ".")(f)


ALL = "all"  # --skpd all: every budget in one report


def wants_all(skpd: str | None) -> bool:
    return skpd is not None and skpd.strip().casefold() == ALL


def choose_budget(conn: Any, skpd: str | None, tahun: int | None) -> tuple[str, int]:
    """The one budget a command is about (`projections.budgets.choose_budget`); `--skpd
    all` is refused here, where the command that cannot take it is known."""
    from events.errors import InvalidInput
    from projections.budgets import choose_budget as choose

    if wants_all(skpd):
        ctx = click.get_current_context(silent=True)
        command = ctx.command_path if ctx is not None else _("this command")
        raise InvalidInput(
            _(
                "--skpd all: {command} answers one budget at a time; name one with "
                "--skpd (and --year); `pagu apbd --skpd all` shows every budget at once"
            ).format(command=command)
        )
    return choose(conn, skpd, tahun)
