"""pagu projections status | rebuild: the read model behind every view."""

from __future__ import annotations

import json
import time

import click

from cli.context import db_option, open_read_model, plain_format_option
from cli.main import SuggestingGroup
from events.i18n import _


@click.group(cls=SuggestingGroup)
def projections() -> None:
    """The read model behind every view: SQL tables built from the event log, in the
    same database, with a record of the last event applied. Views catch up on their
    own; these commands show where it stands and build it again from scratch."""


@projections.command()
@plain_format_option("Output format.")
@db_option
def status(fmt: str, db: str | None) -> None:
    """The last event the read model applied against the head of the log, and the
    rows each table holds (reads only; catches nothing up)."""
    from projections.status import read_status

    read_model = open_read_model(db)
    try:
        found = read_status(read_model.engine)
    finally:
        read_model.close()
    if fmt == "json":
        click.echo(json.dumps(found.as_dict(), indent=2))
        return
    click.echo(_("Read model : {state}").format(state=found.state))
    click.echo(
        _("Position   : {position} of {head} (log holds {events} events)").format(
            position=found.position, head=found.head, events=found.events
        )
    )
    built = "-" if found.built_with is None else str(found.built_with)
    click.echo(
        _("Shape      : built with version {built}, this pagu builds {current}").format(
            built=built, current=found.current
        )
    )
    for name, count in found.tables.items():
        click.echo(f"  {name:<16} {count:>10} rows")


@projections.command()
@db_option
def rebuild(db: str | None) -> None:
    """Build the read model again from the first event, aside, and swap it in at the
    end in one transaction: interrupted, the old read model is still there, whole.

    The log is verified first (its chain and rules): a read model is never rebuilt
    from a damaged log (exit 2, naming the damage)."""
    from cli.integrity import DAMAGED
    from cli.progress import progress_bar
    from ledger.integrity import verify_store

    with progress_bar("Memverifikasi rantai") as progress:
        verdict = verify_store(db, progress=progress)
    if verdict.damage is not None:
        click.echo(
            _("refusing to rebuild the read model from a damaged log: {describe}").format(
                describe=verdict.damage.describe()
            ),
            err=True,
        )
        raise click.exceptions.Exit(DAMAGED)
    read_model = open_read_model(db)
    if read_model.read_only:
        read_model.close()
        from events.errors import InvalidInput

        raise InvalidInput(_("this ledger is read-only here: its read model cannot be rebuilt"))
    started = time.perf_counter()
    try:
        with progress_bar("Membangun ulang tampilan") as progress:
            applied = read_model.projector.rebuild(progress=progress)
    finally:
        read_model.close()
    seconds = time.perf_counter() - started
    rate = f", {applied / seconds:,.0f} events/s" if seconds > 0 and applied else ""
    click.echo(
        _("rebuilt the read model: {applied} events in {seconds:.2f} s{rate}").format(
            applied=applied, seconds=seconds, rate=rate
        )
    )
