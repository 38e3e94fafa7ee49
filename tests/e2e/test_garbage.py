"""Garbage through every option that parses a value, through the real CLI: never an
internal error or a traceback. Each answer is either an acceptance (and then every view
still works: what is accepted can be projected) or one line of refusal with exit status
1 (2 for a usage error) and the ledger exactly as it was. Values that can never be a
number, a date or a text are refused wherever they are given.

The whole list runs on SQLite; the values that used to poison a ledger run on
PostgreSQL too. Files that cannot be read or written get a message, not a crash."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import Result
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from ledger.storage import StoreLocation
from projections.readmodel import make_engine
from tests.conftest import SHARED_DOCUMENT, pagu
from tests.ledger_state import BASIS, Snapshot, as_json, ok

SUB = "1.06.04.2.01.05"
OTHER = "1.06.04.2.01.01"

# Values that are never a number, a date, a quarter, an id or a text of the ledger.
NEVER = [
    "NaN", "Infinity", "1e9", "1e17", "9" * 30, "9" * 400, "92233720368547759",
    "١٢", "１２３.４５６,００", "12²", "(0,00)", "-0", "(5) Orang", "1e9 Orang",
    "9999-12-31", "0001-01-01", "2024-02-30", "٢٠٢٤-٠٩-٠٢", "0x10", "1_000",
]  # fmt: skip
BLANK = ["", "\u200b", "\u00a0\u2003", "\ufeff\u2060"]
UNSTORABLE = ["a\x00b", "\udcff"]
OTHERWISE = ["-", "()", "0", "-1", "1.234", "12abc", "'; DROP TABLE pagu_log; --", "1" * 20]
GARBAGE = NEVER + BLANK + UNSTORABLE + OTHERWISE
# For free text only what must be refused and what looks like an attack: most text is
# text, and accepting it is right.
TEXT_GARBAGE = BLANK + UNSTORABLE + ["'; DROP TABLE pagu_log; --", "9" * 400]
# A shorter list where the value is a name to look up, and for dates.
WORDS = NEVER[::3] + BLANK[:2] + UNSTORABLE[:1] + OTHERWISE[:4]
DATES = [v for v in NEVER if "-" in v] + ["NaN", "9" * 30] + BLANK[:2] + OTHERWISE[:4]
# What used to be written and then broke every view, or crashed (issue 15): both backends.
POISON = ["9" * 30, "92233720368547759", "1e9 Orang", "(0,00)", "9999-12-31"]
# Text that reaches SQL as a value (a filter, a name to look up): both backends.
SQL_TEXT = ["'; DROP TABLE pagu_log; --", "%", "_", "\\", "\u200b", "Dinas%"]

REVISE = ["revise", SUB, "--stage", "perubahan", *BASIS]
Q3 = ["--quarter", "3", "--effective", "2024-09-30"]
NEW = ["add-line", "1.06.04.2.01.20", "Sub Baru", "--indicator", "X", "--stage", "perubahan"]
# (command with a placeholder for the value, the kind of value it takes)
SLOTS: list[tuple[list[str], str]] = [
    ([*REVISE, "--pagu", "{}"], "number"),
    ([*REVISE, "--target", "{}"], "number"),
    ([*REVISE, "--target", "5 Orang", "--indicator", "{}"], "text"),
    ([*REVISE, "--target", "5 Orang", "--indicator-no", "{}"], "number"),
    ([*REVISE, "--location", "{}"], "text"),
    (["revise", SUB, "--pagu", "1", "--stage", "{}", *BASIS], "word"),
    (["revise", "{}", "--pagu", "1", "--stage", "perubahan", *BASIS], "word"),
    ([*REVISE, "--pagu", "1", "--actor", "{}"], "text"),
    ([*REVISE, "--pagu", "1", "--reason", "{}"], "text"),
    ([*REVISE, "--pagu", "1", "--doc", "{}"], "text"),
    ([*REVISE, "--pagu", "1", "--doc-date", "{}"], "date"),
    ([*REVISE, "--pagu", "1", "--effective", "{}"], "date"),
    ([*REVISE, "--pagu", "1", "--year", "{}"], "number"),
    ([*REVISE, "--pagu", "1", "--skpd", "{}"], "word"),
    (["shift", SUB, OTHER, "{}", *BASIS], "number"),
    (["shift", "{}", OTHER, "1000", *BASIS], "word"),
    (["shift", SUB, OTHER, "1000", "--to-year", "{}", *BASIS], "number"),
    (["shift", SUB, OTHER, "1000", "--to-skpd", "{}", *BASIS], "word"),
    (["realize", SUB, *Q3, "--spent", "{}"], "number"),
    (["realize", SUB, *Q3, "--output", "{}"], "number"),
    (["realize", SUB, "--quarter", "{}", "--spent", "1", "--effective", "2024-12-31"], "word"),
    (["realize", SUB, *Q3, "--spent", "1", "--reason", "{}"], "text"),
    (["realize", SUB, *Q3, "--spent", "1", "--doc", "x", "--doc-date", "{}"], "date"),
    (["realize", SUB, "--quarter", "3", "--spent", "1", "--effective", "{}"], "date"),
    ([*NEW, "--target", "1 X", "--pagu", "{}", *BASIS], "number"),
    ([*NEW, "--target", "{}", "--pagu", "1", *BASIS], "number"),
    (
        [
            "add-line",
            "1.06.04.2.01.20",
            "{}",
            "--indicator",
            "X",
            "--target",
            "1 X",
            "--pagu",
            "1",
            "--stage",
            "perubahan",
            *BASIS,
        ],
        "text",
    ),
    (["correct", "{}", "--reason", "salah"], "word"),
]
# Read-only views: the options that parse a value.
VIEWS = [
    ["lines", "--as-of", "{}"],
    ["lines", "--effective", "{}"],
    ["lines", "--year", "{}"],
    ["apbd", "--skpd", "{}"],
    ["history", "{}"],
    ["why", SUB, "--effective", "{}"],
    ["audit", "--since", "{}"],
    ["audit", "--until", "{}"],
    ["audit", "--kind", "{}"],
    ["audit", "--kode", "{}"],
    ["audit", "--stage", "{}"],
    ["audit", "--actor", "{}"],
    ["evaluate", "--quarter", "{}"],
    ["realization", "--quarter", "{}"],
    ["report", "-o", "r.html", "--top", "{}"],
]


class Ledger:
    """A ledger under test: after each refusal a cheap check that nothing was appended;
    at the end every view, which must work whatever was accepted, and if nothing was,
    the whole state as it was."""

    def __init__(self, url: str, *, snapshot: bool = True) -> None:
        self.url = url
        location = StoreLocation.parse(url)
        self.engine = make_engine(location.sqlalchemy_url(), location.sqlalchemy_connect_args())
        self.before = Snapshot.of(url) if snapshot else None
        self.head = self.log_head()
        self.accepted: list[list[str]] = []

    def log_head(self) -> object:
        with self.engine.connect() as conn:
            query = "SELECT position, chain_hash FROM pagu_log ORDER BY position DESC LIMIT 1"
            return tuple(conn.execute(text(query)).one())

    def run(self, args: list[str]) -> Result:
        result = pagu("--db", self.url, *args)
        shown = f"{args!r} -> {result.exit_code}: {result.output[-400:]!r}"
        assert "internal error" not in result.output and "Traceback" not in result.output, shown
        assert result.exit_code in (0, 1, 2), shown
        if result.exit_code == 0:
            self.accepted.append(args)
            self.head = self.log_head()
            return result
        assert result.output.startswith(("Error: ", "Usage: ")), shown
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 or lines[0].startswith("Usage: "), shown
        assert self.log_head() == self.head, f"{shown}: refused, yet the log grew"
        return result

    def close(self) -> None:
        for view in EVERY_VIEW:  # what was accepted can be shown
            shown = pagu("--db", self.url, *view)
            assert shown.exit_code == 0, (view, shown.output[-300:], self.accepted)
        if self.before is not None and not self.accepted:
            assert Snapshot.of(self.url) == self.before, "a refused command changed the ledger"
        self.engine.dispose()


EVERY_VIEW = [
    ["lines"],
    ["evaluate"],
    ["realization", "--quarter", "4"],
    ["history", SUB, "--format", "json"],
    ["why", SUB, "--field", "target"],
    ["audit", "--kode", "1.06.04", "--format", "json"],
]


def _fill(args: list[str], value: str) -> list[str]:
    return [value if arg == "{}" else arg for arg in args]


def _never_accepted(value: str, kind: str) -> bool:
    """A value that no option of this kind may accept."""
    if kind == "text":
        return value in BLANK or value in UNSTORABLE
    return value in NEVER or value in BLANK or value in UNSTORABLE


def test_garbage_in_every_appending_option(imported_sqlite: str) -> None:
    ledger = Ledger(imported_sqlite)
    for args, kind in SLOTS:
        values = {"text": TEXT_GARBAGE, "word": WORDS, "date": DATES}.get(kind, GARBAGE)
        for value in values:
            result = ledger.run(_fill(args, value))
            if _never_accepted(value, kind):
                assert result.exit_code != 0, f"{_fill(args, value)} was accepted"
    ledger.close()


def test_what_used_to_poison_a_ledger_on_both_backends(imported: str) -> None:
    ledger = Ledger(imported)
    for args, kind in SLOTS:
        if kind in ("number", "date"):
            for value in POISON if kind == "number" else POISON[-1:]:
                result = ledger.run(_fill(args, value))
                assert result.exit_code != 0, f"{_fill(args, value)} was accepted"
    for view in (["audit", "--actor", "{}"], ["lines", "--skpd", "{}"], ["history", "{}"]):
        for value in SQL_TEXT:
            ledger.run(_fill(view, value))
    ledger.close()


def test_garbage_in_every_view_option(imported_sqlite: str, tmp_path: Path) -> None:
    ledger = Ledger(imported_sqlite)
    for view in VIEWS:
        for value in NEVER[::3] + BLANK[1:2] + OTHERWISE[::4]:
            args = _fill(view, value)
            if "-o" in args:
                args[args.index("-o") + 1] = str(tmp_path / "r.html")
            ledger.run(args)
    ledger.close()


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    slot=st.sampled_from([s for s in SLOTS if s[1] != "word"]),
    value=st.text(max_size=24) | st.from_regex(r"\(?-?[0-9.,eE+]{1,24}\)?( [A-Za-z%/]{1,8})?"),
)
@example(slot=SLOTS[0], value="9" * 30)  # was an internal error (decimal.InvalidOperation)
@example(slot=SLOTS[1], value="9" * 40 + " Orang")  # was written, then broke every view
def test_fuzzed_option_values(
    imported_sqlite: str, slot: tuple[list[str], str], value: str
) -> None:
    ledger = Ledger(imported_sqlite, snapshot=False)
    try:
        ledger.run(_fill(slot[0], value))
    finally:
        ledger.engine.dispose()


@pytest.fixture
def imported_sqlite(sqlite_url: str) -> str:
    assert pagu("--db", sqlite_url, "import", str(SHARED_DOCUMENT)).exit_code == 0
    return sqlite_url


# ---- files ---------------------------------------------------------------------------


def test_files_that_cannot_be_read_or_written(imported: str, tmp_path: Path) -> None:
    (tmp_path / "folder").mkdir()
    ledger = Ledger(imported)
    for args, says in (
        (["export-log", "/nonexistent-pagu-dir/x.jsonl"], "No such file or directory"),
        (["export-log", str(tmp_path / "folder")], "it is a directory"),
        (["verify", "--log", "/bin/ls"], "not UTF-8 text"),
        (["verify", "--log", "/dev/urandom"], "not UTF-8 text"),
        (["verify", "--log", "/dev/zero"], "too long for a log record"),
        (["verify", "--log", str(tmp_path / "folder")], "Is a directory"),
        (["verify", "--log", str(tmp_path / "none.jsonl")], "No such file"),
        (["import", "/dev/zero"], "not a text document"),
        (["import", "/dev/urandom"], "not a text document"),
        (["import", "/bin/ls"], "not a text document"),
        (["import", str(tmp_path / "folder")], "Is a directory"),
        (["import", str(tmp_path / "none.txt")], "No such file"),
        (["export", "xlsx", "-o", "/proc/pagu.xlsx"], "No such file or directory"),
        (["export", "json", "-o", "/proc/pagu"], "No such file or directory"),
    ):
        result = ledger.run(args)
        assert result.exit_code == 1 and says in result.output, (args, result.output)
    assert not list(Path("/").glob("nonexistent-pagu-dir*"))
    assert not list(tmp_path.glob("*.partial")) and not list(tmp_path.glob("folder*.partial"))
    ledger.close()
    # and what can be written is written
    ok("--db", imported, "export-log", str(tmp_path / "log.jsonl"))
    assert as_json("--db", imported, "verify", "--log", str(tmp_path / "log.jsonl"))
