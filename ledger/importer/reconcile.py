"""The reconciliation report: where a document disagrees with itself.

A document's printed parent totals, differences and rates are claims; pagu computes
them from the lines and lists every place the two disagree, plus every code whose name
or indicator differs between tables, every inferred code and every skipped row.
Nothing that is consistent is listed.
"""

from __future__ import annotations

from decimal import Decimal

from events.codes import Level
from events.i18n import N_
from events.money import format_rupiah
from events.targets import same_unit
from ledger.importer.claims import evaluation_figures, stated_figures
from ledger.importer.finding import ZERO, Finding, column_total, true_difference
from ledger.importer.inference import normalise
from ledger.importer.model import BudgetRow, EvaluationRow, ParsedDocument
from ledger.importer.units import typos

MONEY_COLUMNS = {
    "murni_pagu": "Pagu Indikatif (sebelum perubahan)",
    "perubahan_pagu": "Pagu Indikatif (sesudah perubahan)",
    "difference": "Bertambah / Berkurang",
    "forward_pagu": "Pagu Indikatif (perkiraan maju)",
}


def _money(row: BudgetRow, column: str) -> Decimal:
    if column == "difference":
        return row.printed_difference or ZERO
    return getattr(row, column) or ZERO


def parent_totals(doc: ParsedDocument) -> list[Finding]:
    subs = [r for r in doc.budget_rows if r.kode and r.kode.level is Level.SUB_KEGIATAN]
    findings = []
    parents: list[tuple[BudgetRow, list[BudgetRow], str]] = [
        (
            row,
            [s for s in subs if s.kode and row.kode and s.kode.is_within(row.kode)],
            str(row.kode),
        )
        for row in doc.budget_rows
        if row.kode and row.kode.level in (Level.PROGRAM, Level.KEGIATAN)
    ]
    if doc.total_row is not None:
        parents.append((doc.total_row, subs, "TOTAL"))
    for row, children, label in parents:
        for column, heading in MONEY_COLUMNS.items():
            printed, computed = _money(row, column), column_total(children, column)
            if printed != computed:
                findings.append(
                    Finding(
                        "parent_total",
                        row.line_no,
                        None if label == "TOTAL" else label,
                        N_(
                            "{label} {heading}: printed {printed}, its sub kegiatan sum to "
                            "{computed} (off by {difference})"
                        ).format(
                            label=label,
                            heading=heading,
                            printed=format_rupiah(printed, parens=True),
                            computed=format_rupiah(computed, parens=True),
                            difference=format_rupiah(printed - computed, parens=True),
                        ),
                        f"{printed:f}",
                        f"{computed:f}",
                    )
                )
    return findings


def differences(doc: ParsedDocument) -> list[Finding]:
    findings = []
    for row in [*doc.budget_rows, *([doc.total_row] if doc.total_row else [])]:
        printed, computed = row.printed_difference or ZERO, true_difference(row)
        if printed != computed:
            label = str(row.kode) if row.kode else "TOTAL"
            findings.append(
                Finding(
                    "difference",
                    row.line_no,
                    str(row.kode) if row.kode else None,
                    N_(
                        "{label}: printed difference {printed} is not perubahan minus murni "
                        "({computed})"
                    ).format(
                        label=label,
                        printed=format_rupiah(printed, parens=True),
                        computed=format_rupiah(computed, parens=True),
                    ),
                    f"{printed:f}",
                    f"{computed:f}",
                )
            )
    return findings


def between_tables(doc: ParsedDocument) -> list[Finding]:
    findings = []
    evaluation = {row.kode: row for row in doc.evaluation_rows}
    budget = {row.kode: row for row in doc.budget_rows if row.kode}
    for kode, row in budget.items():
        other = evaluation.get(kode)
        if other is None:
            findings.append(
                Finding(
                    "missing",
                    row.line_no,
                    str(kode),
                    N_("{kode} is in BAB III but not in Tabel 1").format(kode=kode),
                )
            )
            continue
        if normalise(row.nama) != normalise(other.nama):
            findings.append(
                Finding(
                    "name_conflict",
                    row.line_no,
                    str(kode),
                    N_(
                        "{kode} is named {nama!r} in BAB III (line {line_no}) but {other!r} in "
                        "Tabel 1 (line {other_line})"
                    ).format(
                        kode=kode,
                        nama=row.nama,
                        line_no=row.line_no,
                        other=other.nama,
                        other_line=other.line_no,
                    ),
                    other.nama,
                    row.nama,
                )
            )
        texts = [(i.murni_indicator or i.perubahan_indicator) for i in row.indicators]
        others = [other.indicator, *other.extra_indicators]
        for number, (mine, theirs) in enumerate(zip(texts, others, strict=False), start=1):
            if mine and theirs and normalise(mine) != normalise(theirs):
                findings.append(
                    Finding(
                        "indicator_conflict",
                        row.line_no,
                        str(kode),
                        N_(
                            "{kode} indicator {number} reads {mine!r} in BAB III but {theirs!r} in "
                            "Tabel 1 (line {line_no})"
                        ).format(
                            kode=kode,
                            number=number,
                            mine=mine,
                            theirs=theirs,
                            line_no=other.line_no,
                        ),
                        theirs,
                        mine,
                    )
                )
        findings.extend(_target_conflict(row, other))
        findings.extend(_unit_conflict(row, other))
    for kode, other in evaluation.items():
        if kode not in budget:
            findings.append(
                Finding(
                    "missing",
                    other.line_no,
                    str(kode),
                    N_("{kode} is in Tabel 1 but not in BAB III").format(kode=kode),
                )
            )
    return findings


