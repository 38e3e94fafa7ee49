"""The budget line aggregate: one per line per SKPD per fiscal year.

Command methods read like the business's verbs and refuse what the rules forbid; every
accepted command becomes one event (`events.line`). Each verb is followed by the state
change of its event (`@applies`), the only place state changes, which is also how a line
is rebuilt from its stream (`when`).

    ledger/line.py          registration, pagu and shifts, targets, location, revision,
                            corrections
    ledger/line_records.py  what is recorded during the year: realization, evaluation
                            facts, notes, printed figures, SPM, documents, editions
    ledger/line_base.py     the line's state, its queries, the state-change registry
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from events.codes import Kode, Level
from events.errors import InvalidInput
from events.i18n import _
from events.line import (
    EntryCorrected,
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
    event_id_of,
)
from events.money import MAX_RUPIAH, format_rupiah, rupiah
from events.periods import Stage
from events.targets import IndicatorKind, Target
from ledger.line_base import (
    DatedBeforePerubahan,
    Overrun,
    PergeseranAddsNoMoney,
    RealizationBeforeLine,
    applies,
    state_change_of,
)
from ledger.line_records import LineRecords
from ledger.line_state import (
    CORRECTABLE,
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
    "Overrun",
    "PergeseranAddsNoMoney",
    "RealizationBeforeLine",
    "in_force",
    "line_id",
]


class BudgetLine(LineRecords, Aggregate):
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

    def shift(
        self, change: Decimal, counterpart: Kode, transfer_id: UUID, stage: Stage, basis: Basis
    ) -> None:
        """One side of a pergeseran: negative `change` gives money away. `stage` is the
        pergeseran edition the shift amends (the service decides: before or after the
        budget's APBD-P). Refused if the line would go below zero on the shift's date or
        on any later date its pagu changes, in the edition or in force."""
        self._require_money_line()
        if not stage.is_pergeseran:
            raise ValueError(
                _("a shift belongs to a pergeseran edition, not {stage}").format(stage=stage.value)
            )
        current = self.current_pagu(on=basis.effective) or Decimal("0.00")
        self._stays_above_zero(change, stage, basis.effective)
        if current + change > MAX_RUPIAH:
            raise InvalidInput(
                _(
                    "{kode}: shifting {change} would take the pagu of {current} beyond the "
                    "largest accepted, {largest}"
                ).format(
                    kode=self.kode,
                    change=format_rupiah(change),
                    current=format_rupiah(current),
                    largest=format_rupiah(MAX_RUPIAH),
                )
            )
        self.trigger_event(
            PaguShifted,
            amount=current + change,
            previous=current,
            change=change,
            counterpart=counterpart,
            transfer_id=transfer_id,
            stage=stage,
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
                            kode=self.kode,
                            amount=format_rupiah(-change),
                            before=format_rupiah(before),
                            when=when,
                        )
                    )

    def set_target(
        self,
        *,
        indicator_no: int,
        indicator: str | None,
        target: Target | None,
        kind: IndicatorKind | None,
        stage: Stage,
        basis: Basis,
    ) -> None:
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

    def revise(
        self,
        *,
        pagu: Decimal | None = None,
        target: Target | None = None,
        indicator: str | None = None,
        indicator_no: int = 1,
        location: str | None = None,
        stage: Stage,
        basis: Basis,
    ) -> list[str]:
        """Revise any of pagu, an indicator's target or wording, and location. Each is
        compared with what is in force on the revision's effective date and recorded only
        where it differs; returns what was given but already so. A revision that changes
        nothing is refused (it would be an event that says nothing)."""
        on = basis.effective
        unchanged: list[str] = []
        changed = False
        if pagu is not None:
            if self.current_pagu(stage, on=on) == rupiah(pagu):
                unchanged.append(_("pagu is already {amount}").format(amount=format_rupiah(pagu)))
            else:
                self.set_pagu(pagu, stage, basis)
                changed = True
        if target is not None or indicator is not None:
            self._check_indicator_no(indicator_no, adding=(indicator, target))
            current = self.current_target(indicator_no, stage, on=on)
            old_indicator, old_target = current.value[:2] if current else (None, None)
            new_indicator = old_indicator if indicator is None else indicator
            new_target = old_target if target is None else target
            if current is not None and (new_indicator, new_target) == (old_indicator, old_target):
                unchanged.append(
                    _("indicator {indicator_no} already reads {old_target}").format(
                        indicator_no=indicator_no, old_target=old_target
                    )
                )
            else:
                self.set_target(
                    indicator_no=indicator_no,
                    indicator=new_indicator,
                    target=new_target,
                    kind=None,
                    stage=stage,
                    basis=basis,
                )
                changed = True
        if location is not None:
            if self.current_location(stage, on=on) == location:
                unchanged.append(_("location is already {location!r}").format(location=location))
            else:
                self.revise_location(location, stage, basis)
                changed = True
        if not changed:
            raise InvalidInput(
                _("{kode}: nothing to revise: ").format(kode=self.kode) + "; ".join(unchanged)
            )
        return unchanged

    def _check_indicator_no(
        self, indicator_no: int, adding: tuple[str | None, Target | None]
    ) -> None:
        """A revision names one of the line's indicators, or the next number to add one
        (with its wording and its target): never a gap such as 99 on a line with one."""
        held = sorted(self.targets)
        following = (held[-1] if held else 0) + 1
        if indicator_no in self.targets:
            return
        if indicator_no != following:
            numbers = ", ".join(map(str, held))
            have = f"indicator{'s' if len(held) > 1 else ''} {numbers}" if held else "no indicator"
            raise InvalidInput(
                _(
                    "{kode} has {have}: --indicator-no {indicator_no} is none of them; give "
                    "one of them, or {following} to add an indicator"
                ).format(kode=self.kode, have=have, indicator_no=indicator_no, following=following)
            )
        if None in adding:
            raise InvalidInput(
                _(
                    "--indicator-no {indicator_no} adds an indicator to {kode}: give its "
                    "wording (--indicator) and its target (--target)"
                ).format(indicator_no=indicator_no, kode=self.kode)
            )

    # ---- corrections ---------------------------------------------------------------

    def correct(self, version: int, basis: Basis) -> None:
        """Record that the event at `version` was a mistake; it stays in the log."""
        recorded = self.recorded.get(version)
        if recorded is None:
            raise InvalidInput(
                _("{kode}: no event with version {version}").format(kode=self.kode, version=version)
            )
        if recorded.kind in ("LineRegistered", "EntryCorrected"):
            raise InvalidInput(
                _("{kode}: a {kind} event cannot be corrected").format(
                    kode=self.kode, kind=recorded.kind
                )
            )
        if recorded.kind not in CORRECTABLE:
            raise InvalidInput(
                _(
                    "{kode}: a {kind} event cannot be corrected (corrections apply to pagu, "
                    "targets, locations, estimates, Renstra and Renja targets, realizations, "
                    "notes, printed figures and SPM records)"
                ).format(kode=self.kode, kind=recorded.kind)
            )
        if recorded.corrected:
            raise InvalidInput(
                _("{kode}: that event has already been corrected").format(kode=self.kode)
            )
        self.trigger_event(
            EntryCorrected,
            corrected_event_id=event_id_of(self.id, version),
            corrected_version=version,
            **basis.fields(),
        )

    @applies(EntryCorrected)
    def _entry_corrected(self, event: EntryCorrected) -> None:
        version = event.corrected_version
        self.recorded[version].corrected = True
        entries: list[Entry[Any]] = [*self.pagu, *self.location]
        for target_entries in self.targets.values():
            entries.extend(target_entries)
        for entry in entries:
            if entry.version == version:
                entry.voided = True
        for realization in self.realizations:
            if realization.version == version:
                realization.voided = True
        self.facts.void(version)
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
