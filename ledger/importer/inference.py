"""Codes for rows printed without one.

A BAB III row with no code sits between two coded rows. Tabel 1 lists the same lines
with their codes in the same order, so the row's code is the first Tabel 1 code in
that gap, not yet used, whose name matches (and, where two lines share a name, whose
indicator matches too). A program row can fall back on being the next program.
A row that cannot be placed is reported, not guessed.
"""

from __future__ import annotations

import difflib
import re

from events.codes import Kode, Level
from events.i18n import N_
from ledger.importer.model import BudgetRow, EvaluationRow, Inference, SkippedRow


def normalise(text: str | None) -> str:
    return re.sub(r"[^0-9a-z]+", " ", (text or "").casefold()).strip()


def similar(a: str | None, b: str | None, threshold: float = 0.9) -> bool:
    left, right = normalise(a), normalise(b)
    if not left or not right:
        return False
    return left == right or difflib.SequenceMatcher(None, left, right).ratio() >= threshold


def infer_missing_codes(
    rows: list[BudgetRow], evaluation: list[EvaluationRow]
) -> tuple[list[Inference], list[SkippedRow]]:
    """Fill in `kode` on rows that lack one (in place); report what was inferred."""
    order = [row.kode for row in evaluation]
    by_code = {row.kode: row for row in evaluation}
    used = {row.kode for row in rows if row.kode is not None}
    inferred: list[Inference] = []
    skipped: list[SkippedRow] = []
    for index, row in enumerate(rows):
        if row.kode is not None:
            continue
        before = next((r.kode for r in reversed(rows[:index]) if r.kode is not None), None)
        after = next((r.kode for r in rows[index + 1 :] if r.kode is not None), None)
        start = order.index(before) + 1 if before in order else 0
        stop = order.index(after) if after in order else len(order)
        window = [code for code in order[start:stop] if code not in used]
        named = [code for code in window if similar(by_code[code].nama, row.nama)]
        indicator = row.indicators[0].murni_indicator if row.indicators else None
        if len(named) > 1:
            named = [c for c in named if similar(by_code[c].indicator, indicator, 0.8)] or named
        basis = ""
        if named:
            code = named[0]
            basis = N_("same name in Tabel 1 (line {line_no})").format(
                line_no=by_code[code].line_no
            )
        elif row.nama.lower().startswith("program") and before is not None:
            code = _next_program(before)
            basis = N_("a program row: the program after the one before it")
        else:
            skipped.append(
                SkippedRow(
                    row.line_no,
                    "BAB III",
                    row.nama,
                    N_("no code printed and none could be inferred"),
                )
            )
            continue
        row.kode, row.kode_inferred = code, True
        used.add(code)
        inferred.append(Inference(row.line_no, code, basis))
    rows[:] = [row for row in rows if row.kode is not None]
    return inferred, skipped


def _next_program(code: Kode) -> Kode:
    program = (
        code
        if code.level is Level.PROGRAM
        else next(a for a in code.ancestors() if a.level is Level.PROGRAM)
    )
    head, number = program.text.rsplit(".", 1)
    return Kode(f"{head}.{int(number) + 1:02d}")
