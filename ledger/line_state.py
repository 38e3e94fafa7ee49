"""What a budget line remembers between commands, and who records a fact and why.

`in_force` is THE rule for "the value in force" on the write side; the read model
applies the same rule in SQL (projections/state.py).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any, Generic, TypeVar
from uuid import UUID

from events.codes import Kode
from events.periods import Quarter, Stage
from events.sources import DocumentRef, Provenance
from events.targets import Target

LINE_NAMESPACE = UUID("0f6c1c8e-4e4b-5d27-9b8e-3a1f2c7d9e10")
T = TypeVar("T")


def line_id(skpd: str, tahun: int, kode: Kode) -> UUID:
    """The deterministic stream id of a line: the same line is always the same stream."""
    return uuid.uuid5(LINE_NAMESPACE, f"{skpd.strip().casefold()}|{tahun}|{kode.text}")


@dataclass(frozen=True)
class Basis:
    """Who records a fact, why, on what authority, and from when it is in force."""

    actor: str
    reason: str
    document: DocumentRef | None
    effective: date
    provenance: Provenance | None = None

    def fields(self) -> dict[str, Any]:
        return {
            "actor": self.actor,
            "reason": self.reason,
            "document": self.document,
            "effective": self.effective,
            "provenance": self.provenance,
        }

    def at(self, provenance: Provenance | None) -> Basis:
        return replace(self, provenance=provenance)

    def because(self, reason: str) -> Basis:
        return replace(self, reason=reason)


@dataclass
class Entry(Generic[T]):
    """One recorded value of a field, with what decides whether it is in force."""

    value: T
    stage: Stage
    effective: date
    version: int
    voided: bool = False


def in_force(
    entries: Iterable[Entry[T]], *, stage: Stage | None = None, on: date | None = None
) -> Entry[T] | None:
    """The entry in force: the latest by effective date (then by recording order) among
    those not corrected, optionally limited to a stage and its predecessors and to
    entries effective on or before a date. The read model applies the same rule."""
    best: Entry[T] | None = None
    for entry in entries:
        if entry.voided or (stage is not None and entry.stage.rank > stage.rank):
            continue
        if on is not None and entry.effective > on:
            continue
        if best is None or (entry.effective, entry.version) > (best.effective, best.version):
            best = entry
    return best


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


# Events whose read-model rows a correction can void (projections/schema.VOIDABLE_TABLES).
# A registration cannot be undone this way, a correction is not itself corrected (record
# the value again instead), and a document's import record is history, not a value.
CORRECTABLE = frozenset(
    {
        "PaguSet",
        "PaguRevised",
        "PaguShifted",
        "TargetSet",
        "TargetRevised",
        "LocationRevised",
        "ForwardEstimateSet",
        "RenstraTargetSet",
        "PriorRealizationRecorded",
        "RenjaTargetSet",
        "RealizationRecorded",
        "NoteAttached",
        "PrintedFiguresNoted",
        "SpmIndicatorRecorded",
    }
)


@dataclass
class LineFacts:
    """Latest non-budget facts, kept so an import can tell what is already known."""

    forward: dict[tuple[int, int], tuple[Target | None, Decimal | None]] = field(
        default_factory=dict
    )
    renstra: Target | None = None
    prior: tuple[int, Target | None] | None = None
    renja: tuple[int, Target | None] | None = None
    notes: list[str] = field(default_factory=list)
    printed: dict[str, dict[str, Decimal | None]] = field(default_factory=dict)
    spm: dict[int, dict[str, Any]] = field(default_factory=dict)
    imported: set[str] = field(default_factory=set)  # sha256 of documents imported
