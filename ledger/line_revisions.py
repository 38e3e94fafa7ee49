"""A revision of a budget line (`pagu revise`): any of pagu, an indicator's target or
wording, and location, each compared with what is in force on the revision's date and
recorded (by the line's own verbs, ledger/line.py) only where it differs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from events.errors import InvalidInput
from events.i18n import _
from events.money import format_rupiah, rupiah
from events.periods import Stage
from events.targets import Target
from ledger.line_base import LineBase
from ledger.line_state import Basis


class LineRevisions(LineBase):
    """Revising a line (BudgetLine's, made of its verbs in ledger/line.py)."""

    if TYPE_CHECKING:  # BudgetLine's verbs and query (ledger/line.py), a revision's parts
        set_pagu: Callable[[Decimal, Stage, Basis], None]
        set_target: Callable[[int, str | None, Target | None, Stage, Basis], None]
        holds_target: Callable[[int, tuple[str | None, Target | None], Stage, date], bool]
        revise_location: Callable[[str | None, Stage, Basis], None]

    def revise(
        self,
        *,
        pagu: Decimal | None = None,
        target: Target | None = None,
        indicator: str | None = None,
        indicator_no: int = 1,
        location: str | None = None,
        stage: Stage,
        basis: Basis,
    ) -> list[str]:
        """Revise any of pagu, an indicator's target or wording, and location. Each is
        compared with what is in force on the revision's effective date and recorded only
        where it differs; returns what was given but already so. A revision that changes
        nothing is refused (it would be an event that says nothing)."""
        on = basis.effective
        unchanged: list[str] = []
        changed = False
        if pagu is not None:
            if self.current_pagu(stage, on=on) == rupiah(pagu):
                unchanged.append(_("pagu is already {amount}").format(amount=format_rupiah(pagu)))
            else:
                self.set_pagu(pagu, stage, basis)
                changed = True
        if target is not None or indicator is not None:
            self._check_indicator_no(indicator_no, adding=(indicator, target))
            current = self.current_target(indicator_no, stage, on=on)
            old_indicator, old_target = current.value[:2] if current else (None, None)
            new_indicator = old_indicator if indicator is None else indicator
            new_target = old_target if target is None else target
            if self.holds_target(indicator_no, (new_indicator, new_target), stage, on):
                unchanged.append(
                    _("indicator {indicator_no} already reads {old_target}").format(
                        indicator_no=indicator_no, old_target=old_target
                    )
                )
            else:
                self.set_target(indicator_no, new_indicator, new_target, stage, basis)
                changed = True
        if location is not None:
            if self.current_location(stage, on=on) == location:
                unchanged.append(_("location is already {location!r}").format(location=location))
            else:
                self.revise_location(location, stage, basis)
                changed = True
        if not changed:
            raise InvalidInput(
                _("{kode}: nothing to revise: ").format(kode=self.kode) + "; ".join(unchanged)
            )
        return unchanged

    def _check_indicator_no(
        self, indicator_no: int, adding: tuple[str | None, Target | None]
    ) -> None:
        """A revision names one of the line's indicators, or the next number to add one
        (with its wording and its target): never a gap such as 99 on a line with one."""
        held = sorted(self.targets)
        following = (held[-1] if held else 0) + 1
        if indicator_no in self.targets:
            return
        if indicator_no != following:
            numbers = ", ".join(map(str, held))
            have = f"indicator{'s' if len(held) > 1 else ''} {numbers}" if held else "no indicator"
            raise InvalidInput(
                _(
                    "{kode} has {have}: --indicator-no {indicator_no} is none of them; give "
                    "one of them, or {following} to add an indicator"
                ).format(kode=self.kode, have=have, indicator_no=indicator_no, following=following)
            )
        if None in adding:
            raise InvalidInput(
                _(
                    "--indicator-no {indicator_no} adds an indicator to {kode}: give its "
                    "wording (--indicator) and its target (--target)"
                ).format(indicator_no=indicator_no, kode=self.kode)
            )
