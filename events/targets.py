"""Performance targets: a number and its unit, as budget documents print them.

6 Dokumen, 79 Orang/Bulan, 100%, 1 Desa / Kelurahan, 300 OH, 12 Bulan, 95,48
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from events.errors import InvalidInput
from events.money import format_number, parse_quantity

_TARGET = re.compile(r"^\s*(?P<number>\(?-?[\d.,]+\)?)\s*(?P<unit>.*?)\s*$")


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
        raise InvalidInput(f"unknown indicator kind {text!r}: use positive, negative or percentage")


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
        match = _TARGET.match(text)
        if not match:
            raise InvalidInput(f"not a target: {raw!r} (expected e.g. '6 Dokumen', '100%')")
        number = parse_quantity(match["number"])
        if number is None:
            raise InvalidInput(f"not a target: {raw!r} (expected e.g. '6 Dokumen', '100%')")
        unit = re.sub(r"\s+", " ", match["unit"]).strip() or None
        return cls(number, unit)

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
