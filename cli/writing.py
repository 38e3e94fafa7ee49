"""What the five write commands share: one option set (who, why, on what authority,
from when, which budget, how to print it, which ledger) and one way of appending.

Each command: choose the budget and check the input (ledger.commands), hand it to the
Ledger service (one transaction, retried on a concurrent write), bring the read model
up to date so every view shows it, and acknowledge what was recorded with event ids.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import click

from cli.completion import complete_stage
from cli.context import (
    Asked,
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
C = TypeVar("C", bound="Command")


def collected(into: type[Any], name: str, *options: Callable[[Any], Any]) -> Callable[[F], F]:
    """`options` (decorators, outermost first) whose values reach the command as one
    `into` dataclass under the keyword `name`, instead of one parameter each."""
    fields = [field.name for field in dataclasses.fields(into)]

    def decorate(f: F) -> F:
        @functools.wraps(f)
        def command(*args: Any, **kwargs: Any) -> Any:
            given = {key: kwargs.pop(key) for key in fields if key in kwargs}
            return f(*args, **kwargs, **{name: into(**given)})

        for option in reversed(options):
            command = option(command)
        return command  # type: ignore[return-value]

    return decorate


@dataclass(frozen=True)
class Written(Asked):
    """The options every write command takes (`write_options`): who, why, on what
    authority, from when, with --skpd, --year, --format and --db (`Asked`)."""

    actor: str | None = None
    reason: str | None = None
    doc: str | None = None
    doc_date: str | None = None
    effective: str | None = None

    def basis(self) -> dict[str, Any]:
        """Who, why, on what authority, from when: as a command's raw fields."""
        return {
            "actor": resolve_actor(self.actor),
            "reason": self.reason,
            "doc": self.doc,
            "doc_date": self.doc_date,
            "effective": self.effective,
        }

    def parse(self, conn: Any, model: type[C], **raw: Any) -> C:
        """The command `model` of the budget chosen by --skpd and --year, checked."""
        from ledger.commands import parse

        name, year = choose_budget(conn, self.skpd, self.tahun)
        return parse(model, skpd=name, tahun=year, **raw, **self.basis())

    def append(self, build: Callable[[Any], C], handle: Callable[[Ledger, C], Recorded]) -> None:
        """Check the input against the read model, record, report, catch the read model up.

        Once the events are recorded the command says so and exits 0, whatever happens to
        the read model afterwards (a retry would record them twice); if the write fails,
        nothing is recorded and the command exits 1 saying so."""
        read_model = open_read_model(self.db)
        try:
            with read_model.connect() as conn:
                command = build(conn)
            ledger = open_ledger(self.db, create=False)
            try:
                recorded = handle(ledger, command)
            finally:
                ledger.close()
            emit(_acknowledgement(recorded), self.fmt)
            bring_up_to_date(read_model, len(recorded.events))
        finally:
            read_model.close()


_BASIS = [
    actor_option,
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


def write_options(*, budget: bool = True) -> Callable[[F], F]:
    """--actor, --reason, --doc, --doc-date, --effective, --skpd and --year (with
    `budget`), --format and --db, reaching the command as `opts: Written`."""
    budgets = [budget_options] if budget else []
    return collected(Written, "opts", *_BASIS, *budgets, format_option, db_option)


def stage_option(text: str) -> Callable[[F], F]:
    return click.option("--stage", default=None, shell_complete=complete_stage, help=text)


def _acknowledgement(recorded: Recorded) -> Any:
    from ledger.describe import describe
    from projections.report import KODE, Column, Report

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
            KODE,
            Column("kind", "Peristiwa"),
            Column("description", "Perubahan"),
            Column("effective", "Berlaku", "date"),
            Column("event_id", "ID Peristiwa", "id"),
        ],
        rows=rows,
        notes=recorded.notes,
    )
