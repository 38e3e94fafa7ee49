"""pagu digest, pagu verify, pagu export-log: tamper evidence an auditor can check."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from cli.context import db_option, plain_format_option
from cli.output import dumps

if TYPE_CHECKING:
    from ledger.integrity import Digest, Verdict

DAMAGED = 2  # exit status when the ledger (or the file) is not what its chain says
F = TypeVar("F", bound=Callable[..., Any])


# `table` as on every view; `text`, the old spelling, still works.
_format_option = plain_format_option("Output format (text: the same as table).", "text")


def _parse_digest(text: str | None) -> Digest | None:
    from ledger.integrity import Digest

    return Digest.parse(text) if text else None


@click.command()
@_format_option
@db_option
def digest(fmt: str, db: str | None) -> None:
    """Print the head of the ledger's hash chain, for an auditor to write down.

    The first line, POSITION:HASH, is what `pagu verify --digest` takes. The ledger is
    verified first: a damaged ledger gets no digest."""
    verdict = verified_ledger(db, "digest")
    head = verdict.head
    assert head is not None
    if fmt == "json":
        click.echo(
            dumps(
                {
                    "digest": str(head),
                    "position": head.position,
                    "chain_hash": head.chain_hash,
                    "short": head.short(),
                    "events": verdict.events,
                    "last_recorded": verdict.last_recorded,
                    "source": verdict.source,
                }
            )
        )
        return
    click.echo(str(head))
    click.echo(f"short form : {head.short()}")
    click.echo(
        f"covers     : {verdict.events} events, the last recorded {verdict.last_recorded}, "
        f"in {verdict.source}"
    )
    click.echo(
        "Keep the first line. `pagu verify --digest` with it proves later that the ledger "
        "still begins with exactly this history."
    )


@click.command()
@click.option(
    "--digest",
    "digest_text",
    default=None,
    metavar="POSITION:HASH",
    help="A head printed earlier by `pagu digest`: prove the ledger still begins with it.",
)
@click.option(
    "--closed",
    is_flag=True,
    help="With --digest: the ledger was to end there; any later event is a failure.",
)
@click.option(
    "--log",
    "log_file",
    default=None,
    type=click.Path(path_type=Path),
    help="Verify a file written by `pagu export-log` instead of the store (offline).",
)
@click.option(
    "--no-read-model",
    "skip_read_model",
    is_flag=True,
    help="Check the log only; do not compare the read model with it (faster).",
)
@_format_option
@db_option
def verify(
    digest_text: str | None,
    closed: bool,
    log_file: Path | None,
    skip_read_model: bool,
    fmt: str,
    db: str | None,
) -> None:
    """Recompute the hash chain, check every event against its link and the ledger's
    rules, and compare the read model (what every view shows) with the log.

    Exit 0 with a summary when intact; exit 2 naming the first position that fails,
    the kind of damage (altered, removed, inserted, reordered, truncated, invalid) and
    the budget line it belongs to, or the first row where the read model is not the
    projection of the log. With --digest, also prove that the ledger today begins with
    exactly the digested history (catching a deleted tail or a recomputed chain)."""
    from events.errors import InvalidInput
    from ledger.integrity import verify_export, verify_store

    digest = _parse_digest(digest_text)
    if closed and digest is None:
        raise InvalidInput("--closed needs --digest: the head the ledger was to end at")
    if log_file is not None:
        verdict = verify_export(log_file, digest=digest, closed=closed)
        if digest is None:
            verdict.notes.append(
                "no --digest given: this proves only that the file is self-consistent, "
                "and anyone can write a self-consistent file; give the digest you hold"
            )
    else:
        from cli.progress import progress_bar

        with progress_bar("Memverifikasi rantai") as progress:
            verdict = verify_store(db, digest=digest, closed=closed, progress=progress)
        if verdict.damage is None and not skip_read_model:
            started = time.perf_counter()
            verdict.read_model = check_read_model(db)
            verdict.seconds += time.perf_counter() - started
    if fmt == "json":
        click.echo(dumps(verdict.as_dict()))
    else:
        _print(verdict)
    if verdict.damage is not None or not verdict.read_model_matches:
        raise click.exceptions.Exit(DAMAGED)


def verified_ledger(db: str | None, verb: str, *, read_model: bool = False) -> Verdict:
    """The ledger verified before `pagu VERB` rests on it (`ledger.integrity.verified`);
    with `read_model`, its read model brought up to date (where it may be) and compared
    with the log too. A damaged ledger exits DAMAGED saying so, an empty one is refused."""
    from cli.progress import progress_bar
    from events.errors import InvalidInput
    from ledger.integrity import LedgerDamaged, NothingRecorded, verified

    try:
        with progress_bar("Memverifikasi rantai") as progress:
            verdict = verified(db, progress=progress)
    except LedgerDamaged as problem:
        on = " on" if verb == "report" else ""  # one reports on a ledger, digests it
        click.echo(f"refusing to {verb}{on} a damaged ledger: {problem}", err=True)
        raise click.exceptions.Exit(DAMAGED) from None
    except NothingRecorded as problem:
        raise InvalidInput(f"{problem}: there is nothing to {verb}") from None
    if read_model:
        from cli.context import open_read_model

        opened = open_read_model(db)
        try:
            with opened.connect():  # brought up to date (where it may be), then compared
                pass
        finally:
            opened.close()
        verdict.read_model = check_read_model(db)
        if not verdict.read_model_matches:
            click.echo(f"refusing to {verb}: {read_model_damage(verdict.read_model)}", err=True)
            raise click.exceptions.Exit(DAMAGED)
    return verdict


def check_read_model(db: str | None) -> dict[str, Any]:
    """The read model compared with the log, read-only (`projections.crosscheck`)."""
    from ledger.integrity.split import cores
    from ledger.storage import StoreLocation
    from projections.crosscheck import check_read_model as compare
    from projections.readmodel import make_engine

    location = StoreLocation.parse(db)
    engine = make_engine(
        location.sqlalchemy_url(read_only=location.is_sqlite), location.sqlalchemy_connect_args()
    )
    try:
        return compare(engine, parts=min(cores(), 8)).as_dict()
    finally:
        engine.dispose()


def read_model_damage(found: dict[str, Any]) -> str:
    """A read model that is not the projection of the log, in one line."""
    where = f"{found['table']}" + (f" at position {found['at']}" if found["at"] else "")
    if found.get("kode"):
        where += f", line {found['kode']}"
    return (
        f"the read model is not the projection of the log: {where}: {found['mismatch']} "
        "(the log itself is intact; `pagu projections rebuild` builds the read model again)"
    )


def _print(verdict: Verdict) -> None:
    damage = verdict.damage
    if damage is not None:
        click.echo(f"DAMAGED    : {damage.describe()}")
        if verdict.head is not None:
            click.echo(f"before it  : {verdict.events} events check out, up to {verdict.head}")
    else:
        span = (
            f"positions {verdict.first_position}..{verdict.head.position}"
            if verdict.head is not None
            else "no events yet"
        )
        click.echo(f"intact     : {verdict.events} events, {span}")
        if verdict.head is not None:
            click.echo(f"head       : {verdict.head}  ({verdict.head.short()})")
            click.echo(f"recorded   : {verdict.first_recorded} .. {verdict.last_recorded}")
        if verdict.digest is not None:
            click.echo(
                f"digest     : {verdict.digest.short()} matches: the ledger begins with "
                "exactly the digested history"
            )
            if verdict.after_digest:
                click.echo(
                    f"since then : {verdict.after_digest} events recorded after the digest, "
                    f"from position {verdict.after_digest_first} "
                    f"(recorded {verdict.after_digest_recorded})"
                )
            else:
                click.echo("since then : nothing recorded after the digest")
    found = verdict.read_model
    if found is not None and found["mismatch"]:
        click.echo(f"DAMAGED    : {read_model_damage(found)}")
    elif found is not None and found["checked"]:
        click.echo(f"read model : the projection of the log, up to position {found['position']}")
    for note in (found or {}).get("notes", []):
        click.echo(f"note       : read model: {note}")
    if verdict.missing_guards:
        click.echo(
            "WARNING    : append-only guards not in place: "
            + ", ".join(verdict.missing_guards)
            + " (the database may no longer refuse changes to the log; `pagu init` "
            "re-installs them)"
        )
    for note in verdict.notes:
        click.echo(f"note       : {note}")
    click.echo(f"checked    : {verdict.source} in {verdict.seconds:.2f} s")


@click.command("export-log")
@click.argument("file", type=click.Path(path_type=Path))
@db_option
def export_log(file: Path, db: str | None) -> None:
    """Write the whole log (positions, ids, types, payloads, recorded times, hashes) to
    FILE, for `pagu verify --log FILE --digest ...` on a machine with no database."""
    from ledger.integrity import export_log as _export

    done = _export(db, file)
    head = f", head {done.head}" if done.head is not None else ""
    extra = f" and {done.orphans} events with no link" if done.orphans else ""
    click.echo(f"exported {done.links} links{extra} to {file}{head}")
