"""`pagu evaluate --form permendagri86` and its xlsx sheet, with the notes of `pagu note`."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

from events.predikat import predikat_text
from tests.conftest import pagu

SHEET = "Evaluasi Renja (E.81)"
KODE = "1.06.01.2.01.01"


def test_the_form_with_its_closing_rows_in_table_json_and_a_printable_sheet(
    imported: str, tmp_path: Path
) -> None:
    notes = [
        ("pendorong", "Dukungan anggaran tepat waktu"),
        ("penghambat", "Review Renstra tidak sempat dilakukan"),
        ("tindak-lanjut", "Percepat penyusunan dokumen"),
    ]
    for kind, text in notes:
        done = pagu(
            "--db", imported, "note", KODE, text, "--kind", kind, "--effective", "2024-09-30"
        )
        assert done.exit_code == 0, done.output
        assert "FactorNoted" in done.output
    refused = pagu("--db", imported, "note", "1.06.99.2.01.01", "x", "--kind", "pendorong")
    assert refused.exit_code == 1 and "unknown line" in refused.output
    audit = json.loads(pagu("--db", imported, "audit", "--kind", "note", "--format", "json").output)
    assert [row["kind"] for row in audit].count("FactorNoted") == 3
    wrong = pagu("--db", imported, "note", KODE, "Salah catat", "--kind", "penghambat",
                 "--format", "json")  # fmt: skip
    event_id = json.loads(wrong.output)[0]["event_id"]
    undone = pagu("--db", imported, "correct", event_id, "--reason", "bukan penghambat")
    assert undone.exit_code == 0, undone.output

    rows = json.loads(
        pagu("--db", imported, "evaluate", "--form", "permendagri86", "--format", "json").output
    )
    evaluate = json.loads(pagu("--db", imported, "evaluate", "--format", "json").output)
    line = next(row for row in rows if row["kode"] == KODE)
    same = next(row for row in evaluate if row["kode"] == KODE)
    assert line["rate_k"] == same["rate"] and line["renstra_rate_k"] == same["achievement"]
    assert line["q2_k"] == "3 Dokumen" and line["q3_k"] is None  # up to triwulan II
    assert Decimal(line["target_rp"]) == Decimal("165000000.00")
    assert line["unit_pd"].startswith("Dinas Sosial")
    closing = {row["nama"]: row for row in rows if not row["kode"]}
    average = closing["Rata-rata capaian kinerja (%)"]
    assert average["rate_k"] == evaluate[-1]["rate"]
    predikat = closing["Predikat kinerja"]
    assert predikat["predikat_k"] == predikat_text(Decimal(average["rate_k"]))
    assert (
        f"{KODE}: Dukungan anggaran tepat waktu"
        in (closing["Faktor pendorong keberhasilan pencapaian"]["remark"])
    )
    penghambat = closing["Faktor penghambat pencapaian kinerja"]["remark"]
    assert "Review Renstra" in penghambat and "Salah catat" not in penghambat  # corrected
    assert (
        "Percepat" in closing["Tindak lanjut yang diperlukan dalam triwulan berikutnya"]["remark"]
    )

    table = pagu("--db", imported, "evaluate", "--form", "permendagri86", "--quarter", "2")
    assert table.exit_code == 0, table.output
    for heading in ("(9) Realisasi Triwulan I K", "(14) = 13/8", "(17) Perangkat Daerah"):
        assert heading in table.output
    assert "Predikat kinerja" in table.output and "Faktor pendorong" in table.output

    target = tmp_path / "form.xlsx"
    exported = pagu(
        "--db", imported, "export", "xlsx", "-o", str(target), "--sign-place", "Tenggarong",
        "--sign-date", "2024-09-30", "--sign-title", "Kepala Dinas Sosial", "--sign-name",
        "Dra. Contoh", "--sign-nip", "19700101 199003 2 001",
    )  # fmt: skip
    assert exported.exit_code == 0, exported.output
    book = load_workbook(target)
    tabel = book["Evaluasi (Tabel 1)"]  # the predikat of every row in Tabel 1's sheet
    column = next(c.column_letter for c in tabel[4] if c.value == "Predikat (Kategori Capaian)")
    cells = [tabel[f"{column}{n}"].value for n in range(5, 5 + len(evaluate))]
    assert cells == [row["predikat"] for row in evaluate]
    sheet = book[SHEET]
    setup = sheet.page_setup
    assert setup.orientation == "landscape"
    assert setup.paperSize in ("8", "14", 8, 14)  # A3 or F4
    assert sheet.print_title_rows == "$4:$4"  # the headings on every page
    assert "&P" in sheet.oddFooter.right.text and "&N" in sheet.oddFooter.right.text
    title = str(sheet["A1"].value)
    assert title.startswith("EVALUASI TERHADAP HASIL RENJA PERANGKAT DAERAH")
    block = str(sheet["A2"].value)
    for part in ("Pemerintah Kabupaten Kutai Kartanegara", "Perangkat Daerah: Dinas Sosial",
                 "Periode pelaksanaan: Tahun 2024"):  # fmt: skip
        assert part in block
    texts = [str(cell.value) for row in sheet.iter_rows(min_row=5) for cell in row]
    for line_text in ("Tenggarong, 30 September 2024", "Kepala Dinas Sosial", "Dra. Contoh",
                      "NIP. 19700101 199003 2 001", "Predikat kinerja"):  # fmt: skip
        assert line_text in texts
