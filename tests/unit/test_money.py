"""Rupiah and numbers as documents and people write them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from events import InvalidInput, Target, format_percent, format_rupiah, parse_quantity, parse_rupiah


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1.234.567,00", "1234567.00"),
        ("21.437.197.857,00", "21437197857.00"),
        ("(35.000.000)", "-35000000.00"),
        ("100.000.000", "100000000.00"),
        ("1234567", "1234567.00"),
        ("1234567.00", "1234567.00"),
        ("1234567.5", "1234567.50"),
        ("Rp. 44.596.627.447,-", "44596627447.00"),
        ("Rp 16.358.726.962", "16358726962.00"),
        ("-35000000", "-35000000.00"),
        ("0", "0.00"),
        ("12,5", "12.50"),
    ],
)
def test_parses_every_accepted_spelling(raw: str, expected: str) -> None:
    assert parse_rupiah(raw) == Decimal(expected)
    assert str(parse_rupiah(raw)) == expected  # always exact, always to the sen


@pytest.mark.parametrize("raw", ["-", "", "  ", "—"])
def test_dash_or_blank_is_empty(raw: str) -> None:
    assert parse_rupiah(raw) is None


@pytest.mark.parametrize("raw", ["1.234", "1,234", "1,234,567.00", "100.000"])
def test_refuses_ambiguous_input_and_says_how_to_write_it(raw: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_rupiah(raw)
    message = str(refused.value)
    assert "ambiguous" in message and repr(raw) in message and "1.234,00" in message


@pytest.mark.parametrize(
    "raw", ["12abc", "1.2.3", "Rp", "1e6", "NaN", "1.234.56", "1 234 567", "12.345.678,001"]
)
def test_refuses_garbage_showing_the_input(raw: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_rupiah(raw)
    assert repr(raw) in str(refused.value)


@given(
    st.decimals(
        min_value=-(10**15), max_value=10**15, places=2, allow_nan=False, allow_infinity=False
    )
)
def test_formatted_amounts_parse_back_exactly(amount: Decimal) -> None:
    assert parse_rupiah(format_rupiah(amount, parens=True)) == amount
    assert parse_rupiah(format_rupiah(amount)) == amount
    assert parse_rupiah(f"{amount:f}") == amount


def test_formats_indonesian_style() -> None:
    assert format_rupiah(Decimal("44596627447.00")) == "44.596.627.447,00"
    assert format_rupiah(Decimal("-35000000")) == "-35.000.000,00"
    assert format_rupiah(Decimal("-35000000"), parens=True) == "(35.000.000,00)"
    assert format_rupiah(Decimal("1234.5")) == "1.234,50"
    assert format_percent(Decimal("36.6807")) == "36,68%"


def test_quantities_keep_their_precision() -> None:
    assert parse_quantity("95,48") == Decimal("95.48")
    assert parse_quantity("52,7") == Decimal("52.7")
    assert parse_quantity("175000") == Decimal("175000")


@pytest.mark.parametrize(
    ("raw", "value", "unit", "shown"),
    [
        ("6 Dokumen", "6", "Dokumen", "6 Dokumen"),
        ("79 Orang/Bulan", "79", "Orang/Bulan", "79 Orang/Bulan"),
        ("100%", "100", "%", "100%"),
        ("1 Desa / Kelurahan", "1", "Desa / Kelurahan", "1 Desa / Kelurahan"),
        ("300 OH", "300", "OH", "300 OH"),
        ("95,48", "95.48", None, "95,48"),
        ("175000 Orang", "175000", "Orang", "175.000 Orang"),
    ],
)
def test_targets(raw: str, value: str, unit: str | None, shown: str) -> None:
    target = Target.parse(raw)
    assert target == Target(Decimal(value), unit)
    assert str(target) == shown


def test_target_empty_and_garbage() -> None:
    assert Target.parse("-") is None
    with pytest.raises(InvalidInput):
        Target.parse("Dokumen")
    with pytest.raises(InvalidInput):
        Target.parse("1.234 Orang")
