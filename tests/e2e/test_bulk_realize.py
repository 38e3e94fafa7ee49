"""`pagu realize --from FILE`: a quarter for every line in one command, all or nothing,
idempotent, every refused row named; `--template`; the file-level refusals."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from tests.conftest import pagu

HEADER = ["kode", "triwulan", "realisasi keuangan", "realisasi fisik", "referensi"]


def digest(url: str) -> str:
    result = pagu("--db", url, "digest")
    assert result.exit_code == 0, result.output
    return result.output.splitlines()[0]


def sub_kegiatan(url: str) -> list[dict[str, str]]:
    rows = json.loads(pagu("--db", url, "lines", "--format", "json").output)
    return [row for row in rows if row["level"] == "sub_kegiatan"]


def write_csv(path: Path, rows: list[list[str]], *, delimiter: str = ";", bom: bool = True) -> Path:
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as out:
        writer = csv.writer(out, delimiter=delimiter)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def quarter_three(url: str) -> list[list[str]]:
    """Triwulan III for every sub kegiatan: a tenth of its pagu, in Indonesian form."""
    rows = []
    for line in sub_kegiatan(url):
        amount = (Decimal(line["pagu"] or 0) / 10).quantize(Decimal("0.01"))
        indonesian = f"{amount:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
        rows.append([line["kode"], "III", indonesian, "1", f"SP2D {line['kode']}"])
    return rows


def test_a_quarter_for_every_line_in_one_command_and_again_adds_nothing(
    imported: str, tmp_path: Path
) -> None:
    rows = quarter_three(imported)
    assert len(rows) == 61
    source = write_csv(tmp_path / "tw3.csv", rows)
    before = digest(imported)
    dry = pagu("--db", imported, "realize", "--from", str(source), "--dry-run", "--format", "json")
    assert dry.exit_code == 0, dry.output
    listed = json.loads(dry.output)
    assert len(listed) == 61 and {row["kode"] for row in listed} == {r[0] for r in rows}
    assert digest(imported) == before  # a dry run writes nothing

    done = pagu("--db", imported, "realize", "--from", str(source))
    assert done.exit_code == 0, done.output
    assert "Dicatat: 61 peristiwa" in done.output
    count = int(before.split(":")[0])
    after = digest(imported)
    assert int(after.split(":")[0]) == count + 61

    again = pagu("--db", imported, "realize", "--from", str(source))
    assert again.exit_code == 0, again.output
    assert "Dicatat: 0 peristiwa" in again.output and "61 rows already recorded" in again.output
    assert digest(imported) == after

    shown = json.loads(
        pagu("--db", imported, "realization", "--quarter", "3", "--format", "json").output
    )
    by_kode = {row["kode"]: row for row in shown}
    first = rows[0][0]
    line = by_kode[first]
    assert line["spent_quarter"] == "III"
    spent, budgeted = Decimal(line["spent"]), Decimal(line["pagu"])
    assert spent == Decimal(rows[0][2].replace(".", "").replace(",", "."))
    assert Decimal(line["sisa"]) == budgeted - spent
    assert Decimal(line["spent_percent"]) == (spent * 100 / budgeted).quantize(Decimal("0.01"))
    dinas = shown[-1]
    assert dinas["level"] == "total" and dinas["spent_lines"] is not None  # the lines' sum
    assert Decimal(dinas["spent"]) != Decimal(dinas["spent_lines"])  # the Dinas's own figure
    assert any("its sub kegiatan sum to" in flag for flag in dinas["flags"])

    matrix = pagu("--db", imported, "realization", "--by-quarter", "--format", "json")
    assert matrix.exit_code == 0, matrix.output
    cells = {row["kode"]: row for row in json.loads(matrix.output)}
    assert Decimal(cells[first]["spent_3"]) == spent and cells[first]["spent_1"] is None
    assert Decimal(cells[first]["serapan_3"]) == Decimal(line["spent_percent"])
    assert cells[first]["output_3"] is not None
    assert any("the Dinas reports" in flag for flag in json.loads(matrix.output)[-1]["flags"])
    table = pagu("--db", imported, "realization", "--by-quarter", "--format", "csv").output
    assert "Keuangan TW III (Rp)" in table and "Serapan TW I (%)" in table
    assert "belum dicatat" in table  # triwulan I: nothing recorded, never 0


def test_belum_dicatat_where_nothing_is_recorded(imported: str) -> None:
    shown = json.loads(pagu("--db", imported, "realization", "--format", "json").output)
    no_money = [row for row in shown if row["level"] == "sub_kegiatan" and row["spent"] is None]
    assert no_money and all(row["sisa"] is None for row in no_money)
    table = pagu("--db", imported, "realization", "--format", "csv").output
    kode = no_money[0]["kode"]
    line = next(text for text in table.splitlines() if text.startswith(kode + ","))
    assert line.count("belum dicatat") >= 2 and ",0.00," not in line


def test_one_bad_row_of_each_kind_writes_nothing_and_is_named(
    imported: str, tmp_path: Path
) -> None:
    rows = quarter_three(imported)
    good = rows[:5]
    kode = [row[0] for row in rows]
    bad = [
        ["1.06.99.2.01.01", "III", "1000", "", ""],  # row 7: unknown line
        [kode[10], "5", "1000", "", ""],  # row 8: quarter 5
        [kode[11], "III", "", "3 Kilogram", ""],  # row 9: another unit
        [kode[12], "III", "999999999999", "", ""],  # row 10: overrun without a reason
        [kode[0], "III", "1000", "", ""],  # row 11: duplicate of row 2
        [kode[13], "III", "12x", "", ""],  # row 12: garbled number
    ]
    source = write_csv(tmp_path / "bad.csv", good + bad, delimiter=",", bom=False)
    before = digest(imported)
    result = pagu("--db", imported, "realize", "--from", str(source))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    text = result.output
    assert "6 rows refused, nothing was recorded" in text
    assert "row 7, kode: unknown line 1.06.99.2.01.01" in text
    assert "row 8, triwulan: not a quarter: '5'" in text
    assert "row 9, realisasi fisik: 3 Kilogram: the unit differs from the target unit" in text
    assert "row 10, realisasi keuangan:" in text and "beyond the pagu" in text
    assert "row 11, kode: duplicate row" in text and "row 2" in text
    assert "row 12, realisasi keuangan: not an amount of rupiah: '12x'" in text
    assert digest(imported) == before

    wrong_date = tmp_path / "date.csv"
    wrong_date.write_text(
        f"kode,triwulan,realisasi keuangan,tanggal\n{kode[0]},III,1000,2024-05-01\n",
        encoding="utf-8",
    )
    refused = pagu("--db", imported, "realize", "--from", str(wrong_date))
    assert refused.exit_code == 1
    assert "row 2, tanggal: tanggal 2024-05-01 is outside triwulan III" in refused.output
    assert digest(imported) == before


def test_an_overrun_with_a_reason_and_the_template_round_trip(
    sqlite_url: str, tmp_path: Path
) -> None:
    from tests.conftest import SHARED_DOCUMENT

    assert pagu("--db", sqlite_url, "import", str(SHARED_DOCUMENT)).exit_code == 0
    kode = sub_kegiatan(sqlite_url)[0]["kode"]
    book = tmp_path / "isian.xlsx"
    made = pagu("--db", sqlite_url, "realize", "--template", str(book), "--quarter", "2")
    assert made.exit_code == 0, made.output
    sheet = load_workbook(book).worksheets[0]
    headings = [cell.value for cell in sheet[1]]
    assert headings[:8] == [
        "Kode", "Nama", "Indikator", "Target", "Satuan", "Triwulan", "Realisasi Keuangan",
        "Realisasi Fisik",
    ]  # fmt: skip
    assert sheet.max_row == 62  # 61 sub kegiatan
    recorded = [row[7].value for row in sheet.iter_rows(min_row=2) if row[7].value]
    assert recorded  # what Tabel 1 gives for triwulan II, filled in
    before = digest(sqlite_url)
    back = pagu("--db", sqlite_url, "realize", "--from", str(book))
    assert back.exit_code == 0, back.output
    assert digest(sqlite_url) == before  # sent back unchanged: nothing new

    # fill in one row in the workbook: a number typed as a number, an overrun with a reason
    work = load_workbook(book)
    rows = list(work.worksheets[0].iter_rows(min_row=2))
    rows[0][6].value = 999_999_999_999
    rows[0][12].value = "tagihan tahun lalu"
    work.save(book)
    accepted = pagu("--db", sqlite_url, "realize", "--from", str(book), "--format", "json")
    assert accepted.exit_code == 0, accepted.output
    events = json.loads(accepted.output)
    assert [event["kode"] for event in events] == [kode]
    assert int(digest(sqlite_url).split(":")[0]) == int(before.split(":")[0]) + 1

    csv_template = tmp_path / "isian.csv"
    assert pagu("--db", sqlite_url, "realize", "--template", str(csv_template)).exit_code == 0
    lines = csv_template.read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 1 + 61 * 4  # every quarter without --quarter


SQLITE_ONLY = pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)


@SQLITE_ONLY
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "unknown.csv",
            "kode,triwulan,realisasi keuanagn\n",
            "unknown column 'realisasi keuanagn'",
        ),
        ("empty.csv", "", "is empty"),
        ("binary.csv", "\x00\x01\x02PNG", "neither a CSV nor an xlsx file"),
        ("latin.csv", None, "neither a CSV file in UTF-8"),
        ("fake.xlsx", "PK\x03\x04 not a zip at all", "neither a CSV nor a readable xlsx"),
        ("nokode.csv", "triwulan,realisasi keuangan\nIII,5\n", "no column kode"),
    ],
)
def test_a_file_that_cannot_be_read_gets_one_message(
    imported: str, tmp_path: Path, name: str, content: str | None, message: str
) -> None:
    path = tmp_path / name
    if content is None:
        path.write_bytes("kode,triwulan,catatan\n1.06.01.2.01.01,III,caf\xe9\n".encode("latin-1"))
    else:
        path.write_bytes(content.encode("latin-1"))
    result = pagu("--db", imported, "realize", "--from", str(path))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert message in result.output, result.output


@SQLITE_ONLY
def test_merged_cells_an_empty_sheet_and_a_missing_sheet(imported: str, tmp_path: Path) -> None:
    merged = Workbook()
    sheet = merged.active
    assert sheet is not None
    sheet.append(["kode", "triwulan", "realisasi keuangan"])
    sheet.append(["1.06.01.2.01.01", "III", 1000])
    sheet.merge_cells("A2:A3")
    merged.create_sheet("Kosong")
    merged.save(tmp_path / "merged.xlsx")
    cases = [
        ([], "merged cells at A2:A3"),
        (["--sheet", "Kosong"], "sheet 'Kosong' is empty"),
        (["--sheet", "Tidak Ada"], "no such sheet"),
    ]
    for options, message in cases:
        result = pagu(
            "--db", imported, "realize", "--from", str(tmp_path / "merged.xlsx"), *options
        )
        assert result.exit_code == 1 and message in result.output, result.output
    both = pagu("--db", imported, "realize", "1.06.01.2.01.01", "--from", "x.csv")
    assert both.exit_code != 0 and "leave out KODE" in both.output
