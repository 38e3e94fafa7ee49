"""pagu report -o FILE.html: one self-contained HTML report with charts."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click

from cli.context import (
    budget_options,
    choose_budget,
    db_option,
    open_read_model,
    time_options,
    time_point,
)
from cli.export import chosen_file, file_options


@click.command()
@file_options("The HTML file to write.")
@click.option(
    "--top",
    type=click.IntRange(1, 100),
    default=10,
    show_default=True,
    help="How many of the largest increases and cuts to show.",
)
@budget_options
@time_options
@db_option
def report(
    target: Path | None,
    old_output: Path | None,
    top: int,
    skpd: str | None,
    tahun: int | None,
    as_of: str | None,
    effective: str | None,
    db: str | None,
) -> None:
    """One HTML file that opens anywhere without a network: a chart of murni against
    perubahan by program, the largest increases and cuts with the reasons recorded on
    them, realization by quarter against the pagu, the Tabel 1 achievement, the
    reconciliation findings, and the digest of the ledger it came from (the same as
    `pagu digest`). It reads on a phone (wide parts scroll in their own box) and prints
    on A4.

    The ledger is verified first: a damaged ledger gets no report. Without --as-of the
    figures are those of exactly the events the digest covers."""
    from cli.htmlreport import render_page
    from cli.integrity import DAMAGED, check_read_model, read_model_damage
    from cli.progress import progress_bar
    from cli.safe import clean_cell
    from events.errors import InvalidInput
    from ledger.integrity import verify_store
    from projections.timepoint import TimePoint
    from projections.views.bundle import documents_of
    from projections.views.documents import findings_report
    from projections.views.evaluate import evaluate_report
    from projections.views.summary import summary

    output = chosen_file(target, old_output)
    if output.suffix.lower() not in (".html", ".htm"):
        raise InvalidInput(f"-o {output}: the report is an HTML file (name it *.html)")
    if not output.parent.is_dir():
        raise InvalidInput(f"-o {output}: the directory {output.parent} does not exist")
    with progress_bar("Memverifikasi rantai") as progress:
        verdict = verify_store(db, progress=progress)
    if verdict.damage is not None:
        click.echo(f"refusing to report on a damaged ledger: {verdict.damage.describe()}", err=True)
        raise click.exceptions.Exit(DAMAGED)
    if verdict.head is None:
        raise InvalidInput("the ledger holds no events yet: there is nothing to report")
    read_model = open_read_model(db)
    with read_model.connect():  # brought up to date (where it may be), then compared
        pass
    verdict.read_model = check_read_model(db)
    if not verdict.read_model_matches:
        read_model.close()
        click.echo(f"refusing to report: {read_model_damage(verdict.read_model)}", err=True)
        raise click.exceptions.Exit(DAMAGED)
    try:
        with read_model.connect() as conn:
            budget = choose_budget(conn, skpd, tahun)
            point = time_point(conn, as_of, effective)
            if point.position is None:  # the events the digest covers, and no later one
                point = TimePoint(verdict.head.position, point.effective, None)
            figures = summary(conn, point, budget, top=top)
            evaluation = evaluate_report(conn, point, budget)
            findings = [findings_report(conn, sha) for sha in documents_of(conn, point, budget)]
    finally:
        read_model.close()
    page = render_page(
        figures, verdict, generated=datetime.now(UTC), evaluation=evaluation, findings=findings
    )
    output.write_text(page, encoding="utf-8")
    size = f"{len(page.encode('utf-8')):,}".replace(",", ".")
    click.echo(f"Ditulis: {clean_cell(str(output))} ({size} bytes)")
    click.echo(f"Digest : {verdict.head}")
