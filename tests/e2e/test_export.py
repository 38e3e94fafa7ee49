"""pagu export xlsx|csv|json on the shared document, on SQLite and PostgreSQL: the
workbook holds the official totals as numbers in the total rows, each sheet is exactly
its view, and the CSV and JSON files are exactly what the view commands print."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from cli.xlsx import HEADER_ROW, MONEY_FORMAT, PERCENT_FORMAT
from tests.conftest import EXAMPLE_DOCUMENT, SHARED_DOCUMENT, pagu

MURNI = 44596627447
PERUBAHAN = 50009023965
SHEETS = [
    "APBD Murni",
    "APBD-P (BAB III)",
    "Evaluasi (Tabel 1)",
    "Evaluasi Renja (E.81)",
    "Realisasi",
    "SPM (Tabel 2)",
    "Dokumen",
    "Temuan Rekonsiliasi",
    "Jejak Audit",
]
# file stem -> the command that prints the same view
COMMANDS = {
    "apbd-murni": ["apbd", "--stage", "murni"],
    "apbd-perubahan": ["compare"],
    "evaluasi": ["evaluate"],
    "evaluasi-renja": ["evaluate", "--form", "permendagri86"],
    "realisasi": ["realization"],
    "spm": ["spm"],
    "dokumen": ["documents"],
    "temuan": ["findings"],
    "jejak-audit": ["audit"],
}


def export(url: str, fmt: str, target: Path, *options: str) -> None:
    result = pagu("--db", url, "export", fmt, "-o", str(target), *options)
    assert result.exit_code == 0, result.output


def headings(sheet: Worksheet) -> dict[str, str]:
    """heading -> column letter, from the header row."""
    return {
        str(cell.value): cell.column_letter for cell in sheet[HEADER_ROW] if cell.value is not None
    }


def row_of(sheet: Worksheet, name: str, column: str = "B") -> int:
    """The one row whose name (B) or code (A) reads `name`."""
    found = [cell.row for cell in sheet[column] if cell.value == name]
    assert len(found) == 1, f"{name!r} in {sheet.title}: rows {found}"
    return found[0]


def table_rows(sheet: Worksheet) -> int:
    """How many rows the table holds under its headings (the signature block comes after
    an empty row)."""
    row = HEADER_ROW + 1
    while any(cell.value is not None for cell in sheet[row]):
        row += 1
    return row - HEADER_ROW - 1


def numeric(sheet: Worksheet, coordinate: str) -> Any:
    cell = sheet[coordinate]
    assert cell.data_type == "n", f"{sheet.title}!{coordinate} is {cell.data_type}: {cell.value!r}"
    return cell.value


def test_workbook_holds_the_totals_as_numbers_in_the_total_rows(
    imported: str, tmp_path: Path
) -> None:
    target = tmp_path / "kukar-2024.xlsx"
    export(imported, "xlsx", target)
    book = load_workbook(target)
    assert book.sheetnames == SHEETS

    murni = book["APBD Murni"]
    total = row_of(murni, "TOTAL PAGU ANGGARAN")
    assert total == HEADER_ROW + 85  # 84 lines of the murni budget, then the total
    assert murni[f"C{total}"].value == "total"
    column = headings(murni)["Pagu Indikatif"]
    assert numeric(murni, f"{column}{total}") == MURNI
    assert murni[f"{column}{total}"].number_format == MONEY_FORMAT

    compare = book["APBD-P (BAB III)"]
    total = row_of(compare, "TOTAL PAGU ANGGARAN")
    columns = headings(compare)
    before = columns["Pagu Indikatif APBD 2024 (Sebelum Perubahan)"]
    after = columns["Pagu Indikatif APBD Perubahan 2024 (Sesudah Perubahan)"]
    difference = columns["Bertambah / Berkurang"]
    assert (before, after, difference) == ("F", "J", "K")
    assert numeric(compare, f"F{total}") == MURNI
    assert numeric(compare, f"J{total}") == PERUBAHAN
    assert numeric(compare, f"K{total}") == PERUBAHAN - MURNI
    for letter in "FJK":
        assert compare[f"{letter}{total}"].number_format == MONEY_FORMAT
        assert compare[f"{letter}{total}"].font.b  # the total row is set apart

    # A program row is filled and bold, a sub kegiatan row is not.
    program = row_of(compare, "1.06.02", "A")
    assert compare[f"B{program}"].font.b and compare[f"B{program}"].fill.fgColor.rgb.endswith(
        "D9E1F2"
    )
    sub = row_of(compare, "1.06.04.2.01.03", "A")
    assert not compare[f"B{sub}"].font.b and compare[f"B{sub}"].fill.fill_type is None
    assert numeric(compare, f"K{sub}") == -135000000  # a cut is a negative number

    # Frozen below the headings, and right of code and name where a view starts so.
    assert murni.freeze_panes == compare.freeze_panes == f"C{HEADER_ROW + 1}"
    assert book["Jejak Audit"].freeze_panes == f"A{HEADER_ROW + 1}"
    assert murni.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    assert murni["A1"].value == "APBD Murni (sebelum perubahan)"

    realization = book["Realisasi"]
    total = row_of(realization, "TOTAL DINAS SOSIAL KABUPATEN KUTAI KARTANEGARA")
    columns = headings(realization)
    spent = columns["Realisasi Keuangan s/d Triwulan II (Rp)"]
    rate = columns["Realisasi Keuangan (%)"]
    assert numeric(realization, f"{spent}{total}") == 16358726962
    assert numeric(realization, f"{rate}{total}") == pytest.approx(0.3271)
    assert realization[f"{rate}{total}"].number_format == PERCENT_FORMAT

    assert table_rows(book["Temuan Rekonsiliasi"]) == 56
    assert table_rows(book["Jejak Audit"]) == 783
    assert all(
        book[name].column_dimensions["B"].width >= 10 for name in SHEETS
    )  # widths were set (openpyxl's default is 13 only when unset)


def test_every_sheet_is_its_view(imported: str, tmp_path: Path) -> None:
    """The exporter computes nothing: each sheet's headings are its view's, and its codes,
    money and percentages are its command's JSON, row for row."""
    export(imported, "xlsx", tmp_path / "all.xlsx")
    export(imported, "json", tmp_path / "json")
    book = load_workbook(tmp_path / "all.xlsx")
    index = json.loads((tmp_path / "json" / "index.json").read_text(encoding="utf-8"))
    for sheet_name, stem, entry in zip(SHEETS, COMMANDS, index["files"], strict=True):
        assert entry["view"] == sheet_name
        printed = pagu("--db", imported, *COMMANDS[stem], "--format", "json")
        assert printed.exit_code == 0, printed.output
        rows = json.loads(printed.output)
        sheet = book[sheet_name]
        assert [cell.value for cell in sheet[HEADER_ROW]] == [
            column["heading"] for column in entry["columns"]
        ]
        assert table_rows(sheet) == len(rows), sheet_name
        for position, column in enumerate(entry["columns"], start=1):
            key, kind = column["key"], column["kind"]
            if kind not in ("money", "percent") and key != "kode":
                continue
            for offset, row in enumerate(rows, start=1):
                cell = sheet.cell(row=HEADER_ROW + offset, column=position).value
                assert _same(cell, row.get(key), kind), (sheet_name, key, offset, cell, row[key])


