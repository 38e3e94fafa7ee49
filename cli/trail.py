"""pagu history, why, audit: the audit trail, read from the read model."""

from __future__ import annotations

from datetime import datetime

import click

from cli.completion import complete_kind, complete_kode, complete_stage
from cli.context import (
    budget_options,
    choose_budget,
    db_option,
    format_option,
    open_read_model,
    time_options,
    time_point,
)
from cli.output import emit


@click.command()
@click.argument("kode", shell_complete=complete_kode)
@click.option("--tree", is_flag=True, help="Also the events of every line under KODE.")
@budget_options
@format_option
@time_options
@db_option
def history(
    kode: str,
    tree: bool,
    skpd: str | None,
    tahun: int | None,
    fmt: str,
    as_of: str | None,
    effective: str | None,
    db: str | None,
) -> None:
    """Every event of a line, oldest first: when it was recorded, from when it is in
    force, its stage, what changed (old -> new), who, why, under which document, and its
    id. Corrected events stay, marked with the correction's id.

    --as-of shows what the ledger held then; --effective keeps the events in force by
    that date."""
    from events.codes import Kode
    from projections.views.history import history_report

    wanted = Kode.parse(kode)
    read_model = open_read_model(db)
    try:
        with read_model.connect() as conn:
            name, year = choose_budget(conn, skpd, tahun)
            point = time_point(conn, as_of, effective)
            report = history_report(conn, name, year, wanted, point, tree=tree)
    finally:
        read_model.close()
    emit(report, fmt)


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
@budget_options
@format_option
@time_options
@db_option
def why(
    kode: str,
    field_name: str,
    skpd: str | None,
    tahun: int | None,
    fmt: str,
    as_of: str | None,
    effective: str | None,
    db: str | None,
) -> None:
    """How a value got from the murni budget to what is in force: each step with its
    difference, stage, reason, document, actor and both dates, then the total change.
    For a program or kegiatan, the pagu steps are its sub kegiatan's.

    --as-of explains the value as the ledger knew it then; --effective, the value in
    force on that date."""
    from events.codes import Kode
    from projections.views.why import why_report

    wanted = Kode.parse(kode)
    read_model = open_read_model(db)
    try:
        with read_model.connect() as conn:
            name, year = choose_budget(conn, skpd, tahun)
            point = time_point(conn, as_of, effective)
            report = why_report(conn, name, year, wanted, field_name, point)
    finally:
        read_model.close()
    emit(report, fmt)


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
    from events.codes import Kode
    from events.periods import Stage, parse_timestamp
    from projections.views.audit import AuditFilter, audit_report, parse_kinds

    read_model = open_read_model(db)  # first: a bare date is a day on the ledger's clock
    try:
        wanted = AuditFilter(
            since=_start_of(since) if since else None,
            until=parse_timestamp(until) if until else None,
            actor=actor,
            stage=Stage.parse(stage).value if stage else None,
            kode=Kode.parse(kode).text if kode else None,
            kinds=parse_kinds(kinds),
        )
        with read_model.connect() as conn:
            if skpd or tahun:
                wanted.budget = choose_budget(conn, skpd, tahun)
            report = audit_report(conn, wanted)
    finally:
        read_model.close()
    emit(report, fmt)


def _start_of(raw: str) -> datetime:
    """--since 2024-09-01 means from the first moment of that day."""
    from events.periods import parse_timestamp

    return parse_timestamp(raw, start_of_day=True)
