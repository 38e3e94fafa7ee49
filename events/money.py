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

Bounds, checked when the text is parsed so that every way in (the commands, the document
importer, any later bulk import) refuses the same values, and every value accepted can be
stored and shown (the read model keeps money as whole sen in a 64-bit integer):
    money        at most Rp 1.000.000.000.000.000,00 (10^15 rupiah, 10^17 sen; a
                 regional budget is about 10^13) either way, at most 2 decimals (sen)
    other numbers  at most 10^15 either way, at most 4 decimal places
    any number   digits 0-9 only (not ١٢ or １２), no exponent (1e9), no NaN or
                 infinity, no negative zero ((0,00) or -0), at most 64 characters
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from events.errors import InvalidInput
from events.i18n import N_, _

SEN = Decimal("0.01")
MAX_RUPIAH = Decimal(10) ** 15  # the largest amount of money, either way
MAX_QUANTITY = Decimal(10) ** 15  # the largest target, output or percentage, either way
QUANTITY_PLACES = 4  # decimal places of a target, output or percentage
MAX_NUMBER_CHARS = 64

# ASCII digits only: Python's \d would also take Arabic-Indic and full-width digits.
_ID_DECIMAL = re.compile(r"^[0-9]{1,3}(\.[0-9]{3})*,[0-9]+$|^[0-9]+,[0-9]+$")
_ID_GROUPED = re.compile(r"^[0-9]{1,3}(\.[0-9]{3}){2,}$")
_ONE_GROUP = re.compile(r"^[0-9]{1,3}\.[0-9]{3}$")
_US_GROUPED = re.compile(r"^[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?$")
_PLAIN = re.compile(r"^[0-9]+(\.[0-9]{1,2})?$")
_PLAIN_QUANTITY = re.compile(r"^[0-9]+(\.[0-9]+)?$")
_EXPONENT = re.compile(r"^[0-9.,]*[0-9][eE][+-]?[0-9]+$")
_EMPTY = {"", "-", "–", "—"}


def _strip_decorations(text: str) -> str:
    text = text.strip().replace("\u00a0", " ")
    text = re.sub(r"^(rp\.?|idr)\s*", "", text, flags=re.IGNORECASE)
    text = re.sub(r",-$|\.-$", "", text)
    return text.strip()


def foreign_digits(text: str) -> str | None:
    """The first digit in `text` that is not 0-9 (١, １, ²), or None."""
    for ch in text:
        if ch not in "0123456789" and (ch.isdigit() or unicodedata.category(ch) == "Nd"):
            return ch
    return None


def _parse_number(raw: str, what: str, max_decimals: int, maximum: Decimal) -> Decimal | None:
    if raw.strip() in _EMPTY:
        return None
    what = _(what)  # callers pass the English (marked N_ or already translated)
    if len(raw) > MAX_NUMBER_CHARS:
        raise InvalidInput(
            _(
                "not {what}: {raw!r}... is {length} characters long (a number has at most {most})"
            ).format(what=what, raw=raw[:24], length=len(raw), most=MAX_NUMBER_CHARS)
        )
    foreign = foreign_digits(raw)
    if foreign is not None:
        raise InvalidInput(
            _(
                "not {what}: {raw!r} has the digit {foreign!r} (U+{codepoint:04X}); write "
                "numbers with the digits 0-9"
            ).format(what=what, raw=raw, foreign=foreign, codepoint=ord(foreign))
        )
    text = _strip_decorations(raw)
    if text in _EMPTY:
        raise InvalidInput(_("not {what}: {raw!r} has no number in it").format(what=what, raw=raw))
    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1].strip()
    elif text[:1] in ("-", "−"):
        negative, text = True, text[1:].strip()
    plain = _PLAIN if max_decimals <= 2 else _PLAIN_QUANTITY
    if _ID_DECIMAL.match(text):
        integer, fraction = text.split(",")
        # 1,234 may be US thousands; 0,025 and 1.234,567 cannot be
        if len(fraction) == 3 and "." not in integer and integer.strip("0"):
            raise InvalidInput(_ambiguous(raw, what))
        digits = integer.replace(".", "") + "." + fraction
    elif _ID_GROUPED.match(text):
        digits = text.replace(".", "")
    elif _ONE_GROUP.match(text) or _US_GROUPED.match(text):
        raise InvalidInput(_ambiguous(raw, what))
    elif plain.match(text):
        digits = text
    elif _EXPONENT.match(text):
        raise InvalidInput(
            _("not {what}: {raw!r} is in exponent notation; write the number out").format(
                what=what, raw=raw
            )
        )
    else:
        raise InvalidInput(
            _("not {what}: {raw!r} (write e.g. 1234567, 1234567.00 or 1.234.567,00)").format(
                what=what, raw=raw
            )
        )
    try:
        value = Decimal(digits)
    except InvalidOperation:  # pragma: no cover - the patterns above admit only digits
        raise InvalidInput(_("not {what}: {raw!r}").format(what=what, raw=raw)) from None
    if -value.as_tuple().exponent > max_decimals:  # type: ignore[operator]
        raise InvalidInput(
            _("not {what}: {raw!r} has more than {max_decimals} decimal places").format(
                what=what, raw=raw, max_decimals=max_decimals
            )
        )
    if value > maximum:
        largest = format_rupiah(maximum) if max_decimals == 2 else format_number(maximum)
        raise InvalidInput(
            _("not {what}: {raw!r} is beyond the largest accepted, {largest}").format(
                what=what, raw=raw, largest=largest
            )
        )
    if negative and value == 0:
        raise InvalidInput(
            _("not {what}: {raw!r} is a negative zero; write 0").format(what=what, raw=raw)
        )
    return -value if negative else value


def _ambiguous(raw: str, what: str) -> str:
    return _(
        "ambiguous: {raw!r} could be read two ways as {what}; write it plainly "
        "(1234 or 1234.50) or in full Indonesian form (1.234,00)"
    ).format(raw=raw, what=what)


def parse_rupiah(raw: str) -> Decimal | None:
    """Parse an amount of money; None for an empty cell ('-' or blank)."""
    value = _parse_number(raw, N_("an amount of rupiah"), max_decimals=2, maximum=MAX_RUPIAH)
    return None if value is None else value.quantize(SEN)


def parse_quantity(raw: str, what: str = N_("a number")) -> Decimal | None:
    """Parse a non-money number such as a target value or a percentage (52,7); `what`
    names it in a refusal."""
    return _parse_number(raw, what, max_decimals=QUANTITY_PLACES, maximum=MAX_QUANTITY)


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


def in_rupiah(**amounts: Decimal) -> dict[str, str]:
    """A message's amounts, each as `format_rupiah` prints it: `.format(kode=...,
    **in_rupiah(pagu=pagu))`, so that money in a refusal reads as it does in the views."""
    return {name: format_rupiah(amount) for name, amount in amounts.items()}


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
    if len(fraction) == 3 and "." not in text and whole != "0":
        fraction += "0"  # 1,2340: 1,234 would read as thousands too, and be refused
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
