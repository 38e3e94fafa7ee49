"""pagu report -o FILE.html: one self-contained HTML report with charts."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from cli.context import bounded_option, budget_options, db_option, time_options
from cli.export import chosen_file, file_options
from cli.viewing import Viewed
from cli.writing import collected
from events.i18n import _

if TYPE_CHECKING:
    from projections.timepoint import TimePoint


@click.command()
@file_options("The HTML file to write.")
@bounded_option("--top", 1, 100, 10, "How many of the largest increases and cuts to show.")
@collected(Viewed, "view", budget_options, time_options, db_option)
def report(target: Path | None, old_output: Path | None, top: int, view: Viewed) -> None:
    """One HTML file that opens anywhere without a network: a chart of murni against
    perubahan by program, the largest increases and cuts with the reasons recorded on
    them, realization by quarter against the pagu, the Tabel 1 achievement, the
    reconciliation findings, and the digest of the ledger it came from (the same as
    `pagu digest`). It reads on a phone (wide parts scroll in their own box) and prints
    on A4.

    The ledger is verified first: a damaged ledger gets no report. Without --as-of the
    figures are those of exactly the events the digest covers."""
    from cli.htmlreport import render_page
    from cli.integrity import verified_ledger
    from cli.safe import clean_cell
    from events.errors import InvalidInput
    from projections.views.bundle import documents_of
    from projections.views.documents import findings_report
    from projections.views.evaluate import evaluate_report
    from projections.views.seen import Seen
    from projections.views.summary import summary

    output = chosen_file(target, old_output)
    if output.suffix.lower() not in (".html", ".htm"):
        raise InvalidInput(
            _("-o {output}: the report is an HTML file (name it *.html)").format(output=output)
        )
    if not output.parent.is_dir():
        raise InvalidInput(
            _("-o {output}: the directory {parent} does not exist").format(
                output=output, parent=output.parent
            )
        )
    verdict = verified_ledger(view.db, "report", read_model=True)
    head = verdict.head
    assert head is not None

    def build(conn: Any, point: TimePoint, budget: tuple[str, int]) -> Any:
        point = point.pinned(head.position)  # the events the digest covers, no later one
        return (
            summary(conn, point, budget, top=top),
            evaluate_report(Seen(conn, point), budget),
            [findings_report(conn, sha) for sha in documents_of(conn, point, budget)],
        )

    figures, evaluation, findings = view.read(build)
    page = render_page(
        figures, verdict, generated=datetime.now(UTC), evaluation=evaluation, findings=findings
    )
    from ledger.outputs import output_file

    output_file(output, view.db).write_text(page, encoding="utf-8")
    size = f"{len(page.encode('utf-8')):,}".replace(",", ".")
    click.echo(f"Ditulis: {clean_cell(str(output))} ({size} bytes)")
    click.echo(f"Digest : {verdict.head}")
