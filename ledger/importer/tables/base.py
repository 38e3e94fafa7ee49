"""What every table parser of a document shares: the cells as read, the state of the
parse (which table, its columns, what was found), and how a value that cannot be read
becomes an error naming its line."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from events.codes import Kode
from events.errors import InvalidInput
from events.periods import Quarter
from events.text import plain_text
from ledger.importer.model import (
    BudgetRow,
    DinasRealization,
    EvaluationRow,
    SkippedRow,
    SpmRow,
    StatedFigure,
)

BAB3, TABEL1, TABEL2 = "BAB III", "Tabel 1", "Tabel 2"
T = TypeVar("T")


def clean(cell: str) -> str:
    """A cell's text: markup left by the PDF conversion removed, whitespace (Unicode
    spaces too) collapsed, invisible format characters (zero-width spaces) dropped."""
    return plain_text(re.sub(r"</?b>|\*\*", "", cell))


def is_code(text: str) -> bool:
    try:
        Kode.parse(text)
    except InvalidInput:
        return False
    return True


@dataclass
class Meta:
    """What the document says about itself, wherever it says it."""

    pemda: str | None = None
    skpd_name: str | None = None
    tahun: int | None = None
    date: date | None = None
    forward_year: int | None = None
    prior_year: int | None = None
    quarter: Quarter | None = None


class ParserState:
    """The parse so far; the table parsers (`ledger.importer.tables`) add to it."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.errors: list[str] = []
        self.table: str | None = None
        self.header_rows_left = 0
        self.bab3_cols: dict[str, int] = {}
        self.bab3_width = 0
        self.t1_cols: dict[int, int] = {}
        self.t2_cols: list[tuple[str, str | None]] = []
        self.top_header: list[str] = []
        self.budget_rows: list[BudgetRow] = []
        self.total_row: BudgetRow | None = None
        self.evaluation_rows: list[EvaluationRow] = []
        self.spm_rows: list[SpmRow] = []
        self.skipped: list[SkippedRow] = []
        self.stated: list[StatedFigure] = []
        self.dinas: DinasRealization | None = None
        self.meta = Meta()
        self.bab3_end_line = 0

    def fail(self, number: int, table: str, message: str) -> None:
        self.errors.append(f"line {number} ({table}): {message}")

    def value(
        self, number: int, table: str, column: str, parse: Callable[[str], T], raw: str
    ) -> T | None:
        try:
            return parse(raw)
        except InvalidInput as problem:
            self.fail(number, table, f"column '{column}': {problem}")
            return None
