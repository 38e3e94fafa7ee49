"""pagu lines: the budget lines with their current pagu."""

from __future__ import annotations

import click

from cli.context import (
    db_option,
    every_budget_options,
    format_option,
    open_read_model,
    time_options,
    time_point,
)
from cli.output import emit
from cli.viewing import answer


@click.command()
@click.option(
    "--level",
    type=click.Choice(["program", "kegiatan", "sub", "sub_kegiatan"]),
    default=None,
    help="Only lines at this level.",
)
@format_option
@time_options
@every_budget_options
@db_option
def lines(
    level: str | None,
    fmt: str,
    as_of: str | None,
    effective: str | None,
    skpd: str | None,
    tahun: int | None,
    db: str | None,
) -> None:
    """List programs, kegiatan and sub kegiatan with their pagu (a parent's pagu is
    the sum of its sub kegiatan), ending with the total. Without --skpd and --year:
    every line of the ledger, each Dinas line showing its budget's sum when there are
    several."""
    from events.codes import Level
    from projections.views.lines import lines_all, lines_report

    only = Level.parse(level) if level else None
    if skpd is None and tahun is None:  # the whole ledger, as this command always listed it
        read_model = open_read_model(db)
        try:
            with read_model.connect() as conn:
                report = lines_report(conn, time_point(conn, as_of, effective), only)
        finally:
            read_model.close()
        emit(report, fmt)
        return
    answer(
        db,
        fmt,
        as_of,
        effective,
        skpd,
        tahun,
        lambda conn, point, budget: lines_report(conn, point, only, budget),
        lambda conn, point, budgets: lines_all(conn, point, budgets, only),
    )
