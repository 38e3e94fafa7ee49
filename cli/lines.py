"""pagu lines: the budget lines with their current pagu."""

from __future__ import annotations

from typing import Any

import click

from cli.viewing import Viewed, every_budget_view_options, reading


@click.command()
@click.option(
    "--level",
    type=click.Choice(["program", "kegiatan", "sub", "sub_kegiatan"]),
    default=None,
    help="Only lines at this level.",
)
@every_budget_view_options
def lines(level: str | None, view: Viewed) -> None:
    """List programs, kegiatan and sub kegiatan with their pagu (a parent's pagu is
    the sum of its sub kegiatan), ending with the total. Without --skpd and --year:
    every line of the ledger, each Dinas line showing its budget's sum when there are
    several."""
    from events.codes import Level
    from projections.views.lines import lines_all, lines_report

    only = Level.parse(level) if level else None
    if view.skpd is None and view.tahun is None:  # the whole ledger, as it always listed it
        view.show(reading(view.db, lambda conn: lines_report(conn, view.point(conn), only)))
        return

    def one(seen: Any, budget: Any) -> Any:
        return lines_report(seen.conn, seen.point, only, budget)

    def every(seen: Any, budgets: Any) -> Any:
        return lines_all(seen.conn, seen.point, budgets, only)

    view.answer(one, every)
