"""pagu realization: money spent and physical output against pagu and target."""

from __future__ import annotations

from typing import Any

import click

from cli.viewing import (
    Viewed,
    edition_option,
    every_budget_view_options,
    level_option,
    quarter_option,
    show_printed_option,
)


@click.command()
@quarter_option
@edition_option(
    "--basis",
    (
        "The budget edition the rates are measured against (murni, pergeseran, "
        "perubahan, pergeseran-p); default: the budget in force."
    ),
)
@level_option
@show_printed_option
@every_budget_view_options
def realization(
    quarter: Any, basis: str | None, level: Any, show_printed: bool, view: Viewed
) -> None:
    """Money spent and physical output up to a quarter against the pagu and target of
    a named basis, per line and rolled up. The total row is the Dinas: its own
    reported spending where recorded (flagged when its sub kegiatan sum to something
    else), else the sum of its sub kegiatan."""
    from events.periods import Stage
    from projections.views.realization import realization_all, realization_report

    view.answer(
        realization_report,
        realization_all,
        quarter=quarter,
        basis=Stage.parse(basis) if basis else None,
        level=level,
        show_printed=show_printed,
    )
