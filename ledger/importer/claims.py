"""The figures a document prints about its own results, against what pagu computes.

Tabel 1's rates and cumulative figures (columns 8, 10 and 11) from its targets and
realizations, and the text's counts and totals (and the Dinas's realization rate) from
the budget table's lines. Part of the reconciliation report (`ledger.importer.reconcile`).
"""

from __future__ import annotations

from decimal import Decimal

from events.codes import Level
from events.evaluation import agrees, ratio, realization_to_date
from events.i18n import N_
from events.money import format_rupiah
from events.targets import Target
from ledger.importer.finding import Finding, column_total
from ledger.importer.model import ParsedDocument


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
        "total_murni": column_total(subs, "murni_pagu"),
        "total_perubahan": column_total(subs, "perubahan_pagu"),
        "total_difference": column_total(subs, "difference"),
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
        # the Dinas's line is the urusan's: both of its claims are findings on it
        wrong: list[str] = []
        computed = ratio(dinas.spent, dinas.printed_base)
        if computed is not None and not agrees(dinas.printed_rate, computed):
            wrong.append(
                N_(
                    "the text states realization of {printed_rate:f}%, {spent} / "
                    "{printed_base} is {computed:f}%"
                ).format(
                    printed_rate=dinas.printed_rate,
                    spent=format_rupiah(dinas.spent),
                    printed_base=format_rupiah(dinas.printed_base),
                    computed=computed.quantize(Decimal("0.01")),
                )
            )
        if dinas.printed_base != actual["total_murni"]:
            wrong.append(
                N_(
                    "the text's total budget {printed_base} is not the murni total {total_murni}"
                ).format(
                    printed_base=format_rupiah(dinas.printed_base),
                    total_murni=format_rupiah(actual["total_murni"]),
                )
            )
        findings += [Finding("stated", dinas.line_no, str(doc.urusan), text) for text in wrong]
    return findings
