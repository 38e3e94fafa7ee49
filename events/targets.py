"""Performance targets: a number and its unit, as budget documents print them.

6 Dokumen, 79 Orang/Bulan, 100%, 1 Desa / Kelurahan, 300 OH, 12 Bulan, 95,48

The number follows `parse_quantity`'s spellings and bounds (at most 10^15, at most 4
decimal places, digits 0-9 only) and cannot be negative: a target or an output counts
or measures something. The unit is optional ('5' is a target of five) and is free text
(`events.text.plain_text`) that starts with a letter, '%' or a bracket, after a space
('%' may follow the number at once): '1e9 Orang' is refused rather than read as 1 of
"e9 Orang", '2024-02-30' rather than 2024 of "-02-30", '0x10' rather than 0 of "x10".
A percentage is a number like any other: rates above 100% are real (the example prints
892%).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from events.errors import InvalidInput
from events.i18n import N_, _
from events.money import foreign_digits, format_number, parse_quantity
from events.text import plain_text

_TARGET = re.compile(r"^\s*(?P<number>\(?[-−]?[0-9.,]+\)?)(?P<gap>\s*)(?P<unit>.*?)\s*$", re.DOTALL)
_EXPONENT_UNIT = re.compile(r"^[eE][+-]?[0-9]")
_EXAMPLE = N_("(expected e.g. '6 Dokumen', '100%')")


class IndicatorKind(Enum):
    """How an indicator's realization is judged (Permendagri 86/2017)."""

    POSITIVE = "positive"  # more is better: rate = realization / target
    NEGATIVE = "negative"  # less is better: rate = target / realization
    PERCENTAGE = "percentage"  # a level, not a count: the latest quarter's value, not a sum

    @classmethod
    def parse(cls, text: str) -> IndicatorKind:
        key = text.strip().lower()
        for kind in cls:
            if kind.value == key or (kind.value.startswith(key) and len(key) >= 3):
                return kind
        raise InvalidInput(
            _("unknown indicator kind {text!r}: use positive, negative or percentage").format(
                text=text
            )
        )


@dataclass(frozen=True)
class Target:
    """A target or an output: a Decimal value and an optional unit."""

    value: Decimal
    unit: str | None = None

    @classmethod
    def parse(cls, raw: str) -> Target | None:
        """Parse '6 Dokumen'; None for an empty cell ('-' or blank)."""
        text = raw.strip()
        if text in ("", "-", "–", "—"):
            return None
        foreign = foreign_digits(text)
        if foreign is not None:
            raise InvalidInput(
                _(
                    "not a target: {raw!r} has the digit {foreign!r} (U+{codepoint:04X}); "
                    "write numbers with the digits 0-9"
                ).format(raw=raw, foreign=foreign, codepoint=ord(foreign))
            )
        match = _TARGET.match(text)
        if not match:
            raise InvalidInput(
                _("not a target: {raw!r} {example}").format(raw=raw, example=_(_EXAMPLE))
            )
        if _EXPONENT_UNIT.match(match["unit"]):
            raise InvalidInput(
                _("not a target: {raw!r} is in exponent notation; write the number out").format(
                    raw=raw
                )
            )
        unit = match["unit"]
        if unit and not (unit[0].isalpha() or unit[0] in "%(["):
            # '2024-02-30' is not 2024 of '-02-30', nor '1_000 Orang' 1 of '_000 Orang'
            raise InvalidInput(
                _(
                    "not a target: {raw!r}: after the number {number} comes {unit!r}, which "
                    "is not a unit (one number, then its unit)"
                ).format(raw=raw, number=match["number"], unit=unit)
            )
        if unit[:1] != "%" and unit and not match["gap"]:
            # '0x10' is not 0 of 'x10': only '%' is written against its number
            raise InvalidInput(
                _(
                    "not a target: {raw!r}: write a space between the number and its unit "
                    "({number} {unit})"
                ).format(raw=raw, number=match["number"], unit=unit)
            )
        number = parse_quantity(match["number"], N_("a target"))
        if number is None:
            raise InvalidInput(
                _("not a target: {raw!r} {example}").format(raw=raw, example=_(_EXAMPLE))
            )
        if number < 0:
            raise InvalidInput(
                _("not a target: {raw!r}: a target or an output cannot be negative").format(raw=raw)
            )
        return cls(number, plain_text(unit) or None)

    @property
    def is_percentage(self) -> bool:
        return self.unit == "%"

    def default_kind(self) -> IndicatorKind:
        return IndicatorKind.PERCENTAGE if self.is_percentage else IndicatorKind.POSITIVE

    def __str__(self) -> str:
        number = format_number(self.value)
        if self.unit is None:
            return number
        return number + self.unit if self.unit == "%" else f"{number} {self.unit}"


def plain_target(number: Decimal, unit: str | None) -> str:
    """A target for scripts and spreadsheets (JSON, CSV): a plain decimal number (no
    grouping, decimal point) and its unit: '175000 Orang', '52.7%'."""
    text = f"{number.normalize():f}"
    if not unit:
        return text
    return text + unit if unit == "%" else f"{text} {unit}"


# ---- units --------------------------------------------------------------------------


def unit_key(unit: str | None) -> str:
    """A unit as compared: case, spacing and spacing around '/' do not matter
    ('Desa / Kelurahan' is 'desa/kelurahan')."""
    if not unit:
        return ""
    return re.sub(r"\s*/\s*", "/", " ".join(unit.split())).casefold()


def misspelling_of(unit: str | None, other: str | None) -> bool:
    """Whether `unit` is `other` misspelt by a slip of the keyboard: one letter wrong,
    missing, extra or swapped with its neighbour, or the same letters in another order
    after the same first letter ('Paekt' for 'Paket', 'Larpoan' for 'Laporan'); only on
    words long enough for that to be a typo rather than another word."""
    a, b = unit_key(unit), unit_key(other)
    if a == b or min(len(a), len(b)) < 4:
        return False
    if len(a) >= 5 and a[0] == b[0] and sorted(a) == sorted(b):
        return True
    return _one_edit(a, b)


def _one_edit(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )  # fmt: skip
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def same_unit(unit: str | None, other: str | None) -> bool:
    """Whether two quantities are counted in the same unit, so that one may be divided by
    the other. A misspelt unit counts as the unit it misspells (the views flag it)."""
    return unit_key(unit) == unit_key(other) or misspelling_of(unit, other)
