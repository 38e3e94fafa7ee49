"""The views on the shared document, through the real `pagu` command, on a SQLite file
and on PostgreSQL. Expected figures are read from the document here, independently of
the importer."""

from __future__ import annotations

import json
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest

from tests.conftest import SHARED_DOCUMENT, pagu

MURNI_TOTAL = Decimal("44596627447.00")
PERUBAHAN_TOTAL = Decimal("50009023965.00")
LEVELS = {"program", "kegiatan", "sub_kegiatan", "total"}


def view(*args: str) -> list[dict[str, Any]]:
    result = pagu(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    rows: list[dict[str, Any]] = json.loads(result.output)
    return rows


def by_code(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {row["kode"]: row for row in rows if row["level"] != "total"}


def total(rows: list[dict[str, Any]]) -> dict[str, Any]:
    found = [row for row in rows if row["level"] == "total"]
    assert len(found) == 1
    return found[0]


def money(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


# ---- reading the document, without the importer ------------------------------------


def _cells(line: str) -> list[str]:
    return [re.sub(r"</?b>", "", cell).strip() for cell in line.split("\t")]


def _rupiah(text: str) -> Decimal | None:
    """1.234.567,00 / (35.000.000) / 100.000.000 / - as printed in BAB III."""
    if text in ("", "-"):
        return None
    negative = text.startswith("(")
    digits = text.strip("()").replace(".", "").replace(",", ".")
    value = Decimal(digits).quantize(Decimal("0.01"))
    return -value if negative else value


def bab3_rows() -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Every program, kegiatan and sub kegiatan row of the APBD-P table, in document
    order, with its printed murni pagu, revised pagu and difference; and the TOTAL row.
    Rows printed without a code (program 1.06.05) have kode None."""
    lines = SHARED_DOCUMENT.read_text(encoding="utf-8").splitlines()
    start = next(
        i for i, line in enumerate(lines) if line.startswith("Kode\t") and "Sebelum" in line
    )
    rows: list[dict[str, Any]] = []
    for line in lines[start + 2 :]:
        if "\t" not in line:
            if line.strip():
                break
            continue
        cells = _cells(line)
        if len(cells) == 12:  # the code column is missing from this row
            cells = ["", *cells]
        assert len(cells) == 13, line
        kode, nama = cells[0], cells[1]
        if not kode and not nama:
            continue  # a second indicator of the row above
        row = {
            "kode": kode or None,
            "nama": nama,
            "murni": _rupiah(cells[5]),
            "perubahan": _rupiah(cells[9]),
            "difference": _rupiah(cells[10]) or Decimal("0.00"),
        }
        if nama == "TOTAL PAGU ANGGARAN":
            return rows, row
        rows.append(row)
    raise AssertionError("no TOTAL row")


def tabel1_rows() -> dict[str, dict[str, Decimal | None]]:
    """Columns 8, 10 and 11 of every Tabel 1 row, by code (positions from each page's
    row of column numbers)."""
    lines = SHARED_DOCUMENT.read_text(encoding="utf-8").splitlines()
    found: dict[str, dict[str, Decimal | None]] = {}
    columns: dict[int, int] = {}
    for line in lines:
        cells = _cells(line)
        if cells[:3] == ["1", "2", "3"]:
            columns = {int(re.match(r"\d+", c)[0]): i for i, c in enumerate(cells) if c}  # type: ignore[index]
            continue
        if not columns or not re.fullmatch(r"0?1\.06(\.\d+)*", cells[0]):
            if "\t" not in line and line.strip():
                columns = {}
            continue

        found[cells[0].lstrip("0")] = {
            key: _cell_number(cells, columns, n)
            for key, n in (("rate", 8), ("cumulative", 10), ("achievement", 11))
        }
    return found


def _cell_number(cells: list[str], columns: dict[int, int], n: int) -> Decimal | None:
    text = cells[columns[n]] if columns[n] < len(cells) else ""
    return Decimal(text.rstrip("%")) if text else None


def rounded_as(printed: Decimal, computed: Decimal) -> Decimal:
    places = max(0, -int(printed.as_tuple().exponent))
    return computed.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


# ---- the views -------------------------------------------------------------------------


def test_every_view_gives_rows_with_code_name_level_and_one_total(imported: str) -> None:
    for name in ("apbd", "compare", "evaluate", "realization"):
        rows = view(name, "--db", imported)
        assert {row["level"] for row in rows} == LEVELS, name
        assert all({"kode", "nama", "level"} <= set(row) for row in rows)
        assert sum(1 for row in rows if row["level"] == "total") == 1
        assert rows[-1]["level"] == "total"
    apbd = view("apbd", "--db", imported)
    assert all(isinstance(row["pagu"], str) for row in apbd)
    assert len([row for row in apbd if row["level"] == "sub_kegiatan"]) == 61
    assert len([row for row in apbd if row["level"] == "kegiatan"]) == 18
    spm = view("spm", "--db", imported)
    assert [row["no"] for row in spm[:-1]] == [1, 2, 3, 4, 5] and spm[-1]["level"] == "total"
    assert spm[0]["kode"] == "1.06" and spm[0]["realization_2022"] == "95.48"


def test_apbd_murni_and_perubahan_totals(imported: str) -> None:
    murni = view("apbd", "--db", imported, "--stage", "murni")
    assert money(total(murni)["pagu"]) == MURNI_TOTAL
    assert "1.06.01.2.07.02" not in by_code(murni)  # first budgeted in the APBD-P
    revised = view("apbd", "--db", imported, "--stage", "perubahan")
    assert money(total(revised)["pagu"]) == PERUBAHAN_TOTAL
    line = by_code(revised)["1.06.04.2.01.05"]
    assert (line["pagu"], line["target"]) == ("83804000.00", "24 Orang")
    assert by_code(murni)["1.06.04.2.01.05"]["target"] == "118 Orang"
    program = by_code(revised)["1.06.05"]  # two indicators
    assert [i["target"] for i in program["indicators"]] == ["100%", "85%"]
    # parents are sums of their sub kegiatan
    subs = [row for row in revised if row["level"] == "sub_kegiatan"]
    for parent in ("1.06.01", "1.06.04.2.01"):
        expected = sum(Decimal(r["pagu"]) for r in subs if r["kode"].startswith(parent + "."))
        assert money(by_code(revised)[parent]["pagu"]) == expected
    programs = view("apbd", "--db", imported, "--level", "program")
    assert [row["level"] for row in programs] == ["program"] * 7 + ["total"]


def test_compare_reproduces_every_line_of_bab_iii(imported: str) -> None:
    document, printed_total = bab3_rows()
    rows = view("compare", "--db", imported)
    lines = [row for row in rows if row["level"] != "total"]
    assert len(lines) == len(document) == 86
    for mine, theirs in zip(lines, document, strict=True):
        if theirs["kode"] is not None:
            assert mine["kode"] == theirs["kode"].lstrip("0")
        else:  # printed without a code: the same row by name, in the same place
            assert mine["nama"] == theirs["nama"]
        assert money(mine["murni_pagu"]) == theirs["murni"], mine["kode"]
        assert money(mine["perubahan_pagu"]) == theirs["perubahan"], mine["kode"]
        assert money(mine["difference"]) == theirs["difference"], mine["kode"]
    last = total(rows)
    assert money(last["murni_pagu"]) == printed_total["murni"] == MURNI_TOTAL
    assert money(last["perubahan_pagu"]) == printed_total["perubahan"] == PERUBAHAN_TOTAL
    assert money(last["difference"]) == printed_total["difference"]


def test_compare_changed_only_and_printed_forward_totals(imported: str) -> None:
    changed = by_code(view("compare", "--db", imported, "--changed-only"))
    assert "1.06.04.2.01.05" in changed and "1.06.01.2.07.02" in changed
    assert changed["1.06.01.2.07.02"]["new"] is True
    assert "1.06.01.2.01.07" not in changed  # same pagu, target, indicator and location
    assert "1.06.01.2.03" in changed  # its target went from 4 to 6 Dokumen
    printed = view("compare", "--db", imported, "--show-printed")
    flagged = [row for row in printed if row["flags"]]
    # the reconciliation report's 16 forward-estimate totals, and nothing else
    assert len(flagged) == 16
    assert all("Perkiraan Maju" in flag for row in flagged for flag in row["flags"])
    assert total(printed)["printed_forward_pagu"] == "43263312074.00"
    assert total(printed)["forward_pagu"] == "39484496674.00"


def test_evaluate_reproduces_tabel_1_columns_8_10_11(imported: str) -> None:
    document = tabel1_rows()
    rows = by_code(view("evaluate", "--db", imported, "--quarter", "2"))
    checked = 0
    for kode, printed in document.items():
        mine = rows[kode]
        for key in ("rate", "cumulative", "achievement"):
            if printed[key] is None:
                continue
            computed = Decimal(mine[key])
            assert rounded_as(printed[key], computed) == printed[key], (kode, key, mine[key])  # type: ignore[arg-type]
            checked += 1
    assert checked > 150
    rujukan = rows["1.06.04.2.01.12"]  # 892 of a target of 100: shown, never capped
    assert rujukan["rate"] == "892.00" and rujukan["achievement"] == "218.40"
    assert any("rate above 100%" in flag for flag in rujukan["flags"])
    assert rows["1.06.04.2.01.01"]["cumulative"] == "1750"
    assert not any("printed" in flag for row in rows.values() for flag in row["flags"])
    table = pagu("evaluate", "--db", imported).output
    assert "(8) = (7/6) Tingkat Realisasi (%)" in table and "892,00%" in table
    assert "Realisasi RENJA-PD Triwulan II" in table


def test_evaluate_flags_a_printed_rate_that_disagrees(store_url: str, tmp_path: Any) -> None:
    text = SHARED_DOCUMENT.read_text(encoding="utf-8")
    line = "3452 Orang\t1052 Orang\t800\t698\t87%"
    assert line in text
    altered = tmp_path / "renja.txt"
    altered.write_text(text.replace(line, line.replace("87%", "78%")), encoding="utf-8")
    assert pagu("--db", store_url, "import", str(altered)).exit_code == 0
    rows = by_code(view("evaluate", "--db", store_url, "--show-printed"))
    row = rows["1.06.04.2.01.01"]
    assert row["printed_rate"] == "78" and row["rate"] == "87.25"
    assert row["flags"] == ["Tabel 1 (8): printed 78,00%, computed 87,25%"]


def test_realization_total_against_murni_and_perubahan(imported: str) -> None:
    murni = total(view("realization", "--db", imported, "--quarter", "2", "--basis", "murni"))
    assert murni["spent"] == "16358726962.00" and murni["spent_percent"] == "36.68"
    assert money(murni["pagu"]) == MURNI_TOTAL and murni["basis"] == "murni"
    assert murni["output"] == "52.7%"
    revised = total(view("realization", "--db", imported, "--quarter", "2", "--basis", "perubahan"))
    assert revised["spent_percent"] == "32.71" and money(revised["pagu"]) == PERUBAHAN_TOTAL
    # nothing was realized in the first quarter
    first = total(view("realization", "--db", imported, "--quarter", "1"))
    assert first["spent"] is None
    table = pagu("realization", "--db", imported, "--quarter", "II", "--basis", "murni").output
    assert "basis: APBD Murni" in table and "16.358.726.962,00" in table and "36,68%" in table
    printed = total(view("realization", "--db", imported, "--basis", "perubahan", "--show-printed"))
    assert printed["printed_spent_percent"] == "36.7"
    assert printed["flags"] == [
        "the document prints 36,7% of 44.596.627.447,00; against this basis it is 32,71%"
    ]
    agreeing = total(view("realization", "--db", imported, "--basis", "murni", "--show-printed"))
    assert agreeing["flags"] == []


def test_apbd_show_printed_agrees_with_bab_iii(imported: str) -> None:
    rows = view("apbd", "--db", imported, "--stage", "murni", "--show-printed")
    assert all(row["flags"] == [] for row in rows)
    assert total(rows)["printed_pagu"] == "44596627447.00"
    assert by_code(rows)["1.06.04"]["printed_pagu"] == "5859089590.00"


def test_tables_and_csv_use_the_official_headings(imported: str) -> None:
    table = pagu("apbd", "--db", imported, "--stage", "murni").output
    assert "APBD Murni" in table and "Pagu Indikatif" in table and "Target Capaian Kinerja" in table
    assert "44.596.627.447,00" in table
    compare = pagu("compare", "--db", imported, "--format", "csv").output.splitlines()[0]
    assert "Bertambah / Berkurang" in compare and "Perkiraan Maju Rencana Tahun 2025" in compare
    spm = pagu("spm", "--db", imported).output
    assert "Realisasi Capaian Tahun 2022" in spm and "95,48" in spm


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("evaluate", "--quarter", "5"), "not a quarter: '5'"),
        (("apbd", "--skpd", "Dinas Kesehatan"), "no budget for Dinas Kesehatan"),
        (("apbd", "--year", "2023"), "no budget for that SKPD 2023"),
        (("compare", "--as-of", "kemarin"), "not a timestamp: 'kemarin'"),
        (("realization", "--effective", "31/31/2024"), "not a date: '31/31/2024'"),
    ],
)
def test_bad_input_is_one_clear_line(sqlite_url: str, args: tuple[str, ...], message: str) -> None:
    assert pagu("--db", sqlite_url, "import", str(SHARED_DOCUMENT)).exit_code == 0
    result = pagu(*args, "--db", sqlite_url)
    assert result.exit_code == 1 and message in result.output, result.output
    assert "Traceback" not in result.output


def test_an_empty_ledger_has_no_budget_to_show(sqlite_url: str) -> None:
    assert pagu("--db", sqlite_url, "init").exit_code == 0
    result = pagu("apbd", "--db", sqlite_url)
    assert result.exit_code == 1 and "none yet" in result.output
