"""Tables that fit (issue 14): every view at 80 and 120 characters fits, keeps the code
and the name, and says which columns it hid; --columns chooses, --wide shows all; a
pipe gets the full table unless it asks."""

from __future__ import annotations

import re

import pytest

from tests.conftest import pagu

SUB = "1.06.04.2.01.05"
VIEWS = [
    ["lines"],
    ["apbd"],
    ["compare"],
    ["compare", "--show-printed"],
    ["evaluate"],
    ["realization"],
    ["spm"],
    ["history", SUB],
    ["why", SUB],
    ["audit"],
    ["documents"],
    ["findings"],
]


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> str:
    from tests.conftest import SHARED_DOCUMENT

    url = str(tmp_path_factory.mktemp("fit") / "ledger.db")
    assert pagu("--db", url, "import", str(SHARED_DOCUMENT)).exit_code == 0
    return url


def widest(text: str) -> int:
    return max(len(line) for line in text.splitlines())


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("view", VIEWS, ids=lambda v: " ".join(v))
def test_every_view_fits(ledger: str, view: list[str], width: int) -> None:
    result = pagu("--db", ledger, *view, "--width", str(width))
    assert result.exit_code == 0, result.output
    assert widest(result.output) <= width
    wide = pagu("--db", ledger, *view, "--wide").output
    for name in ("Kode", "Program/Kegiatan/Sub", "Perubahan"):  # kept however narrow
        if name in _headings(wide):
            assert name in _headings(result.output), name


def _headings(table: str) -> str:
    lines = table.splitlines()
    rule = next(i for i, line in enumerate(lines) if line and set(line) <= {"-", " "})
    blank = max(i for i in range(rule) if not lines[i].strip())
    return "\n".join(lines[blank:rule])


def test_the_code_and_name_stay_and_hidden_columns_are_named(ledger: str) -> None:
    fitted = pagu("--db", ledger, "compare", "--width", "80").output
    assert "Kode" in fitted and "Program/Kegiatan/Sub" in fitted
    assert "columns fit in 80 characters; hidden:" in fitted
    assert "murni_location" in fitted  # the keys --columns takes
    assert "1.06.04.2.01.05" in fitted  # codes are never broken
    wider = pagu("--db", ledger, "compare", "--width", "200").output
    shown = [int(re.search(r"\((\d+) of 13 columns", text).group(1)) for text in (fitted, wider)]
    assert 2 <= shown[0] < shown[1] < 13


def test_piped_output_is_the_full_table_unless_asked(ledger: str) -> None:
    """The runner's stdout is not a terminal: what a script or a file gets is today's
    full table, the same as --wide, whatever COLUMNS says."""
    piped = pagu("--db", ledger, "compare", env={"COLUMNS": "80"}).output
    assert piped == pagu("--db", ledger, "compare", "--wide").output
    assert "hidden" not in piped and widest(piped) > 600
    assert "Target Capaian Kinerja APBD Perubahan 2024" in piped


def test_columns_chooses(ledger: str) -> None:
    chosen = pagu("--db", ledger, "apbd", "--columns", "kode,pagu", "--format", "csv").output
    assert chosen.splitlines()[0] == "Kode,Pagu Indikatif"
    assert chosen.splitlines()[-1] == ",44596627447.00" or chosen.splitlines()[-1].startswith(",")
    table = pagu("--db", ledger, "apbd", "--columns", "pagu,kode", "--width", "60").output
    heading = next(line for line in table.splitlines() if "Pagu Indikatif" in line)
    assert heading.index("Pagu") < heading.index("Kode")
    unknown = pagu("--db", ledger, "apbd", "--columns", "kode,nope")
    assert unknown.exit_code == 1
    assert "--columns: nope not in this view; its columns are kode, nama" in unknown.output
