"""pagu lines: the budget lines with their current pagu."""

from __future__ import annotations

import click

from cli.context import db_option, format_option, open_read_model, time_options, time_point
from cli.output import emit


@click.command()
@click.option(
    "--level",
    type=click.Choice(["program", "kegiatan", "sub", "sub_kegiatan"]),
    default=None,
    help="Only lines at this level.",
)
@format_option
@time_options
@db_option
def lines(
    level: str | None, fmt: str, as_of: str | None, effective: str | None, db: str | None
) -> None:
    """List programs, kegiatan and sub kegiatan with their pagu (a parent's pagu is
    the sum of its sub kegiatan), ending with the total."""
    from events.codes import Level
    from projections.views.lines import lines_report

    read_model = open_read_model(db)
    try:
        with read_model.connect() as conn:
            point = time_point(conn, as_of, effective)
            report = lines_report(conn, point, Level.parse(level) if level else None)
    finally:
        read_model.close()
    emit(report, fmt)
