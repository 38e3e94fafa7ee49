"""`pagu evaluate`: the evaluation of the Renja, in the shape of Tabel 1 (Permendagri
86/2017), columns 1 to 11.

    4  Renstra target for the period            5  realization up to last year
    6  this year's target                       7  realization up to the quarter
    8  = 7/6 rate                               9  note (Catatan Penting)
    10 = 5+7 cumulative                         11 = 10/4 achievement against Renstra

Column 6 is the Renja target (Tabel 1's own column 6) where one is recorded, else the
line's budget target in force; column 9 is the line's latest note. Column 7 adds up
each quarter's latest entry (a cumulative entry replaces the running total); for a
percentage indicator it is the latest quarter's value, and column 10 is column 7 (a
level, not a sum). For an indicator where less is better (negative trend) 8 and 11 are
inverted: target over realization. Rates are shown as computed, never capped; above
100% they are flagged, and so is every printed figure (8, 10, 11) that is not the
computed one rounded as printed.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from events.codes import Level
from events.evaluation import realization_to_date
from events.i18n import _
from events.money import format_number, format_percent
from events.periods import Quarter
from events.predikat import predikat_text
from events.targets import IndicatorKind, Target, same_unit
from projections.facts import latest_notes, printed_figures, quarter_shown, realized
from projections.line_values import lines_with_values
from projections.report import KODE, NAMA, Column, Report, base_row, total_row
from projections.state import Budget, values_in_force
from projections.views.common import (
    FLAGS,
    HUNDRED,
    disagreement,
    indicator_of,
    physical_rate,
    shown,
    target_of,
    wanted,
)
from projections.views.seen import Seen


def _figure(rows: dict[tuple[str, int], Any], line_id: str) -> tuple[Target | None, int | None]:
    """A line's target-like value of one field (renstra, prior, renja) and its year."""
    row = rows.get((line_id, 0))
    if row is None:
        return None, None
    _, _, year, number, unit = row
    return target_of(number, unit), year


def _value(target: Target | None) -> Decimal | None:
    return None if target is None else target.value


