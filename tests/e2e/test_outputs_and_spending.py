"""Files pagu writes never take the place of a database, and money spent is never given
back. Found by attacking the merged build: `realize --template` over the ledger itself,
through a link onto another ledger, `export xlsx`/`export-log`/`report` over a SQLite
file; a cumulative figure below what was spent before it; an xlsx formula saved without
its value, read as an empty cell."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openpyxl import Workbook

from tests.conftest import pagu
from tests.e2e.test_bulk_realize import digest

SQLITE = b"SQLite format 3\x00"
SUB = "1.06.01.2.01.01"


@pytest.fixture
def two_ledgers(imported: str, tmp_path: Path) -> tuple[str, Path]:
    """The imported ledger (either backend) and a SQLite ledger file beside it."""
    other = tmp_path / "other.db"
    assert pagu("--db", str(other), "init").exit_code == 0
    return imported, other


@pytest.mark.parametrize(
    "command",
    [
        ["realize", "--template", "{target}"],
        ["export", "xlsx", "-o", "{target}"],
        ["export-log", "{target}"],
        ["report", "-o", "{target}"],
    ],
)
def test_no_output_takes_the_place_of_a_database(
    two_ledgers: tuple[str, Path], tmp_path: Path, command: list[str]
) -> None:
    ledger, other = two_ledgers
    suffix = {"realize": ".csv", "export": ".xlsx", "report": ".html"}.get(command[0], ".log")
    before = other.read_bytes()
    named = tmp_path / f"looks-like-output{suffix}"
    shutil.copy(other, named)  # a database under an output's name
    link = tmp_path / f"link{suffix}"
    link.symlink_to(other)  # a link onto another ledger
    for target, said in ((named, "is a database"), (link, "is a link")):
        args = [part.replace("{target}", str(target)) for part in command]
        refused = pagu("--db", ledger, *args)
        assert refused.exit_code != 0 and said in refused.output, refused.output
        assert "Traceback" not in refused.output
    assert named.read_bytes().startswith(SQLITE) and other.read_bytes() == before


def test_the_template_is_never_written_over_the_ledger_in_use(tmp_path: Path) -> None:
    ledger = tmp_path / "ledger.csv"  # a SQLite ledger whose name looks like a CSV
    assert pagu("--db", str(ledger), "init").exit_code == 0
    refused = pagu("--db", str(ledger), "realize", "--template", str(ledger))
    assert refused.exit_code != 0 and "ledger itself" in refused.output
    assert ledger.read_bytes().startswith(SQLITE)
    planned = pagu(
        "--db", str(ledger), "realize", "--template", str(tmp_path / "t.csv"), "--dry-run"
    )
    assert planned.exit_code != 0 and "--dry-run" in planned.output
    assert not (tmp_path / "t.csv").exists()


def test_a_year_to_date_below_what_was_spent_is_refused(imported: str, tmp_path: Path) -> None:
    def realize(*args: str) -> object:
        return pagu("--db", imported, "realize", SUB, "--effective", "2024-09-30", *args)

    first = realize("--quarter", "3", "--spent", "10.000,00")
    assert first.exit_code == 0, first.output  # type: ignore[attr-defined]
    before = digest(imported)
    fourth = pagu(
        "--db", imported, "realize", SUB, "--quarter", "4", "--spent", "1", "--cumulative",
        "--effective", "2024-12-31",
    )  # fmt: skip
    assert fourth.exit_code == 1 and "would fall from" in fourth.output
    # in a file too: nothing of it is recorded
    source = tmp_path / "falls.csv"
    source.write_text(
        f"kode;triwulan;realisasi keuangan;kumulatif\n{SUB};4;5,00;ya\n",
        encoding="utf-8",
    )
    refused = pagu("--db", imported, "realize", "--from", str(source))
    assert refused.exit_code == 1 and "would fall from" in refused.output
    assert digest(imported) == before


def test_a_formula_saved_without_its_value_is_refused(imported: str, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["kode", "triwulan", "realisasi keuangan"])
    sheet.append([SUB, 3, "=1000*2"])  # openpyxl saves the formula and no value
    path = tmp_path / "formula.xlsx"
    book.save(path)
    before = digest(imported)
    refused = pagu("--db", imported, "realize", "--from", str(path))
    assert refused.exit_code != 0 and "cell C2: a formula (=1000*2)" in refused.output
    assert digest(imported) == before
