"""`pagu evaluate --form permendagri86`: the Renja evaluation form of Permendagri 86/2017
("Evaluasi terhadap Hasil Renja Perangkat Daerah", the kabupaten/kota form E.81), each
period's kinerja (K) and anggaran (Rp) side by side:

    (6)  Target Renstra PD (akhir periode)        (7)  Realisasi Renstra s/d Renja tahun lalu
    (8)  Target Renja PD tahun berjalan            (9)-(12) Realisasi triwulan I-IV
    (13) Realisasi Renja yang dievaluasi = 9+..+12 (14) Tingkat capaian = 13/8 (%)
    (15) Realisasi Renstra s/d tahun ini = 7+13    (16) Tingkat capaian Renstra = 15/6 (%)
    (17) Perangkat Daerah penanggung jawab        (18) Keterangan

then the closing rows: rata-rata capaian kinerja, predikat kinerja, faktor pendorong,
faktor penghambat, tindak lanjut for the next quarter and for the next Renja (the last
four from `pagu note`).

Nothing is computed twice: K comes from `pagu evaluate` (Tabel 1: (8) is its 7, (14)
its rate, (15) its 10, (16) its 11, kind-aware and unit-checked), the quarters from
`pagu realization --by-quarter`, Rp (8) is the pagu in force and (13) the spending to
date. The ledger holds no Renstra money (Rp of 6, 7, 15, 16): those cells are empty, not 0.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, select

from events.codes import Level
from events.line import FACTOR_KINDS
from events.periods import Quarter
from events.predikat import predikat_text
from projections import schema
from projections.report import KODE, Column, Report, total_row
from projections.state import Budget, in_force_conditions, of_budget
from projections.timepoint import TimePoint
from projections.views.common import FLAGS
from projections.views.evaluate import evaluate_report
from projections.views.realization_quarters import QUARTERS, by_quarter_report
from projections.views.seen import Seen

AVERAGE = "Rata-rata capaian kinerja (%)"
PREDIKAT = "Predikat kinerja"


def factor_notes(conn: Connection, point: TimePoint, budget: Budget) -> dict[str, list[str]]:
    """Each kind's notes (`pagu note`), in recorded order, as 'KODE: text'."""
    v, line = schema.value, schema.line
    query = (
        select(v.c.kind, v.c.text, line.c.kode)
        .join(line, line.c.line_id == v.c.line_id)
        .where(v.c.field == "factor", *of_budget(v, budget), *in_force_conditions(v, point))
        .order_by(v.c.position)
    )
    found: dict[str, list[str]] = {kind: [] for kind in FACTOR_KINDS}
    for kind, text, kode in conn.execute(query):
        found.setdefault(kind, []).append(f"{kode}: {text}")
    return found


def _mean(values: list[Decimal]) -> Decimal | None:
    return sum(values, Decimal(0)) / len(values) if values else None


