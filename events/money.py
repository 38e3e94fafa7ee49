"""Rupiah and other numbers as they are written in Indonesian budget documents.

Money is always `Decimal`, quantised to sen (two places), from input to output.

Accepted spellings:
    1.234.567,00   Indonesian: '.' groups thousands, ',' marks decimals
    1.234.567      Indonesian, whole rupiah (two or more groups of three)
    1234567        plain
    1234567.00     plain with a decimal point (one or two decimals)
    (35.000.000)   negative, as printed in documents; -35000000 also works
    -  or blank    empty (no figure), returned as None
Anything that could be read two ways (1.234, 1,234, 1,234,567.00) is refused with a
message that shows how to write it.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from events.errors import InvalidInput

SEN = Decimal("0.01")

_ID_DECIMAL = re.compile(r"^\d{1,3}(\.\d{3})*,\d+$|^\d+,\d+$")
_ID_GROUPED = re.compile(r"^\d{1,3}(\.\d{3}){2,}$")
_ONE_GROUP = re.compile(r"^\d{1,3}\.\d{3}$")
_PLAIN = re.compile(r"^\d+(\.\d{1,2})?$")
_EMPTY = {"", "-", "–", "—"}


def _strip_decorations(text: str) -> str:
    text = text.strip().replace("\u00a0", " ")
    text = re.sub(r"^(rp\.?|idr)\s*", "", text, flags=re.IGNORECASE)
    text = re.sub(r",-$|\.-$", "", text)
    return text.strip()


def _parse_number(raw: str, what: str, max_decimals: int | None) -> Decimal | None:
    if raw.strip() in _EMPTY:
        return None
    text = _strip_decorations(raw)
    if text in _EMPTY:
        raise InvalidInput(f"not {what}: {raw!r} has no number in it")
    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1].strip()
    elif text[:1] in ("-", "−"):
        negative, text = True, text[1:].strip()
    if _ID_DECIMAL.match(text):
        integer, fraction = text.split(",")
        if len(fraction) == 3 and "." not in integer:
            raise InvalidInput(_ambiguous(raw, what))
        digits = integer.replace(".", "") + "." + fraction
    elif _ID_GROUPED.match(text):
        digits = text.replace(".", "")
    elif _PLAIN.match(text):
        digits = text
    elif _ONE_GROUP.match(text) or re.match(r"^\d{1,3}(,\d{3})+(\.\d+)?$", text):
        raise InvalidInput(_ambiguous(raw, what))
    else:
        raise InvalidInput(f"not {what}: {raw!r} (write e.g. 1234567, 1234567.00 or 1.234.567,00)")
    try:
        value = Decimal(digits)
    except InvalidOperation:  # pragma: no cover - the patterns above admit only digits
        raise InvalidInput(f"not {what}: {raw!r}") from None
    if max_decimals is not None and -value.as_tuple().exponent > max_decimals:  # type: ignore[operator]
        raise InvalidInput(f"not {what}: {raw!r} has more than {max_decimals} decimal places")
    return -value if negative else value


def _ambiguous(raw: str, what: str) -> str:
    return (
        f"ambiguous: {raw!r} could be read two ways as {what}; write it plainly "
        "(1234 or 1234.50) or in full Indonesian form (1.234,00)"
    )


def parse_rupiah(raw: str) -> Decimal | None:
    """Parse an amount of money; None for an empty cell ('-' or blank)."""
    value = _parse_number(raw, "an amount of rupiah", max_decimals=2)
    return None if value is None else value.quantize(SEN)


def parse_quantity(raw: str) -> Decimal | None:
    """Parse a non-money number such as a target value or a percentage (52,7)."""
    return _parse_number(raw, "a number", max_decimals=None)


def rupiah(value: Decimal | int | str) -> Decimal:
    """An exact rupiah amount from a trusted value (code, tests), quantised to sen."""
    return Decimal(value).quantize(SEN)


def format_rupiah(value: Decimal | None, *, parens: bool = False, empty: str = "-") -> str:
    """Indonesian style with sen, as official forms print it: 1.234.567,00. (Always with
    the sen, so that what pagu prints can be typed back in: 8.831 alone is ambiguous.)"""
    if value is None:
        return empty
    negative = value < 0
    magnitude = abs(value).quantize(SEN, rounding=ROUND_HALF_UP)
    whole, _, sen = f"{magnitude:.2f}".partition(".")
    text = f"{int(whole):,}".replace(",", ".") + "," + sen
    if negative:
        return f"({text})" if parens else f"-{text}"
    return text


def format_number(value: Decimal | int | None, *, empty: str = "-") -> str:
    """A quantity in Indonesian style: 175.000, 52,7."""
    if value is None:
        return empty
    normal = Decimal(value).normalize()
    if normal == normal.to_integral_value():
        normal = normal.quantize(Decimal(1))
    sign = "-" if normal < 0 else ""
    whole, _, fraction = f"{abs(normal):f}".partition(".")
    text = f"{int(whole):,}".replace(",", ".")
    return sign + text + ("," + fraction if fraction else "")


def format_percent(value: Decimal | None, *, places: int = 2, empty: str = "-") -> str:
    """A percentage with Indonesian decimal comma: 36,68%."""
    if value is None:
        return empty
    quantum = Decimal(1).scaleb(-places)
    text = f"{value.quantize(quantum, rounding=ROUND_HALF_UP):f}".replace(".", ",")
    return text + "%"


def decimal_string(value: Decimal | None) -> str | None:
    """How money and numbers appear in JSON: exact decimal strings, never floats."""
    return None if value is None else f"{value:f}"
