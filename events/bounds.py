"""The last check before an event is written: can the read side store and show it?

The parsers (`events.money`, `events.targets`, `events.periods`, `events.text`) refuse
out-of-range input with a message for the person who typed it. This is the net under
them, run on every event of every write (`ledger.service.Ledger.save_lines`), so that no
way in (a command, the document importer, a later bulk import, a value computed by a
verb) can put an event in the log that the read model cannot project: once written it
could never be taken out, and every view would fail on it.

What the read model holds: money as whole sen in a 64-bit integer, numbers as decimal
text that the views format and divide, small integers (indicator numbers, years,
quarters) in 32-bit columns, dates, and text (PostgreSQL text cannot hold NUL).
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

from events.codes import Kode, Level
from events.errors import InvalidInput
from events.i18n import _
from events.money import MAX_QUANTITY, MAX_RUPIAH, QUANTITY_PLACES
from events.periods import FIRST_YEAR, LAST_YEAR, Quarter, Stage
from events.sources import DocumentRef, Provenance
from events.targets import IndicatorKind, Target
from events.text import UNSTORABLE

_LARGEST = max(MAX_RUPIAH, MAX_QUANTITY)
_INT32 = 2**31 - 1
_search = UNSTORABLE.search
# Set by the event-sourcing library, not by pagu.
_SKIPPED = frozenset({"originator_id", "originator_version", "timestamp", "originator_topic"})
# Values of these types are always storable (a provenance is the importer's own record
# of a file's hash and a line number).
_FINE = (bool, UUID, Kode, Level, Stage, Quarter, IndicatorKind, Provenance | None)

Check = Callable[[Any], "str | None"]


def check_storable(event: object) -> None:
    """Refuse an event the read side could not store or show, naming the field."""
    fields = vars(event)
    texts, checked = _plan(type(event), fields)
    problem: str | None = None
    if _search("".join([fields.get(name) or "" for name in texts])) is not None:
        name = next(n for n in texts if _search(fields.get(n) or ""))
        problem = _text(fields[name])
    else:
        for name in checked:
            value = fields.get(name)
            if value is not None:
                problem = _check(value)
                if problem is not None:
                    break
    if problem is not None:
        raise InvalidInput(
            _(
                "nothing was recorded: {event}.{name} {problem}, which pagu cannot store and show"
            ).format(event=type(event).__name__, name=name, problem=problem)
        )


def _plan(kind: type, fields: dict[str, Any]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """An event class's text fields (searched at once) and the fields checked one by one
    (the library's own and values that need no check left out), learnt once per class."""
    plan = _PLANS.get(kind)
    if plan is None:
        hints = typing.get_type_hints(kind)
        names = [name for name in fields if name not in _SKIPPED]
        texts = tuple(n for n in names if hints.get(n) in (str, str | None))
        checked = tuple(n for n in names if n not in texts and hints.get(n) not in _FINE)
        plan = _PLANS[kind] = (texts, checked)
    return plan


def _check(value: Any) -> str | None:
    # Dispatch on the exact type, learnt once per type: this runs on every event written.
    kind = type(value)
    check = _CHECKS.get(kind)
    if check is None:
        check = _CHECKS[kind] = _check_for(kind)
    return check(value)


def _nothing(_: Any) -> None:
    return None


def _text(value: str) -> str | None:
    found = UNSTORABLE.search(value)
    return (
        None
        if found is None
        else _("holds the character {character!r}").format(character=found.group())
    )


def _decimal(value: Decimal) -> str | None:
    if not value.is_finite():
        return f"is {value}"
    exponent = value.as_tuple().exponent
    if abs(value) > _LARGEST or -exponent > QUANTITY_PLACES:  # type: ignore[operator]
        return f"is {value}"
    return None


def _integer(value: int) -> str | None:
    return None if -_INT32 <= value <= _INT32 else f"is {value}"


def _date(value: date) -> str | None:
    return None if FIRST_YEAR <= value.year <= LAST_YEAR else f"is dated {value}"


def _target(value: Target) -> str | None:
    return _decimal(value.value) or (None if value.unit is None else _text(value.unit))


def _mapping(value: dict[Any, Any]) -> str | None:
    for key, item in value.items():
        problem = _check(key) or _check(item)
        if problem is not None:
            return problem
    return None


def _sequence(value: list[Any] | tuple[Any, ...]) -> str | None:
    return next((p for p in map(_check, value) if p is not None), None)


def _document(value: DocumentRef) -> str | None:
    return _text(value.title) or (None if value.date is None else _date(value.date))


def _record(value: Any) -> str | None:
    return _sequence(list(vars(value).values()))


# The check of each kind of field, the first that matches winning: bool before int,
# datetime before date (each a subclass of the other), and the kinds nothing bounds first.
_CHECK_BY_KIND: tuple[tuple[Any, Check], ...] = (
    (bool | UUID | Enum | Kode | datetime, _nothing),
    (str, _text),
    (Decimal, _decimal),
    (int, _integer),
    (date, _date),
    (Target, _target),
    (DocumentRef, _document),
    (dict, _mapping),
    (list | tuple, _sequence),
)


def _check_for(kind: type) -> Check:
    if kind is type(None):
        return _nothing
    for base, check in _CHECK_BY_KIND:
        if issubclass(kind, base):
            return check
    return _record if dataclasses.is_dataclass(kind) else _nothing


_CHECKS: dict[type, Check] = {}
_PLANS: dict[type, tuple[tuple[str, ...], tuple[str, ...]]] = {}
