"""pagu init: create an empty ledger."""

from __future__ import annotations

import click

from cli.context import (
    actor_option,
    db_option,
    open_ledger,
    open_read_model,
    resolve_actor,
    zone_option,
)
from events.i18n import _


@click.command()
@zone_option
@actor_option
@db_option
def init(tz: str | None, actor: str | None, db: str | None) -> None:
    """Create an empty ledger: the event store, its hash-chained log, the append-only
    guards (the database refuses UPDATE and DELETE on both) and the read model.
    Safe to run again on an existing ledger: it re-installs missing guards. `--tz`
    sets the zone its recorded times are shown in (kept with the ledger)."""
    from events.clock import abbreviation, parse_zone, zone_name
    from ledger.settings import keep_zone

    zone = parse_zone(tz) if tz is not None else None  # refused before anything is made
    ledger = open_ledger(db, create=True, install=True)
    location = ledger.location
    ledger.close()
    kept = keep_zone(location, zone, resolve_actor(actor))
    read_model = open_read_model(db)
    try:
        read_model.projector.ensure_tables()
    finally:
        read_model.close()
    click.echo(
        _("ledger ready at {display} (time zone {zone}, {abbreviation})").format(
            display=location.display(), zone=zone_name(kept), abbreviation=abbreviation(zone=kept)
        )
    )
