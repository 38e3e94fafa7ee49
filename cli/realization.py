"""pagu realization: money spent and physical output against pagu and target."""

from __future__ import annotations

import click

from cli.viewing import (
    EDITIONS,
    answer,
    every_budget_view_options,
    level_option,
    quarter_option,
    show_printed_option,
)


@click.command()
@quarter_option
@click.option(
    "--basis",
    type=click.Choice(EDITIONS),
    default=None,
    help=(
        "The budget edition the rates are measured against (murni, pergeseran, "
        "perubahan, pergeseran-p); default: the budget in force."
    ),
)
@level_option
@show_printed_option
@click.option(
    "--by-quarter",
    is_flag=True,
    help="A line x triwulan I-IV matrix of spending and output, with serapan per quarter.",
)
@every_budget_view_options
def realization(
    quarter: str | None,
    basis: str | None,
    level: str | None,
    show_printed: bool,
    by_quarter: bool,
    fmt: str,
    as_of: str | None,
    effective: str | None,
    skpd: str | None,
    tahun: int | None,
    db: str | None,
) -> None:
    """Money spent and physical output up to a quarter against the pagu and target of
    a named basis, per line and rolled up. The total row is the Dinas: its own
    reported spending where recorded (flagged when its sub kegiatan sum to something
    else), else the sum of its sub kegiatan."""
    from events.codes import Level
    from events.periods import Quarter, Stage
    from projections.views.realization import realization_all, realization_report

    chosen = Quarter.parse(quarter) if quarter else None
    only = Level.parse(level) if level else None
    if by_quarter:
        from cli.realization_matrix import by_quarter_answer

        by_quarter_answer(
            db, fmt, as_of, effective, skpd, tahun, quarter, basis, only, show_printed
        )
        return
    answer(
        db,
        fmt,
        as_of,
        effective,
        skpd,
        tahun,
        lambda conn, point, budget: realization_report(
            conn,
            point,
            budget,
            quarter=chosen,
            basis=Stage.parse(basis) if basis else None,
            level=only,
            show_printed=show_printed,
        ),
        lambda conn, point, budgets: realization_all(
            conn,
            point,
            budgets,
            quarter=chosen,
            basis=Stage.parse(basis) if basis else None,
            level=only,
            show_printed=show_printed,
        ),
    )
