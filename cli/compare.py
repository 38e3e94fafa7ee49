"""pagu compare: the murni budget against the revised one (the document's BAB III)."""

from __future__ import annotations

from typing import Any

import click

from cli.viewing import Viewed, every_budget_view_options, level_option, show_printed_option


@click.command()
@click.option(
    "--changed-only",
    is_flag=True,
    help="Only lines whose pagu, location, indicator or target changed (or are new).",
)
@level_option
@show_printed_option
@every_budget_view_options
def compare(changed_only: bool, level: Any, show_printed: bool, view: Viewed) -> None:
    """Per line the murni location, indicator, target and pagu, the revised ones, the
    difference (bertambah / berkurang) and the next year's forward estimate: the
    shape of the APBD-P table in BAB III of a Renja Perubahan."""
    from projections.views.compare import compare_all, compare_report

    shape = {"changed_only": changed_only, "level": level, "show_printed": show_printed}
    view.answer(compare_report, compare_all, **shape)
