"""The reconciliation report: where a document disagrees with itself.

A document's printed parent totals, differences and rates are claims; pagu computes
them from the lines and lists every place the two disagree, plus every code whose name
or indicator differs between tables, every inferred code and every skipped row.
Nothing that is consistent is listed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from decimal import Decimal

from events.codes import Level
from events.evaluation import agrees, ratio, realization_to_date
from events.i18n import N_
from events.money import format_rupiah
from events.targets import Target, same_unit
from ledger.importer.inference import normalise
from ledger.importer.model import BudgetRow, EvaluationRow, ParsedDocument
from ledger.importer.units import typos

ZERO = Decimal("0.00")
MONEY_COLUMNS = {
    "murni_pagu": "Pagu Indikatif (sebelum perubahan)",
    "perubahan_pagu": "Pagu Indikatif (sesudah perubahan)",
    "difference": "Bertambah / Berkurang",
    "forward_pagu": "Pagu Indikatif (perkiraan maju)",
}


@dataclass(frozen=True)
class Finding:
    kind: str
    line_no: int | None
    kode: str | None
    message: str
    printed: str | None = None
    computed: str | None = None

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def _money(row: BudgetRow, column: str) -> Decimal:
    if column == "difference":
        return row.printed_difference or ZERO
    return getattr(row, column) or ZERO


def _true_difference(row: BudgetRow) -> Decimal:
    return (row.perubahan_pagu or ZERO) - (row.murni_pagu or ZERO)


def _sum(rows: Iterable[BudgetRow], column: str) -> Decimal:
    if column == "difference":
        return sum((_true_difference(r) for r in rows), ZERO)
    return sum(((getattr(r, column) or ZERO) for r in rows), ZERO)


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
            printed, computed = _money(row, column), _sum(children, column)
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
        printed, computed = row.printed_difference or ZERO, _true_difference(row)
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


def evaluation_figures(doc: ParsedDocument) -> list[Finding]:
    findings = []
    for row in doc.evaluation_rows:
        checks: list[tuple[str, Decimal | None, Decimal | None]] = []
        target, real, prior = row.target, row.realization, row.prior
        if row.printed_rate is not None and target and real:
            checks.append(("8 = (7/6)", row.printed_rate, ratio(real.value, target.value)))
        cumulative = _cumulative(prior, real)
        if row.printed_cumulative is not None and cumulative is not None:
            checks.append(("10 = (5+7)", row.printed_cumulative.value, cumulative))
        if row.printed_achievement is not None and cumulative is not None and row.renstra:
            checks.append(
                ("11 = (10/4)", row.printed_achievement, ratio(cumulative, row.renstra.value))
            )
        for column, printed, computed in checks:
            if printed is not None and computed is not None and not agrees(printed, computed):
                findings.append(
                    Finding(
                        "evaluation",
                        row.line_no,
                        str(row.kode),
                        N_(
                            "{kode} Tabel 1 column {column}: printed {printed:f}, computed "
                            "{computed:f}"
                        ).format(
                            kode=row.kode,
                            column=column,
                            printed=printed,
                            computed=computed.quantize(Decimal("0.01")),
                        ),
                        f"{printed:f}",
                        f"{computed.quantize(Decimal('0.01')):f}",
                    )
                )
    return findings


def _cumulative(prior: Target | None, real: Target | None) -> Decimal | None:
    if real is None:
        return None
    prior_value = prior.value if prior else None
    return realization_to_date(prior_value, real.value, level=real.is_percentage)


def stated_figures(doc: ParsedDocument) -> list[Finding]:
    subs = [r for r in doc.budget_rows if r.kode and r.kode.level is Level.SUB_KEGIATAN]
    actual = {
        "count_programs": Decimal(
            sum(1 for r in doc.budget_rows if r.kode and r.kode.level is Level.PROGRAM)
        ),
        "count_kegiatan": Decimal(
            sum(1 for r in doc.budget_rows if r.kode and r.kode.level is Level.KEGIATAN)
        ),
        "count_sub_kegiatan": Decimal(len(subs)),
        "total_murni": _sum(subs, "murni_pagu"),
        "total_perubahan": _sum(subs, "perubahan_pagu"),
        "total_difference": _sum(subs, "difference"),
    }
    findings = []
    for stated in doc.stated:
        if stated.name in actual and actual[stated.name] != stated.value:
            findings.append(
                Finding(
                    "stated",
                    stated.line_no,
                    None,
                    N_("the text states {name} = {value:f}, the tables give {actual:f}").format(
                        name=stated.name.replace("_", " "),
                        value=stated.value,
                        actual=actual[stated.name],
                    ),
                    f"{stated.value:f}",
                    f"{actual[stated.name]:f}",
                )
            )
    dinas = doc.dinas_realization
    if dinas and dinas.spent is not None and dinas.printed_base and dinas.printed_rate is not None:
        computed = ratio(dinas.spent, dinas.printed_base)
        if computed is not None and not agrees(dinas.printed_rate, computed):
            findings.append(
                Finding(
                    "stated",
                    dinas.line_no,
                    str(doc.urusan),
                    N_(
                        "the text states realization of {printed_rate:f}%, {spent} / "
                        "{printed_base} is {computed:f}%"
                    ).format(
                        printed_rate=dinas.printed_rate,
                        spent=format_rupiah(dinas.spent),
                        printed_base=format_rupiah(dinas.printed_base),
                        computed=computed.quantize(Decimal("0.01")),
                    ),
                )
            )
        if dinas.printed_base != actual["total_murni"]:
            findings.append(
                Finding(
                    "stated",
                    dinas.line_no,
                    str(doc.urusan),
                    N_(
                        "the text's total budget {printed_base} is not the murni total "
                        "{total_murni}"
                    ).format(
                        printed_base=format_rupiah(dinas.printed_base),
                        total_murni=format_rupiah(actual["total_murni"]),
                    ),
                )
            )
    return findings


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
