"""Which budget a question is about: the one (SKPD, year) asked for, or every one.

The choice is the read side's: it looks at the budgets the read model holds. A choice
that fits none or several is refused with a domain error that carries the budgets to
choose from; a front end words it with its own controls (cli.errors: --skpd, --year).
"""

from __future__ import annotations

from typing import Any

from events.errors import InvalidInput
from events.i18n import N_, _

Budget = tuple[str, int]


def budget_list(held: list[Budget], shown: int = 5) -> str:
    """A few of the budgets a ledger holds, and how many more: a province ledger holds
    hundreds, and the message must stay readable."""
    if not held:
        return _("none yet")
    listed = "; ".join(f"{name} {year}" for name, year in held[:shown])
    rest = len(held) - shown
    return listed + (_("; and {rest} more").format(rest=rest) if rest > 0 else "")


def several(held: list[Budget]) -> str:
    if len(held) <= 5:
        return budget_list(held)
    return _("{count} budgets: {budgets}").format(count=len(held), budgets=budget_list(held))


class NoBudget(InvalidInput):
    """No budget fits the SKPD and year asked for; `every`: every budget of `tahun` was
    asked for; `held`: what the ledger holds."""

    def __init__(
        self, skpd: str | None, tahun: int | None, held: list[Budget], *, every: bool = False
    ) -> None:
        self.skpd, self.tahun, self.held, self.every = skpd, tahun, held, every
        super().__init__(self.describe())

    def describe(self, first: str = N_("import a document first")) -> str:
        """`first`: what to do in an empty ledger, in the front end's words."""
        if self.every and not self.held:
            return _("no budget in this ledger yet: {first}").format(first=_(first))
        wanted = (
            f"{self.tahun}" if self.every else f"{self.skpd or _('that SKPD')} {self.tahun or ''}"
        )
        return _("no budget for {wanted} in this ledger (it holds {held})").format(
            wanted=wanted.rstrip(), held=several(self.held)
        )


class SeveralBudgets(InvalidInput):
    """More than one budget fits (`found`, out of `held`); `narrowed`: the question
    named an SKPD or a year that ruled some out."""

    def __init__(self, found: list[Budget], held: list[Budget], *, narrowed: bool) -> None:
        self.found, self.held, self.narrowed = found, held, narrowed
        super().__init__(self.describe())

    def describe(self, skpd: str = N_("the SKPD"), year: str = N_("the year")) -> str:
        """Worded with the front end's names of its two choices (the CLI's --skpd, --year)."""
        skpd, year = _(skpd), _(year)
        how = (
            _("choose one with {skpd} (any unique part of its name) and {year}")
            if len(self.found) > 5
            else _("choose with {skpd} and {year}")
        ).format(skpd=skpd, year=year)
        if self.narrowed:
            return _("the ledger holds {count} budgets that fit ({budgets}): {how}").format(
                count=len(self.found), budgets=budget_list(self.found), how=how
            )
        return _("the ledger holds several budgets ({budgets}): {how}").format(
            budgets=several(self.found), how=how
        )


def _held(conn: Any) -> list[Budget]:
    from projections import state  # looked up when called: tests stand in for it

    return state.budgets(conn)


def choose_all(conn: Any, tahun: int | None) -> list[Budget]:
    """Every budget of the ledger (of the year, if given), in SKPD and year order."""
    held = _held(conn)
    found = [b for b in held if tahun is None or b[1] == tahun]
    if not found:
        raise NoBudget(None, tahun, held, every=True)
    return found


def choose_budget(conn: Any, skpd: str | None, tahun: int | None) -> Budget:
    """The one (SKPD, year) a question is about: given, or the only one there is.

    `skpd` may be any case-insensitive part of the name; an ambiguous or unknown choice is
    refused with (some of) the budgets to choose from."""
    held = _held(conn)
    found = held
    if skpd:
        wanted = skpd.casefold().strip()
        exact = [b for b in found if b[0].casefold() == wanted]
        found = exact or [b for b in found if wanted in b[0].casefold()]
    if tahun is not None:
        found = [b for b in found if b[1] == tahun]
    if not found:
        raise NoBudget(skpd, tahun, held)
    if len(found) > 1:
        narrowed = bool(skpd or tahun is not None) and len(found) < len(held)
        raise SeveralBudgets(found, held, narrowed=narrowed)
    return found[0]
