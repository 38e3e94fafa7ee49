"""Units of measure as a document prints them: which spellings are slips of the keyboard.

A Renja prints the same unit many times ('Laporan' on dozens of rows) and now and then
misspells it ('Larpoan', 'Paekt'). A misspelling is not a new unit: the reconciliation
report names it (a finding per place), the views divide it by the unit it misspells
(`events.targets.same_unit`) and say so, and where the parser itself carries a unit to
a cell that printed none (Tabel 1 prints its unit only in columns 4 and 5), it carries
the spelling the document uses most.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import replace

from events.targets import Target, misspelling_of, unit_key
from ledger.importer.model import EvaluationRow, ParsedDocument

TABEL1, BAB3 = "Tabel 1", "BAB III"


def printed_units(doc: ParsedDocument) -> Iterator[tuple[str, int, str, str]]:
    """(unit, line, table, code) of every target printed with its unit."""
    for row in doc.budget_rows:
        for columns in row.indicators:
            for target in (columns.murni_target, columns.perubahan_target, columns.forward_target):
                if target is not None and target.unit:
                    yield target.unit, columns.line_no, BAB3, str(row.kode)
    for evaluation in doc.evaluation_rows:
        for target in (evaluation.renstra, evaluation.prior):
            if target is not None and target.unit:
                yield target.unit, evaluation.line_no, TABEL1, str(evaluation.kode)


def spellings(doc: ParsedDocument) -> dict[str, str]:
    """For each misspelt unit (by its `unit_key`), the spelling it misspells: the one
    the document prints more often than it (the most often, if several)."""
    counts = Counter(unit for unit, *_ in printed_units(doc))
    keys = Counter()  # type: Counter[str]
    for unit, count in counts.items():
        keys[unit_key(unit)] += count
    best = {unit_key(u): u for u, _ in sorted(counts.items(), key=lambda item: -item[1])}
    found: dict[str, str] = {}
    for key in keys:
        rivals = [other for other in keys if keys[other] > keys[key] and misspelling_of(key, other)]
        if rivals:
            found[key] = best[max(rivals, key=lambda other: keys[other])]
    return found


def typos(doc: ParsedDocument) -> list[tuple[str, int, str, str, str]]:
    """(unit, line, table, code, meant) of every misspelt unit the document prints."""
    meant = spellings(doc)
    found = {
        (unit, line, table, kode): meant[unit_key(unit)]
        for unit, line, table, kode in printed_units(doc)
        if unit_key(unit) in meant
    }  # a row printing it twice (murni and perubahan) is one place
    return [(*place, right) for place, right in found.items()]


def carry_spelling(doc: ParsedDocument) -> ParsedDocument:
    """Tabel 1's columns 6, 7 and 10 carry the unit of column 4 or 5: carry the spelling
    meant where that one is misspelt (the printed columns keep what they print)."""
    meant = spellings(doc)
    if not meant:
        return doc
    rows = [_carried(row, meant) for row in doc.evaluation_rows]
    return replace(doc, evaluation_rows=rows)


def _carried(row: EvaluationRow, meant: dict[str, str]) -> EvaluationRow:
    printed = {t.unit for t in (row.renstra, row.prior) if t is not None and t.unit}

    def fixed(target: Target | None) -> Target | None:
        if target is None or target.unit not in printed:
            return target
        right = meant.get(unit_key(target.unit))
        return target if right is None else Target(target.value, right)

    return replace(
        row,
        target=fixed(row.target),
        realization=fixed(row.realization),
        printed_cumulative=fixed(row.printed_cumulative),
    )
