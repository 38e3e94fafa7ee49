"""What every view command shares: its options and the way it is answered (open the
read model, catch up, choose the budget, resolve the time point, build, render)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import click

from cli.completion import complete_quarter
from cli.context import (
    Asked,
    budget_options,
    choose_budget,
    db_option,
    every_budget_options,
    format_option,
    open_read_model,
    time_options,
    time_point,
    wants_all,
)
from cli.output import emit
from cli.writing import collected
from events.codes import Level
from events.i18n import N_, _
from events.periods import Quarter

if TYPE_CHECKING:
    from projections.report import Report
    from projections.timepoint import TimePoint

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")
# The budget editions a view can be asked for (`events.periods.Stage`), in their order.
EDITIONS = ["murni", "pergeseran", "perubahan", "pergeseran-p"]
Budget = tuple[str, int]
Build = Callable[..., "Report"]  # (seen, budget, **shape)
BuildAll = Callable[..., "Report"]  # (seen, budgets, **shape)


def reading(db: str | None, read: Callable[[Any], T]) -> T:
    """`read` on one up-to-date connection to the read model of the ledger `db`."""
    read_model = open_read_model(db)
    try:
        with read_model.connect() as conn:
            return read(conn)
    finally:
        read_model.close()


@dataclass(frozen=True)
class Viewed(Asked):
    """What a view is asked for: --as-of and --effective, with --format, --skpd, --year
    and --db (`Asked`)."""

    as_of: str | None = None
    effective: str | None = None

    def point(self, conn: Any) -> TimePoint:
        return time_point(conn, self.as_of, self.effective)

    def read(self, build: Callable[[Any, TimePoint, Budget], T]) -> T:
        """`build(conn, point, budget)` for the one budget and the time point asked for."""

        def read(conn: Any) -> T:
            budget = choose_budget(conn, self.skpd, self.tahun)
            return build(conn, self.point(conn), budget)

        return reading(self.db, read)

    def show(self, report: Report) -> None:
        emit(report, self.fmt)

    def answer(
        self,
        build: Build,
        build_all: BuildAll | None = None,
        *,
        name: str = N_("this view"),
        level: Level | None = None,
        show_printed: bool = False,
        **shape: Any,
    ) -> None:
        """Answer a view: `build(seen, budget, **shape)` on one up-to-date connection,
        `seen` that connection at the time point asked for, showing `level` and
        `show_printed`; `--skpd all` asks `build_all(seen, budgets, **shape)` for every
        budget (of `--year`) in one report."""
        from events.errors import InvalidInput
        from projections.budgets import choose_all
        from projections.views.seen import Seen

        if wants_all(self.skpd):
            if build_all is None:
                raise InvalidInput(
                    _("{name} answers one budget at a time: --skpd all is not available").format(
                        name=_(name)
                    )
                )
            every = build_all

            def read(conn: Any) -> Report:
                chosen = choose_all(conn, self.tahun)
                return every(Seen(conn, self.point(conn), level, show_printed), chosen, **shape)

            report = reading(self.db, read)
        else:

            def one(conn: Any, point: TimePoint, budget: Budget) -> Report:
                return build(Seen(conn, point, level, show_printed), budget, **shape)

            report = self.read(one)
        if not report.rows and report.json_lines is None:
            report.notes.append(_("nothing recorded or in force at this point in time"))
        self.show(report)


def view_options(f: F) -> F:
    """--format, --as-of, --effective, --skpd, --year and --db, as `view: Viewed`."""
    return collected(Viewed, "view", format_option, time_options, budget_options, db_option)(f)


def every_budget_view_options(f: F) -> F:
    """`view_options` of a view that also answers for every budget (`--skpd all`)."""
    options = (format_option, time_options, every_budget_options, db_option)
    return collected(Viewed, "view", *options)(f)


def parsed_by(
    parse: Callable[[str], T],
) -> Callable[[click.Context, click.Parameter, Any], T | None]:
    """An option's callback: its text as `parse` reads it (a Level, a Quarter), None
    when the option is not given."""

    def callback(_: click.Context, __: click.Parameter, value: str | None) -> T | None:
        return parse(value) if value else None

    return callback


level_option = click.option(
    "--level",
    type=click.Choice(["program", "kegiatan", "sub", "sub_kegiatan"]),
    default=None,
    callback=parsed_by(Level.parse),
    help="Only lines at this level (the total row stays).",
)


def edition_option(name: str, text: str) -> Callable[[F], F]:
    """An option naming a budget edition (`EDITIONS`); not given: the budget in force."""
    return click.option(name, type=click.Choice(EDITIONS), default=None, help=text)


show_printed_option = click.option(
    "--show-printed",
    is_flag=True,
    help="Add the figures the source document printed and flag where they disagree.",
)

quarter_option = click.option(
    "--quarter",
    default=None,
    metavar="N",
    shell_complete=complete_quarter,
    callback=parsed_by(Quarter.parse),
    help="Triwulan 1-4 (or I-IV); default: the last one with realization recorded.",
)