def _same(cell: Any, printed: Any, kind: str) -> bool:
    if printed is None or printed == "":
        return cell is None or cell == "belum dicatat"  # JSON null: nothing recorded
    if kind not in ("money", "percent"):
        return bool(cell == printed)
    expected = Decimal(printed) / (100 if kind == "percent" else 1)
    return isinstance(cell, (int, float)) and abs(Decimal(str(cell)) - expected) < Decimal(
        "0.000001"
    )


def test_csv_and_json_files_are_what_the_commands_print(imported: str, tmp_path: Path) -> None:
    for fmt in ("csv", "json"):
        directory = tmp_path / fmt
        export(imported, fmt, directory)
        index = json.loads((directory / "index.json").read_text(encoding="utf-8"))
        assert [entry["file"] for entry in index["files"]] == [f"{s}.{fmt}" for s in COMMANDS]
        assert (index["skpd"], index["tahun"]) == ("Dinas Sosial Kabupaten Kutai Kartanegara", 2024)
        for stem, command in COMMANDS.items():
            printed = pagu("--db", imported, *command, "--format", fmt)
            written = (directory / f"{stem}.{fmt}").read_text(encoding="utf-8")
            assert written == printed.output, stem
    murni = json.loads((tmp_path / "json" / "apbd-murni.json").read_text(encoding="utf-8"))
    assert murni[-1]["level"] == "total" and murni[-1]["pagu"] == f"{MURNI}.00"
    compared = (tmp_path / "csv" / "apbd-perubahan.csv").read_text(encoding="utf-8")
    assert f",{MURNI}.00," in compared and f",{PERUBAHAN}.00," in compared


