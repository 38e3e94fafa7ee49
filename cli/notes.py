"""pagu note: a faktor pendorong, penghambat or tindak lanjut for the evaluation form."""

from __future__ import annotations

from typing import Any

import click

from cli.changes import _append, _basis, basis_options
from cli.completion import complete_kode
from cli.context import budget_options, choose_budget, db_option, format_option

KINDS = ("pendorong", "penghambat", "tindak-lanjut", "tindak-lanjut-renja")


@click.command()
@click.argument("kode", shell_complete=complete_kode)
@click.argument("text")
@click.option(
    "--kind",
    type=click.Choice(KINDS, case_sensitive=False),
    required=True,
    help=(
        "Which row of the evaluation form: pendorong (faktor pendorong), penghambat, "
        "tindak-lanjut (for the next quarter), tindak-lanjut-renja (for the next Renja)."
    ),
)
@basis_options
@budget_options
@format_option
@db_option
def note(
    kode: str,
    text: str,
    kind: str,
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
    """Append a note to a line for `pagu evaluate --form permendagri86`: a faktor
    pendorong, a faktor penghambat or a tindak lanjut. Notes append (each is one row of
    the form); a wrong one is reversed with `pagu correct`."""
    from ledger.commands import parse
    from ledger.notes import NoteFactor, note_factor

    def build(conn: Any) -> NoteFactor:
        name, year = choose_budget(conn, skpd, tahun)
        return parse(
            NoteFactor,
            skpd=name,
            tahun=year,
            kode=kode,
            kind=kind,
            text=text,
            **_basis(actor, reason, doc, doc_date, effective),
        )

    _append(db, fmt, build, note_factor)
