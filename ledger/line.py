"""The budget line aggregate: one per line per SKPD per fiscal year.

Command methods read like the business's verbs and refuse what the rules forbid; every
accepted command becomes one event (`events.line`). Each verb is followed by the state
change of its event (`@applies`), the only place state changes, which is also how a line
is rebuilt from its stream (`when`).

    ledger/line.py              registration, pagu and shifts, targets, location
    ledger/line_records.py      what is recorded during the year: realization, evaluation
                                facts, notes, printed figures, SPM, documents, editions
    ledger/line_revisions.py    a revision: only what differs from what is in force
    ledger/line_corrections.py  corrections
    ledger/line_base.py         the line's state, its queries, the state-change registry
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from events.codes import Kode, Level
from events.errors import InvalidInput
from events.i18n import _
from events.line import (
    LineEvent,
    LineRegistered,
    LocationRevised,
    PaguChanged,
    PaguRevised,
    PaguSet,
    PaguShifted,
    TargetChanged,
    TargetRevised,
    TargetSet,
)
from events.money import MAX_RUPIAH, format_rupiah, in_rupiah, rupiah
from events.periods import Stage
from events.records import fields_of
from events.targets import IndicatorKind, Target
from ledger.line_base import (
    DatedBeforePerubahan,
    Overrun,
    PergeseranAddsNoMoney,
    RealizationBeforeLine,
    applies,
    state_change_of,
)
from ledger.line_corrections import LineCorrections
from ledger.line_records import ImportedDocument, LineRecords, Realized
from ledger.line_revisions import LineRevisions
from ledger.line_state import (
    Basis,
    Entry,
    LineFacts,
    Realization,
    RecordedEvent,
    in_force,
    line_id,
    pagu_in_force,
)

__all__ = [
    "Basis",
    "BudgetLine",
    "DatedBeforePerubahan",
    "Entry",
    "ImportedDocument",
    "Overrun",
    "PergeseranAddsNoMoney",
    "RealizationBeforeLine",
    "Realized",
    "ShiftSide",
    "in_force",
    "line_id",
]


@dataclass(frozen=True)
class ShiftSide:
    """One line's side of a pergeseran: the money moved (negative on the giving line),
    the line on the other side, and the transfer both sides share."""

    change: Decimal
    counterpart: Kode
    transfer_id: UUID

    def fields(self) -> dict[str, Any]:
        """The side as `PaguShifted`'s own keyword arguments."""
        return fields_of(self, ("change", "counterpart", "transfer_id"))


