"""The file a bendahara fills in (`pagu realize --template`): one row per sub kegiatan
and quarter, with its name, first indicator, target and unit, and what is recorded so
far for that quarter, in the columns `pagu realize --from` reads back.

The figures already recorded are filled in as the ledger holds them (each quarter's
latest entry of each measure, its cumulative flag with it), so that a file sent back
unchanged records nothing: `realize --from` skips a row whose figures are in force.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Connection

from events.codes import Level
from events.periods import Quarter
from events.targets import plain_target
from projections.facts import Entry, realization_entries
from projections.line_values import lines_with_values
from projections.report import Column, Report
from projections.state import Budget
from projections.timepoint import TimePoint
from projections.views.common import indicator_of

# heading -> the key of the row; the headings are those `realize --from` reads
TEMPLATE_COLUMNS = (
    ("kode", "Kode"),
    ("nama", "Nama"),
    ("indicator", "Indikator"),
    ("target", "Target"),
    ("unit", "Satuan"),
    ("quarter", "Triwulan"),
    ("spent", "Realisasi Keuangan"),
    ("output", "Realisasi Fisik"),
    ("cumulative", "Kumulatif"),
    ("effective", "Tanggal"),
    ("doc", "Referensi"),
    ("note", "Catatan"),
    ("reason", "Alasan"),
)


def _plain(amount: Decimal) -> str:
    return f"{amount:.2f}"


def template_report(
    conn: Connection, point: TimePoint, budget: Budget, *, quarter: Quarter | None = None
) -> Report:
    found = lines_with_values(conn, point, budget, fields=("target",))
    spent, output = realization_entries(conn, point, up_to=4, budget=budget)
    quarters = [quarter] if quarter is not None else list(Quarter)
    rows = []
    for line, own in found:
        if line.level is not Level.SUB_KEGIATAN:
            continue
        first = indicator_of(1, own["target"])
        target = first.target if first else None
        money: dict[int, Entry] = {e.quarter: e for e in spent.get(line.line_id, [])}
        done: dict[int, Entry] = {e.quarter: e for e in output.get(line.line_id, [])}
        for q in quarters:
            paid, made = money.get(q.value), done.get(q.value)
            flags = {e.cumulative for e in (paid, made) if e is not None}
            rows.append(
                {
                    "kode": line.kode,
                    "nama": line.nama,
                    "indicator": first.text if first else None,
                    "target": plain_target(target.value, None) if target else None,
                    "unit": target.unit if target else None,
                    "quarter": q.name,
                    "spent": _plain(paid.amount) if paid else None,
                    "output": plain_target(made.amount, made.unit) if made else None,
                    "cumulative": ("ya" if True in flags else "tidak") if flags else None,
                    "effective": None,
                    "doc": None,
                    "note": None,
                    "reason": None,
                }
            )
    which = f"Triwulan {quarter.name}" if quarter else "Triwulan I-IV"
    return Report(
        title=f"Isian Realisasi {which} Tahun {budget[1]}",
        columns=[Column(key, heading) for key, heading in TEMPLATE_COLUMNS],
        rows=rows,
        notes=[f"{budget[0]} Tahun {budget[1]}"],
    )
