"""pagu compare: the murni budget against the revised one (the document's BAB III)."""

from __future__ import annotations

import click

from cli.viewing import (
    answer,
    every_budget_view_options,
    level_option,
    show_printed_option,
)


@click.command()
@click.option(
    "--changed-only",
    is_flag=True,
    help="Only lines whose pagu, location, indicator or target changed (or are new).",
)
@level_option
@show_printed_option
@every_budget_view_options
def compare(
    changed_only: bool,
    level: str | None,
    show_printed: bool,
    fmt: str,
    as_of: str | None,
    effective: str | None,
    skpd: str | None,
    tahun: int | None,
    db: str | None,
) -> None:
    """Per line the murni location, indicator, target and pagu, the revised ones, the
    difference (bertambah / berkurang) and the next year's forward estimate: the
    shape of the APBD-P table in BAB III of a Renja Perubahan."""
    from events.codes import Level
    from projections.views.compare import compare_all, compare_report

    only = Level.parse(level) if level else None
    answer(
        db,
        fmt,
        as_of,
        effective,
        skpd,
        tahun,
        lambda conn, point, budget: compare_report(
            conn,
            point,
            budget,
            changed_only=changed_only,
            level=only,
            show_printed=show_printed,
        ),
        lambda conn, point, budgets: compare_all(
            conn,
            point,
            budgets,
            changed_only=changed_only,
            level=only,
            show_printed=show_printed,
        ),
    )