class BudgetLine(LineRecords, LineRevisions, LineCorrections, Aggregate):
    """A program, kegiatan or sub kegiatan of one SKPD in one fiscal year, or the Dinas
    itself (code `1.06`), which holds Dinas-level facts such as total realization."""

    def __init__(self) -> None:
        # Filled in by `when(LineRegistered)`; declared here so the shape is visible.
        self.skpd = ""
        self.tahun = 0
        self.kode = Kode("0.00")
        self.level = Level.URUSAN
        self.nama = ""
        self.stage_registered = Stage.MURNI
        self.effective_from = date.min  # the effective date of its registration
        self.location: list[Entry[str | None]] = []
        self.pagu: list[Entry[Decimal]] = []
        self.targets: dict[int, list[Entry[tuple[str | None, Target | None, IndicatorKind]]]] = {}
        self.realizations: list[Realization] = []
        self.facts = LineFacts()
        self.recorded: dict[int, RecordedEvent] = {}
        # On the Dinas line: the date the budget's APBD-P took effect (None: not yet).
        self.perubahan_from: date | None = None

    # ---- creating ------------------------------------------------------------------

    @classmethod
    def register(
        cls,
        *,
        skpd: str,
        tahun: int,
        kode: Kode,
        nama: str,
        indicator: str | None,
        location: str | None,
        stage: Stage,
        basis: Basis,
    ) -> BudgetLine:
        if not nama.strip():
            raise InvalidInput(_("{kode}: a line needs a name").format(kode=kode))
        if not skpd.strip():
            raise InvalidInput(_("{kode}: a line needs its SKPD").format(kode=kode))
        return cls._create(
            LineRegistered,
            id=line_id(skpd, tahun, kode),
            skpd=skpd.strip(),
            tahun=tahun,
            kode=kode,
            level=kode.level,
            nama=nama.strip(),
            indicator=indicator,
            location=location,
            stage=stage,
            **basis.fields(),
        )

    @applies(LineRegistered)
    def _registered(self, event: LineRegistered) -> None:
        self.skpd, self.tahun, self.kode = event.skpd, event.tahun, event.kode
        self.level, self.nama, self.stage_registered = event.level, event.nama, event.stage
        self.effective_from = event.effective
        self.location = [Entry(event.location, event.stage, event.effective, 1)]
        self._remember(event)

    # ---- budget --------------------------------------------------------------------

    def set_pagu(self, amount: Decimal, stage: Stage, basis: Basis) -> None:
        """Record the pagu of a sub kegiatan in an edition (the first one is `PaguSet`).

        A pergeseran moves money between lines and adds none, so a pergeseran edition
        sets no pagu of its own: only a line that enters the budget in one starts at 0,
        and money reaches it by `shift`."""
        self._require_money_line()
        amount = rupiah(amount)
        if amount < 0:
            raise InvalidInput(
                _("{kode}: pagu cannot be negative ({amount})").format(
                    kode=self.kode, amount=format_rupiah(amount)
                )
            )
        first = not self.pagu
        if stage.is_pergeseran and not (first and amount == 0):
            raise PergeseranAddsNoMoney(
                _(
                    "{kode}: a pergeseran moves money between sub kegiatan and does not "
                    "change the SKPD's total, so it cannot set a pagu: move the money from "
                    "another line with a shift, or record the new pagu in the APBD-P (stage "
                    "perubahan)"
                ).format(kode=self.kode)
            )
        # `previous` is what the edition held on the date this takes effect (a back-dated
        # change follows the value of its own date, not the latest one).
        previous = self.current_pagu(stage, on=basis.effective)
        event = PaguSet if first else PaguRevised
        self.trigger_event(event, amount=amount, previous=previous, stage=stage, **basis.fields())

    def shift(self, side: ShiftSide, stage: Stage, basis: Basis) -> None:
        """One side of a pergeseran: a negative `side.change` gives money away. `stage` is
        the pergeseran edition the shift amends (the service decides: before or after the
        budget's APBD-P). Refused if the line would go below zero on the shift's date or
        on any later date its pagu changes, in the edition or in force."""
        self._require_money_line()
        if not stage.is_pergeseran:
            raise ValueError(
                _("a shift belongs to a pergeseran edition, not {stage}").format(stage=stage.value)
            )
        change = side.change
        current = self.current_pagu(on=basis.effective) or Decimal("0.00")
        self._stays_above_zero(change, stage, basis.effective)
        if current + change > MAX_RUPIAH:
            raise InvalidInput(
                _(
                    "{kode}: shifting {change} would take the pagu of {current} beyond the "
                    "largest accepted, {largest}"
                ).format(
                    kode=self.kode,
                    **in_rupiah(change=change, current=current, largest=MAX_RUPIAH),
                )
            )
        self.trigger_event(
            PaguShifted,
            amount=current + change,
            previous=current,
            stage=stage,
            **side.fields(),
            **basis.fields(),
        )

    @applies(PaguChanged)
    def _pagu_changed(self, event: PaguChanged) -> None:
        version = event.originator_version
        if isinstance(event, PaguShifted):  # only the money moved: read after what it moves
            shifted = Entry(event.change, event.stage, event.effective, version, delta=True)
            self.pagu.append(shifted)
            self._remember(event, event.transfer_id, event.counterpart)
        else:
            self.pagu.append(Entry(event.amount, event.stage, event.effective, version))
            self._remember(event)

    def _stays_above_zero(self, change: Decimal, stage: Stage, on: date) -> None:
        if change >= 0:
            return
        shifted = Entry(change, stage, on, self.version + 1, delta=True)
        days = sorted({on} | {e.effective for e in self.pagu if e.effective > on})
        for day in days:
            for edition in (stage, None):
                after = pagu_in_force([*self.pagu, shifted], stage=edition, on=day)
                if after is not None and after < 0:
                    before = self.current_pagu(edition, on=day) or Decimal("0.00")
                    when = f"on {day}" if day == on else f"from {day}"
                    raise InvalidInput(
                        _(
                            "{kode}: shifting {amount} would take the pagu of {before} below zero "
                            "{when}"
                        ).format(
                            kode=self.kode, when=when, **in_rupiah(amount=-change, before=before)
                        )
                    )

    def set_target(
        self,
        indicator_no: int,
        indicator: str | None,
        target: Target | None,
        stage: Stage,
        basis: Basis,
        kind: IndicatorKind | None = None,
    ) -> None:
        """An indicator's wording and target in an edition; without `kind`, the kind the
        indicator has (or the target's default)."""
        if indicator_no < 1:
            raise InvalidInput(_("{kode}: indicators are numbered from 1").format(kode=self.kode))
        current = self.current_target(indicator_no, stage, on=basis.effective)
        previous = current.value if current else None
        if kind is None:
            kind = previous[2] if previous else (target.default_kind() if target else None)
        event = TargetSet if not self.targets.get(indicator_no) else TargetRevised
        self.trigger_event(
            event,
            indicator_no=indicator_no,
            indicator=indicator,
            target=target,
            kind=kind or IndicatorKind.POSITIVE,
            previous=previous[1] if previous else None,
            stage=stage,
            **basis.fields(),
        )

    def holds_target(
        self, indicator_no: int, wording: tuple[str | None, Target | None], stage: Stage, on: date
    ) -> bool:
        """The edition holds exactly this wording and target for the indicator on `on`
        (a revision, or a budget imported again, records no target that says nothing)."""
        current = self.current_target(indicator_no, stage, on=on)
        return current is not None and current.value[:2] == wording

    @applies(TargetChanged)
    def _target_changed(self, event: TargetChanged) -> None:
        entries = self.targets.setdefault(event.indicator_no, [])
        value = (event.indicator, event.target, event.kind)
        entries.append(Entry(value, event.stage, event.effective, event.originator_version))
        self._remember(event)

    def revise_location(self, location: str | None, stage: Stage, basis: Basis) -> None:
        current = in_force(self.location, stage=stage, on=basis.effective)
        self.trigger_event(
            LocationRevised,
            location=location,
            previous=current.value if current else None,
            stage=stage,
            **basis.fields(),
        )

    @applies(LocationRevised)
    def _location_revised(self, event: LocationRevised) -> None:
        self.location.append(
            Entry(event.location, event.stage, event.effective, event.originator_version)
        )
        self._remember(event)

    # ---- applying events -----------------------------------------------------------

    def when(self, event: LineEvent) -> None:
        """Apply one event to the line's state, by the event's class: the state change
        registered for it (or its family) with `@applies`. An event without one is
        refused, never ignored (`tests/unit/test_dispatch.py` finds it first)."""
        change = state_change_of(type(event))
        if change is None:
            raise TypeError(f"BudgetLine has no state change for {type(event).__name__}")
        change(self, event)
