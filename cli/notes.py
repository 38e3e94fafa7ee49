"""pagu note: a faktor pendorong, penghambat or tindak lanjut for the evaluation form."""

from __future__ import annotations

import click

from cli.completion import complete_kode
from cli.writing import Written, write_options

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
@write_options()
def note(opts: Written, kode: str, text: str, kind: str) -> None:
    """Append a note to a line for `pagu evaluate --form permendagri86`: a faktor
    pendorong, a faktor penghambat or a tindak lanjut. Notes append (each is one row of
    the form); a wrong one is reversed with `pagu correct`."""
    from ledger.notes import NoteFactor, note_factor

    opts.append(
        lambda conn: opts.parse(conn, NoteFactor, kode=kode, kind=kind, text=text), note_factor
    )
