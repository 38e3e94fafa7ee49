"""Reading a realization file: headings in two languages, numbers exactly, refusals."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from events.errors import InvalidInput
from events.money import parse_rupiah
from ledger.importer.realization_file import _cell_text, heading_key, read_realization_file

amounts = st.decimals(min_value=0, max_value=Decimal("9999999999999.99"), places=2)


@given(amounts)
def test_an_xlsx_number_reads_back_as_the_amount_typed(amount: Decimal) -> None:
    """Excel stores 1234567.5 as a binary float: the cell's text is the shortest decimal
    that is that float, which for rupiah with sen up to 10^13 is the amount itself."""
    assert parse_rupiah(_cell_text(float(amount))) == amount


@pytest.mark.parametrize(
    ("heading", "key"),
    [
        ("Realisasi Keuangan (Rp)", "realisasi keuangan"),
        ("  TRIWULAN ", "triwulan"),
        ("realisasi_fisik", "realisasi fisik"),
        ("Kumulatif (ya/tidak)", "kumulatif"),
    ],
)
def test_headings_are_compared_loosely(heading: str, key: str) -> None:
    assert heading_key(heading) == key


@pytest.mark.parametrize(
    ("delimiter", "bom"), [(",", True), (";", True), (",", False), (";", False)]
)
def test_comma_or_semicolon_with_or_without_bom(tmp_path: Path, delimiter: str, bom: bool) -> None:
    path = tmp_path / "r.csv"
    text = delimiter.join(["Code", "Quarter", "Spent", "Output"]) + "\n"
    text += delimiter.join(["1.06.01.2.01.01", "III", "1.234.567,00" if delimiter == ";"
                            else "1234567.00", "3 Dokumen"]) + "\n"  # fmt: skip
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode())
    found = read_realization_file(path)
    assert [row.cells for row in found.rows] == [
        {
            "kode": "1.06.01.2.01.01",
            "quarter": "III",
            "spent": "1.234.567,00" if delimiter == ";" else "1234567.00",
            "output": "3 Dokumen",
        }
    ]
    assert found.rows[0].number == 2


def test_a_value_under_no_heading_and_two_headings_for_one_field(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("kode,triwulan,spent\n1.06.01.2.01.01,III,5,extra\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="row 2: a value in column 4, which has no heading"):
        read_realization_file(path)
    path.write_text("kode,triwulan,spent,keuangan\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="both give the same field"):
        read_realization_file(path)
