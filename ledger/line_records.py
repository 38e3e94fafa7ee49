"""What is recorded on a line during the year: realization, the evaluation's facts
(forward estimates, Renstra and Renja targets, prior realization), notes, printed
figures, SPM indicators, imported documents and the budget's editions. Each verb is
followed by the state change of its event (see `ledger.line_base`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from events.codes import Level
from events.errors import InvalidInput
from events.i18n import _
from events.line import (
    FACTOR_KINDS,
    DocumentImported,
    EditionEnacted,
    FactorNoted,
    ForwardEstimateSet,
    NoteAttached,
    PrintedFiguresNoted,
    PriorRealizationRecorded,
    RealizationRecorded,
    RenjaTargetSet,
    RenstraTargetSet,
    SpmIndicatorRecorded,
)
from events.money import format_rupiah, in_rupiah
from events.periods import Quarter, Stage
from events.records import fields_of
from events.targets import Target
from ledger.line_base import (
    DatedBeforePerubahan,
    LineBase,
    Overrun,
    RealizationBeforeLine,
    applies,
)
from ledger.line_state import Basis, Realization


@dataclass(frozen=True)
class Realized:
    """What a realization says of one triwulan: the output, the money spent, and
    whether that money is the year to date (`cumulative`) or the triwulan's own."""

    quarter: Quarter
    output: Target | None
    spent: Decimal | None
    cumulative: bool

    def fields(self) -> dict[str, Any]:
        """The figures as `RealizationRecorded`'s keyword arguments."""
        return fields_of(self, ("quarter", "output", "spent", "cumulative"))


@dataclass(frozen=True)
class ImportedDocument:
    """Which file was imported: its SHA-256, its file name, and the title and date it
    prints (the document's identity in `DocumentImported`)."""

    sha256: str
    file_name: str
    title: str
    document_date: date

    def fields(self) -> dict[str, Any]:
        """The identity as `DocumentImported`'s keyword arguments."""
        return fields_of(self, ("sha256", "file_name", "title", "document_date"))


