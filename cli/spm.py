"""pagu spm: the minimum service standards (Tabel 2)."""

from __future__ import annotations

import click

from cli.viewing import Viewed, view_options


@click.command()
@view_options
def spm(view: Viewed) -> None:
    """The SPM table (Tabel 2): each minimum-service indicator with its Renstra targets,
    realizations and projection per year (percentages), and their average."""
    from projections.views.spm import spm_report

    view.answer(spm_report, name="pagu spm")
