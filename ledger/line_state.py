"""What a budget line remembers between commands, and who records a fact and why.

`in_force` and `pagu_in_force` are THE rules for "the value in force" on the write
side; the read model applies the same rules in SQL (projections/state.py), and a
property test checks that the two agree.

A year's budget is a sequence of editions (`events.periods.Stage`): murni, pergeseran,
perubahan, pergeseran-p. The value in force, at an edition and on a date, is found by
reading the line's values in edition order, then effective date, then recording order:
a value replaces what came before it; a pergeseran (a shift, which carries only the
money it moves) adds to it. So a value of a later edition (the APBD-P) replaces the
shifts of an earlier one that it restates, and a shift always moves the same money on
both of its lines, whatever was recorded before or after it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any, Generic, TypeVar
from uuid import UUID

from events import storage_format
from events.codes import Kode
from events.line import ALL_EVENT_CLASSES
from events.periods import Quarter, Stage
from events.sources import DocumentRef, Provenance
from events.targets import Target

T = TypeVar("T")


def line_id(skpd: str, tahun: int, kode: Kode) -> UUID:
    """The deterministic stream id of a line: the same line is always the same stream."""
    return storage_format.line_id(skpd, tahun, kode.text)


@dataclass(frozen=True)
class Basis:
    """Who records a fact, why, on what authority, and from when it is in force."""

    actor: str
    reason: str
    document: DocumentRef | None
    effective: date
    provenance: Provenance | None = None

    def fields(self) -> dict[str, Any]:
        """The event fields of the same names: every event carries all of these."""
        return dict(vars(self))

    def at(self, provenance: Provenance | None) -> Basis:
        return replace(self, provenance=provenance)

    def because(self, reason: str) -> Basis:
        return replace(self, reason=reason)


@dataclass
class Entry(Generic[T]):
    """One recorded value of a field, with what decides whether it is in force. A
    `delta` entry (one side of a shift) adds its value to the value before it."""

    value: T
    stage: Stage
    effective: date
    version: int
    voided: bool = False
    delta: bool = False

    def order(self) -> tuple[int, date, int]:
        """Where the entry stands in the reading order: edition, effective date, recording."""
        return (self.stage.rank, self.effective, self.version)


def _counted(entry: Entry[Any], stage: Stage | None, on: date | None) -> bool:
    """Not corrected, of the edition or an earlier one, effective by the date."""
    if entry.voided or (stage is not None and entry.stage.rank > stage.rank):
        return False
    return on is None or entry.effective <= on


def in_force(
    entries: Iterable[Entry[T]], *, stage: Stage | None = None, on: date | None = None
) -> Entry[T] | None:
    """The entry in force: the last in reading order (edition, effective date,
    recording) among those not corrected, optionally limited to an edition and the ones
    before it and to entries effective on or before a date. For fields whose every value
    replaces the one before (targets, locations, estimates)."""
    best: Entry[T] | None = None
    for entry in entries:
        if _counted(entry, stage, on) and (best is None or entry.order() > best.order()):
            best = entry
    return best


def pagu_in_force(
    entries: Iterable[Entry[Decimal]], *, stage: Stage | None = None, on: date | None = None
) -> Decimal | None:
    """A pagu in force (None: the line has none): the last value in reading order plus
    every shift read after it (see the module docstring)."""
    total: Decimal | None = None
    for entry in sorted((e for e in entries if _counted(e, stage, on)), key=Entry.order):
        total = (total or Decimal("0.00")) + entry.value if entry.delta else entry.value
    return total


@dataclass
class Realization:
    quarter: Quarter
    output: Target | None
    spent: Decimal | None
    cumulative: bool
    version: int
    voided: bool = False


@dataclass
class RecordedEvent:
    """What the line remembers of each of its events, to check corrections (a shift's
    other side is found by its counterpart and transfer id)."""

    kind: str
    corrected: bool = False
    transfer_id: UUID | None = None
    counterpart: Kode | None = None


# Events a correction can void, on both sides: the write side forgets the value (so an
# import can record it again) and the read model voids its rows (projections/schema
# VOIDABLE_TABLES). A registration cannot be undone this way, a correction is not
# itself corrected (record the value again instead), and a document's import record and
# an edition's enactment are history, not values.
# (each kind says so with its class: `correctable`)
CORRECTABLE = frozenset(kind.__name__ for kind in ALL_EVENT_CLASSES if kind.correctable)


@dataclass
class Fact:
    version: int
    value: Any
    voided: bool = False


class LineFacts:
    """Non-budget facts (forward estimates, Renstra, prior realization, Renja targets,
    notes, printed figures, SPM records) by kind and key, each remembered with the
    version that recorded it so that a correction can void it: an import compares what a
    document states with the latest fact not corrected."""

    def __init__(self) -> None:
        self._facts: dict[tuple[str, Any], list[Fact]] = {}
        self.imported: set[str] = set()  # sha256 of documents imported

    def record(self, kind: str, key: Any, version: int, value: Any) -> None:
        self._facts.setdefault((kind, key), []).append(Fact(version, value))

    def latest(self, kind: str, key: Any = None) -> Any:
        """The latest value of a kind (and key) not corrected, or None."""
        for fact in reversed(self._facts.get((kind, key), [])):
            if not fact.voided:
                return fact.value
        return None

    def values(self, kind: str, key: Any = None) -> list[Any]:
        return [f.value for f in self._facts.get((kind, key), []) if not f.voided]

    def void(self, version: int) -> None:
        for facts in self._facts.values():
            for fact in facts:
                if fact.version == version:
                    fact.voided = True
