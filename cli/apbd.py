"""pagu apbd: the budget as at a stage."""

from __future__ import annotations

import click

from cli.viewing import (
    EDITIONS,
    answer,
    every_budget_view_options,
    level_option,
    show_printed_option,
)


@click.command()
@click.option(
    "--stage",
    type=click.Choice(EDITIONS),
    default=None,
    help=(
        "The budget as at this edition: murni (the APBD as enacted), pergeseran (the DPA "
        "after its pergeseran), perubahan (the APBD-P as enacted), pergeseran-p (the DPPA "
        "after its pergeseran). Default: the budget in force (its latest values)."
    ),
)
@level_option
@show_printed_option
@every_budget_view_options
def apbd(
    stage: str | None,
    level: str | None,
    show_printed: bool,
    fmt: str,
    as_of: str | None,
    effective: str | None,
    skpd: str | None,
    tahun: int | None,
    db: str | None,
) -> None:
    """Each line's location, indicator, target and pagu as at a budget edition, with
    kegiatan and program pagu as sums of their sub kegiatan and the total. `--stage
    murni` is the budget before any revision, however many came later, `--stage
    perubahan` the APBD-P as enacted, whatever pergeseran followed it; a line first
    budgeted in a later edition is not in an earlier one."""
    from events.codes import Level
    from events.periods import Stage
    from projections.views.apbd import apbd_all, apbd_report
    from projections.views.apbd_json import apbd_all_json

    chosen = Stage.parse(stage) if stage else None
    only = Level.parse(level) if level else None
    answer(
        db,
        fmt,
        as_of,
        effective,
        skpd,
        tahun,
        lambda conn, point, budget: apbd_report(
            conn, point, budget, stage=chosen, level=only, show_printed=show_printed
        ),
        lambda conn, point, budgets: (
            # every budget as JSON: the rows are written as text straight from the
            # read model (`--show-printed` adds checks only the dict rows make)
            apbd_all_json(conn, point, budgets, stage=chosen, level=only)
            if fmt == "json" and not show_printed
            else apbd_all(conn, point, budgets, stage=chosen, level=only, show_printed=show_printed)
        ),
    )
