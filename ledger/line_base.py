"""A budget line's state and what can be asked of it, and the registry of state changes.

`BudgetLine` (ledger/line.py) is built on this: its verbs (here and in
`ledger.line_records`) each sit next to the state change of their event, registered
with `@applies(EventClass)`; `state_change_of` finds it by the event's class or family.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from events.codes import Kode, Level
from events.errors import InvalidInput
from events.evaluation import year_to_date
from events.i18n import _
from events.line import LineEvent
from events.periods import Quarter, Stage
from events.targets import IndicatorKind, Target
from ledger.line_state import (
    Entry,
    LineFacts,
    Realization,
    RecordedEvent,
    in_force,
    pagu_in_force,
)

E = TypeVar("E", bound=LineEvent)
StateChange = Callable[[Any, Any], None]
STATE_CHANGES: dict[type[LineEvent], StateChange] = {}
_RESOLVED: dict[type[LineEvent], StateChange] = {}


def applies(kind: type[E]) -> Callable[[Callable[[Any, E], None]], Callable[[Any, E], None]]:
    """Register the decorated method as how a line's state changes by an event of `kind`
    (and of its subclasses, unless they have their own)."""

    def register(method: Callable[[Any, E], None]) -> Callable[[Any, E], None]:
        if kind in STATE_CHANGES:
            raise TypeError(f"two state changes for {kind.__name__}")
        STATE_CHANGES[kind] = method
        return method

    return register


def state_change_of(kind: type[LineEvent]) -> StateChange | None:
    """The state change of an event class: its own, else its family's (None: none)."""
    found = _RESOLVED.get(kind)
    if found is None:
        for base in kind.__mro__:
            found = STATE_CHANGES.get(base)
            if found is not None:
                _RESOLVED[kind] = found
                break
    return found


class Overrun(InvalidInput):
    """Spending to date beyond the pagu in force (the CLI says how to accept it)."""


class PergeseranAddsNoMoney(InvalidInput):
    """A pagu set in a pergeseran edition: a pergeseran adds no money."""


class DatedBeforePerubahan(InvalidInput):
    """A pergeseran dated before the APBD-P it would have to amend."""


class RealizationBeforeLine(InvalidInput):
    """A realization dated before its line entered the budget."""


class LineBase:
    """The state of a line (filled in by its events) and the queries on it."""

    skpd: str
    tahun: int
    kode: Kode
    level: Level
    nama: str
    stage_registered: Stage
    effective_from: date
    location: list[Entry[str | None]]
    pagu: list[Entry[Decimal]]
    targets: dict[int, list[Entry[tuple[str | None, Target | None, IndicatorKind]]]]
    realizations: list[Realization]
    facts: LineFacts
    recorded: dict[int, RecordedEvent]
    perubahan_from: date | None

    if TYPE_CHECKING:  # eventsourcing's Aggregate, which BudgetLine also is
        version: int
        id: UUID

        def trigger_event(self, event_class: Any, **kwargs: Any) -> None: ...

    # ---- queries -------------------------------------------------------------------

    def current_pagu(self, stage: Stage | None = None, on: date | None = None) -> Decimal | None:
        """The pagu in force in an edition (None: the latest) on a date (None: any)."""
        return pagu_in_force(self.pagu, stage=stage, on=on)

    def current_target(
        self, indicator_no: int, stage: Stage | None = None, on: date | None = None
    ) -> Entry[tuple[str | None, Target | None, IndicatorKind]] | None:
        return in_force(self.targets.get(indicator_no, []), stage=stage, on=on)

    def current_location(self, stage: Stage | None = None, on: date | None = None) -> str | None:
        entry = in_force(self.location, stage=stage, on=on)
        return entry.value if entry else None

    def latest_realization(
        self, quarter: Quarter, measure: str | None = None
    ) -> Realization | None:
        """The latest entry of a quarter (not corrected); with `measure` ("spent" or
        "output"), the latest that gives that measure: each is restated separately."""
        found = [
            r
            for r in self.realizations
            if r.quarter == quarter
            and not r.voided
            and (measure is None or getattr(r, measure) is not None)
        ]
        return found[-1] if found else None

    def spent_to_date(
        self, quarter: Quarter, extra: tuple[Quarter, Decimal, bool] | None = None
    ) -> Decimal:
        """Year-to-date spending up to `quarter`; the latest entry of a quarter restates
        earlier ones, and a cumulative entry replaces the running total."""
        latest: dict[Quarter, tuple[Decimal, bool]] = {}
        for r in self.realizations:
            if not r.voided and r.spent is not None:
                latest[r.quarter] = (r.spent, r.cumulative)
        if extra is not None:
            latest[extra[0]] = (extra[1], extra[2])
        total = year_to_date(
            (q.value, amount, cumulative)
            for q, (amount, cumulative) in latest.items()
            if q.value <= quarter.value
        )
        return Decimal("0.00") if total is None else total

    def spending_falls(
        self, extra: tuple[Quarter, Decimal, bool]
    ) -> tuple[Quarter, Decimal, Quarter, Decimal] | None:
        """Where spending to date would fall from one quarter to a later one with `extra`
        recorded (a year-to-date figure below what was spent before it): the quarter and
        total before, the quarter and total after; None when it never falls."""
        spent = {r.quarter for r in self.realizations if not r.voided and r.spent is not None}
        before: tuple[Quarter, Decimal] | None = None
        for quarter in sorted(spent | {extra[0]}, key=lambda q: q.value):
            total = self.spent_to_date(quarter, extra=extra)
            if before is not None and total < before[1]:
                return before[0], before[1], quarter, total
            before = (quarter, total)
        return None

    def later_values(self, stage: Stage, on: date) -> list[tuple[str, Entry[Any]]]:
        """Values (not corrected, not shifts) that are read after a change of `stage`
        effective `on`: of a later edition, or of the same one taking effect later. The
        change is in force only until (or under) the first of them."""

        def later(e: Entry[Any]) -> bool:
            if e.voided or e.delta:
                return False
            return e.stage.rank > stage.rank or (e.stage is stage and e.effective > on)

        found: list[tuple[str, Entry[Any]]] = [("pagu", e) for e in self.pagu if later(e)]
        found += [("location", e) for e in self.location if later(e)]
        for number, entries in self.targets.items():
            found += [(f"target {number}", e) for e in entries if later(e)]
        return found

    def shift_version(self, transfer_id: UUID) -> int | None:
        """This line's side of a pergeseran, by its transfer id."""
        for version, recorded in self.recorded.items():
            if recorded.transfer_id == transfer_id:
                return version
        return None

    def _require_money_line(self) -> None:
        if self.level is not Level.SUB_KEGIATAN:
            raise InvalidInput(
                _(
                    "{kode} is a {level}: its pagu is the sum of its sub kegiatan, so money "
                    "is set on those"
                ).format(kode=self.kode, level=self.level.value)
            )

    def _remember(
        self, event: LineEvent, transfer_id: UUID | None = None, counterpart: Kode | None = None
    ) -> None:
        self.recorded[event.originator_version] = RecordedEvent(
            type(event).__name__, transfer_id=transfer_id, counterpart=counterpart
        )
