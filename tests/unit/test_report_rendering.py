"""The pieces of the workbook and the HTML report that need no ledger."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from cli.charts import billions, nice_ceiling
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
    assert long_date(date(2024, 8, 14)) == "14 Agustus 2024"


def test_a_predikat_is_shown_when_the_rows_carry_one() -> None:
    from cli.htmltables import achievement_section
    from projections.report import Column, Report

    report = Report(
        "Evaluasi",
        [Column("kode", "Kode"), Column("rate", "(8)", "percent")],
        [
            {
                "kode": "1.06.01",
                "level": "program",
                "rate": Decimal("92.5"),
                "predikat": "Sangat Tinggi",
            }
        ],
    )
    html = achievement_section(report, 4)
    assert "<th>Predikat</th>" in html and 'data-predikat="Sangat Tinggi"' in html
    assert "92,50%" in html
    report.rows[0].pop("predikat")
    assert "Predikat" not in achievement_section(report, 4)


def test_labels_wrap_by_measured_width_and_keep_every_character() -> None:
    from cli.charts import measured_wrap
    from cli.fontmetrics import text_width

    name = "PROGRAM PENANGANAN BENCANA ALAM DAN SOSIAL KABUPATEN/KOTA SUPERCALIFRAGILISTIK"
    lines = measured_wrap(name, 150)
    assert all(text_width(line, 12) <= 150 for line in lines)
    assert "".join(lines).replace(" ", "") == name.replace(" ", "")
    assert text_width("WWW", 12) > text_width("iii", 12) * 2  # measured, not counted
