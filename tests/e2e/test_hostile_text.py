"""Hostile text through the real CLI (issue 15, item 8): an actor with a terminal escape,
a reason that is a formula, a legal basis with a bidi override, a location and an
indicator with C1 controls, a doctored document's names. Whatever is recorded, every
output shows it escaped: tables, acknowledgements, import and findings reports, error
messages, CSV (formulas neutralised), CSV for Excel, JSON (exact), the workbook (text
cells are text) and the HTML report. If a later input check refuses a value instead,
its refusal must be as clean (the test then checks the refusal)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import Result
from openpyxl import load_workbook

from cli.safe import UNSAFE_CLASS
from tests.conftest import SHARED_DOCUMENT, pagu

RAW = re.compile(f"[{UNSAFE_CLASS}]")
SUB = "1.06.04.2.01.05"
ACTOR = "op\x1b]0;PWNED\x07erator"
REASON = '=HYPERLINK("http://evil.example/","klik")'
BASIS = "+SK \u202eKepala Dinas\u202c 900/1/2024"
LOCATION = "@Tenggarong\x9b31m"
INDICATOR = "-Jumlah\x1b[2J peserta"
NAME = "Penyusunan\x1b]0;PWNED\x07 Dokumen \u2066Perencanaan\u2069"
FORMULA_START = ("=", "+", "-", "@")


def no_raw(text: str, where: str) -> None:
    found = RAW.search(text.removeprefix("\ufeff").replace("\r\n", "\n"))
    assert found is None, f"{where}: raw {found.group()!r} in output"


def recorded(result: Result, where: str) -> bool:
    """True if the command recorded; a refusal is fine if its message is clean."""
    no_raw(result.output, where)
    if result.exit_code == 0:
        return True
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    return False


def doctored(tmp_path: Path) -> Path:
    """The shared document with a hostile name and a formula as a line's Catatan."""
    text = SHARED_DOCUMENT.read_text(encoding="utf-8")
    text = text.replace("Penyusunan Dokumen Perencanaan Perangkat Daerah", NAME)
    text = text.replace("1 Dokumen tidak bisa dilaksanakan", "=1+1 Dokumen tidak bisa dilaksanakan")
    target = tmp_path / "doktor\x1b[31m.txt"
    target.write_text(text, encoding="utf-8")
    return target


def make_hostile(store_url: str, tmp_path: Path) -> tuple[str, list[str]]:
    """A ledger holding a doctored import and a revision by a hostile actor; the
    hostile values that were accepted."""
    accepted: list[str] = []
    imported = pagu("--db", store_url, "import", str(doctored(tmp_path)), "--actor", ACTOR)
    if recorded(imported, "import"):
        accepted += [NAME, ACTOR]
    else:
        assert pagu("--db", store_url, "import", str(SHARED_DOCUMENT)).exit_code == 0
    for option, value in (("--location", LOCATION), ("--indicator", INDICATOR)):
        revised = pagu(
            "--db", store_url, "revise", SUB, option, value, "--stage", "pergeseran",
            "--reason", REASON, "--doc", BASIS, "--doc-date", "2024-09-02",
            "--effective", "2024-09-02", "--actor", ACTOR,
        )  # fmt: skip
        if recorded(revised, f"revise {option}"):
            accepted += [value, REASON, BASIS, ACTOR]
    return store_url, accepted


@pytest.fixture
def hostile(sqlite_url: str, tmp_path: Path) -> tuple[str, list[str]]:
    return make_hostile(sqlite_url, tmp_path)


@pytest.mark.postgres
def test_on_postgresql_the_trail_in_every_format(pg_url: str, tmp_path: Path) -> None:
    url, accepted = make_hostile(pg_url, tmp_path)
    assert accepted
    for fmt in ("table", "csv", "csv-excel-id", "json"):
        result = pagu("--db", url, "audit", "--format", fmt)
        assert result.exit_code == 0, result.output
        no_raw(result.output, f"audit --format {fmt}")
    book = tmp_path / "pg.xlsx"
    assert pagu("--db", url, "export", "xlsx", "-o", str(book)).exit_code == 0
    trail = load_workbook(book)["Jejak Audit"]
    assert all(
        c.data_type == "s" for row in trail.iter_rows() for c in row if isinstance(c.value, str)
    )


