"""pagu apbd: the budget as at a stage."""

from __future__ import annotations

from typing import Any

import click

from cli.viewing import (
    Viewed,
    edition_option,
    every_budget_view_options,
    level_option,
    show_printed_option,
)


@click.command()
@edition_option(
    "--stage",
    (
        "The budget as at this edition: murni (the APBD as enacted), pergeseran (the DPA "
        "after its pergeseran), perubahan (the APBD-P as enacted), pergeseran-p (the DPPA "
        "after its pergeseran). Default: the budget in force (its latest values)."
    ),
)
@level_option
@show_printed_option
@every_budget_view_options
def apbd(stage: str | None, level: Any, show_printed: bool, view: Viewed) -> None:
    """Each line's location, indicator, target and pagu as at a budget edition, with
    kegiatan and program pagu as sums of their sub kegiatan and the total. `--stage
    murni` is the budget before any revision, however many came later, `--stage
    perubahan` the APBD-P as enacted, whatever pergeseran followed it; a line first
    budgeted in a later edition is not in an earlier one."""
    from events.periods import Stage
    from projections.views.apbd import apbd_all, apbd_report
    from projections.views.apbd_json import apbd_all_json

    # every budget as JSON: the rows are written as text straight from the read model
    # (`--show-printed` adds checks only the dict rows make)
    every = apbd_all_json if view.fmt == "json" and not show_printed else apbd_all
    chosen = Stage.parse(stage) if stage else None
    view.answer(apbd_report, every, stage=chosen, level=level, show_printed=show_printed)
