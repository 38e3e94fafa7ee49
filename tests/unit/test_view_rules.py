"""The small rules behind the views: realization to date, rates by indicator kind, and
when a printed figure agrees with a computed one."""

from __future__ import annotations

from decimal import Decimal

from events.targets import IndicatorKind
from projections.facts import Entry, to_date
from projections.views.common import agrees, rate, ratio, shown

D = Decimal


def test_each_quarter_adds_and_a_cumulative_entry_replaces_the_running_total() -> None:
    assert to_date([]) is None
    entries = [Entry(2, D(30), None, False), Entry(1, D(50), None, False)]
    assert to_date(entries) == D(80)
    assert to_date([*entries, Entry(3, D(100), None, True)]) == D(100)
    assert to_date([Entry(1, D(10), None, True), Entry(2, D(5), None, False)]) == D(15)


def test_a_percentage_is_the_latest_quarters_level() -> None:
    entries = [Entry(2, D(55), "%", False), Entry(1, D(40), "%", False)]
    assert to_date(entries, level=True) == D(55)


def test_rates_follow_the_indicator_kind_and_are_never_capped() -> None:
    assert rate(D(892), D(100), IndicatorKind.POSITIVE) == D(892)
    assert rate(D(20), D(10), IndicatorKind.NEGATIVE) == D(50)  # less is better
    assert rate(D(55), D(100), IndicatorKind.PERCENTAGE) == D(55)
    assert rate(D(5), D(0), IndicatorKind.POSITIVE) is None
    assert rate(None, D(5), IndicatorKind.POSITIVE) is None
    assert shown(ratio(D("16358726962"), D("44596627447"))) == D("36.68")
    assert shown(ratio(D("16358726962"), D("50009023965"))) == D("32.71")


def test_a_printed_figure_agrees_when_it_is_the_computed_one_rounded_as_printed() -> None:
    assert agrees(D("87"), D("87.25"))
    assert agrees(D("36.7"), D("36.68"))
    assert agrees(D("67"), D("66.666"))
    assert not agrees(D("78"), D("87.25"))
    assert not agrees(D("36.6"), D("36.68"))
