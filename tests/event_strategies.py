"""Random events of every class, built from the classes' own field types, so that a new
event kind (or a new field) is covered without touching this file.

A type this module does not know fails loudly (`strategy_for`): add it here."""

from __future__ import annotations

import types
import typing
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from hypothesis import strategies as st

from events.codes import Kode, Level
from events.line import ALL_EVENT_CLASSES, LineEvent
from events.periods import Quarter, Stage
from events.sources import DocumentRef, Provenance
from events.targets import IndicatorKind, Target

CODES = ("1.06", "1.06.01", "1.06.01.2.01", "1.06.01.2.01.01", "1.06.02.2.03.0100")
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=24)
# rupiah as the ledger keeps them: two places, within the bounds of the read model
MONEY = st.decimals(
    min_value=Decimal("-1e15"), max_value=Decimal("1e15"), places=2, allow_nan=False
)
NUMBER = st.decimals(min_value=Decimal("-1e9"), max_value=Decimal("1e9"), places=4, allow_nan=False)
DAY = st.dates(date(1950, 1, 1), date(2100, 12, 31))


def _target() -> st.SearchStrategy[Target]:
    return st.builds(Target, NUMBER, st.none() | st.sampled_from(["%", "Dokumen", "Orang"]))


SIMPLE: dict[Any, st.SearchStrategy[Any]] = {
    str: TEXT,
    int: st.integers(min_value=0, max_value=10**6),
    bool: st.booleans(),
    Decimal: MONEY,
    date: DAY,
    datetime: st.datetimes(datetime(2000, 1, 1), datetime(2090, 1, 1), timezones=st.just(UTC)),
    UUID: st.uuids(),
    Kode: st.sampled_from(CODES).map(Kode),
    Level: st.sampled_from(Level),
    Stage: st.sampled_from(Stage),
    Quarter: st.sampled_from(Quarter),
    IndicatorKind: st.sampled_from(IndicatorKind),
    Target: _target(),
    DocumentRef: st.builds(DocumentRef, TEXT, st.none() | DAY),
    Provenance: st.builds(
        Provenance,
        st.text("0123456789abcdef", min_size=64, max_size=64),
        st.sampled_from(["Tabel 1", "Tabel 2", "Tabel 3"]),
        st.integers(1, 500),
    ),
    Any: st.none() | TEXT | st.integers(-1000, 1000),
}


def strategy_for(hint: Any) -> st.SearchStrategy[Any]:
    if hint in SIMPLE:
        return SIMPLE[hint]
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (types.UnionType, typing.Union):
        return st.one_of(*(strategy_for(arg) for arg in args))
    if hint is type(None):
        return st.none()
    if origin is dict:
        return st.dictionaries(strategy_for(args[0]), strategy_for(args[1]), max_size=4)
    if origin is list:
        return st.lists(strategy_for(args[0]), max_size=3)
    raise TypeError(f"no strategy for {hint!r}: add one to tests/event_strategies.py")


# Fields the library sets (and the aggregate created event's topic).
_LIBRARY = {"originator_id", "originator_version", "timestamp", "originator_topic"}


def fields_of(cls: type[LineEvent]) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    return {
        name: hint
        for name, hint in hints.items()
        if not name.startswith("_") and typing.get_origin(hint) is not typing.ClassVar
    }


def events_of(cls: type[LineEvent]) -> st.SearchStrategy[LineEvent]:
    hints = fields_of(cls)
    values = {name: strategy_for(hint) for name, hint in hints.items() if name not in _LIBRARY}
    values["originator_id"] = st.uuids()
    values["originator_version"] = st.integers(1, 10**6)
    values["timestamp"] = SIMPLE[datetime]
    if "originator_topic" in hints:
        values["originator_topic"] = st.just("ledger.line:BudgetLine")
    return st.fixed_dictionaries(values).map(lambda kwargs: cls(**kwargs))


ANY_EVENT = st.sampled_from(ALL_EVENT_CLASSES).flatmap(events_of)


def every_event_class() -> set[type[LineEvent]]:
    """Every concrete event class defined under events/: the subclasses of LineEvent
    that are not a family's base (PaguChanged, TargetChanged)."""
    found: set[type[LineEvent]] = set()
    pending = list(LineEvent.__subclasses__())
    while pending:
        cls = pending.pop()
        family = [sub for sub in cls.__subclasses__() if sub.__module__.startswith("events.")]
        pending.extend(family)
        if cls.__module__.startswith("events.") and not family:
            found.add(cls)
    return found
