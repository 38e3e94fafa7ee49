"""pagu revise, shift, realize, add-line, correct: appending to the ledger.

Each command: choose the budget and check the input (ledger.commands), hand it to the
Ledger service (one transaction, retried on a concurrent write), bring the read model
up to date so every view shows it, and acknowledge what was recorded with event ids.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from cli.completion import complete_kode, complete_quarter, complete_stage
from cli.context import (
    WHOLE_NUMBER,
    YEAR,
    actor_option,
    bring_up_to_date,
    budget_options,
    choose_budget,
    db_option,
    format_option,
    open_ledger,
    open_read_model,
    resolve_actor,
)
from cli.output import emit

if TYPE_CHECKING:
    from ledger.commands import Command, Recorded
    from ledger.service import Ledger

F = TypeVar("F", bound=Callable[..., Any])


def basis_options(f: F) -> F:
    """Who, why, on what authority, from when."""
    for option in reversed(
        [
            click.option("--reason", default=None, help="Why (required for budget changes)."),
            click.option(
                "--doc",
                default=None,
                metavar="TITLE",
                help='The legal basis: number and title, e.g. "SK Kepala Dinas No. 900/12/2024".',
            ),
            click.option(
                "--doc-date", default=None, metavar="DATE", help="The date of --doc (2024-09-01)."
            ),
            click.option(
                "--effective",
                default=None,
                metavar="DATE",
                help="When it takes effect (default: today).",
            ),
        ]
    ):
        f = option(f)
    return actor_option(f)


def stage_option(text: str) -> Callable[[F], F]:
    return click.option("--stage", default=None, shell_complete=complete_stage, help=text)


def _basis(
    actor: str | None,
    reason: str | None,
    doc: str | None,
    doc_date: str | None,
    effective: str | None,
) -> dict[str, Any]:
    return {
        "actor": resolve_actor(actor),
        "reason": reason,
        "doc": doc,
        "doc_date": doc_date,
        "effective": effective,
    }


def _append(
    db: str | None,
    fmt: str,
    build: Callable[[Any], Command],
    handle: Callable[[Ledger, Any], Recorded],
) -> None:
    """Check the input against the read model, record, report, catch the read model up.

    Once the events are recorded the command says so and exits 0, whatever happens to
    the read model afterwards (a retry would record them twice); if the write fails,
    nothing is recorded and the command exits 1 saying so."""
    from events.errors import InvalidInput
    from ledger.line import Overrun

    read_model = open_read_model(db)
    try:
        with read_model.connect() as conn:
            command = build(conn)
        ledger = open_ledger(db, create=False)
        try:
            recorded = handle(ledger, command)
        except Overrun as problem:  # the ledger's rule, worded with this command's flags
            raise InvalidInput(
                f"{problem}; if that is really so, record it with --allow-overrun and a reason"
            ) from None
        finally:
            ledger.close()
        emit(_acknowledgement(recorded), fmt)
        bring_up_to_date(read_model, len(recorded.events))
    finally:
        read_model.close()


def _acknowledgement(recorded: Recorded) -> Any:
    from ledger.describe import describe
    from projections.report import Column, Report

    rows = [
        {
            "kode": recorded.kodes[event.originator_id].text,
            "kind": type(event).__name__,
            "description": describe(event),
            "effective": event.effective,
            "event_id": str(event.event_id),
            "line_id": event.originator_id.hex,
            "version": event.originator_version,
        }
        for event in recorded.events
    ]
    return Report(
        title=f"Dicatat: {len(rows)} peristiwa",
        columns=[
            Column("kode", "Kode"),
            Column("kind", "Peristiwa"),
            Column("description", "Perubahan"),
            Column("effective", "Berlaku", "date"),
            Column("event_id", "ID Peristiwa", "id"),
        ],
        rows=rows,
        notes=recorded.notes,
    )


@click.command()
@click.argument("kode", shell_complete=complete_kode)
@click.option("--pagu", default=None, metavar="AMOUNT", help="New pagu (sub kegiatan only).")
@click.option("--target", default=None, metavar="TARGET", help='New target, e.g. "5 Dokumen".')
@click.option("--indicator", default=None, metavar="TEXT", help="New indicator wording.")
@click.option(
    "--indicator-no",
    type=WHOLE_NUMBER,
    default=None,
    help="Which indicator (default 1) for the above; the next number adds one.",
)
@click.option("--location", default=None, metavar="TEXT", help="New location.")
@stage_option("pergeseran or perubahan (required).")
@basis_options
@budget_options
@format_option
@db_option
def revise(
    kode: str,
    pagu: str | None,
    target: str | None,
    indicator: str | None,
    indicator_no: int | None,
    location: str | None,
    stage: str | None,
    actor: str | None,
    reason: str | None,
    doc: str | None,
    doc_date: str | None,
    effective: str | None,
    skpd: str | None,
    tahun: int | None,
    fmt: str,
    db: str | None,
) -> None:
    """Revise a line's pagu, target, indicator wording and/or location at a stage.
    Only what differs from the value in force on --effective is recorded; a revision
    that changes nothing is refused."""
    from ledger.commands import Revise, parse

    def build(conn: Any) -> Revise:
        name, year = choose_budget(conn, skpd, tahun)
        return parse(
            Revise,
            skpd=name,
            tahun=year,
            kode=kode,
            pagu=pagu,
            target=target,
            indicator=indicator,
            indicator_no=indicator_no,
            location=location,
            stage=stage,
            **_basis(actor, reason, doc, doc_date, effective),
        )

    _append(db, fmt, build, lambda ledger, command: ledger.revise(command))


@click.command()
@click.argument("from_kode", metavar="FROM", shell_complete=complete_kode)
@click.argument("to_kode", metavar="TO", shell_complete=complete_kode)
@click.argument("amount")
@click.option("--to-skpd", default=None, help="SKPD of TO, if not that of FROM (refused).")
@click.option("--to-year", "to_tahun", type=YEAR, default=None, help="Year of TO (refused).")
@basis_options
@budget_options
@format_option
@db_option
def shift(
    from_kode: str,
    to_kode: str,
    amount: str,
    to_skpd: str | None,
    to_tahun: int | None,
    actor: str | None,
    reason: str | None,
    doc: str | None,
    doc_date: str | None,
    effective: str | None,
    skpd: str | None,
    tahun: int | None,
    fmt: str,
    db: str | None,
) -> None:
    """Shift AMOUNT of pagu from one sub kegiatan to another (a pergeseran): recorded on
    both lines in one transaction, so the budget's total stays the same. Refused if it
    would take FROM below zero, or if the lines are in different SKPD or years."""
    from ledger.commands import Shift, parse

    def build(conn: Any) -> Shift:
        name, year = choose_budget(conn, skpd, tahun)
        to_name, to_year = choose_budget(conn, to_skpd or name, to_tahun or year)
        return parse(
            Shift,
            skpd=name,
            tahun=year,
            from_kode=from_kode,
            to_kode=to_kode,
            amount=amount,
            to_skpd=to_name,
            to_tahun=to_year,
            **_basis(actor, reason, doc, doc_date, effective),
        )

    _append(db, fmt, build, lambda ledger, command: ledger.shift(command))


@click.command()
@click.argument("kode", shell_complete=complete_kode)
@click.option(
    "--quarter", metavar="N", shell_complete=complete_quarter, help="Triwulan (required)."
)
@click.option("--spent", default=None, metavar="AMOUNT", help="Money spent.")
@click.option("--output", default=None, metavar="VALUE", help='Physical output, e.g. "45 Orang".')
@click.option(
    "--cumulative", is_flag=True, help="The figures are year to date, not this quarter alone."
)
@click.option(
    "--allow-overrun", is_flag=True, help="Accept spending beyond the pagu (needs --reason)."
)
@basis_options
@budget_options
@format_option
@db_option
def realize(
    kode: str,
    quarter: str | None,
    spent: str | None,
    output: str | None,
    cumulative: bool,
    allow_overrun: bool,
    actor: str | None,
    reason: str | None,
    doc: str | None,
    doc_date: str | None,
    effective: str | None,
    skpd: str | None,
    tahun: int | None,
    fmt: str,
    db: str | None,
) -> None:
    """Record a triwulan's realization: money spent and/or physical output. A later
    entry for the same quarter restates the earlier one. Spending beyond the line's
    pagu is refused unless --allow-overrun with a --reason."""
    from ledger.commands import Realize, parse

    def build(conn: Any) -> Realize:
        name, year = choose_budget(conn, skpd, tahun)
        return parse(
            Realize,
            skpd=name,
            tahun=year,
            kode=kode,
            quarter=quarter,
            spent=spent,
            output=output,
            cumulative=cumulative,
            allow_overrun=allow_overrun,
            **_basis(actor, reason, doc, doc_date, effective),
        )

    _append(db, fmt, build, lambda ledger, command: ledger.realize(command))


@click.command("add-line")
@click.argument("kode", shell_complete=complete_kode)
@click.argument("nama", metavar="NAME")
@click.option("--indicator", default=None, metavar="TEXT", help="Its indicator (required).")
@click.option("--target", default=None, metavar="TARGET", help='Its target, e.g. "5 Dokumen".')
@click.option("--pagu", default=None, metavar="AMOUNT", help="Its pagu (sub kegiatan only).")
@click.option("--location", default=None, metavar="TEXT", help="Default: its parent's.")
@stage_option("murni, pergeseran or perubahan (required).")
@basis_options
@budget_options
@format_option
@db_option
def add_line(
    kode: str,
    nama: str,
    indicator: str | None,
    target: str | None,
    pagu: str | None,
    location: str | None,
    stage: str | None,
    actor: str | None,
    reason: str | None,
    doc: str | None,
    doc_date: str | None,
    effective: str | None,
    skpd: str | None,
    tahun: int | None,
    fmt: str,
    db: str | None,
) -> None:
    """Add a program, kegiatan or sub kegiatan (as 1.06.01.2.07.02 first appeared in
    the APBD-P). Refused if the code exists or its parent does not."""
    from ledger.commands import AddLine, parse

    def build(conn: Any) -> AddLine:
        name, year = choose_budget(conn, skpd, tahun)
        return parse(
            AddLine,
            skpd=name,
            tahun=year,
            kode=kode,
            nama=nama,
            indicator=indicator,
            target=target,
            pagu=pagu,
            location=location,
            stage=stage,
            **_basis(actor, reason, doc, doc_date, effective),
        )

    _append(db, fmt, build, lambda ledger, command: ledger.add_line(command))


@click.command()
@click.argument("event_id")
@basis_options
@format_option
@db_option
def correct(
    event_id: str,
    actor: str | None,
    reason: str | None,
    doc: str | None,
    doc_date: str | None,
    effective: str | None,
    fmt: str,
    db: str | None,
) -> None:
    """Reverse a mistaken entry with a compensating event. EVENT_ID is the full id or
    its first 8 or more characters (as history and audit show it). The entry stays in
    the history, marked as corrected; views stop counting it. Correcting either side of
    a shift corrects both."""
    from ledger.commands import Correct, parse

    def build(conn: Any) -> Correct:
        found = find_event(conn, event_id)
        return parse(
            Correct,
            skpd=found.skpd,
            tahun=found.tahun,
            event_id=found.event_id,
            line_id=found.line_id,
            version=found.version,
            **_basis(actor, reason, doc, doc_date, effective),
        )

    _append(db, fmt, build, lambda ledger, command: ledger.correct(command))


def find_event(conn: Any, raw: str) -> Any:
    """An event by its id or a unique prefix of at least 8 characters."""
    import re

    from sqlalchemy import select

    from events.errors import InvalidInput
    from projections import schema

    text = raw.strip().lower()
    if not re.fullmatch(r"[0-9a-f][0-9a-f-]{7,35}", text):
        raise InvalidInput(
            f"EVENT_ID: {raw!r} is not an event id: give the full id or at least its first "
            "8 characters, as `pagu history` and `pagu audit` show them"
        )
    e = schema.event
    query = select(e).where(e.c.event_id.like(text + "%")).order_by(e.c.position).limit(6)
    found = list(conn.execute(query))
    if not found:
        raise InvalidInput(f"EVENT_ID: no event whose id starts with {text!r} in this ledger")
    if len(found) > 1:
        shown = ", ".join(f"{row.event_id} ({row.kode} {row.kind})" for row in found[:5])
        raise InvalidInput(f"EVENT_ID: {text!r} matches several events: {shown}; give more of it")
    return found[0]
