"""The events of a budget line: everything pagu records is one of these.

One stream per budget line per SKPD per fiscal year. Every event carries who (actor),
why (reason), on what authority (document), from when it is in force (effective), and for
imported facts where it was read (provenance). When it was recorded comes from the store
(see `ledger.storage`), never from the event.

The classes are pure data. How a line's state evolves is the aggregate's business
(`ledger.line.BudgetLine.when`); `apply` only hands the event over, so that stored topics
name this module and the read side can decode events without the write side.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.domain import AggregateCreated, AggregateEvent

from events.codes import Kode, Level
from events.periods import Quarter, Stage
from events.records import fields_of
from events.sources import DocumentRef, Provenance

# the id is the events' own, derived as the storage format says
from events.storage_format import event_id_of as event_id_of
from events.targets import IndicatorKind, Target


class LineEvent(AggregateEvent):
    """Fields every fact carries.

    Each kind also says, with its class, how the rest of pagu treats it: its families
    for `pagu audit --kind` and whether an EntryCorrected may void it (its base is then
    CorrectableEvent); tests/unit/test_dispatch.py checks both for every kind."""

    families: ClassVar[tuple[str, ...]] = ()
    correctable: ClassVar[bool] = False

    actor: str
    reason: str
    document: DocumentRef | None
    effective: date
    provenance: Provenance | None

    def apply(self, aggregate: Any) -> None:
        aggregate.when(self)

    @property
    def event_id(self) -> UUID:
        return event_id_of(self.originator_id, self.originator_version)


class CorrectableEvent(LineEvent):
    """A kind of fact that an EntryCorrected may void (a mistaken pagu, target, note...):
    the kinds that are not (a registration, a document, an edition, a correction) stay
    on a LineEvent directly."""

    correctable = True


class LineRegistered(LineEvent, AggregateCreated):
    """A line enters the budget (a program, kegiatan, sub kegiatan, or the Dinas itself).

    `stage` is the stage at which it entered: a line first budgeted in the APBD-P is
    registered at stage perubahan and is absent from the murni budget."""

    families = ("registration",)

    skpd: str
    tahun: int
    kode: Kode
    level: Level
    nama: str
    indicator: str | None
    location: str | None
    stage: Stage


class PaguChanged(CorrectableEvent):
    """Base of every change of a sub kegiatan's pagu: the new amount and the old one as
    the writer saw it, so that history reads without recomputation."""

    families: ClassVar[tuple[str, ...]] = ("pagu",)

    amount: Decimal
    previous: Decimal | None
    stage: Stage


class PaguSet(PaguChanged):
    """The first pagu of a line (normally the APBD murni)."""


class PaguRevised(PaguChanged):
    """A later pagu, at stage pergeseran or perubahan (or a murni restatement)."""


class PaguShifted(PaguChanged):
    """One side of a pergeseran: money moved between two lines in one transaction.
    `change` is negative on the giving line, positive on the receiving line."""

    families = ("pagu", "shift")

    change: Decimal
    counterpart: Kode
    transfer_id: UUID


class TargetChanged(CorrectableEvent):
    """A line's performance target for one of its indicators (most lines have one;
    `indicator_no` counts from 1). The indicator text travels with the target because
    revisions change both."""

    families = ("target",)

    indicator_no: int
    indicator: str | None
    target: Target | None
    kind: IndicatorKind
    previous: Target | None
    stage: Stage


class TargetSet(TargetChanged):
    """The first target of an indicator."""


class TargetRevised(TargetChanged):
    """A later target or indicator wording."""


class LocationRevised(CorrectableEvent):
    families = ("location",)

    location: str | None
    previous: str | None
    stage: Stage


class ForwardEstimateSet(CorrectableEvent):
    """Perkiraan maju: the target and pagu planned for the next year. A parent's pagu
    is the sum of its children, so parents carry only the target here."""

    families = ("forward",)

    year: int
    indicator_no: int
    target: Target | None
    pagu: Decimal | None


class RenstraTargetSet(CorrectableEvent):
    """The target for the whole Renstra period (Tabel 1, column 4)."""

    families = ("evaluation",)

    target: Target | None


class PriorRealizationRecorded(CorrectableEvent):
    """Realization accumulated up to the end of `through_year` (Tabel 1, column 5)."""

    families = ("evaluation",)

    through_year: int
    output: Target | None


class RenjaTargetSet(CorrectableEvent):
    """This year's target as the evaluation measures against it (Tabel 1, column 6)."""

    families = ("evaluation",)

    year: int
    target: Target | None


