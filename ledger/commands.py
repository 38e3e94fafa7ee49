"""The commands a planner, treasurer or auditor gives the ledger, validated.

Each command is a pydantic model: raw strings in (as typed on the command line), value
objects out (`Kode`, `Decimal` rupiah, `Target`, `Stage`, `Quarter`, `date`), parsed by
the vocabulary's own parsers (`ledger.command_fields`) so the rules for writing an
amount or a code are the same everywhere. `parse(Model, **raw)` turns any validation
failure into one `InvalidInput` that names the option and the bad value, never a
pydantic dump.

The `Ledger` service (`ledger.service`) carries the commands out; the rules that need
the ledger's state (an unknown line, a pagu going below zero) live there and in the
aggregate, the rules about the input itself live here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, ClassVar, TypeVar
from uuid import UUID

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from events.codes import Kode, Level
from events.errors import InvalidInput
from events.i18n import _
from events.line import LineEvent
from events.periods import Stage
from events.sources import DocumentRef
from ledger.command_fields import (
    KodeIn,
    QuarterIn,
    Rupiah,
    StageIn,
    TargetIn,
    Words,
    _amount,
    _basis_text,
    _date,
    _quarter,
    _words,
)
from ledger.errors import FieldName, Part, Refusal

M = TypeVar("M", bound="Command")


class Command(BaseModel):
    """Who, why, on what authority and from when: what every appended fact carries."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True, extra="forbid")

    # Budget changes must cite their reason and legal basis.
    needs_basis: ClassVar[bool] = True

    skpd: str
    tahun: int
    actor: str
    reason: str | None = None
    doc: str | None = None
    doc_date: date | None = None
    effective: date = Field(default_factory=date.today)

    @field_validator("effective", "doc_date", mode="before")
    @classmethod
    def a_date(cls, raw: Any) -> date:
        return _date(raw)

    @field_validator("actor", "reason", "doc", mode="before")
    @classmethod
    def visible_text(cls, raw: Any) -> str | None:
        """Who, why and the legal basis: not given is None; given, it must say something
        (blank, a non-breaking space or a zero-width space alone is refused)."""
        return _basis_text(raw)

    @model_validator(mode="after")
    def basis_given(self) -> Command:
        if not self.actor:
            raise Refusal.of(_("{actor}: who records this cannot be empty"))
        if self.needs_basis:
            if not self.reason:
                raise Refusal.of(_("{reason} is required: say why (it is what auditors read)"))
            if not self.doc or self.doc_date is None:
                raise Refusal.of(
                    _(
                        '{doc} and {doc_date} are required: the legal basis, e.g. {doc} "SK '
                        'Kepala Dinas Sosial No. 900/123/2024" {doc_date} 2024-09-01'
                    )
                )
        elif self.doc_date is not None and not self.doc:
            raise Refusal.of(_("{doc_date} needs {doc} (the document it is the date of)"))
        if self.doc_date is not None:
            if self.doc_date > date.today():
                raise Refusal.of(
                    _("{doc_date} {on} is in the future: give the date the document was signed"),
                    on=self.doc_date,
                )
            if self.needs_basis and self.doc_date > self.effective:
                raise Refusal.of(
                    _(
                        "{doc_date} {signed} is after {effective} {on}: a change cannot take "
                        "effect before its legal basis exists"
                    ),
                    signed=self.doc_date,
                    on=self.effective,
                )
        return self

    @property
    def document(self) -> DocumentRef | None:
        return DocumentRef(self.doc, self.doc_date) if self.doc else None

    def year_end(self) -> date:
        return date(self.tahun, 12, 31)


