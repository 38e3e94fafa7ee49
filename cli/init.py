"""pagu init: create an empty ledger."""

from __future__ import annotations

import click

from cli.context import db_option, open_ledger, open_read_model


@click.command()
@db_option
def init(db: str | None) -> None:
    """Create an empty ledger: the event store, its hash-chained log, the append-only
    guards (the database refuses UPDATE and DELETE on both) and the read model.
    Safe to run again on an existing ledger: it re-installs missing guards."""
    ledger = open_ledger(db, create=True, install=True)
    location = ledger.location
    ledger.close()
    read_model = open_read_model(db)
    try:
        read_model.projector.ensure_tables()
    finally:
        read_model.close()
    click.echo(f"ledger ready at {location.display()}")
