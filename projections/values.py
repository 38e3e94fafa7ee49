"""Payload values, as eventsourcing's JSON stores them, turned into row values without
building the domain event: catch-up reads a million of these, and the decoder's object
hooks (one Python call per wrapped value) were a fifth of its time.

A stored value of a registered type is `{"_type_": name, "_data_": data}`; these
helpers read the few types the read model needs and give the same values the event's
own fields would (checked against the decoder in `tests/unit/test_projection_values.py`).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from events.money import format_number
from events.periods import Stage
from events.storage_format import DATA, data

STAGE_RANK = {stage.value: stage.rank for stage in Stage}
_TARGET_TEXT: dict[tuple[str, str | None], str] = {}  # str(Target) of values seen


def exact(number: str) -> str:
    """A stored decimal as the read model writes it (`f"{value:f}"`: no exponent)."""
    if "E" in number or "e" in number:
        return f"{Decimal(number):f}"
    return number


def sen(number: str | None) -> int | None:
    """A stored decimal of rupiah as whole sen, rounded half-even like
    `(Decimal(number) * 100).to_integral_value()`."""
    if number is None:
        return None
    whole, dot, fraction = number.partition(".")
    if len(fraction) <= 2 and "E" not in number and "e" not in number:
        return int(whole + fraction.ljust(2, "0")) if dot else int(whole) * 100
    return int((Decimal(number) * 100).to_integral_value())


def target(value: dict[str, Any] | None) -> tuple[str | None, str | None]:
    """A stored target as (number, unit) columns."""
    if value is None:
        return None, None
    found = value[DATA]
    return exact(found["value"][DATA]), found["unit"]


def target_text(value: dict[str, Any] | None) -> str | None:
    """`str(Target)` of a stored target (Indonesian number style), remembered: the same
    few targets recur throughout a log."""
    if value is None:
        return None
    found = value[DATA]
    key = (found["value"][DATA], found["unit"])
    text = _TARGET_TEXT.get(key)
    if text is None:
        number = format_number(Decimal(key[0]))
        unit = key[1]
        text = number if unit is None else number + unit if unit == "%" else f"{number} {unit}"
        if len(_TARGET_TEXT) < 100_000:
            _TARGET_TEXT[key] = text
    return text


def provenance(value: dict[str, Any] | None) -> str | None:
    if value is None:
        return None
    found = value[DATA]
    # `str(Provenance(...))`, spelled out: one per event
    return f"{found['table']}, baris {found['row']} (sha256 {found['sha256'][:12]})"


def document(value: dict[str, Any] | None) -> tuple[str | None, str | None]:
    """A stored document reference as (title, ISO date)."""
    if value is None:
        return None, None
    found = value[DATA]
    return found["title"], data(found["date"])


def iso_date(text: str) -> str:
    """Dates as SQLAlchemy's SQLite dialect stores them: ISO strings, as stored."""
    return text


def date_object(text: str | None) -> date | None:
    """Dates for drivers that bind `date` (PostgreSQL)."""
    return None if text is None else date.fromisoformat(text)


def dashed(hex_id: str) -> str:
    """`str(UUID(hex=hex_id))` of a stored UUID (eventsourcing stores 32 hex digits)."""
    if len(hex_id) != 32:
        return str(UUID(hex_id))
    h = hex_id.lower()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def stream_hex(stream: str | UUID) -> str:
    """A stream id as read (a hex string on SQLite, a UUID on PostgreSQL) as 32 hex
    digits, the read model's `line_id`."""
    if isinstance(stream, UUID):
        return stream.hex
    return stream if len(stream) == 32 else UUID(stream).hex