def _target_conflict(row: BudgetRow, other: EvaluationRow) -> list[Finding]:
    if other.target is None:
        return []
    first = row.indicators[0]
    budget_values = {t.value for t in (first.murni_target, first.perubahan_target) if t}
    if other.target.value in budget_values:
        return []
    shown = ", ".join(str(t) for t in (first.murni_target, first.perubahan_target) if t) or "none"
    return [
        Finding(
            "target_conflict",
            other.line_no,
            str(row.kode),
            N_("{kode}: Tabel 1 target {target} matches neither BAB III target ({shown})").format(
                kode=row.kode, target=other.target, shown=shown
            ),
            str(other.target),
            shown,
        )
    ]


def _unit_conflict(row: BudgetRow, other: EvaluationRow) -> list[Finding]:
    """Tabel 1 prints its unit in columns 4 and 5; BAB III with every target."""
    first = row.indicators[0]
    budget_units = {t.unit for t in (first.murni_target, first.perubahan_target) if t and t.unit}
    printed = {t.unit for t in (other.renstra, other.prior) if t and t.unit}
    if (
        not budget_units
        or not printed
        or any(same_unit(mine, theirs) for mine in budget_units for theirs in printed)
    ):
        return []  # the same unit, or one misspelling it (a unit_typo finding of its own)
    mine, theirs = ", ".join(sorted(budget_units)), ", ".join(sorted(printed))
    return [
        Finding(
            "unit_conflict",
            other.line_no,
            str(row.kode),
            N_(
                "{kode}: targets are counted in {mine} in BAB III but in {theirs} in Tabel 1"
            ).format(kode=row.kode, mine=mine, theirs=theirs),
            theirs,
            mine,
        )
    ]


def structure(doc: ParsedDocument) -> list[Finding]:
    codes = {row.kode for row in doc.budget_rows if row.kode}
    findings = []
    for row in doc.budget_rows:
        parent = row.kode.parent if row.kode else None
        if parent is not None and parent.level is not Level.URUSAN and parent not in codes:
            findings.append(
                Finding(
                    "orphan",
                    row.line_no,
                    str(row.kode),
                    N_("{kode} has no parent {parent} in BAB III").format(
                        kode=row.kode, parent=parent
                    ),
                )
            )
    return findings


def unit_typos(doc: ParsedDocument) -> list[Finding]:
    """Units printed with a slip of the keyboard: findings, not new units."""
    return [
        Finding(
            "unit_typo",
            line,
            kode,
            N_(
                "{kode}: {table} (line {line}) prints the unit {unit!r}, a misspelling "
                "of {meant!r} (counted as {meant!r})"
            ).format(kode=kode, table=table, line=line, unit=unit, meant=meant),
            unit,
            meant,
        )
        for unit, line, table, kode, meant in typos(doc)
    ]


def reconcile(doc: ParsedDocument) -> list[Finding]:
    """Every inconsistency of the document, in document order within each kind."""
    findings = [
        *[
            Finding(
                "inferred_code",
                i.line_no,
                str(i.kode),
                N_("line {line_no}: no code printed; inferred {kode} from {basis}").format(
                    line_no=i.line_no, kode=i.kode, basis=i.basis
                ),
            )
            for i in doc.inferred
        ],
        *[
            Finding(
                "skipped_row",
                s.line_no,
                None,
                N_("line {line_no} ({table}) not imported: {why}: {text!r}").format(
                    line_no=s.line_no, table=s.table, why=s.why, text=s.text[:80]
                ),
            )
            for s in doc.skipped
        ],
        *parent_totals(doc),
        *differences(doc),
        *between_tables(doc),
        *unit_typos(doc),
        *evaluation_figures(doc),
        *stated_figures(doc),
        *structure(doc),
    ]
    return findings
