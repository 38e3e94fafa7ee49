"""The predikat (kategori capaian) on every `pagu evaluate` row, in every format."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

from events.predikat import predikat_text
from tests.conftest import pagu


def test_every_evaluation_row_and_the_average_carry_their_predikat(
    imported: str, tmp_path: Path
) -> None:
    rows = json.loads(pagu("--db", imported, "evaluate", "--format", "json").output)
    assert rows and rows[-1]["nama"] == "RATA-RATA CAPAIAN KINERJA"
    for row in rows:
        rate = None if row["rate"] is None else Decimal(row["rate"])
        assert row["predikat"] == predikat_text(rate), row["kode"]
    assert rows[-1]["predikat"] is not None
    shown = {row["predikat"] for row in rows if row["predikat"]}
    assert "Sangat Tinggi" in shown and len(shown) >= 2  # 892% is Sangat Tinggi
    over = [r for r in rows if r["rate"] and Decimal(r["rate"]) > 100]
    assert over and all(r["predikat"] == "Sangat Tinggi" for r in over)

    text = pagu("--db", imported, "evaluate", "--format", "csv").output
    table = list(csv.DictReader(io.StringIO(text)))
    heading = "Predikat (Kategori Capaian)"
    assert [r[heading] or None for r in table] == [r["predikat"] for r in rows]
    assert heading in pagu("--db", imported, "evaluate").output

    target = tmp_path / "book.xlsx"
    assert pagu("--db", imported, "export", "xlsx", "-o", str(target)).exit_code == 0
    book = load_workbook(target)
    sheet = next(s for s in book.worksheets if any(c.value == heading for c in s[4]))
    column = next(c.column_letter for c in sheet[4] if c.value == heading)
    values = [sheet[f"{column}{n}"].value for n in range(5, 5 + len(rows))]
    assert values == [r["predikat"] for r in rows]
