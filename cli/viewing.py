"""What every view command shares: its options and the way it is answered (open the
read model, catch up, choose the budget, resolve the time point, build, render)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from cli.completion import complete_quarter
from cli.context import (
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

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from projections.report import Report
    from projections.timepoint import TimePoint

F = TypeVar("F", bound=Callable[..., Any])
# The budget editions a view can be asked for (`events.periods.Stage`), in their order.
EDITIONS = ["murni", "pergeseran", "perubahan", "pergeseran-p"]
Build = Callable[["Connection", "TimePoint", tuple[str, int]], "Report"]
BuildAll = Callable[["Connection", "TimePoint", list[tuple[str, int]]], "Report"]


def view_options(f: F) -> F:
    """--format, --as-of, --effective, --skpd, --year and --db."""
    for option in (db_option, budget_options, time_options, format_option):
        f = option(f)
    return f


def every_budget_view_options(f: F) -> F:
    """`view_options` of a view that also answers for every budget (`--skpd all`)."""
    for option in (db_option, every_budget_options, time_options, format_option):
        f = option(f)
    return f


def show_printed_option(f: F) -> F:
    return click.option(
        "--show-printed",
        is_flag=True,
        help="Add the figures the source document printed and flag where they disagree.",
    )(f)


def level_option(f: F) -> F:
    return click.option(
        "--level",
        type=click.Choice(["program", "kegiatan", "sub", "sub_kegiatan"]),
        default=None,
        help="Only lines at this level (the total row stays).",
    )(f)


def quarter_option(f: F) -> F:
    return click.option(
        "--quarter",
        default=None,
        metavar="N",
        shell_complete=complete_quarter,
        help="Triwulan 1-4 (or I-IV); default: the last one with realization recorded.",
    )(f)


def answer(
    db: str | None,
    fmt: str,
    as_of: str | None,
    effective: str | None,
    skpd: str | None,
    tahun: int | None,
    build: Build,
    build_all: BuildAll | None = None,
    name: str = "this view",
) -> None:
    """Answer a view: everything happens on one up-to-date connection. `--skpd all`
    asks `build_all` for every budget (of `--year`) in one report."""
    from events.errors import InvalidInput
    from projections.budgets import choose_all

    every = wants_all(skpd)
    if every and build_all is None:
        raise InvalidInput(f"{name} answers one budget at a time: --skpd all is not available")
    read_model = open_read_model(db)
    try:
        with read_model.connect() as conn:
            if build_all is not None and every:
                chosen = choose_all(conn, tahun)
                point = time_point(conn, as_of, effective)
                report = build_all(conn, point, chosen)
            else:
                budget = choose_budget(conn, skpd, tahun)
                point = time_point(conn, as_of, effective)
                report = build(conn, point, budget)
    finally:
        read_model.close()
    if not report.rows and report.json_lines is None:
        report.notes.append("nothing recorded or in force at this point in time")
    emit(report, fmt)
