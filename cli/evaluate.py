"""pagu evaluate: the evaluation of the Renja up to a quarter (Tabel 1)."""

from __future__ import annotations

import click

from cli.viewing import answer, level_option, quarter_option, show_printed_option, view_options


@click.command()
@quarter_option
@level_option
@show_printed_option
@click.option(
    "--form",
    type=click.Choice(["permendagri86"]),
    default=None,
    help="The Renja evaluation form of Permendagri 86/2017 (K and Rp side by side).",
)
@view_options
def evaluate(
    quarter: str | None,
    level: str | None,
    show_printed: bool,
    form: str | None,
    fmt: str,
    as_of: str | None,
    effective: str | None,
    skpd: str | None,
    tahun: int | None,
    db: str | None,
) -> None:
    """The shape of Tabel 1 (Permendagri 86/2017): Renstra target, realization up to
    last year, this year's target, realization up to the quarter, rate (7/6),
    cumulative (5+7) and achievement against the Renstra (10/4), aware of the
    indicator's kind. Rates above 100% are shown and flagged, never capped; so is every
    rate the source document printed that disagrees with the computed one."""
    from events.codes import Level
    from events.periods import Quarter
    from projections.views.evaluate import evaluate_report

    chosen = Quarter.parse(quarter) if quarter else None
    only = Level.parse(level) if level else None
    if form:
        from cli.evalform import form_answer

        form_answer(db, fmt, as_of, effective, skpd, tahun, chosen, only, show_printed)
        return
    answer(
        db,
        fmt,
        as_of,
        effective,
        skpd,
        tahun,
        lambda conn, point, budget: evaluate_report(
            conn, point, budget, quarter=chosen, level=only, show_printed=show_printed
        ),
        name="pagu evaluate",
    )
