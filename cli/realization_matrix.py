"""pagu realization --by-quarter: the line x triwulan matrix (projections/views/
realization_quarters.py)."""

from __future__ import annotations

from typing import Any

from cli.viewing import Viewed


def by_quarter_answer(
    view: Viewed, quarter: Any, basis: str | None, level: Any, show_printed: bool
) -> None:
    from events.errors import InvalidInput
    from events.i18n import _
    from events.periods import Stage
    from projections.views.realization_quarters import by_quarter_report

    if quarter or show_printed:
        raise InvalidInput(
            _("--by-quarter shows every triwulan: leave out --quarter and --show-printed")
        )
    chosen = Stage.parse(basis) if basis else None
    view.answer(
        by_quarter_report, name="pagu realization --by-quarter", basis=chosen, level=level
    )
