"""The pieces of the workbook and the HTML report that need no ledger."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from cli.charts import billions, nice_ceiling, wrap
from cli.htmlreport import long_date
from cli.xlsx import cell_value, number_format


def test_cells_keep_numbers_as_numbers_and_show_their_own_decimals() -> None:
    assert cell_value(Decimal("44596627447.00"), "money") == Decimal("44596627447.00")
    assert cell_value(Decimal("36.68"), "percent") == Decimal("0.3668")
    assert cell_value(Decimal("52.7"), "number") == Decimal("52.7")
    assert cell_value(["a finding", "another"], "flag") == "a finding\nanother"
    assert cell_value([], "flag") is None and cell_value("", "text") is None
    assert cell_value(date(2024, 8, 14), "date") == date(2024, 8, 14)
    assert number_format(Decimal("175000")) == "#,##0"
    assert number_format(Decimal("52.70")) == "#,##0.0"
    assert number_format(Decimal("0.125")) == "#,##0.000"
    assert number_format(7) == "#,##0"


def test_chart_scales_and_labels() -> None:
    assert nice_ceiling(Decimal("23050938375")) == Decimal("2.5E+10")
    assert nice_ceiling(Decimal("3702000000")) == Decimal("5E+9")
    assert nice_ceiling(Decimal("100")) == Decimal("100")
    assert nice_ceiling(Decimal("0")) == Decimal("1")
    assert billions(Decimal("2.5E+9")) == "2,5" and billions(Decimal("-5E+9")) == "-5"
    assert wrap(
        "1.06.03 Program Penanganan Warga Negara Migran Korban Tindak Kekerasan", 40, 2
    ) == [
        "1.06.03 Program Penanganan Warga Negara",
        "Migran Korban Tindak Kekerasan",
    ]
    assert wrap("a " * 50, 10, 2)[-1].endswith("…")
    assert long_date(date(2024, 8, 14)) == "14 Agustus 2024"
