"""The vocabulary's bounds: every quantity, date and text is bounded where it is parsed,
so the commands, the document importer and any later bulk import refuse the same values;
and the last check before a write refuses any event the read side could not project."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from decimal import Decimal
from uuid import uuid4

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from events import InvalidInput, Target, parse_quantity, parse_rupiah
from events.bounds import check_storable
from events.line import PaguSet, RealizationRecorded, TargetSet
from events.money import (
    MAX_QUANTITY,
    MAX_RUPIAH,
    QUANTITY_PLACES,
    format_number,
    format_rupiah,
)
from events.periods import Quarter, Stage, parse_date, parse_indonesian_date, parse_timestamp
from events.sources import DocumentRef
from events.targets import IndicatorKind
from events.text import plain_text


def refused(parse: object, raw: str) -> str:
    with pytest.raises(InvalidInput) as problem:
        parse(raw)  # type: ignore[operator]
    return str(problem.value)


# ---- money -------------------------------------------------------------------------------


def test_money_at_its_bounds() -> None:
    assert Decimal(10) ** 15 == MAX_RUPIAH
    assert parse_rupiah("1.000.000.000.000.000,00") == MAX_RUPIAH
    assert parse_rupiah("1000000000000000") == MAX_RUPIAH
    assert parse_rupiah("(1.000.000.000.000.000,00)") == -MAX_RUPIAH
    for over in ("1.000.000.000.000.000,01", "1000000000000000.01", "1000000000000001"):
        assert "beyond the largest accepted, 1.000.000.000.000.000,00" in refused(
            parse_rupiah, over
        )
    # the amounts that bricked a ledger (issue 15): just over 2^63 sen, 30 nines
    for raw in ("92233720368547759", "9" * 30, "100000000000000000"):
        assert "beyond the largest accepted" in refused(parse_rupiah, raw)


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ("1e17", "exponent notation"),
        ("1E+9", "exponent notation"),
        ("1.5e3", "exponent notation"),
        ("NaN", "not an amount of rupiah: 'NaN'"),
        ("Infinity", "not an amount of rupiah"),
        ("(0,00)", "negative zero"),
        ("-0", "negative zero"),
        ("(0)", "negative zero"),
        ("１２３.４５６,００", "the digit '１' (U+FF11)"),
        ("١٢٣.٤٥٦.٧٨٩,٠٠", "the digit '١' (U+0661)"),
        ("12²", "the digit '²'"),
        ("1_000", "not an amount of rupiah"),
        ("9" * 65, "65 characters long"),
    ],
)
def test_money_refusals(raw: str, says: str) -> None:
    assert says in refused(parse_rupiah, raw)


# ---- targets, outputs and other numbers --------------------------------------------------


def test_quantities_at_their_bounds() -> None:
    assert (Decimal(10) ** 15, 4) == (MAX_QUANTITY, QUANTITY_PLACES)
    assert parse_quantity("1.000.000.000.000.000") == MAX_QUANTITY
    assert parse_quantity("0,0001") == Decimal("0.0001")
    assert parse_quantity("12.3456") == Decimal("12.3456")
    assert "beyond the largest accepted, 1.000.000.000.000.000" in refused(
        parse_quantity, "1000000000000000.0001"
    )
    assert "more than 4 decimal places" in refused(parse_quantity, "0,00001")
    assert "ambiguous" in refused(parse_quantity, "12.345")  # one group: thousands or not?


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("5", Target(Decimal(5))),  # a target without a unit is a target
        ("1.000.000.000.000.000 Orang", Target(MAX_QUANTITY, "Orang")),
        ("0,0001 Ha", Target(Decimal("0.0001"), "Ha")),
        ("892%", Target(Decimal(892), "%")),  # rates above 100% are real
        ("5\u00a0Orang\u200b", Target(Decimal(5), "Orang")),
        ("0 Dokumen", Target(Decimal(0), "Dokumen")),
    ],
)
def test_targets_accepted(raw: str, expected: Target) -> None:
    assert Target.parse(raw) == expected


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ("(5) Orang", "cannot be negative"),
        ("-5 Orang", "cannot be negative"),
        ("1e9 Orang", "exponent notation"),
        ("1E+3%", "exponent notation"),
        ("١٢ Orang", "the digit '١'"),
        ("１２ Orang", "the digit '１'"),
        ("NaN Orang", "not a target: 'NaN Orang'"),
        ("9" * 40 + " Orang", "beyond the largest accepted"),
        ("9" * 400 + " Orang", "400 characters long"),
        ("0,00001 Orang", "more than 4 decimal places"),
        ("(0) Orang", "negative zero"),
        ("Orang", "not a target"),
    ],
)
def test_targets_refused(raw: str, says: str) -> None:
    assert says in refused(Target.parse, raw)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=30))
def test_any_text_is_a_bounded_value_or_one_refusal(raw: str) -> None:
    """Whatever is typed, a parser answers a value inside its bounds or InvalidInput,
    never another exception (decimal.InvalidOperation, OverflowError, ...)."""
    for parse in (parse_rupiah, parse_quantity):
        try:
            value = parse(raw)
        except InvalidInput:
            continue
        assert value is None or (value.is_finite() and abs(value) <= Decimal(10) ** 15)
    try:
        target = Target.parse(raw)
    except InvalidInput:
        return
    assert target is None or 0 <= target.value <= MAX_QUANTITY


@given(st.decimals(min_value=-MAX_RUPIAH, max_value=MAX_RUPIAH, places=2, allow_nan=False))
def test_every_amount_in_bounds_prints_and_parses_back(amount: Decimal) -> None:
    assert parse_rupiah(format_rupiah(amount, parens=True)) == amount
    assert parse_rupiah(format_rupiah(amount)) == amount


@given(
    st.decimals(min_value=0, max_value=MAX_QUANTITY, places=4, allow_nan=False),
    st.sampled_from(["Orang", "%", None]),
)
@example(Decimal("0.025"), "Orang")  # printed 0,025
@example(Decimal("1.025"), None)  # printed 1,0250: 1,025 would be refused as ambiguous
@example(Decimal("1000"), "Orang")  # printed 1.000: thousands, or one with three zeros?
def test_every_target_in_bounds_prints_and_parses_back(value: Decimal, unit: str | None) -> None:
    """What pagu prints for a target ('1,0250 Orang') is what it accepts back, or, for a
    whole number of one thousands group ('1.000', '12.345'), refused as ambiguous: never
    read as another number. (Typed, 12.345 may mean twelve and a bit; 12345 or 12.345,0
    is unambiguous.)"""
    printed = format_number(value)
    one_group = re.fullmatch(r"[0-9]{1,3}\.[0-9]{3}", printed) is not None
    for parse, text, wanted in (
        (parse_quantity, printed, value),
        (Target.parse, str(Target(value, unit)), Target(value, unit)),
    ):
        if one_group:
            assert "ambiguous" in refused(parse, text)
        else:
            assert parse(text) == wanted


# ---- dates and years ---------------------------------------------------------------------


def test_dates_of_facts_are_within_1950_to_2100() -> None:
    assert parse_date("1950-01-01") == date(1950, 1, 1)
    assert parse_date("31-12-2100") == date(2100, 12, 31)
    for raw in ("9999-12-31", "0001-01-01", "1949-12-31", "2101-01-01"):
        assert "outside the years pagu accepts (1950-2100)" in refused(parse_date, raw)
    assert "not a date" in refused(parse_date, "٢٠٢٤-٠٩-٠٢")
    assert "not a date" in refused(parse_date, "２０２４-09-02")


def test_dates_and_instants_of_questions_reach_further_but_never_overflow() -> None:
    assert parse_date("2999-01-01", query=True) == date(2999, 1, 1)
    assert parse_timestamp("9998-12-31T23:59:59-12:00").year == 9999  # in UTC
    for raw in ("9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+14:00"):
        assert "outside the years" in refused(parse_timestamp, raw)


def test_a_document_date_that_does_not_exist() -> None:
    assert parse_indonesian_date("Tenggarong, 14 Agustus 2024") == date(2024, 8, 14)
    assert "no such day" in refused(parse_indonesian_date, "Tenggarong, 31 Februari 2024")
    assert "outside the years" in refused(parse_indonesian_date, "Tenggarong, 1 Mei 0024")


# ---- text --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    ["", " ", "\t\n", "\u200b", "\u00a0", "\u2003\ufeff", "\u200e\u200f", "\u2060", "\x07"],
)
def test_blank_text_is_nothing(raw: str) -> None:
    assert plain_text(raw) == ""


def test_text_is_normalised() -> None:
    assert plain_text(" Dinas\u00a0\u00a0Sosial\u200b\n") == "Dinas Sosial"
    assert plain_text("a\u3000b\u2028c") == "a b c"
    for raw, says in (("a\x00b", "NUL"), ("a\udcffb", "not UTF-8")):
        assert says in refused(plain_text, raw)


# ---- the net under the parsers -----------------------------------------------------------


def _event(event_class: type, **fields: object) -> object:
    basis = {
        "originator_id": uuid4(),
        "originator_version": 2,
        "timestamp": None,
        "actor": "tester",
        "reason": "test",
        "document": DocumentRef("SK 1", date(2024, 9, 2)),
        "effective": date(2024, 9, 2),
        "provenance": None,
    }
    return event_class(**(basis | fields))


def test_an_event_the_read_side_cannot_hold_is_never_written() -> None:
    pagu = _event(PaguSet, amount=MAX_RUPIAH, previous=None, stage=Stage.MURNI)
    check_storable(pagu)  # the largest amount is fine
    too_much = _event(PaguSet, amount=MAX_RUPIAH + 1, previous=None, stage=Stage.MURNI)
    with pytest.raises(InvalidInput, match=r"nothing was recorded: PaguSet.amount is 1"):
        check_storable(too_much)
    spent = _event(
        RealizationRecorded,
        quarter=Quarter.III,
        output=Target(Decimal("1E+30"), "Orang"),
        spent=None,
        cumulative=False,
        overrun_accepted=False,
    )
    with pytest.raises(InvalidInput, match=r"RealizationRecorded\.output"):
        check_storable(spent)
    target = {
        "indicator": "x",
        "kind": IndicatorKind.POSITIVE,
        "previous": None,
        "stage": Stage.PERUBAHAN,
    }
    huge = _event(TargetSet, indicator_no=2**40, target=Target(Decimal(1)), **target)
    with pytest.raises(InvalidInput, match=r"TargetSet\.indicator_no"):
        check_storable(huge)
    nul = _event(TargetSet, indicator_no=1, target=Target(Decimal(1)), **target)
    object.__setattr__(nul, "actor", "a\x00b")
    with pytest.raises(InvalidInput, match=r"TargetSet\.actor holds the character"):
        check_storable(nul)
    late = _event(TargetSet, indicator_no=1, target=Target(Decimal(1)), **target)
    object.__setattr__(late, "document", replace(DocumentRef("SK"), date=date(9999, 12, 31)))
    with pytest.raises(InvalidInput, match=r"TargetSet\.document is dated 9999-12-31"):
        check_storable(late)