def form_report(seen: Seen, budget: Budget, *, quarter: Quarter | None = None) -> Report:
    """The whole form: every level of line, without printed figures, whatever `seen` asks."""
    conn, point = seen.conn, seen.point
    whole = Seen(conn, point)
    evaluation = evaluate_report(whole, budget, quarter=quarter)
    up_to = Quarter(evaluation.meta["quarter"])
    matrix = by_quarter_report(whole, budget)
    money = {row["kode"]: row for row in matrix.rows if row.get("kode")}
    year = budget[1]
    rows: list[dict[str, Any]] = []
    k_rates: list[Decimal] = []
    rp_rates: list[Decimal] = []
    for line in evaluation.rows:
        kode = line.get("kode")
        if not kode:
            continue
        spent = money.get(kode, {})
        row: dict[str, Any] = {
            "kode": kode,
            "nama": line["nama"],
            "level": line["level"],
            "indicator": line["indicator"],
            "renstra_k": line["renstra_target"],
            "renstra_rp": None,
            "prior_k": line["prior_realization"],
            "prior_rp": None,
            "target_k": line["target"],
            "target_rp": spent.get("pagu"),
        }
        year_spent: Decimal | None = None
        for q in QUARTERS:
            shown = q.value <= up_to.value
            amount = spent.get(f"spent_{q.value}") if shown else None
            row[f"q{q.value}_k"] = spent.get(f"output_{q.value}") if shown else None
            row[f"q{q.value}_rp"] = amount
            if amount is not None:
                year_spent = amount if year_spent is None else year_spent + amount
        serapan = _rate(year_spent, spent.get("pagu"))
        row |= {
            "done_k": line["realization"],
            "done_rp": year_spent,
            "rate_k": line["rate"],
            "rate_rp": serapan,
            "renstra_done_k": line["cumulative"],
            "renstra_done_rp": None,
            "renstra_rate_k": line["achievement"],
            "renstra_rate_rp": None,
            "unit_pd": budget[0],
            "remark": line.get("note"),
            FLAGS: line.get(FLAGS, []),
        }
        if line["rate"] is not None:
            k_rates.append(line["rate"])
        if serapan is not None and line["level"] != Level.URUSAN.value:
            rp_rates.append(serapan)
        rows.append(row)
    closing = bool(rows)  # a budget with no lines at this point has no form to close
    average_k = evaluation.rows[-1]["rate"] if evaluation.rows else None
    average_rp = _round(_mean(rp_rates))
    renstra_k = evaluation.rows[-1]["achievement"] if evaluation.rows else None
    rows.append(
        _closing(AVERAGE)
        | {"rate_k": average_k, "rate_rp": average_rp, "renstra_rate_k": renstra_k}
    )
    predikat = {
        "predikat_k": predikat_text(average_k),
        "predikat_rp": predikat_text(average_rp),
        "predikat_renstra_k": predikat_text(renstra_k),
    }
    listed = [
        f"{what}: {text}"
        for what, text in zip(
            ("Kinerja (K)", "Anggaran (Rp)", "Renstra (K)"), predikat.values(), strict=True
        )
        if text
    ]
    rows.append(_closing(PREDIKAT) | predikat | {"remark": "; ".join(listed) or None})
    notes = factor_notes(conn, point, budget)
    for kind, heading in FACTOR_KINDS.items():
        rows.append(_closing(heading) | {"remark": "; ".join(notes.get(kind, [])) or None})
    if not closing:
        rows = []
    columns = [
        KODE,
        Column(
            "nama", "Urusan/Bidang Urusan Pemerintahan Daerah dan Program/Kegiatan/Sub Kegiatan"
        ),
        Column("indicator", "Indikator Kinerja Program (outcome)/Kegiatan (output)"),
        Column("renstra_k", "(6) Target Renstra PD (akhir periode) K", "target"),
        Column("renstra_rp", "(6) Target Renstra PD (akhir periode) Rp", "money"),
        Column("prior_k", f"(7) Realisasi Renstra PD s/d Renja Tahun {year - 1} K", "target"),
        Column("prior_rp", f"(7) Realisasi Renstra PD s/d Renja Tahun {year - 1} Rp", "money"),
        Column("target_k", f"(8) Target Renja PD Tahun {year} K", "number"),
        Column("target_rp", f"(8) Target Renja PD Tahun {year} Rp", "money"),
    ]
    for number, q in enumerate(QUARTERS, start=9):
        columns += [
            Column(f"q{q.value}_k", f"({number}) Realisasi Triwulan {q.name} K"),
            Column(f"q{q.value}_rp", f"({number}) Realisasi Triwulan {q.name} Rp", "money"),
        ]
    columns += [
        Column("done_k", "(13) Realisasi Renja PD yang Dievaluasi K", "number"),
        Column("done_rp", "(13) Realisasi Renja PD yang Dievaluasi Rp", "money"),
        Column("rate_k", "(14) = 13/8 Tingkat Capaian Renja (%) K", "percent"),
        Column("rate_rp", "(14) = 13/8 Tingkat Capaian Renja (%) Rp", "percent"),
        Column("renstra_done_k", f"(15) = 7+13 Realisasi Renstra PD s/d Tahun {year} K", "number"),
        Column("renstra_done_rp", f"(15) = 7+13 Realisasi Renstra PD s/d Tahun {year} Rp", "money"),
        Column("renstra_rate_k", "(16) = 15/6 Tingkat Capaian Renstra (%) K", "percent"),
        Column("renstra_rate_rp", "(16) = 15/6 Tingkat Capaian Renstra (%) Rp", "percent"),
        Column("unit_pd", "(17) Perangkat Daerah Penanggung Jawab"),
        Column("remark", "(18) Keterangan"),
    ]  # the rows keep `flags` (JSON); the checks are `pagu evaluate`'s, not the form's
    government = _government(budget[0])
    return Report(
        title=(
            "EVALUASI TERHADAP HASIL RENJA PERANGKAT DAERAH"
            + (f" LINGKUP {government.upper()}" if government else "")
        ),
        columns=columns,
        rows=rows,
        notes=[
            *([f"Pemerintah {government}"] if government else []),
            f"Perangkat Daerah: {budget[0]}",
            f"Periode pelaksanaan: Tahun {year} s/d Triwulan {up_to.name}",
            "Permendagri 86/2017 (formulir E.81); K = kinerja, Rp = anggaran",
            point.describe(),
        ],
        meta={"quarter": up_to.value, "form": "permendagri86", "paper": "F4 or larger"},
    )


def _closing(label: str) -> dict[str, Any]:
    """A closing row of the form: its label in the name column, the rest empty."""
    row = total_row(label)
    return row | {key: None for key in ("indicator", "remark")} | {FLAGS: []}


def _rate(spent: Decimal | None, pagu: Decimal | None) -> Decimal | None:
    if spent is None or pagu is None or pagu == 0:
        return None
    return _round(spent * 100 / pagu)


def _round(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.01"))


def _government(skpd: str) -> str | None:
    """'Kabupaten Kutai Kartanegara' from 'Dinas Sosial Kabupaten Kutai Kartanegara'."""
    for word in ("Kabupaten", "Kota", "Provinsi"):
        at = skpd.find(f" {word} ")
        if at >= 0:
            return skpd[at + 1 :]
    return None
