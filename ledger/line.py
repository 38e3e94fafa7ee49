"""The budget line aggregate: one per line per SKPD per fiscal year.

Command methods read like the business's verbs and refuse what the rules forbid; every
accepted command becomes one event (`events.line`). State changes happen only in
`when`, which is also how a line is rebuilt from its stream.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import singledispatchmethod
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from events.codes import Kode, Level
from events.errors import InvalidInput
from events.i18n import _, ngettext
from events.line import (
    DocumentImported,
    EditionEnacted,
    EntryCorrected,
    ForwardEstimateSet,
    LineEvent,
    LineRegistered,
    LocationRevised,
    NoteAttached,
    PaguChanged,
    PaguRevised,
    PaguSet,
    PaguShifted,
    PrintedFiguresNoted,
    PriorRealizationRecorded,
    RealizationRecorded,
    RenjaTargetSet,
    RenstraTargetSet,
    SpmIndicatorRecorded,
    TargetChanged,
    TargetRevised,
    TargetSet,
    event_id_of,
)
from events.money import MAX_RUPIAH, format_rupiah, rupiah
from events.periods import Quarter, Stage
from events.targets import IndicatorKind, Target
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


class Overrun(InvalidInput):
    """Spending to date beyond the pagu in force (the CLI says how to accept it)."""


class PergeseranAddsNoMoney(InvalidInput):
    """A pagu set in a pergeseran edition: a pergeseran adds no money."""


class DatedBeforePerubahan(InvalidInput):
    """A pergeseran dated before the APBD-P it would have to amend."""


class RealizationBeforeLine(InvalidInput):
    """A realization dated before its line entered the budget."""


class BudgetLine(Aggregate):
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
                    when = (
                        _("on {day}").format(day=day)
                        if day == on
                        else _("from {day}").format(day=day)
                    )
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

    def revise_location(self, location: str | None, stage: Stage, basis: Basis) -> None:
        current = in_force(self.location, stage=stage, on=basis.effective)
        self.trigger_event(
            LocationRevised,
            location=location,
            previous=current.value if current else None,
            stage=stage,
            **basis.fields(),
        )

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
            have = (
                ngettext("indicator {numbers}", "indicators {numbers}", len(held)).format(
                    numbers=numbers
                )
                if held
                else _("no indicator")
            )
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

    def set_forward_estimate(
        self,
        *,
        year: int,
        indicator_no: int,
        target: Target | None,
        pagu: Decimal | None,
        basis: Basis,
    ) -> None:
        if pagu is not None:
            self._require_money_line()
            if pagu < 0:
                raise InvalidInput(
                    _("{kode}: forward pagu cannot be negative").format(kode=self.kode)
                )
        self.trigger_event(
            ForwardEstimateSet,
            year=year,
            indicator_no=indicator_no,
            target=target,
            pagu=pagu,
            **basis.fields(),
        )

    # ---- evaluation ----------------------------------------------------------------

    def set_renstra_target(self, target: Target | None, basis: Basis) -> None:
        self.trigger_event(RenstraTargetSet, target=target, **basis.fields())

    def record_prior_realization(
        self, through_year: int, output: Target | None, basis: Basis
    ) -> None:
        self.trigger_event(
            PriorRealizationRecorded, through_year=through_year, output=output, **basis.fields()
        )

    def set_renja_target(self, year: int, target: Target | None, basis: Basis) -> None:
        self.trigger_event(RenjaTargetSet, year=year, target=target, **basis.fields())

    def record_realization(
        self,
        *,
        quarter: Quarter,
        output: Target | None,
        spent: Decimal | None,
        cumulative: bool,
        allow_overrun: bool,
        basis: Basis,
    ) -> None:
        if output is None and spent is None:
            raise InvalidInput(
                _("{kode}: give the money spent, the output, or both").format(kode=self.kode)
            )
        if spent is not None:
            if self.level not in (Level.SUB_KEGIATAN, Level.URUSAN):
                raise InvalidInput(
                    _(
                        "{kode} is a {level}: record money spent on its sub kegiatan (its "
                        "spending is their sum)"
                    ).format(kode=self.kode, level=self.level.value)
                )
            if spent < 0:
                raise InvalidInput(
                    _("{kode}: money spent cannot be negative").format(kode=self.kode)
                )
        if output is not None and output.value < 0:
            raise InvalidInput(_("{kode}: output cannot be negative").format(kode=self.kode))
        if basis.effective < self.effective_from:
            raise RealizationBeforeLine(
                _(
                    "{kode}: a realization effective {effective} is before the line entered "
                    "the budget ({effective_from})"
                ).format(
                    kode=self.kode, effective=basis.effective, effective_from=self.effective_from
                )
            )
        overrun = False
        if spent is not None and self.level is Level.SUB_KEGIATAN:
            to_date = self.spent_to_date(quarter, extra=(quarter, spent, cumulative))
            # against the pagu in force on the entry's own date, as the views read it
            pagu = self.current_pagu(on=basis.effective) or Decimal("0.00")
            overrun = to_date > pagu
            if overrun and not allow_overrun:
                raise Overrun(
                    _(
                        "{kode}: spending to date would be {to_date}, beyond the pagu of {pagu} "
                        "in force on {effective}"
                    ).format(
                        kode=self.kode,
                        to_date=format_rupiah(to_date),
                        pagu=format_rupiah(pagu),
                        effective=basis.effective,
                    )
                )
        self.trigger_event(
            RealizationRecorded,
            quarter=quarter,
            output=output,
            spent=spent,
            cumulative=cumulative,
            overrun_accepted=overrun,
            **basis.fields(),
        )

    def attach_note(self, text: str, basis: Basis) -> None:
        if not text.strip():
            raise InvalidInput(_("{kode}: a note needs text").format(kode=self.kode))
        self.trigger_event(NoteAttached, text=text.strip(), **basis.fields())

    def note_printed_figures(
        self, table: str, figures: dict[str, Decimal | None], basis: Basis
    ) -> None:
        self.trigger_event(PrintedFiguresNoted, table=table, figures=figures, **basis.fields())

    def record_spm_indicator(self, basis: Basis, **fields: Any) -> None:
        self.trigger_event(SpmIndicatorRecorded, **fields, **basis.fields())

    def record_document_import(
        self,
        *,
        sha256: str,
        file_name: str,
        title: str,
        document_date: date,
        counts: dict[str, int],
        findings: list[dict[str, Any]],
        basis: Basis,
    ) -> None:
        if self.level is not Level.URUSAN:
            raise InvalidInput(
                _("{kode}: documents are recorded on the Dinas line").format(kode=self.kode)
            )
        self.trigger_event(
            DocumentImported,
            sha256=sha256,
            file_name=file_name,
            title=title,
            document_date=document_date,
            counts=counts,
            findings=findings,
            **basis.fields(),
        )

    def enact_edition(self, stage: Stage, basis: Basis) -> None:
        """On the Dinas line: the budget's APBD-P is in force from `basis.effective` (an
        earlier date than one known moves it earlier)."""
        if self.level is not Level.URUSAN:
            raise ValueError(
                _("{kode}: editions are recorded on the Dinas line").format(kode=self.kode)
            )
        if stage is not Stage.PERUBAHAN:
            raise ValueError(
                _("only the APBD-P is enacted as an edition, not {stage}").format(stage=stage.value)
            )
        if self.perubahan_from is not None and self.perubahan_from <= basis.effective:
            return
        self.trigger_event(EditionEnacted, stage=stage, **basis.fields())

    def pergeseran_edition(self, on: date) -> Stage:
        """On the Dinas line: which edition a pergeseran effective `on` amends, the DPA
        or, once the APBD-P is in force, the DPPA; refused when it is dated before an
        APBD-P already recorded (the APBD-P restates the DPA it replaced)."""
        if self.perubahan_from is None:
            return Stage.PERGESERAN
        if on < self.perubahan_from:
            raise DatedBeforePerubahan(
                _(
                    "the APBD-P of {tahun} took effect on {perubahan_from}: a pergeseran "
                    "dated {on} would amend the DPA that the APBD-P replaced; date it on or "
                    "after {perubahan_from}"
                ).format(tahun=self.tahun, perubahan_from=self.perubahan_from, on=on)
            )
        return Stage.PERGESERAN_P

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
        total = Decimal("0.00")
        for q in Quarter:
            if q.value > quarter.value:
                break
            if q in latest:
                amount, cumulative = latest[q]
                total = amount if cumulative else total + amount
        return total

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

    # ---- applying events -----------------------------------------------------------

    def when(self, event: LineEvent) -> None:
        """Apply one event to the line's state, by the event's class.

        Dispatches through the registry below directly: on Python 3.11 looking up a
        `singledispatchmethod` builds a new wrapper on every call (~15 µs an event)."""
        _WHEN.dispatch(type(event))(self, event)

    @singledispatchmethod
    def _when(self, event: LineEvent) -> None:
        """Events that change nothing the write side needs."""

    @_when.register
    def _(self, event: LineRegistered) -> None:
        self.skpd, self.tahun, self.kode = event.skpd, event.tahun, event.kode
        self.level, self.nama, self.stage_registered = event.level, event.nama, event.stage
        self.effective_from = event.effective
        self.location = [Entry(event.location, event.stage, event.effective, 1)]
        self._remember(event)

    @_when.register
    def _(self, event: PaguChanged) -> None:
        version = event.originator_version
        if isinstance(event, PaguShifted):  # only the money moved: read after what it moves
            shifted = Entry(event.change, event.stage, event.effective, version, delta=True)
            self.pagu.append(shifted)
            self._remember(event, event.transfer_id, event.counterpart)
        else:
            self.pagu.append(Entry(event.amount, event.stage, event.effective, version))
            self._remember(event)

    @_when.register
    def _(self, event: TargetChanged) -> None:
        entries = self.targets.setdefault(event.indicator_no, [])
        value = (event.indicator, event.target, event.kind)
        entries.append(Entry(value, event.stage, event.effective, event.originator_version))
        self._remember(event)

    @_when.register
    def _(self, event: LocationRevised) -> None:
        self.location.append(
            Entry(event.location, event.stage, event.effective, event.originator_version)
        )
        self._remember(event)

    @_when.register
    def _(self, event: ForwardEstimateSet) -> None:
        value = (event.target, event.pagu)
        key = (event.year, event.indicator_no)
        self.facts.record("forward", key, event.originator_version, value)
        self._remember(event)

    @_when.register
    def _(self, event: RenstraTargetSet) -> None:
        self.facts.record("renstra", None, event.originator_version, event.target)
        self._remember(event)

    @_when.register
    def _(self, event: PriorRealizationRecorded) -> None:
        value = (event.through_year, event.output)
        self.facts.record("prior", None, event.originator_version, value)
        self._remember(event)

    @_when.register
    def _(self, event: RenjaTargetSet) -> None:
        self.facts.record("renja", None, event.originator_version, (event.year, event.target))
        self._remember(event)

    @_when.register
    def _(self, event: RealizationRecorded) -> None:
        self.realizations.append(
            Realization(
                event.quarter,
                event.output,
                event.spent,
                event.cumulative,
                event.originator_version,
            )
        )
        self._remember(event)

    @_when.register
    def _(self, event: NoteAttached) -> None:
        self.facts.record("note", None, event.originator_version, event.text)
        self._remember(event)

    @_when.register
    def _(self, event: PrintedFiguresNoted) -> None:
        value = dict(event.figures)
        self.facts.record("printed", event.table, event.originator_version, value)
        self._remember(event)

    @_when.register
    def _(self, event: SpmIndicatorRecorded) -> None:
        self.facts.record("spm", event.number, event.originator_version, event.row())
        self._remember(event)

    @_when.register
    def _(self, event: DocumentImported) -> None:
        self.facts.imported.add(event.sha256)
        self._remember(event)

    @_when.register
    def _(self, event: EditionEnacted) -> None:
        if self.perubahan_from is None or event.effective < self.perubahan_from:
            self.perubahan_from = event.effective
        self._remember(event)

    @_when.register
    def _(self, event: EntryCorrected) -> None:
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

    def _remember(
        self, event: LineEvent, transfer_id: UUID | None = None, counterpart: Kode | None = None
    ) -> None:
        self.recorded[event.originator_version] = RecordedEvent(
            type(event).__name__, transfer_id=transfer_id, counterpart=counterpart
        )


_WHEN = BudgetLine.__dict__["_when"].dispatcher
