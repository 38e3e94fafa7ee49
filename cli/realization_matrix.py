"""pagu realization --by-quarter: the line x triwulan matrix (projections/views/
realization_quarters.py)."""

from __future__ import annotations

from typing import Any

from cli.viewing import answer


def by_quarter_answer(
    db: str | None,
    fmt: str,
    as_of: str | None,
    effective: str | None,
    skpd: str | None,
    tahun: int | None,
    quarter: str | None,
    basis: str | None,
    level: Any,
    show_printed: bool,
) -> None:
    from events.errors import InvalidInput
    from events.periods import Stage
    from projections.views.realization_quarters import by_quarter_report

    if quarter or show_printed:
        raise InvalidInput(
            "--by-quarter shows every triwulan: leave out --quarter and --show-printed"
        )
    chosen = Stage.parse(basis) if basis else None
    answer(
        db,
        fmt,
        as_of,
        effective,
        skpd,
        tahun,
        lambda conn, point, budget: by_quarter_report(
            conn, point, budget, basis=chosen, level=level
        ),
        name="pagu realization --by-quarter",
    )
