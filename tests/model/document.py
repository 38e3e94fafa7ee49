"""A small Renja Perubahan document in the shape of the shared one: one program, one
kegiatan and a few sub kegiatan, with the figures a test chooses. What the reference
model imports (tests/model/test_reference_model.py)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from events.money import format_rupiah

_HEADER = """PEMERINTAH KABUPATEN KUTAI KARTANEGARA

**DINAS SOSIAL**

PERUBAHAN RENCANA KERJA

**RENJA - 2024**

## BAB II EVALUASI PELAKSANAAN RENJA DINAS SOSIAL SAMPAI DENGAN TRIWULAN II TAHUN 2024

Tabel 1

**Rekapitulasi Evaluasi Hasil Pelaksanaan RENJA Perangkat Daerah 2023 dan
Pencapaian Renstra Perangkat Daerah s/d Tahun 2024**

Perangkat Daerah\t: Dinas Sosial\t\t\t\t\t\t\t\t\t\t\t
Urusan\t: Sosial\t\t\t\t\t\t\t\t\t\t\t
Kode\tProgram/Kegiatan /Sub.Kegiatan\tIndikator Program (outcomes) / Kegiatan (output)\tTarget Kinerja Capaian Program (RENSTRA-PD) Tahun 2022\tRealisasi Target Hasil Kinerja Program dan Keluaran Kegiatan sampai dengan Tahun 2023\t\t\tTarget dan Realisasi Kinerja Program dan Kegiatan Tahun Berjalan (2024)\t\t\tCatatan Penting\tPerkiraan Realisasi Capaian Target\t
\t\t\t\tTarget\tRealisasi\tTingkat Realisasi (%)\tTarget RENJA-PD Tahun (2024)\tRealisasi RENJA-PD Triwulan II\tTingkat Realisasi (%)\t\tRealisasi Capaian Program dan Kegiatan s/d tahun berjalan (tahun 2024)\tTingkat Capaian Realisasi Target Renstra (%)
1\t2\t3\t4\t5\t6\t7\t8 = (7/6)\t9\t10 = (5+7)\t11 = (10/4)\t\t
"""  # noqa: E501

_BAB3 = """
## BAB III RENCANA KERJA DAN PENDANAAN PERANGKAT DAERAH

**PROGRAM / KEGIATAN / SUB KEGIATAN
PADA APBD - P TAHUN 2024**

Kode\tProgram/Kegiatan /Sub.Kegiatan\tAPBD 2024 (Sebelum Perubahan)\t\t\t\tAPBD Perubahan 2024 (Sesudah Perubahan)\t\t\t\tBertambah / Berkurang\tPerkiraan Maju Rencana Tahun 2025\t
\t\tLokasi\tIndikator Kinerja Program/Kegiatan\tTarget Capaian Kinerja\tPagu Indikatif\tLokasi\tIndikator Kinerja Program/Kegiatan\tTarget Capaian Kinerja\tPagu Indikatif\t\tTarget Capaian Kinerja\tPagu Indikatif
"""  # noqa: E501

PLACE = "Kab. Kutai Kartanegara, Tenggarong"


@dataclass(frozen=True)
class Sub:
    """A sub kegiatan of the document: its murni and APBD-P pagu (whole rupiah), its
    target and its triwulan II output (in Dokumen)."""

    number: int
    murni: int
    perubahan: int
    target: int = 6
    output: int = 2

    @property
    def kode(self) -> str:
        return f"1.06.01.2.01.{self.number:02d}"


def _money(amount: int | None) -> str:
    return "-" if amount is None else format_rupiah(Decimal(amount))


def _difference(murni: int, perubahan: int) -> str:
    change = perubahan - murni
    if change == 0:
        return "-"
    shown = f"{abs(change):,}".replace(",", ".")
    return f"({shown})" if change < 0 else shown


def write(path: Path, subs: list[Sub]) -> Path:
    murni = sum(s.murni for s in subs)
    perubahan = sum(s.perubahan for s in subs)
    lines = [_HEADER.rstrip("\n")]
    lines.append("1.06.01\tProgram Penunjang\tNilai SAKIP Perangkat Daerah" + "\t" * 10)
    lines.append(
        "1.06.01.2.01\tPerencanaan dan Evaluasi\tTersedianya Dokumen\t"
        "88 Dokumen\t34 Dokumen\t25\t13\t52%\t\t\t\t"
    )
    for s in subs:
        rate = f"{s.output * 100 // s.target}%"
        lines.append(
            f"{s.kode}\tSub Kegiatan {s.number}\tJumlah Dokumen {s.number}\t"
            f"10 Dokumen\t2 Dokumen\t{s.target}\t{s.output}\t{rate}\t\t{2 + s.output}\t"
            f"{(2 + s.output) * 10}%\t\t"
        )
    lines.append(_BAB3.rstrip("\n"))
    lines.append(
        f"1.06.01\tProgram Penunjang\t{PLACE}\tNilai SAKIP\t79 Nilai\t{_money(murni)}\t"
        f"{PLACE}\tNilai SAKIP\t79 Nilai\t{_money(perubahan)}\t"
        f"{_difference(murni, perubahan)}\t80 Nilai\t-"
    )
    lines.append(
        f"1.06.01.2.01\tPerencanaan dan Evaluasi\t{PLACE}\tTersedianya Dokumen\t12 Bulan\t"
        f"{_money(murni)}\t{PLACE}\tTersedianya Dokumen\t12 Bulan\t{_money(perubahan)}\t"
        f"{_difference(murni, perubahan)}\t12 Bulan\t-"
    )
    for s in subs:
        lines.append(
            f"{s.kode}\tSub Kegiatan {s.number}\t{PLACE}\tJumlah Dokumen {s.number}\t"
            f"{s.target} Dokumen\t{_money(s.murni)}\t{PLACE}\tJumlah Dokumen {s.number}\t"
            f"{s.target} Dokumen\t{_money(s.perubahan)}\t{_difference(s.murni, s.perubahan)}\t"
            f"{s.target} Dokumen\t-"
        )
    lines.append(
        f"\t<b>TOTAL PAGU ANGGARAN</b>\t\t\t\t<b>{_money(murni)}</b>\t\t\t\t"
        f"<b>{_money(perubahan)}</b>\t<b>{_difference(murni, perubahan)}</b>\t\t<b>-</b>"
    )
    lines += ["", "", "Tenggarong, 14 Agustus 2024", ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path
