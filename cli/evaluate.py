"""pagu evaluate: the evaluation of the Renja up to a quarter (Tabel 1)."""

from __future__ import annotations

from typing import Any

import click

from cli.viewing import Viewed, level_option, quarter_option, show_printed_option, view_options


@click.command()
@quarter_option
@level_option
@show_printed_option
@view_options
def evaluate(quarter: Any, level: Any, show_printed: bool, view: Viewed) -> None:
    """The shape of Tabel 1 (Permendagri 86/2017): Renstra target, realization up to
    last year, this year's target, realization up to the quarter, rate (7/6),
    cumulative (5+7) and achievement against the Renstra (10/4), aware of the
    indicator's kind. Rates above 100% are shown and flagged, never capped; so is every
    rate the source document printed that disagrees with the computed one."""
    from projections.views.evaluate import evaluate_report

    shape = {"quarter": quarter, "level": level, "show_printed": show_printed}
    view.answer(evaluate_report, name="pagu evaluate", **shape)
