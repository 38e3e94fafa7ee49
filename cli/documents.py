"""pagu documents / pagu findings: what was imported, and what each document got wrong."""

from __future__ import annotations

import click

from cli.context import db_option, format_option, open_read_model
from cli.output import emit


@click.command()
@format_option
@db_option
def documents(fmt: str, db: str | None) -> None:
    """List the documents imported into the ledger: when, by whom, their SHA-256, how
    many new events each brought and how many reconciliation findings it had."""
    from projections.views.documents import documents_report

    read_model = open_read_model(db)
    try:
        with read_model.connect() as conn:
            report = documents_report(conn)
    finally:
        read_model.close()
    emit(report, fmt)


@click.command()
@click.option(
    "--document",
    default=None,
    metavar="SHA",
    help="A prefix of the document's SHA-256 (default: the latest imported).",
)
@format_option
@db_option
def findings(document: str | None, fmt: str, db: str | None) -> None:
    """Show the reconciliation report recorded when a document was imported: every place
    where the document disagreed with itself."""
    from projections.views.documents import findings_report

    read_model = open_read_model(db)
    try:
        with read_model.connect() as conn:
            report = findings_report(conn, document)
    finally:
        read_model.close()
    emit(report, fmt)
