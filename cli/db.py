"""pagu db: roles on a PostgreSQL ledger (an auditor who reads, a clerk who appends)."""

from __future__ import annotations

import click

from cli.context import db_option
from cli.main import SuggestingGroup


@click.group(cls=SuggestingGroup)
def db() -> None:
    """Roles on a PostgreSQL ledger. Run as the ledger's owner; the administrator
    creates the roles themselves (CREATE ROLE name LOGIN PASSWORD ...)."""


def _prepare_read_model(db_url: str | None) -> None:
    """Create and catch up the read model as the owner, so that a reader, who may not
    write it, finds it there and current."""
    from cli.context import open_read_model

    read_model = open_read_model(db_url)
    try:
        read_model.projector.ensure_tables()
        read_model.catch_up()
    finally:
        read_model.close()


def _grant(role: str, db: str | None, kind: str) -> None:
    from ledger.access import grant
    from ledger.storage import StoreLocation

    location = StoreLocation.parse(db)
    if not location.is_sqlite:
        _prepare_read_model(db)
    click.echo(grant(location, role, kind))


@db.command("grant-reader")
@click.argument("role")
@db_option
def grant_reader(role: str, db: str | None) -> None:
    """Let ROLE read, query and verify the ledger, and write nothing.

    A reader's views answer from the read model as it stands: when events were appended
    since it was last brought up to date, they say how far behind it is."""
    _grant(role, db, "reader")


@db.command("grant-writer")
@click.argument("role")
@db_option
def grant_writer(role: str, db: str | None) -> None:
    """Let ROLE append events (import, commands) but never update or delete them."""
    _grant(role, db, "writer")


@db.command("revoke")
@click.argument("role")
@db_option
def revoke(role: str, db: str | None) -> None:
    """Take back every privilege ROLE holds on the ledger."""
    from ledger.access import revoke as _revoke
    from ledger.storage import StoreLocation

    click.echo(_revoke(StoreLocation.parse(db), role))
