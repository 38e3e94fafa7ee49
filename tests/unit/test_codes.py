"""Budget line codes: parsing, normalising, hierarchy, and refusing garbage."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from events import InvalidInput, Kode, Level


@pytest.mark.parametrize(
    ("raw", "canonical", "level"),
    [
        ("1.06", "1.06", Level.URUSAN),
        ("1.06.01", "1.06.01", Level.PROGRAM),
        ("1.06.01.2.01", "1.06.01.2.01", Level.KEGIATAN),
        ("1.06.01.2.01.01", "1.06.01.2.01.01", Level.SUB_KEGIATAN),
        ("01.06.07", "1.06.07", Level.PROGRAM),
        ("1.06.01.2.01.0001", "1.06.01.2.01.01", Level.SUB_KEGIATAN),
        (" 1.06.04.2.01.12 ", "1.06.04.2.01.12", Level.SUB_KEGIATAN),
        ("1.06.01.1.01", "1.06.01.1.01", Level.KEGIATAN),
    ],
)
def test_parses_and_normalises(raw: str, canonical: str, level: Level) -> None:
    kode = Kode.parse(raw)
    assert kode.text == canonical
    assert kode.level is level


def test_old_and_new_nomenclature_are_the_same_line() -> None:
    assert Kode.parse("1.06.01.2.01.0001") == Kode.parse("1.06.01.2.01.01")


def test_parents_follow_the_prefix() -> None:
    sub = Kode.parse("1.06.01.2.01.01")
    assert sub.parent == Kode.parse("1.06.01.2.01")
    assert sub.parent.parent == Kode.parse("1.06.01")  # type: ignore[union-attr]
    assert [a.text for a in sub.ancestors()] == ["1.06.01.2.01", "1.06.01", "1.06"]
    assert Kode.parse("1.06").parent is None
    assert sub.is_within(Kode.parse("1.06.01"))
    assert not Kode.parse("1.06.01.2.01.01").is_within(Kode.parse("1.06.02"))


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "1",
        "1.6.01",
        "1.06.1",
        "1.06.01.3.01",
        "1.06.01.2.1",
        "1.06.01.2.01.001",
        "abc",
        "1.06.01.2.01.01.01",
        "1,06,01",
        "1.06.01.2",
        "1.06.01.2.01.00",
        "00.06.01",
    ],
)
def test_refuses_anything_else_showing_the_input(raw: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        Kode.parse(raw)
    assert repr(raw) in str(refused.value)


@given(st.text(max_size=24))
def test_any_text_either_parses_to_a_stable_code_or_is_refused(raw: str) -> None:
    try:
        kode = Kode.parse(raw)
    except InvalidInput:
        return
    assert Kode.parse(kode.text) == kode  # canonical form is a fixed point


@given(
    st.integers(1, 9),
    st.integers(0, 99),
    st.integers(1, 99),
    st.sampled_from([1, 2]),
    st.integers(1, 99),
    st.integers(1, 9999),
)
def test_generated_sub_kegiatan_codes_round_trip(
    u: int, b: int, p: int, k: int, g: int, s: int
) -> None:
    text = f"{u}.{b:02d}.{p:02d}.{k}.{g:02d}.{s:04d}"
    kode = Kode.parse(text)
    assert kode.level is Level.SUB_KEGIATAN
    assert int(kode.text.rsplit(".", 1)[1]) == s


@given(st.integers(min_value=1, max_value=9999), st.booleans())
def test_every_sub_kegiatan_number_round_trips(number: int, four_digits: bool) -> None:
    """A canonical code parses back to itself; 0001 and 01 are one line, 0100 stays 0100
    (100 alone is no code in either nomenclature)."""
    if number > 99 and not four_digits:
        return  # three digits or more need the four-digit nomenclature
    written = f"{number:04d}" if four_digits else f"{number:02d}"
    kode = Kode.parse(f"1.06.01.2.01.{written}")
    assert Kode.parse(kode.text) == kode
    assert kode.text.endswith(f".{number:02d}" if number <= 99 else f".{number:04d}")
