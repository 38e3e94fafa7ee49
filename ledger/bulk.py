"""Bulk realization: every row of a file (`ledger.importer.realization_file`) is one
`pagu realize`, checked by the same rules, and all are recorded in one transaction or
none is.

Each row becomes a `ledger.commands.Realize` (the command's own validation: the code,
the quarter, the amounts, the output, the date within the quarter, an overrun only
with a reason) and is then given to its line's `record_realization` (the ledger's
rules: a money line, not before the line, spending to date within the pagu). Two rules
are the file's own: an output's unit must be the line's target unit (a budget target
or its Renja target), and a line and quarter may appear only once in a file. Every
refused row is reported, with its row number, column and reason, and nothing is saved.

Idempotent: a row whose figures are those already in force for its line and quarter
(the latest entry giving each figure has the same amount and the same cumulative flag)
is skipped, so the same file twice records nothing the second time, and a template
filled in from what is recorded can be sent back as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from uuid import UUID

from events.codes import Kode, Level
from events.errors import InvalidInput
from events.i18n import _, ngettext
from events.periods import Quarter
from events.targets import Target, same_unit
from ledger.commands import Realize, Recorded, parse
from ledger.importer.realization_file import FileRow, RealizationFile
from ledger.line import BudgetLine, Overrun, RealizationBeforeLine, line_id
from ledger.service import record_realization

if TYPE_CHECKING:
    from ledger.service import Ledger

TRUE = frozenset({"ya", "y", "yes", "true", "1", "kumulatif", "s/d", "sd", "cumulative", "x"})
FALSE = frozenset({"tidak", "t", "no", "n", "false", "0", "triwulan", "quarter", "-"})
MAX_PROBLEMS_SHOWN = 50


class RowRealize(Realize):
    """A row's realization: the command's rules (its refusals are worded with the
    file's column names by `_column_of`)."""


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        return _("row {row}, {column}: {reason}").format(
            row=self.row, column=self.column, reason=self.reason
        )


class RowsRefused(InvalidInput):
    """Some rows were refused: nothing of the file was recorded."""

    def __init__(self, name: str, problems: list[RowProblem]) -> None:
        self.problems = problems
        shown = "\n  ".join(str(problem) for problem in problems[:MAX_PROBLEMS_SHOWN])
        more = len(problems) - MAX_PROBLEMS_SHOWN
        tail = "\n  " + _("... and {more} more").format(more=more) if more > 0 else ""
        rows = len({problem.row for problem in problems})
        super().__init__(
            ngettext(
                "{name}: {rows} row refused, nothing was recorded:",
                "{name}: {rows} rows refused, nothing was recorded:",
                rows,
            ).format(name=name, rows=rows)
            + f"\n  {shown}{tail}"
        )


@dataclass
class BulkResult:
    recorded: Recorded
    rows: int  # data rows read
    unchanged: list[int] = field(default_factory=list)  # rows already recorded as they are
    empty: list[int] = field(default_factory=list)  # rows with no figure
    dry_run: bool = False


# the command's fields as the file's columns
_COLUMNS = {
    "kode": "kode",
    "quarter": "quarter",
    "spent": "spent",
    "output": "output",
    "cumulative": "cumulative",
    "effective": "effective",
    "doc": "doc",
    "doc_date": "doc",
    "reason": "reason",
    "allow_overrun": "reason",  # a row's reason is what accepts an overrun
}


def _column_of(problem: InvalidInput, file: RealizationFile) -> tuple[str, str]:
    """The column a rule's refusal is about, and the refusal worded with the file's
    column names (ledger.errors: a refusal names the command's fields)."""
    from ledger.errors import FieldName, Refusal, plain_action, plain_name

    if not isinstance(problem, Refusal) or not problem.fields:
        return file.label("kode"), str(problem)
    parts = list(problem.parts)
    column = file.label(_COLUMNS.get(problem.fields[0], "kode"))
    # "field: reason" about one field: the column says the field
    if (
        len(parts) > 1
        and isinstance(parts[0], FieldName)
        and isinstance(parts[1], str)
        and parts[1].startswith(": ")
    ):
        parts = [parts[1][2:], *parts[2:]]

    def name(field: str) -> str:
        return file.label(_COLUMNS[field]) if field in _COLUMNS else plain_name(field)

    reason = "".join(
        name(part.name) if isinstance(part, FieldName) else part
        if isinstance(part, str) else plain_action(part.name)
        for part in parts
    )
    label = file.label("effective")
    return column, reason.replace(
        _("(leave {effective} out for its last day)").format(effective=label),
        _("(leave it blank for its last day)"),
    )


def _cumulative(text: str | None) -> bool | None:
    if text is None:
        return False
    key = text.strip().lower()
    if key in TRUE:
        return True
    if key in FALSE:
        return False
    return None


def _target_units(line: BudgetLine) -> list[str]:
    units = []
    for number in sorted(line.targets):
        entry = line.current_target(number)
        if entry is not None and entry.value[1] is not None and entry.value[1].unit:
            units.append(entry.value[1].unit)
    renja = line.facts.latest("renja")
    if renja is not None and renja[1] is not None and renja[1].unit:
        units.append(renja[1].unit)
    return units


def _already(line: BudgetLine, command: Realize) -> bool:
    """The row's figures are those in force for its line and quarter."""
    if command.spent is not None:
        latest = line.latest_realization(command.quarter, "spent")
        if latest is None or latest.cumulative != command.cumulative:
            return False
        if latest.spent != command.spent:
            return False
    if command.output is not None:
        latest = line.latest_realization(command.quarter, "output")
        if latest is None or latest.cumulative != command.cumulative:
            return False
        done = latest.output
        if done is None or done.value != command.output.value:
            return False
        if not same_unit(done.unit, command.output.unit):
            return False
    return True


def realize_rows(
    ledger: Ledger,
    file: RealizationFile,
    *,
    skpd: str,
    tahun: int,
    actor: str,
    dry_run: bool = False,
) -> BulkResult:
    """Check every row and record them all in one transaction (or, with `dry_run`,
    only say what would be recorded); any refused row refuses the file."""

    parsed: list[tuple[FileRow, Realize | None]] = []
    problems: list[RowProblem] = []
    for row in file.rows:
        parsed.append((row, _command(file, row, skpd, tahun, actor, problems)))
    wanted = {command.kode for _, command in parsed if command is not None}

    def attempt() -> BulkResult:
        lines = ledger.load_lines([line_id(skpd, tahun, kode) for kode in wanted])
        touched: dict[UUID, BudgetLine] = {}
        units_of: dict[UUID, list[str]] = {}
        refused = list(problems)
        seen: dict[tuple[Kode, Any], int] = {}
        result = BulkResult(Recorded([], {}), len(file.rows), dry_run=dry_run)
        for row, command in parsed:
            if command is None:
                if "kode" in row.cells and not ({"spent", "output"} & row.cells.keys()):
                    result.empty.append(row.number)
                continue
            key = (command.kode, command.quarter)
            if key in seen:
                refused.append(
                    RowProblem(
                        row.number,
                        file.label("kode"),
                        _(
                            "duplicate row: {kode} triwulan {quarter} is already in row {row}"
                        ).format(kode=command.kode, quarter=command.quarter.name, row=seen[key]),
                    )
                )
                continue
            seen[key] = row.number
            line = lines.get(line_id(skpd, tahun, command.kode))
            if line is None or line.level is Level.URUSAN:
                what = (
                    _("the Dinas line: record its own figure with pagu realize")
                    if line
                    else _("unknown line {kode} in {skpd} {tahun}").format(
                        kode=command.kode, skpd=skpd, tahun=tahun
                    )
                )
                refused.append(RowProblem(row.number, file.label("kode"), what))
                continue
            if line.id not in units_of:
                units_of[line.id] = _target_units(line)
            units = units_of[line.id]
            command = _completed(row, units, command)
            if _already(line, command):
                result.unchanged.append(row.number)
                continue
            problem = _unit_problem(file, row, line, command, units)
            if problem is not None:
                refused.append(problem)
                continue
            try:
                record_realization(line, command)
            except Overrun as problem:
                refused.append(
                    RowProblem(
                        row.number,
                        file.label("spent"),
                        _(
                            "{problem}; if that is really so, say why in the column {column}"
                        ).format(problem=problem, column=file.label("reason")),
                    )
                )
                continue
            except RealizationBeforeLine as problem:
                refused.append(RowProblem(row.number, file.label("effective"), str(problem)))
                continue
            except InvalidInput as problem:
                refused.append(RowProblem(row.number, file.label("kode"), str(problem)))
                continue
            touched[line.id] = line
        if refused:
            refused.sort(key=lambda problem: problem.row)
            raise RowsRefused(file.name, refused)
        events = [e for line in touched.values() for e in line.pending_events]
        kodes = {line.id: line.kode for line in touched.values()}
        if dry_run:
            result.recorded = Recorded(list(events), kodes)  # type: ignore[arg-type]
            return result
        result.recorded = ledger.record(touched.values())
        return result

    return ledger.run(attempt)


@lru_cache(maxsize=65536)
def _kode(text: str) -> Kode:
    """`Kode.parse`, remembered: a file names each line up to four times."""
    return Kode.parse(text)


@lru_cache(maxsize=64)
def _quarter(text: str) -> Quarter | str:
    """`Quarter.parse`, remembered; what it refuses goes to the command as written, to
    be refused there with the column's name."""
    try:
        return Quarter.parse(text)
    except InvalidInput:
        return text


def _command(
    file: RealizationFile,
    row: FileRow,
    skpd: str,
    tahun: int,
    actor: str,
    problems: list[RowProblem],
) -> Realize | None:
    cells = row.cells
    if not cells:
        return None
    if "kode" not in cells:
        problems.append(RowProblem(row.number, file.label("kode"), _("no code")))
        return None
    if "spent" not in cells and "output" not in cells:
        return None  # a template row not filled in
    cumulative = _cumulative(cells.get("cumulative"))
    if cumulative is None:
        problems.append(
            RowProblem(
                row.number,
                file.label("cumulative"),
                _("{value!r}: write ya (year to date) or tidak (this quarter)").format(
                    value=cells["cumulative"]
                ),
            )
        )
        return None
    reasons = [text for text in (cells.get("reason"), cells.get("note")) if text]
    try:
        kode, quarter = _kode(cells["kode"]), cells.get("quarter")
    except InvalidInput as problem:
        problems.append(RowProblem(row.number, file.label("kode"), str(problem)))
        return None
    try:
        return parse(
            RowRealize,
            skpd=skpd,
            tahun=tahun,
            actor=actor,
            kode=kode,
            quarter=None if quarter is None else _quarter(quarter),
            spent=cells.get("spent"),
            output=cells.get("output"),
            cumulative=cumulative,
            # a reason given for the row is what accepts spending beyond the pagu
            allow_overrun="reason" in cells,
            reason="; ".join(reasons) or None,
            doc=cells.get("doc"),
            effective=cells.get("effective"),
        )
    except InvalidInput as problem:
        column, reason = _column_of(problem, file)
        problems.append(RowProblem(row.number, column, reason))
        return None


def _completed(row: FileRow, units: list[str], command: Realize) -> Realize:
    """The output in a unit: a bare number takes the row's `satuan`, or the line's first
    target unit."""
    output = command.output
    if output is None or output.unit:
        return command
    unit = row.cells.get("unit") or (units[0] if units else None)
    if unit is None:
        return command
    return command.model_copy(update={"output": Target(output.value, unit)})


def _unit_problem(
    file: RealizationFile, row: FileRow, line: BudgetLine, command: Realize, units: list[str]
) -> RowProblem | None:
    """An output in a unit that is none of the line's target units (a budget target or
    its Renja target) is refused: 632 Orang does not measure 79 Orang/Bulan."""
    output = command.output
    if output is None or not units or any(same_unit(output.unit, known) for known in units):
        return None
    return RowProblem(
        row.number,
        file.label("output"),
        _("{output}: the unit differs from the target unit of {kode} ({units})").format(
            output=output, kode=line.kode, units=" / ".join(dict.fromkeys(units))
        ),
    )
