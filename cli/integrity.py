"""pagu digest, pagu verify, pagu export-log: tamper evidence an auditor can check."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from cli.context import db_option, plain_format_option
from cli.output import dumps
from events.i18n import N_, _

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
    click.echo(_("short form : {short}").format(short=head.short()))
    click.echo(
        _("covers     : {events} events, the last recorded {last_recorded}, in {source}").format(
            events=verdict.events, last_recorded=verdict.last_recorded, source=verdict.source
        )
    )
    click.echo(
        _(
            "Keep the first line. `pagu verify --digest` with it proves later that "
            "the ledger still begins with exactly this history."
        )
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
        raise InvalidInput(_("--closed needs --digest: the head the ledger was to end at"))
    if log_file is not None:
        verdict = verify_export(log_file, digest=digest, closed=closed)
        if digest is None:
            verdict.notes.append(
                _(
                    "no --digest given: this proves only that the file is self-consistent, "
                    "and anyone can write a self-consistent file; give the digest you hold"
                )
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


# What verified_ledger says, per verb: whole sentences, as a translation needs them.
REFUSED_DAMAGED = {
    "digest": N_("refusing to digest a damaged ledger: {problem}"),
    "report": N_("refusing to report on a damaged ledger: {problem}"),
}
NOTHING_TO = {
    "digest": N_("there is nothing to digest"),
    "report": N_("there is nothing to report"),
}
REFUSED_READ_MODEL = {"report": N_("refusing to report: {problem}")}


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
        refusal = REFUSED_DAMAGED.get(verb, N_("refusing to {verb} a damaged ledger: {problem}"))
        click.echo(_(refusal).format(verb=verb, problem=problem), err=True)
        raise click.exceptions.Exit(DAMAGED) from None
    except NothingRecorded as problem:
        nothing = NOTHING_TO.get(verb, N_("there is nothing to {verb}"))
        raise InvalidInput(f"{problem}: {_(nothing).format(verb=verb)}") from None
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
            refusal = REFUSED_READ_MODEL.get(verb, N_("refusing to {verb}: {problem}"))
            damage = read_model_damage(verdict.read_model)
            click.echo(_(refusal).format(verb=verb, problem=damage), err=True)
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
    where = f"{found['table']}"
    if found["at"]:
        where += _(" at position {at}").format(at=found["at"])
    if found.get("kode"):
        where += _(", line {line}").format(line=found["kode"])
    return _(
        "the read model is not the projection of the log: {where}: {mismatch} "
        "(the log itself is intact; `pagu projections rebuild` builds the read "
        "model again)"
    ).format(where=where, mismatch=found["mismatch"])


def _print(verdict: Verdict) -> None:
    damage = verdict.damage
    if damage is not None:
        click.echo(f"DAMAGED    : {damage.describe()}")
        if verdict.head is not None:
            click.echo(
                _("before it  : {events} events check out, up to {head}").format(
                    events=verdict.events, head=verdict.head
                )
            )
    else:
        span = (
            f"positions {verdict.first_position}..{verdict.head.position}"
            if verdict.head is not None
            else _("no events yet")
        )
        click.echo(
            _("intact     : {events} events, {span}").format(events=verdict.events, span=span)
        )
        if verdict.head is not None:
            click.echo(f"head       : {verdict.head}  ({verdict.head.short()})")
            click.echo(f"recorded   : {verdict.first_recorded} .. {verdict.last_recorded}")
        if verdict.digest is not None:
            click.echo(
                _(
                    "digest     : {short} matches: the ledger begins with exactly the "
                    "digested history"
                ).format(short=verdict.digest.short())
            )
            if verdict.after_digest:
                click.echo(
                    _(
                        "since then : {after_digest} events recorded after the digest, from "
                        "position {after_digest_first} (recorded {after_digest_recorded})"
                    ).format(**vars(verdict))  # the verdict's own fields
                )
            else:
                click.echo(_("since then : nothing recorded after the digest"))
    found = verdict.read_model
    if found is not None and found["mismatch"]:
        click.echo(f"DAMAGED    : {read_model_damage(found)}")
    elif found is not None and found["checked"]:
        click.echo(
            _("read model : the projection of the log, up to position {position}").format(
                position=found["position"]
            )
        )
    for note in (found or {}).get("notes", []):
        click.echo(_("note       : read model: {note}").format(note=note))
    if verdict.missing_guards:
        click.echo(
            _("WARNING    : append-only guards not in place: ")
            + ", ".join(verdict.missing_guards)
            + _(
                " (the database may no longer refuse changes to the log; `pagu init` "
                "re-installs them)"
            )
        )
    for note in verdict.notes:
        click.echo(f"note       : {note}")
    click.echo(
        _("checked    : {source} in {seconds:.2f} s").format(
            source=verdict.source, seconds=verdict.seconds
        )
    )


@click.command("export-log")
@click.argument("file", type=click.Path(path_type=Path))
@db_option
def export_log(file: Path, db: str | None) -> None:
    """Write the whole log (positions, ids, types, payloads, recorded times, hashes) to
    FILE, for `pagu verify --log FILE --digest ...` on a machine with no database."""
    from ledger.integrity import export_log as _export

    done = _export(db, file)
    head = f", head {done.head}" if done.head is not None else ""
    extra = (
        _(" and {orphans} events with no link").format(orphans=done.orphans) if done.orphans else ""
    )
    click.echo(
        _("exported {links} links{extra} to {file}{head}").format(
            links=done.links, extra=extra, file=file, head=head
        )
    )
