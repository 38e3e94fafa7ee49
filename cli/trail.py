"""pagu history, why, audit: the audit trail, read from the read model."""

from __future__ import annotations

from typing import Any

import click

from cli.completion import complete_kind, complete_kode, complete_stage
from cli.context import budget_options, choose_budget, db_option, format_option, time_options
from cli.output import emit
from cli.viewing import Viewed, reading
from cli.writing import collected

# view_options, in the order these commands have always listed them
trail_options = collected(Viewed, "view", budget_options, format_option, time_options, db_option)


@click.command()
@click.argument("kode", shell_complete=complete_kode)
@click.option("--tree", is_flag=True, help="Also the events of every line under KODE.")
@trail_options
def history(kode: str, tree: bool, view: Viewed) -> None:
    """Every event of a line, oldest first: when it was recorded, from when it is in
    force, its stage, what changed (old -> new), who, why, under which document, and its
    id. Corrected events stay, marked with the correction's id.

    --as-of shows what the ledger held then; --effective keeps the events in force by
    that date."""
    from events.codes import Kode
    from projections.views.history import history_report

    wanted = Kode.parse(kode)
    view.show(view.read(lambda conn, point, b: history_report(conn, *b, wanted, point, tree=tree)))


@click.command()
@click.argument("kode", shell_complete=complete_kode)
@click.option(
    "--field",
    "field_name",
    type=click.Choice(["pagu", "target", "indicator", "location"]),
    default="pagu",
    show_default=True,
    help="Which value to explain (indicator = target: the two are revised together).",
)
@trail_options
def why(kode: str, field_name: str, view: Viewed) -> None:
    """How a value got from the murni budget to what is in force: each step with its
    difference, stage, reason, document, actor and both dates, then the total change.
    For a program or kegiatan, the pagu steps are its sub kegiatan's.

    --as-of explains the value as the ledger knew it then; --effective, the value in
    force on that date."""
    from events.codes import Kode
    from projections.views.why import why_report

    wanted = Kode.parse(kode)
    view.show(
        view.read(lambda conn, point, budget: why_report(conn, *budget, wanted, field_name, point))
    )


@click.command()
@click.option("--since", default=None, metavar="TIMESTAMP", help="Recorded at or after.")
@click.option("--until", default=None, metavar="TIMESTAMP", help="Recorded at or before.")
@click.option("--actor", default=None, help="Recorded by this actor.")
@click.option(
    "--stage", default=None, shell_complete=complete_stage, help="murni, pergeseran or perubahan."
)
@click.option(
    "--kode",
    default=None,
    metavar="PREFIX",
    shell_complete=complete_kode,
    help="This line and the lines under it.",
)
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    metavar="KIND",
    shell_complete=complete_kind,
    help="Event kind or family (pagu, shift, target, realization, correction, ...); repeatable.",
)
@budget_options
@format_option
@db_option
def audit(
    since: str | None,
    until: str | None,
    actor: str | None,
    stage: str | None,
    kode: str | None,
    kinds: tuple[str, ...],
    skpd: str | None,
    tahun: int | None,
    fmt: str,
    db: str | None,
) -> None:
    """The trail across all lines, in recorded order. A bare date in --since means
    from the start of that day, in --until up to its end (on the ledger's clock)."""
    from projections.views.audit import AuditFilter, audit_report

    def read(conn: Any) -> Any:
        # parsed once the ledger is open: a bare date is a day on the ledger's clock
        wanted = AuditFilter.asked(
            since=since, until=until, actor=actor, stage=stage, kode=kode, kinds=kinds
        )
        if skpd or tahun:
            wanted.budget = choose_budget(conn, skpd, tahun)
        return audit_report(conn, wanted)

    emit(reading(db, read), fmt)
