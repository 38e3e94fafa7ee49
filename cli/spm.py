"""pagu spm: the minimum service standards (Tabel 2)."""

from __future__ import annotations

import click

from cli.viewing import answer, view_options


@click.command()
@view_options
def spm(
    fmt: str,
    as_of: str | None,
    effective: str | None,
    skpd: str | None,
    tahun: int | None,
    db: str | None,
) -> None:
    """The SPM table (Tabel 2): each minimum-service indicator with its Renstra targets,
    realizations and projection per year (percentages), and their average."""
    from projections.views.spm import spm_report

    answer(db, fmt, as_of, effective, skpd, tahun, spm_report, name="pagu spm")