VIEWS = [
    ["lines"],
    ["apbd"],
    ["compare"],
    ["evaluate"],
    ["history", SUB],
    ["why", SUB],
    ["why", SUB, "--field", "location"],
    ["audit"],
    ["documents"],
    ["findings"],
]


def test_every_view_in_every_format(hostile: tuple[str, list[str]]) -> None:
    url, accepted = hostile
    assert accepted, "nothing hostile was accepted: nothing to check"
    for view in VIEWS:
        for fmt in ("table", "csv", "csv-excel-id", "json"):
            for extra in ([], ["--width", "80"]) if fmt == "table" else ([],):
                result = pagu("--db", url, *view, "--format", fmt, *extra)
                assert result.exit_code == 0, (view, result.output)
                no_raw(result.output, f"{view} --format {fmt}")
    # JSON keeps exactly what was recorded (its escapes decode to the same text).
    trail = json.loads(pagu("--db", url, "audit", "--format", "json").output)
    values = {str(v) for row in trail for v in row.values()}
    for value in {REASON, ACTOR} & set(accepted):
        assert value in values
    # CSV: a text cell that would run as a formula gets a leading apostrophe.
    rows = list(csv.DictReader(io.StringIO(pagu("--db", url, "audit", "--format", "csv").output)))
    for row in rows:
        for key in ("Alasan", "Dasar Hukum", "Pelaku"):
            assert not row[key].startswith(FORMULA_START), row[key]
    if REASON in accepted:
        assert "'" + REASON in {row["Alasan"] for row in rows}


def test_messages_that_quote_input(hostile: tuple[str, list[str]]) -> None:
    url, _ = hostile
    for args in (
        ["apbd", "--skpd", ACTOR],
        ["why", NAME],
        ["audit", "--kind", ACTOR],
        ["correct", "\x1b]0;x\x07abcdef12", "--reason", "x"],
        ["apbd", "--columns", f"kode,{ACTOR}"],
        ["revise", SUB, "--pagu", f"1{ACTOR}", "--stage", "pergeseran"],
    ):
        result = pagu("--db", url, *args)
        assert result.exit_code != 0
        no_raw(result.output, " ".join(args))


def test_workbook_and_report(hostile: tuple[str, list[str]], tmp_path: Path) -> None:
    url, accepted = hostile
    book_path = tmp_path / "x.xlsx"
    exported = pagu("--db", url, "export", "xlsx", "-o", str(book_path))
    assert exported.exit_code == 0, exported.output
    no_raw(exported.output, "export xlsx")
    book = load_workbook(book_path)
    strings = []
    for sheet in book:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    assert cell.data_type == "s", (sheet.title, cell.coordinate, cell.value)
                    no_raw(cell.value.replace("\n", " "), f"{sheet.title}!{cell.coordinate}")
                    strings.append(cell.value)
    if REASON in accepted:
        assert REASON in strings  # as text, not as a clickable formula
    page = tmp_path / "laporan.html"
    reported = pagu("--db", url, "report", "-o", str(page))
    assert reported.exit_code == 0, reported.output
    html = page.read_text(encoding="utf-8")
    no_raw(html, "report")
    if NAME in accepted:
        assert "Penyusunan\\x1b]0;PWNED\\x07 Dokumen" in html


def test_import_report_of_a_doctored_document(sqlite_url: str, tmp_path: Path) -> None:
    for fmt in ("table", "json"):
        dry = pagu(
            "--db", sqlite_url, "import", str(doctored(tmp_path)), "--dry-run", "--format", fmt
        )
        recorded(dry, f"import --dry-run --format {fmt}")
