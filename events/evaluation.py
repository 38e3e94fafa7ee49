"""The evaluation's arithmetic (Permendagri 86/2017, Tabel 1), once for both sides: the
importer checks a document's printed figures with it, the views compute their columns.

    8  = 7/6   rate: realization over target (target over realization where less is
               better), in percent, unrounded; shown with two decimals
    10 = 5+7   realization to date: last years' plus this year's, except for a
               percentage indicator, a level, whose figure is this year's
    7          this year's realization: each quarter's latest entry adds to the running
               total, a cumulative (year-to-date) entry replaces it
    11 = 10/4  achievement against the Renstra target, a rate like 8

A printed figure agrees with the computed one when it is the computed one rounded as
printed (87 for 87,25; 36,7 for 36,68).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from events.targets import IndicatorKind

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def ratio(numerator: Decimal | None, denominator: Decimal | None) -> Decimal | None:
    """numerator / denominator in percent, unrounded; None when either is missing or
    the denominator is zero."""
    if numerator is None or denominator is None or denominator == 0:
        return None
    return numerator * HUNDRED / denominator


def rate(
    realization: Decimal | None, target: Decimal | None, kind: IndicatorKind
) -> Decimal | None:
    """How far a realization meets its target, in percent: realization / target, and
    target / realization for an indicator where less is better (negative trend)."""
    if kind is IndicatorKind.NEGATIVE:
        return ratio(target, realization)
    return ratio(realization, target)


def shown(percent: Decimal | None) -> Decimal | None:
    """A percentage as the views give it: two decimals, never capped."""
    return None if percent is None else percent.quantize(CENT, rounding=ROUND_HALF_UP)


def places_of(printed: Decimal) -> int:
    """How many decimals a figure was printed with."""
    return max(0, -int(printed.as_tuple().exponent))


def agrees(printed: Decimal, computed: Decimal) -> bool:
    """A printed figure agrees when it is the computed one rounded as printed (87 for
    87,25; 36,7 for 36,68)."""
    quantum = Decimal(1).scaleb(-places_of(printed))
    return computed.quantize(quantum, rounding=ROUND_HALF_UP) == printed


def realization_to_date(prior: Decimal | None, this_year: Decimal, *, level: bool) -> Decimal:
    """Column 10 = 5+7: the realization of earlier years plus this year's; a level (a
    percentage indicator) is not summed."""
    if level:
        return this_year
    return (prior if prior is not None else Decimal(0)) + this_year


def year_to_date(
    entries: Iterable[tuple[int, Decimal, bool]], *, level: bool = False
) -> Decimal | None:
    """Column 7 (and money spent to date) from each quarter's latest entry, given as
    (quarter, amount, cumulative): a quarter's entry adds to the running total, a
    cumulative entry replaces it; a `level` is the latest quarter's value. None: no
    entry."""
    total: Decimal | None = None
    for _, amount, cumulative in sorted(entries, key=lambda entry: entry[0]):
        if level or cumulative or total is None:
            total = amount
        else:
            total += amount
    return total