class RealizationRecorded(CorrectableEvent):
    """Realization for a quarter: physical output and/or money spent. `cumulative` says
    whether the figures are year-to-date or for that quarter alone. A later entry for
    the same quarter restates the earlier one."""

    families = ("realization",)

    quarter: Quarter
    output: Target | None
    spent: Decimal | None
    cumulative: bool
    overrun_accepted: bool


class NoteAttached(CorrectableEvent):
    families = ("note",)

    text: str


class FactorNoted(CorrectableEvent):
    """A note for the Renja evaluation form (Permendagri 86/2017): a faktor pendorong,
    a faktor penghambat, or a tindak lanjut (for the next quarter, or the next Renja).
    `kind` is one of FACTOR_KINDS. Notes append: each is a row of the form."""

    families = ("note",)

    kind: str
    text: str


# kind -> the form's row it fills
FACTOR_KINDS: dict[str, str] = {
    "pendorong": "Faktor pendorong keberhasilan pencapaian",
    "penghambat": "Faktor penghambat pencapaian kinerja",
    "tindak-lanjut": "Tindak lanjut yang diperlukan dalam triwulan berikutnya",
    "tindak-lanjut-renja": "Tindak lanjut yang diperlukan dalam Renja Perangkat Daerah berikutnya",
}


class PrintedFiguresNoted(CorrectableEvent):
    """Figures a source document printed for a line that pagu computes itself (parent
    totals, differences, evaluation rates). Kept as claims to reconcile, never as data."""

    families = ("printed",)

    table: str
    figures: dict[str, Decimal | None]


class SpmIndicatorRecorded(CorrectableEvent):
    """A minimum service standard indicator (Tabel 2) with its yearly targets,
    realizations and projection (keys are years)."""

    families = ("spm",)

    number: int
    indicator: str
    standard: str | None
    ikk: str | None
    targets: dict[str, Decimal | None]
    realizations: dict[str, Decimal | None]
    projection: dict[str, Decimal | None]
    note: str | None

    # the indicator's row of the SPM table (what both sides keep of it), in this order
    ROW = ("indicator", "standard", "ikk", "targets", "realizations", "projection", "note")

    def row(self) -> dict[str, Any]:
        """The indicator's row of the SPM table (what both sides keep of it)."""
        return fields_of(self, self.ROW)


class DocumentImported(LineEvent):
    """A source document was imported (recorded on the Dinas line once per document),
    with what it held and every place it disagreed with itself (the reconciliation
    report), so that the ledger remembers what each document said about itself."""

    families = ("document",)

    sha256: str
    file_name: str
    title: str
    document_date: date
    counts: dict[str, int]
    findings: list[dict[str, Any]]


class EditionEnacted(LineEvent):
    """The budget entered a new edition, recorded on the Dinas line: the APBD-P (stage
    perubahan) in force from `effective`. From then on a pergeseran amends the DPPA
    (stage pergeseran-p) and may not be dated before it (README, "Budget editions")."""

    families = ("edition",)

    stage: Stage


class EntryCorrected(LineEvent):
    """A compensating event: the corrected event stays in the log, views stop counting
    it from the moment this is recorded."""

    families = ("correction",)

    corrected_event_id: UUID
    corrected_version: int


ALL_EVENT_CLASSES: tuple[type[LineEvent], ...] = (
    LineRegistered,
    PaguSet,
    PaguRevised,
    PaguShifted,
    TargetSet,
    TargetRevised,
    LocationRevised,
    ForwardEstimateSet,
    RenstraTargetSet,
    PriorRealizationRecorded,
    RenjaTargetSet,
    RealizationRecorded,
    NoteAttached,
    PrintedFiguresNoted,
    SpmIndicatorRecorded,
    DocumentImported,
    FactorNoted,
    EditionEnacted,
    EntryCorrected,
)
