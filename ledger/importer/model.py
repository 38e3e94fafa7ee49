"""What a Renja Perubahan document says, as read by the parser: plain data, no ledger."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from events.codes import Kode
from events.periods import Quarter
from events.targets import Target


@dataclass
class IndicatorColumns:
    """One indicator of a BAB III row (a continuation row carries a second one)."""

    line_no: int
    murni_indicator: str | None
    murni_target: Target | None
    perubahan_indicator: str | None
    perubahan_target: Target | None
    forward_target: Target | None


@dataclass
class BudgetRow:
    """A row of the APBD-P table (BAB III): murni columns, perubahan columns, the printed
    difference and the forward estimate."""

    line_no: int
    kode: Kode | None
    nama: str
    murni_location: str | None
    murni_pagu: Decimal | None
    perubahan_location: str | None
    perubahan_pagu: Decimal | None
    printed_difference: Decimal | None
    forward_pagu: Decimal | None
    indicators: list[IndicatorColumns] = field(default_factory=list)
    kode_inferred: bool = False


@dataclass
class EvaluationRow:
    """A row of Tabel 1 (Permendagri 86/2017 evaluation)."""

    line_no: int
    kode: Kode
    nama: str
    indicator: str | None
    renstra: Target | None  # column 4
    prior: Target | None  # column 5
    target: Target | None  # column 6
    realization: Target | None  # column 7
    printed_rate: Decimal | None  # column 8, percent
    note: str | None  # column 9
    printed_cumulative: Target | None  # column 10
    printed_achievement: Decimal | None  # column 11, percent
    extra_indicators: list[str] = field(default_factory=list)


@dataclass
class SpmRow:
    """A row of Tabel 2 (SPM)."""

    line_no: int
    number: int
    indicator: str
    standard: str | None
    ikk: str | None
    targets: dict[str, Decimal | None]
    realizations: dict[str, Decimal | None]
    projection: dict[str, Decimal | None]
    note: str | None


@dataclass
class DinasRealization:
    """The Dinas's realization to date, stated in the text."""

    line_no: int
    quarter: Quarter
    spent: Decimal | None
    physical_percent: Decimal | None
    printed_base: Decimal | None
    printed_rate: Decimal | None


@dataclass
class StatedFigure:
    """A figure the narrative states (counts, totals) for reconciliation."""

    line_no: int
    name: str
    value: Decimal


@dataclass
class SkippedRow:
    line_no: int
    table: str
    text: str
    why: str


@dataclass
class Inference:
    line_no: int
    kode: Kode
    basis: str


@dataclass
class ParsedDocument:
    path: str
    sha256: str
    title: str
    pemda: str
    skpd: str
    tahun: int
    date: date
    urusan: Kode
    forward_year: int
    realization_quarter: Quarter
    prior_year: int
    budget_rows: list[BudgetRow]
    total_row: BudgetRow | None
    evaluation_rows: list[EvaluationRow]
    spm_rows: list[SpmRow]
    dinas_realization: DinasRealization | None
    stated: list[StatedFigure]
    skipped: list[SkippedRow]
    inferred: list[Inference]