def test_export_at_a_point_in_time(imported: str, tmp_path: Path) -> None:
    """--effective before the APBD-P took effect: the revised column is the murni budget."""
    target = tmp_path / "june.xlsx"
    export(imported, "xlsx", target, "--effective", "2024-06-30")
    compare = load_workbook(target)["APBD-P (BAB III)"]
    total = row_of(compare, "TOTAL PAGU ANGGARAN")
    assert numeric(compare, f"F{total}") == numeric(compare, f"J{total}") == MURNI
    assert "in force on 2024-06-30" in str(compare["A2"].value)

    before = tmp_path / "before"
    export(imported, "json", before, "--as-of", "2000-01-01")
    assert json.loads((before / "apbd-murni.json").read_text()) == []
    index = json.loads((before / "index.json").read_text())
    assert [entry["file"] for entry in index["files"]] == [
        f"{s}.json" for s in COMMANDS if s not in ("dokumen", "temuan")
    ]  # nothing had been imported by then
    assert all(entry["rows"] == 0 for entry in index["files"])


def test_refusals(imported: str, tmp_path: Path) -> None:
    wrong = pagu("--db", imported, "export", "xlsx", "-o", str(tmp_path / "out.csv"))
    assert wrong.exit_code == 1 and "ends in .xlsx" in wrong.output
    a_file = tmp_path / "taken"
    a_file.write_text("x")
    taken = pagu("--db", imported, "export", "csv", "-o", str(a_file))
    assert taken.exit_code == 1 and "not a directory" in taken.output
    nowhere = pagu("--db", imported, "export", "xlsx", "-o", str(tmp_path / "no" / "x.xlsx"))
    assert nowhere.exit_code == 1 and "does not exist" in nowhere.output
    missing = pagu("--db", str(tmp_path / "none.db"), "export", "json", "-o", str(tmp_path))
    assert missing.exit_code == 1 and "no ledger at" in missing.output
    assert "Traceback" not in wrong.output + taken.output + nowhere.output + missing.output


def test_each_imported_document_gets_its_findings(sqlite_url: str, tmp_path: Path) -> None:
    """The bundled example is another file of the same budget: a second document."""
    for document in (SHARED_DOCUMENT, EXAMPLE_DOCUMENT):
        assert pagu("--db", sqlite_url, "import", str(document)).exit_code == 0
    listed = json.loads(pagu("--db", sqlite_url, "documents", "--format", "json").output)
    shas = [row["sha256"] for row in listed]
    target = tmp_path / "two.xlsx"
    export(sqlite_url, "xlsx", target)
    book = load_workbook(target)
    assert book.sheetnames[6:] == [
        "Dokumen",
        f"Temuan 1 ({shas[0][:8]})",
        f"Temuan 2 ({shas[1][:8]})",
        "Jejak Audit",
    ]
    for number, sha in enumerate(shas, start=1):
        sheet = book[f"Temuan {number} ({sha[:8]})"]
        assert sha in str(sheet["A2"].value) and table_rows(sheet) == 56
    export(sqlite_url, "json", tmp_path / "two")
    for sha in shas:
        written = (tmp_path / "two" / f"temuan-{sha[:12]}.json").read_text(encoding="utf-8")
        printed = pagu("--db", sqlite_url, "findings", "--document", sha[:12], "--format", "json")
        assert written == printed.output
