"""Predikat (kategori capaian), Permendagri 86/2017: properties of the rule."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from events.predikat import Predikat, predikat

ORDER = [
    Predikat.SANGAT_RENDAH,
    Predikat.RENDAH,
    Predikat.SEDANG,
    Predikat.TINGGI,
    Predikat.SANGAT_TINGGI,
]
rates = st.decimals(min_value=-1000, max_value=10000, places=4, allow_nan=False)


@pytest.mark.parametrize(
    ("rate", "expected"),
    [
        ("0", Predikat.SANGAT_RENDAH),
        ("50", Predikat.SANGAT_RENDAH),
        ("50.01", Predikat.RENDAH),
        ("51", Predikat.RENDAH),
        ("65", Predikat.RENDAH),
        ("65.5", Predikat.SEDANG),
        ("66", Predikat.SEDANG),
        ("75", Predikat.SEDANG),
        ("76", Predikat.TINGGI),
        ("90", Predikat.TINGGI),
        ("90.5", Predikat.SANGAT_TINGGI),
        ("91", Predikat.SANGAT_TINGGI),
        ("100", Predikat.SANGAT_TINGGI),
        ("892.41", Predikat.SANGAT_TINGGI),
        ("-3", Predikat.SANGAT_RENDAH),
    ],
)
def test_the_regulations_bands(rate: str, expected: Predikat) -> None:
    assert predikat(Decimal(rate)) is expected


def test_no_rate_no_predikat() -> None:
    assert predikat(None) is None
    assert predikat(Decimal("NaN")) is None


@given(st.integers(min_value=-100, max_value=1000))
def test_every_whole_percent_is_in_the_band_the_regulation_prints(rate: int) -> None:
    if rate >= 91:
        band = Predikat.SANGAT_TINGGI
    elif 76 <= rate <= 90:
        band = Predikat.TINGGI
    elif 66 <= rate <= 75:
        band = Predikat.SEDANG
    elif 51 <= rate <= 65:
        band = Predikat.RENDAH
    else:
        band = Predikat.SANGAT_RENDAH
    assert predikat(Decimal(rate)) is band


@given(rates, rates)
def test_a_higher_rate_never_has_a_lower_predikat(a: Decimal, b: Decimal) -> None:
    low, high = sorted((a, b))
    assert ORDER.index(predikat(low)) <= ORDER.index(predikat(high))  # type: ignore[arg-type]


@given(rates)
def test_every_rate_has_exactly_one_predikat_and_no_gaps(rate: Decimal) -> None:
    found = predikat(rate)
    assert found in ORDER
    # between a whole number and the next, at most one band boundary, at the whole number
    floor = Decimal(math.floor(rate))
    if rate != floor:
        assert predikat(rate) is predikat(floor + 1)
