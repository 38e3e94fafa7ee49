"""The predikat (kategori capaian) on every `pagu evaluate` row: table, CSV, JSON (the
xlsx sheet: tests/e2e/test_evaluation_form.py; the HTML report: test_report.py)."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

from events.predikat import predikat_text
from tests.conftest import pagu


def test_every_evaluation_row_and_the_average_carry_their_predikat(imported: str) -> None:
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