def evaluate_report(seen: Seen, budget: Budget, *, quarter: Quarter | None = None) -> Report:
    conn, point, level, show_printed = seen.conn, seen.point, seen.level, seen.show_printed
    quarter = quarter_shown(conn, point, budget, quarter)
    found = lines_with_values(conn, point, budget, fields=("target",))
    lines = [line for line, _ in found]
    columns = ["year", "number", "unit"]
    renstra = values_in_force(conn, "renstra", point, budget=budget, columns=columns)
    prior = values_in_force(conn, "prior", point, budget=budget, columns=columns)
    renja = values_in_force(conn, "renja", point, budget=budget, columns=columns)
    budget_targets = {
        line.line_id: indicator
        for line, own in found
        if (indicator := indicator_of(1, own["target"])) is not None
    }
    kinds: dict[str, IndicatorKind] = {}
    for line in lines:
        first = budget_targets.get(line.line_id)
        target, _year = _figure(renja, line.line_id)
        if first is not None:
            kinds[line.line_id] = first.kind
        elif target is not None:
            kinds[line.line_id] = target.default_kind()
    percentages = {lid for lid, kind in kinds.items() if kind is IndicatorKind.PERCENTAGE}
    done = realized(conn, point, up_to=quarter.value, budget=budget, levels=percentages)
    remarks = latest_notes(conn, point, budget)
    printed = printed_figures(conn, point, "Tabel 1", budget)
    prior_year = None
    rows = []
    rates: list[Decimal] = []
    achievements: list[Decimal] = []
    for line in lines:
        if line.level is Level.URUSAN:
            continue
        lid = line.line_id
        kind = kinds.get(lid, IndicatorKind.POSITIVE)
        first = budget_targets.get(lid)
        four, _four_year = _figure(renstra, lid)
        five, through = _figure(prior, lid)
        prior_year = prior_year or through
        six, _six_year = _figure(renja, lid)
        if six is None and first is not None:
            six = first.target
        line_done = done.get(lid)
        seven = None
        if line_done is not None and line_done.output is not None:
            seven = Target(line_done.output, line_done.unit or (six.unit if six else None))
        # rates divide quantities of one unit only (a misspelt unit counts as the unit)
        eight, _target8, unit_flags = physical_rate(seven, [six], kind)
        ten: Decimal | None = None
        if seven is not None:
            is_level = kind is IndicatorKind.PERCENTAGE
            if is_level or five is None or same_unit(five.unit, seven.unit):
                ten = realization_to_date(_value(five), seven.value, level=is_level)
            else:
                unit_flags.append(
                    _("satuan berbeda: (5) in {five}, (7) in {seven}: no (10) = 5+7").format(
                        five=five.unit, seven=seven.unit
                    )
                )
        eleven, _target11, more_flags = (
            physical_rate(Target(ten, seven.unit if seven else None), [four], kind)
            if ten is not None
            else (None, None, [])
        )
        unit_flags += [flag for flag in more_flags if flag not in unit_flags]
        if eight is not None:
            rates.append(eight)
        if eleven is not None:
            achievements.append(eleven)
        claims = printed.get(lid, {})
        flags = [*_unit_only(unit_flags), *_flags(eight, ten, eleven, claims)]
        if not wanted(line, level):
            continue
        row = base_row(line) | {
            "indicator": first.text if first else None,
            "kind": kind.value,
            "unit": (seven or six or five or four or Target(Decimal(0))).unit,
            "renstra_target": four,
            "prior_realization": five,
            "target": _value(six),
            "realization": _value(seven),
            "rate": shown(eight),
            "predikat": predikat_text(shown(eight)),
            "note": remarks.get(lid),
            "cumulative": ten,
            "achievement": shown(eleven),
            FLAGS: flags,
        }
        if show_printed:
            row |= {
                "printed_rate": claims.get("rate"),
                "printed_cumulative": claims.get("cumulative"),
                "printed_achievement": claims.get("achievement"),
            }
        rows.append(row)
    if lines:
        average = sum(rates, Decimal(0)) / len(rates) if rates else None
        row = total_row("RATA-RATA CAPAIAN KINERJA") | {
            "indicator": None,
            "kind": None,
            "unit": None,
            "renstra_target": None,
            "prior_realization": None,
            "target": None,
            "realization": None,
            "rate": shown(average),
            "predikat": predikat_text(shown(average)),
            "note": None,
            "cumulative": None,
            "achievement": shown(sum(achievements, Decimal(0)) / len(achievements))
            if achievements
            else None,
            FLAGS: [],
        }
        if show_printed:
            row |= {"printed_rate": None, "printed_cumulative": None, "printed_achievement": None}
        rows.append(row)
    year = budget[1]
    last_year = prior_year or year - 1
    columns_shown = [
        Column(KODE.key, "(1) Kode"),
        Column(NAMA.key, "(2) Program/Kegiatan/Sub Kegiatan"),
        Column("indicator", "(3) Indikator Program (outcomes) / Kegiatan (output)"),
        Column("renstra_target", "(4) Target Kinerja Capaian Program (RENSTRA-PD)"),
        Column(
            "prior_realization",
            f"(5) Realisasi Target Hasil Kinerja Program dan Keluaran Kegiatan "
            f"sampai dengan Tahun {last_year}",
        ),
        Column("target", f"(6) Target RENJA-PD Tahun {year}", "number"),
        Column("realization", f"(7) Realisasi RENJA-PD Triwulan {quarter.name}", "number"),
        Column("rate", "(8) = (7/6) Tingkat Realisasi (%)", "percent"),
        Column("predikat", "Predikat (Kategori Capaian)"),
        Column("note", "(9) Catatan Penting"),
        Column(
            "cumulative",
            f"(10) = (5+7) Realisasi Capaian Program dan Kegiatan s/d Tahun Berjalan ({year})",
            "number",
        ),
        Column(
            "achievement", "(11) = (10/4) Tingkat Capaian Realisasi Target Renstra (%)", "percent"
        ),
    ]
    if show_printed:
        columns_shown += [
            Column("printed_rate", "(8) tercetak", "percent"),
            Column("printed_cumulative", "(10) tercetak", "number"),
            Column("printed_achievement", "(11) tercetak", "percent"),
        ]
    columns_shown.append(Column(FLAGS, "Pemeriksaan", "flag"))
    return Report(
        title=(
            f"Evaluasi Hasil Pelaksanaan Renja Perangkat Daerah s/d Triwulan {quarter.name} "
            f"Tahun {year}"
        ),
        columns=columns_shown,
        rows=rows,
        notes=[f"{budget[0]} Tahun {budget[1]}", point.describe()],
        meta={"quarter": quarter.value},
    )


def _unit_only(flags: list[str]) -> list[str]:
    """The unit flags of `physical_rate` (its rate flags are `_flags`'s, worded here)."""
    # the rate flag as physical_rate words it, in the language of this run
    above = _("output above 100% of the target ({found})").split("{found}")[0]
    return [flag for flag in flags if not flag.startswith(above)]


def _flags(
    eight: Decimal | None,
    ten: Decimal | None,
    eleven: Decimal | None,
    claims: dict[str, Decimal | None],
) -> list[str]:
    """Rates above 100% (shown, never capped), and printed figures that are not the
    computed ones rounded as printed."""
    flags = []
    if eight is not None and eight > HUNDRED:
        flags.append(_("rate above 100% ({eight})").format(eight=format_percent(eight)))
    if eleven is not None and eleven > HUNDRED:
        flags.append(_("achievement above 100% ({eleven})").format(eleven=format_percent(eleven)))
    checks = (
        ("Tabel 1 (8)", claims.get("rate"), eight, format_percent),
        ("Tabel 1 (10)", claims.get("cumulative"), ten, format_number),
        ("Tabel 1 (11)", claims.get("achievement"), eleven, format_percent),
    )
    for what, printed, computed, style in checks:
        found = disagreement(what, printed, computed, style)
        if found:
            flags.append(found)
    return flags
