"""The small things of issue 14: "did you mean", one --format spelling everywhere, a
file is -o/--file (--output still works, with a note), messages in good English with
plurals, a long list of budgets shortened, and `--skpd all` refused clearly where a
command answers one budget."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import pagu
from tests.ledger_state import BASIS

SUB = "1.06.04.2.01.05"


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One SQLite ledger for the module: these are the output layer's, not the store's."""
    from tests.conftest import SHARED_DOCUMENT

    url = str(tmp_path_factory.mktemp("small") / "ledger.db")
    assert pagu("--db", url, "import", str(SHARED_DOCUMENT)).exit_code == 0
    return url


def test_a_mistyped_command_gets_did_you_mean(tmp_path: Path) -> None:
    for args, hint in (
        (["lins"], "Did you mean 'lines'?"),
        (["histroy"], "Did you mean 'history'?"),
        (["export", "xslx"], "Did you mean 'xlsx'?"),
        (["projections", "rebuld"], "Did you mean 'rebuild'?"),
    ):
        result = pagu("--db", str(tmp_path / "x.db"), *args)
        assert result.exit_code == 2 and hint in result.output, result.output
    nothing = pagu("qqqq")
    assert nothing.exit_code == 2 and "No such command 'qqqq'." in nothing.output
    assert "Did you mean" not in nothing.output


def test_table_is_the_format_everywhere_and_text_still_works(imported: str) -> None:
    for command in ("digest", "verify"):
        table = pagu("--db", imported, command, "--format", "table")
        text = pagu("--db", imported, command, "--format", "text")
        default = pagu("--db", imported, command)
        assert table.exit_code == text.exit_code == default.exit_code == 0
        assert table.output.splitlines()[0] == text.output.splitlines()[0]
        assert default.output.splitlines()[0] == table.output.splitlines()[0]


def test_a_file_is_dash_o_or_file_and_output_is_its_old_spelling(
    imported: str, tmp_path: Path
) -> None:
    new = pagu("--db", imported, "export", "xlsx", "--file", str(tmp_path / "a.xlsx"))
    assert new.exit_code == 0 and "note:" not in new.output
    old = pagu("--db", imported, "export", "xlsx", "--output", str(tmp_path / "b.xlsx"))
    assert old.exit_code == 0 and (tmp_path / "b.xlsx").exists()
    assert "note: --output is now -o/--file (the old spelling still works)" in old.output
    report = pagu("--db", imported, "report", "--output", str(tmp_path / "r.html"))
    assert report.exit_code == 0 and (tmp_path / "r.html").exists()
    neither = pagu("--db", imported, "export", "json")
    assert neither.exit_code == 2 and "Missing option '-o' / '--file'" in neither.output


def test_messages_read_well(imported: str) -> None:
    ambiguous = pagu(
        "--db", imported, "revise", SUB, "--pagu", "1.234", "--stage", "pergeseran", *BASIS
    )
    assert ambiguous.exit_code == 1
    assert "ambiguous: '1.234' could be read two ways as an amount of rupiah" in ambiguous.output
    recorded = pagu(
        "--db", imported, "realize", SUB, "--quarter", "3", "--spent", "1000",
        "--effective", "2024-09-30", "--actor", "solo",
    )  # fmt: skip
    assert recorded.exit_code == 0, recorded.output
    one = pagu("--db", imported, "audit", "--actor", "solo")
    assert "(1 event, recorded times in WIB (UTC+07:00))" in one.output
    many = pagu("--db", imported, "audit", "--kode", SUB)
    assert "events, recorded times in WIB (UTC+07:00))" in many.output


def test_skpd_all_is_refused_clearly_where_one_budget_is_meant(
    imported: str, tmp_path: Path
) -> None:
    for args in (
        ["export", "xlsx", "-o", str(tmp_path / "x.xlsx")],
        ["report", "-o", str(tmp_path / "x.html")],
        ["why", SUB],
    ):
        result = pagu("--db", imported, *args, "--skpd", "all")
        assert result.exit_code == 1
        assert "--skpd all:" in result.output and "answers one budget at a time" in result.output
        assert "no budget for all" not in result.output


def test_many_budgets_are_listed_briefly(monkeypatch: pytest.MonkeyPatch) -> None:
    import projections.state
    from cli.errors import word
    from events.errors import InvalidInput
    from projections.budgets import choose_all, choose_budget

    held = [(f"Dinas {n:03d}", 2024 + n % 2) for n in range(100)]
    monkeypatch.setattr(projections.state, "budgets", lambda conn: held)
    with pytest.raises(InvalidInput) as several:
        choose_budget(None, None, None)
    message = word(several.value)
    assert "100 budgets: Dinas 000 2024; Dinas 001 2025" in message
    assert "and 95 more" in message and "Dinas 050" not in message
    assert "choose one with --skpd" in message and len(message) < 300
    assert "--" not in str(several.value)  # the read side names no flag of the CLI
    with pytest.raises(InvalidInput) as missing:
        choose_budget(None, "Dinas Kesehatan", None)
    assert "and 95 more" in str(missing.value) and len(str(missing.value)) < 300
    with pytest.raises(InvalidInput) as year:
        choose_all(None, 2031)
    assert "and 95 more" in str(year.value)
