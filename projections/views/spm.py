"""`pagu spm`: the minimum service standards (SPM), in the shape of the document's
Tabel 2: each indicator with its Renstra targets per year, realizations per year and
the projection for this year, all percentages of the people needing the service who
were served.

SPM indicators are Dinas-level facts, recorded on the Dinas line, so every row carries
the Dinas's code and level (urusan). The total row is the average over the indicators
of each year's figure (the SPM achievement index), where every indicator has one.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from projections.facts import spm_indicators
from projections.report import KODE, Column, Report, total_row
from projections.state import Budget, lines_at
from projections.views.common import FLAGS, HUNDRED
from projections.views.seen import Seen

GROUPS = (
    ("targets", "target", "Target RENSTRA-Perangkat Daerah Tahun"),
    ("realizations", "realization", "Realisasi Capaian Tahun"),
    ("projection", "projection", "Proyeksi Tahun"),
)


def _number(raw: Any) -> Decimal | None:
    return None if raw is None else Decimal(str(raw))


def spm_report(seen: Seen, budget: Budget) -> Report:
    conn, point = seen.conn, seen.point
    lines = {line.line_id: line for line in lines_at(conn, point, skpd=budget[0], tahun=budget[1])}
    found = spm_indicators(conn, point, budget)
    years: dict[str, set[str]] = {group: set() for group, _, _ in GROUPS}
    for _, _, payload in found:
        for group, _, _ in GROUPS:
            years[group] |= set(payload.get(group) or {})
    rows = []
    for line_id, number, payload in found:
        line = lines.get(line_id)
        row: dict[str, Any] = {
            "kode": line.kode if line else "",
            "nama": payload["indicator"],
            "level": line.level.value if line else "urusan",
            "skpd": budget[0],
            "tahun": budget[1],
            "no": number,
            "indicator": payload["indicator"],
            "standard": payload.get("standard"),
            "ikk": payload.get("ikk"),
        }
        for group, prefix, _ in GROUPS:
            values = payload.get(group) or {}
            for year in sorted(years[group]):
                row[f"{prefix}_{year}"] = _number(values.get(year))
        row["note"] = payload.get("note")
        row[FLAGS] = [
            f"{key.replace('_', ' ')} above 100% ({value}%)"
            for key, value in row.items()
            if key.startswith(("realization_", "projection_"))
            and value is not None
            and value > HUNDRED
        ]  # the share of people served: above 100% is worth a look, never capped
        rows.append(row)
    if found:
        total = total_row("RATA-RATA CAPAIAN SPM") | {
            "no": None,
            "indicator": "RATA-RATA CAPAIAN SPM",
            "standard": None,
            "ikk": None,
            "note": None,
            FLAGS: [],
        }
        for group, prefix, _ in GROUPS:
            for year in sorted(years[group]):
                key = f"{prefix}_{year}"
                figures = [row[key] for row in rows]
                total[key] = (
                    (sum(figures, Decimal(0)) / len(figures)).quantize(
                        Decimal("0.01"), rounding=ROUND_HALF_UP
                    )
                    if figures and all(f is not None for f in figures)
                    else None
                )
        rows.append(total)
    columns = [
        Column("no", "No"),
        KODE,
        Column("indicator", "Indikator"),
        Column("standard", "SPM/Standar Nasional"),
        Column("ikk", "IKK"),
    ]
    for group, prefix, heading in GROUPS:
        columns += [
            Column(f"{prefix}_{year}", f"{heading} {year}", "number")
            for year in sorted(years[group])
        ]
    columns.append(Column("note", "Catatan Analisis"))
    columns.append(Column(FLAGS, "Pemeriksaan", "flag"))
    return Report(
        title=f"Capaian Indikator Standar Pelayanan Minimal (SPM) Tahun {budget[1]}",
        columns=columns,
        rows=rows,
        notes=[f"{budget[0]} Tahun {budget[1]}", "angka dalam persen (%)", point.describe()],
    )