class Revise(Command):
    """`pagu revise KODE`: a new pagu, target, indicator wording or location."""

    kode: KodeIn
    stage: StageIn
    pagu: Rupiah = None
    target: TargetIn = None
    indicator: Words = None
    indicator_no: int = 1
    location: Words = None

    @field_validator("stage")
    @classmethod
    def not_murni(cls, stage: Stage) -> Stage:
        if stage is Stage.MURNI:
            raise Refusal.of(
                _(
                    "a revision is a pergeseran or a perubahan; the murni budget comes with "
                    "{do:import} (or {do:add_murni} for a missing line)"
                )
            )
        return stage

    @model_validator(mode="after")
    def something_to_revise(self) -> Revise:
        given = (self.pagu, self.target, self.indicator, self.location)
        if all(value is None for value in given):
            raise Refusal.of(
                _("nothing to revise: give {pagu}, {target}, {indicator} and/or {location}")
            )
        if self.pagu is not None and self.pagu < 0:
            raise Refusal.of(_("{pagu} cannot be negative ({amount})"), amount=self.pagu)
        if self.indicator_no < 1:
            raise Refusal.of(_("{indicator_no} counts from 1"))
        return self


class Shift(Command):
    """`pagu shift FROM TO AMOUNT`: a pergeseran between two lines of one budget."""

    from_kode: KodeIn
    to_kode: KodeIn
    amount: Decimal
    to_skpd: str
    to_tahun: int

    @field_validator("amount", mode="before")
    @classmethod
    def positive(cls, raw: Any) -> Decimal:
        amount = _amount(raw)
        if amount is None or amount <= 0:
            raise Refusal.of(
                _(
                    "the amount to shift must be more than zero, got {raw} (the direction is "
                    "{from_kode} -> {to_kode})"
                ),
                raw=repr(raw),
            )
        return amount

    @model_validator(mode="after")
    def two_lines_of_one_budget(self) -> Shift:
        if self.from_kode == self.to_kode:
            raise Refusal.of(
                _("{from_kode} and {to_kode} are the same line ({kode})"), kode=self.from_kode
            )
        if (self.skpd, self.tahun) != (self.to_skpd, self.to_tahun):
            raise InvalidInput(
                _(
                    "a pergeseran moves money within one SKPD's budget for one year: "
                    "{from_kode} is in {skpd} {tahun}, {to_kode} in {to_skpd} {to_tahun}"
                ).format(**dict(self))  # the command's own fields
            )
        return self


class Realize(Command):
    """`pagu realize KODE --quarter N`: realization of a triwulan."""

    needs_basis: ClassVar[bool] = False

    kode: KodeIn
    quarter: QuarterIn
    spent: Rupiah = None
    output: TargetIn = None
    cumulative: bool = False
    allow_overrun: bool = False

    @model_validator(mode="before")
    @classmethod
    def dated_at_quarter_end(cls, raw: Any) -> Any:
        """A quarter's realization describes the quarter: without --effective it is in
        force from the quarter's last day."""
        if isinstance(raw, dict) and raw.get("effective") is None and "quarter" in raw:
            try:
                quarter = _quarter(raw["quarter"])
                raw = {**raw, "effective": quarter.last_day(int(raw["tahun"]))}
            except (InvalidInput, KeyError, TypeError, ValueError):
                pass  # the field validators name the problem
        return raw

    @model_validator(mode="after")
    def figures_given(self) -> Realize:
        if self.spent is None and self.output is None:
            raise Refusal.of(_("give {spent}, {output} or both"))
        if self.spent is not None and self.spent < 0:
            raise Refusal.of(_("{spent} cannot be negative ({amount})"), amount=self.spent)
        if self.output is not None and self.output.value < 0:
            raise Refusal.of(_("{output} cannot be negative ({amount})"), amount=self.output)
        if self.allow_overrun and not self.reason:
            raise Refusal.of(_("{allow_overrun} needs {reason}: say why spending exceeds the pagu"))
        starts, ends = self.quarter.first_day(self.tahun), self.quarter.last_day(self.tahun)
        if not starts <= self.effective <= ends:
            raise Refusal.of(
                _(
                    "{effective} {on} is outside triwulan {quarter} of {tahun} ({starts} to "
                    "{ends}): a quarter's realization is in force within its quarter (leave "
                    "{effective} out for its last day)"
                ),
                on=self.effective,
                quarter=self.quarter.name,
                tahun=self.tahun,
                starts=starts,
                ends=ends,
            )
        return self

    @property
    def why(self) -> str:
        return self.reason or f"Realisasi triwulan {self.quarter.name} {self.tahun}"