class LineRecords(LineBase):
    """The verbs of a line's year (BudgetLine's, with those of ledger/line.py)."""

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

    @applies(ForwardEstimateSet)
    def _forward_estimate_set(self, event: ForwardEstimateSet) -> None:
        value = (event.target, event.pagu)
        key = (event.year, event.indicator_no)
        self.facts.record("forward", key, event.originator_version, value)
        self._remember(event)

    # ---- evaluation ----------------------------------------------------------------

    def set_renstra_target(self, target: Target | None, basis: Basis) -> None:
        self.trigger_event(RenstraTargetSet, target=target, **basis.fields())

    @applies(RenstraTargetSet)
    def _renstra_target_set(self, event: RenstraTargetSet) -> None:
        self.facts.record("renstra", None, event.originator_version, event.target)
        self._remember(event)

    def record_prior_realization(
        self, through_year: int, output: Target | None, basis: Basis
    ) -> None:
        self.trigger_event(
            PriorRealizationRecorded, through_year=through_year, output=output, **basis.fields()
        )

    @applies(PriorRealizationRecorded)
    def _prior_realization_recorded(self, event: PriorRealizationRecorded) -> None:
        value = (event.through_year, event.output)
        self.facts.record("prior", None, event.originator_version, value)
        self._remember(event)

    def set_renja_target(self, year: int, target: Target | None, basis: Basis) -> None:
        self.trigger_event(RenjaTargetSet, year=year, target=target, **basis.fields())

    @applies(RenjaTargetSet)
    def _renja_target_set(self, event: RenjaTargetSet) -> None:
        self.facts.record("renja", None, event.originator_version, (event.year, event.target))
        self._remember(event)

    def record_realization(self, realized: Realized, *, allow_overrun: bool, basis: Basis) -> None:
        quarter, output, spent = realized.quarter, realized.output, realized.spent
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
        if spent is not None:  # the Dinas's own figure too
            falls = self.spending_falls((quarter, spent, realized.cumulative))
            if falls is not None:
                earlier, high, later, low = falls
                raise InvalidInput(
                    _(
                        "{kode}: spending to date would fall from {high} (to triwulan "
                        "{earlier}) to {low} (to triwulan {later}): money spent is never "
                        "given back; a cumulative figure is the year to date, at least what "
                        "was spent before it"
                    ).format(
                        kode=self.kode,
                        high=format_rupiah(high),
                        earlier=earlier.name,
                        low=format_rupiah(low),
                        later=later.name,
                    )
                )
        overrun = False
        if spent is not None and self.level is Level.SUB_KEGIATAN:
            to_date = self.spent_to_date(quarter, extra=(quarter, spent, realized.cumulative))
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
                        effective=basis.effective,
                        **in_rupiah(to_date=to_date, pagu=pagu),
                    )
                )
        self.trigger_event(
            RealizationRecorded, **realized.fields(), overrun_accepted=overrun, **basis.fields()
        )

    @applies(RealizationRecorded)
    def _realization_recorded(self, event: RealizationRecorded) -> None:
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

    def attach_note(self, text: str, basis: Basis) -> None:
        if not text.strip():
            raise InvalidInput(_("{kode}: a note needs text").format(kode=self.kode))
        self.trigger_event(NoteAttached, text=text.strip(), **basis.fields())

    @applies(NoteAttached)
    def _note_attached(self, event: NoteAttached) -> None:
        self.facts.record("note", None, event.originator_version, event.text)
        self._remember(event)

    def note_factor(self, kind: str, text: str, basis: Basis) -> None:
        """A faktor pendorong, penghambat or tindak lanjut for the evaluation form."""
        if kind not in FACTOR_KINDS:
            raise InvalidInput(f"unknown kind {kind!r}: use {', '.join(FACTOR_KINDS)}")
        if not text.strip():
            raise InvalidInput(_("{kode}: a note needs text").format(kode=self.kode))
        if basis.effective < self.effective_from:
            raise InvalidInput(
                f"{self.kode}: a note effective {basis.effective} is before the line entered "
                f"the budget ({self.effective_from})"
            )
        self.trigger_event(FactorNoted, kind=kind, text=text.strip(), **basis.fields())

    @applies(FactorNoted)
    def _factor_noted(self, event: FactorNoted) -> None:
        self.facts.record("factor", event.kind, event.originator_version, event.text)
        self._remember(event)

    def note_printed_figures(
        self, table: str, figures: dict[str, Decimal | None], basis: Basis
    ) -> None:
        self.trigger_event(PrintedFiguresNoted, table=table, figures=figures, **basis.fields())

    @applies(PrintedFiguresNoted)
    def _printed_figures_noted(self, event: PrintedFiguresNoted) -> None:
        value = dict(event.figures)
        self.facts.record("printed", event.table, event.originator_version, value)
        self._remember(event)

    def record_spm_indicator(self, basis: Basis, **fields: Any) -> None:
        self.trigger_event(SpmIndicatorRecorded, **fields, **basis.fields())

    @applies(SpmIndicatorRecorded)
    def _spm_indicator_recorded(self, event: SpmIndicatorRecorded) -> None:
        self.facts.record("spm", event.number, event.originator_version, event.row())
        self._remember(event)

    def record_document_import(
        self,
        file: ImportedDocument,
        *,
        counts: dict[str, int],
        findings: list[dict[str, Any]],
        basis: Basis,
    ) -> None:
        if self.level is not Level.URUSAN:
            raise InvalidInput(
                _("{kode}: documents are recorded on the Dinas line").format(kode=self.kode)
            )
        self.trigger_event(
            DocumentImported, **file.fields(), counts=counts, findings=findings, **basis.fields()
        )

    @applies(DocumentImported)
    def _document_imported(self, event: DocumentImported) -> None:
        self.facts.imported.add(event.sha256)
        self._remember(event)

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

    @applies(EditionEnacted)
    def _edition_enacted(self, event: EditionEnacted) -> None:
        if self.perubahan_from is None or event.effective < self.perubahan_from:
            self.perubahan_from = event.effective
        self._remember(event)
