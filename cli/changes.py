"""pagu revise, shift, realize, add-line, correct: appending to the ledger.

The five commands share one option set and one way of appending (cli.writing); each
here only names its own arguments and the command it builds from them.
"""

from __future__ import annotations

from typing import Any

import click

from cli.completion import complete_kode, complete_quarter
from cli.context import WHOLE_NUMBER, YEAR
from cli.writing import Written, stage_option, write_options


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
@write_options()
def revise(opts: Written, **given: Any) -> None:
    """Revise a line's pagu, target, indicator wording and/or location at a stage.
    Only what differs from the value in force on --effective is recorded; a revision
    that changes nothing is refused."""
    from ledger.commands import Revise
    from ledger.service import Ledger

    opts.append(lambda conn: opts.parse(conn, Revise, **given), Ledger.revise)


@click.command()
@click.argument("from_kode", metavar="FROM", shell_complete=complete_kode)
@click.argument("to_kode", metavar="TO", shell_complete=complete_kode)
@click.argument("amount")
@click.option("--to-skpd", default=None, help="SKPD of TO, if not that of FROM (refused).")
@click.option("--to-year", "to_tahun", type=YEAR, default=None, help="Year of TO (refused).")
@write_options()
def shift(opts: Written, to_skpd: str | None, to_tahun: int | None, **given: Any) -> None:
    """Shift AMOUNT of pagu from one sub kegiatan to another (a pergeseran): recorded on
    both lines in one transaction, so the budget's total stays the same. Refused if it
    would take FROM below zero, or if the lines are in different SKPD or years."""
    from cli.context import choose_budget
    from ledger.commands import Shift
    from ledger.service import Ledger

    def build(conn: Any) -> Shift:
        name, year = choose_budget(conn, opts.skpd, opts.tahun)
        to_name, to_year = choose_budget(conn, to_skpd or name, to_tahun or year)
        return opts.parse(conn, Shift, to_skpd=to_name, to_tahun=to_year, **given)

    opts.append(build, Ledger.shift)


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
@write_options()
def realize(opts: Written, **given: Any) -> None:
    """Record a triwulan's realization: money spent and/or physical output. A later
    entry for the same quarter restates the earlier one. Spending beyond the line's
    pagu is refused unless --allow-overrun with a --reason."""
    from ledger.commands import Realize
    from ledger.service import Ledger

    opts.append(lambda conn: opts.parse(conn, Realize, **given), Ledger.realize)


@click.command("add-line")
@click.argument("kode", shell_complete=complete_kode)
@click.argument("nama", metavar="NAME")
@click.option("--indicator", default=None, metavar="TEXT", help="Its indicator (required).")
@click.option("--target", default=None, metavar="TARGET", help='Its target, e.g. "5 Dokumen".')
@click.option("--pagu", default=None, metavar="AMOUNT", help="Its pagu (sub kegiatan only).")
@click.option("--location", default=None, metavar="TEXT", help="Default: its parent's.")
@stage_option("murni, pergeseran or perubahan (required).")
@write_options()
def add_line(opts: Written, **given: Any) -> None:
    """Add a program, kegiatan or sub kegiatan (as 1.06.01.2.07.02 first appeared in
    the APBD-P). Refused if the code exists or its parent does not."""
    from ledger.commands import AddLine
    from ledger.service import Ledger

    opts.append(lambda conn: opts.parse(conn, AddLine, **given), Ledger.add_line)


@click.command()
@click.argument("event_id")
@write_options(budget=False)
def correct(opts: Written, event_id: str) -> None:
    """Reverse a mistaken entry with a compensating event. EVENT_ID is the full id or
    its first 8 or more characters (as history and audit show it). The entry stays in
    the history, marked as corrected; views stop counting it. Correcting either side of
    a shift corrects both."""
    from ledger.commands import Correct, parse
    from ledger.service import Ledger
    from projections.lookup import find_event

    def build(conn: Any) -> Correct:
        found = find_event(conn, event_id)
        return parse(
            Correct,
            skpd=found.skpd,
            tahun=found.tahun,
            event_id=found.event_id,
            line_id=found.line_id,
            version=found.version,
            **opts.basis(),
        )

    opts.append(build, Ledger.correct)