class AddLine(Command):
    """`pagu add-line KODE NAME`: a program, kegiatan or sub kegiatan enters the budget."""

    kode: KodeIn
    nama: Annotated[str, BeforeValidator(_words)]
    indicator: Annotated[str, BeforeValidator(_words)]
    target: TargetIn
    pagu: Rupiah = None
    location: Words = None
    stage: StageIn

    @model_validator(mode="after")
    def fits_the_hierarchy(self) -> AddLine:
        level = self.kode.level
        if level is Level.URUSAN:
            raise Refusal.of(
                _(
                    "{kode} is a Dinas line: it comes with {do:import}; {do:add_line} adds "
                    "programs, kegiatan and sub kegiatan"
                ),
                kode=self.kode,
            )
        if level is Level.SUB_KEGIATAN and self.pagu is None:
            raise Refusal.of(_("{pagu} is required: {kode} is a sub kegiatan"), kode=self.kode)
        if level is not Level.SUB_KEGIATAN and self.pagu is not None:
            raise Refusal.of(
                _(
                    "{pagu}: {kode} is a {level}; its pagu is the sum of its sub kegiatan, "
                    "so leave {pagu} out"
                ),
                kode=self.kode,
                level=level.value,
            )
        if self.pagu is not None and self.pagu < 0:
            raise Refusal.of(_("{pagu} cannot be negative ({amount})"), amount=self.pagu)
        if self.effective > self.year_end():
            raise _after_year(self.effective, self.tahun)
        return self


class Correct(Command):
    """`pagu correct EVENT_ID`: reverse a mistaken entry with a compensating event."""

    needs_basis: ClassVar[bool] = False

    event_id: UUID
    line_id: UUID
    version: int

    @model_validator(mode="after")
    def reason_given(self) -> Correct:
        if not self.reason:
            raise Refusal.of(_("{reason} is required: say what was wrong with the entry"))
        return self


def _after_year(effective: date, tahun: int) -> Refusal:
    return Refusal.of(
        _(
            "{effective} {on} is after the {tahun} budget year ended: give the date "
            "the change took effect, e.g. {effective} {tahun}-09-01"
        ),
        on=effective,
        tahun=tahun,
    )


def check_budget_date(command: Command, effective_from: date, kode: Kode) -> None:
    """A budget change takes effect within its year and not before its line exists."""
    if command.effective > command.year_end():
        raise _after_year(command.effective, command.tahun)
    if command.effective < effective_from:
        raise Refusal.of(
            _("{effective} {on} is before {kode} entered the budget ({since})"),
            on=command.effective,
            kode=kode,
            since=effective_from,
        )


def parse(model: type[M], **raw: Any) -> M:
    """Validate raw input into a command, or refuse it with one clear message that names
    the field (a `Refusal`, worded by the front end). An option not given (None) takes
    the field's default, or is reported as required."""
    try:
        return model(**{name: value for name, value in raw.items() if value is not None})
    except ValidationError as problem:
        raise _refusal(problem) from None


def _refusal(problem: ValidationError) -> InvalidInput:
    error = problem.errors(include_url=False)[0]
    cause = (error.get("ctx") or {}).get("error")
    text = str(error.get("msg", "invalid"))
    for prefix in ("Value error, ", "Assertion failed, "):
        text = text.removeprefix(prefix)
    location = error.get("loc") or ()
    if not location:  # a rule across fields: its message names them
        return cause if isinstance(cause, Refusal) else InvalidInput(text)
    label = FieldName(str(location[0]))
    shown = error.get("input")
    if error.get("type") == "missing":
        return Refusal(label, " is required")
    said: tuple[Part, ...] = cause.parts if isinstance(cause, Refusal) else (text,)
    got = ""
    if isinstance(shown, str) and repr(shown) not in text:
        # one readable line, not a screenful of digits
        long = f"{shown[:40]!r}... of {len(shown)} characters"
        got = f" (got {long})" if len(shown) > 80 else f" (got {shown!r})"
    return Refusal(label, ": ", *said, got)


@dataclass
class Recorded:
    """What a command recorded, for the acknowledgement."""

    events: list[LineEvent]
    kodes: dict[UUID, Kode]
    notes: list[str] = field(default_factory=list)
