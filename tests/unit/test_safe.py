"""Text pagu did not write, rendered in every format: nothing acts on a terminal, a
spreadsheet or a page (cli.safe, cli.output, cli.xlsx, cli.htmltables)."""

from __future__ import annotations

import csv
import io
import json
import re
import sys
import unicodedata
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

from cli.output import Display, render
from cli.safe import UNSAFE_CLASS, SafeStream, clean, clean_cell, json_safe
from cli.xlsx import HEADER_ROW, write_workbook
from projections.report import Column, Report

OSC = "\x1b]0;PWNED\x07"  # retitles the terminal
CSI = "\x1b[2J"  # clears it
BIDI = "\u202egnp.exe"  # shows as exe.png
HOSTILE = [
    f"actor{OSC}",
    f"{CSI}reason",
    f"basis {BIDI}",
    "C1\x9b31m red",
    "zero\u200bwidth, isolate \u2066x\u2069",
    "line\nbreak\rcarriage\ttab",
    "surrogate \udcff",
]
FORMULAS = ["=2*3", "+1+1", "-2+3", "@SUM(A1)", '=HYPERLINK("http://x","klik")', "\t=1", "\r=1"]
# In CSV: a leading apostrophe (OWASP), after the carriage return is escaped (no longer
# a formula then).
NEUTRAL = [f"'{f}" for f in FORMULAS[:-1]] + ["\\x0d=1"]
RAW = re.compile(f"[{UNSAFE_CLASS}]")


def test_the_class_is_every_control_format_separator_and_surrogate() -> None:
    """Checked against this Python's Unicode database: tab and line feed are kept by
    `clean`, the zero-width joiners scripts need are allowed, everything else of
    Cc, Cf, Zl, Zp and Cs is escaped."""
    kept = {"\t", "\n", "\u200c", "\u200d"}
    pattern = re.compile(f"[{UNSAFE_CLASS}]")
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        wanted = unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp", "Cs") and char not in kept
        assert bool(pattern.match(char)) == wanted or (
            # a code point this Python does not know yet, written out for a newer Unicode
            not wanted and unicodedata.category(char) == "Cn"
        ), f"U+{code:04X} {unicodedata.category(char)}"


def test_clean_escapes_visibly_and_keeps_ordinary_text() -> None:
    assert clean(f"a{OSC}b") == "a\\x1b]0;PWNED\\x07b"
    assert clean(BIDI) == "\\u202egnp.exe"
    assert clean("surrogate \udcff") == "surrogate \\udcff"
    assert clean("Rp 1.234,00 — Dinas Sosial, Tenggarong\tok\n") == (
        "Rp 1.234,00 — Dinas Sosial, Tenggarong\tok\n"
    )
    assert clean_cell("line\nbreak\rcr\ttab") == "line break cr tab"
    assert clean_cell("\u2028x\x85y") == " x y"
    for text in HOSTILE:
        assert RAW.search(clean_cell(text)) is None


def test_json_escapes_decode_to_the_same_text() -> None:
    for text in [*HOSTILE, "\U000e0041 tag", "é ü 中文"]:
        encoded = json_safe(json.dumps({"v": text}, ensure_ascii=False))
        assert RAW.search(encoded) is None
        assert json.loads(encoded)["v"] == text


def test_the_stream_backstop() -> None:
    out = io.StringIO()
    SafeStream(out).write(f"x{OSC}\r\n\ufeffcsv\rover")
    assert out.getvalue() == "x\\x1b]0;PWNED\\x07\r\n\ufeffcsv\\x0dover"
    err = io.StringIO()
    SafeStream(err, allow_carriage_return=True).write("\rbar 50%\x1b[K")
    assert err.getvalue() == "\rbar 50%\\x1b[K"


def hostile_report() -> Report:
    columns = [
        Column("kode", "Kode"),
        Column("nama", "Program/Kegiatan/Sub Kegiatan"),
        Column("reason", "Alasan"),
        Column("pagu", "Pagu Indikatif", "money"),
        Column("rate", "Tingkat (%)", "percent"),
    ]
    rows = [
        {"kode": "1.06.01", "nama": text, "reason": formula, "pagu": Decimal("-5.00")}
        | {"rate": Decimal("-1.5"), "level": "sub_kegiatan"}
        for text, formula in zip(HOSTILE, FORMULAS, strict=True)
    ]
    return Report(f"Judul {OSC}", columns, rows, notes=[f"catatan {BIDI}"])


def test_every_text_format_is_safe() -> None:
    report = hostile_report()
    for fmt in ("table", "csv", "csv-excel-id", "json"):
        for display in (Display(), Display(width=80)):
            text = render(report, fmt, display)
            assert RAW.search(text.removeprefix("\ufeff").replace("\r\n", "\n")) is None, fmt
    rows = json.loads(render(report, "json"))
    assert [row["nama"] for row in rows] == HOSTILE  # JSON keeps the exact text


def test_csv_neutralises_formulas_in_text_and_keeps_negative_numbers() -> None:
    report = hostile_report()
    plain = list(csv.reader(io.StringIO(render(report, "csv"))))
    assert [row[2] for row in plain[1:]] == NEUTRAL
    assert {row[3] for row in plain[1:]} == {"-5.00"} and {row[4] for row in plain[1:]} == {"-1.5"}
    text = render(report, "csv-excel-id")
    assert text.startswith("\ufeffKode;") and "\r\n" in text
    excel = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert excel[1][0] == '="1.06.01"'  # a code stays text
    assert [row[2] for row in excel[1:]] == NEUTRAL
    assert {row[3] for row in excel[1:]} == {"-5,00"} and {row[4] for row in excel[1:]} == {"-1,5"}


def test_workbook_text_is_text_and_safe(tmp_path: Path) -> None:
    target = tmp_path / "x.xlsx"
    write_workbook(target, [("Hostile", hostile_report())])
    sheet = load_workbook(target)["Hostile"]
    for offset, formula in enumerate(FORMULAS, start=1):
        cell = sheet.cell(row=HEADER_ROW + offset, column=3)
        assert cell.data_type == "s" and cell.value == clean(formula)
        assert cell.quotePrefix or not formula.startswith("=")  # kept text when edited
        name = sheet.cell(row=HEADER_ROW + offset, column=2).value
        assert RAW.search(name.replace("\n", "").replace("\t", "")) is None
        assert sheet.cell(row=HEADER_ROW + offset, column=4).value == -5  # still a number
    assert RAW.search(str(sheet["A1"].value)) is None and RAW.search(str(sheet["A2"].value)) is None
