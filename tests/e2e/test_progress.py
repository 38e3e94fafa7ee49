"""Progress bars on the long commands (import, projections rebuild, verify, digest,
report): drawn when stderr is a terminal, never in a pipe or captured output."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from ledger import integrity
from ledger.importer import import_document
from ledger.service import open_ledger
from tests.conftest import SHARED_DOCUMENT, pagu


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> FakeTerminal:
    """stderr as the commands' progress bars see it: a terminal."""
    screen = FakeTerminal()
    monkeypatch.setattr("cli.progress.stderr", lambda: screen)
    return screen


def last_line(screen: FakeTerminal, label: str) -> str:
    """The last drawing of the bar with this label."""
    drawn = [part for part in screen.getvalue().split("\r") if part.startswith(label)]
    assert drawn, screen.getvalue()
    return drawn[-1].rstrip()


def test_long_commands_draw_their_bars_on_a_terminal(
    store_url: str, tmp_path: Path, terminal: FakeTerminal
) -> None:
    imported = pagu("--db", store_url, "import", str(SHARED_DOCUMENT))
    assert imported.exit_code == 0, imported.output
    # 86 budget lines and the Dinas line, loaded to compare; 783 events into the views.
    assert last_line(terminal, "Membaca baris anggaran").endswith("100%  87/87")
    assert last_line(terminal, "Memperbarui tampilan").endswith("100%  783/783")
    for command in (["projections", "rebuild"], ["verify"], ["digest"]):
        result = pagu("--db", store_url, *command)
        assert result.exit_code == 0, result.output
        assert "\r" not in result.output  # the bar went to the terminal only
    assert last_line(terminal, "Membangun ulang tampilan").endswith("100%  783/783")
    assert last_line(terminal, "Memverifikasi rantai").endswith("100%  783/783")
    reported = pagu("--db", store_url, "report", "-o", str(tmp_path / "r.html"))
    assert reported.exit_code == 0, reported.output
    assert terminal.getvalue().endswith("\n")  # every bar ends its line


def test_nothing_is_drawn_when_stderr_is_not_a_terminal(sqlite_url: str) -> None:
    outputs = [pagu("--db", sqlite_url, "import", str(SHARED_DOCUMENT)).output]
    for command in (["projections", "rebuild"], ["verify"], ["digest"]):
        outputs.append(pagu("--db", sqlite_url, *command).output)
    for output in outputs:
        assert "\r" not in output and "[####" not in output and "Memverifikasi" not in output
    assert outputs[1].startswith("rebuilt the read model: 783 events")


def test_verification_reports_its_position_along_the_log(
    imported: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(integrity, "EVERY", 100)
    calls: list[tuple[int, int]] = []
    verdict = integrity.verify_store(
        imported, progress=lambda done, total: calls.append((done, total))
    )
    assert verdict.damage is None
    assert calls == [(position, 783) for position in range(100, 783, 100)] + [(783, 783)]


def test_an_import_reports_the_lines_it_has_loaded(sqlite_url: str) -> None:
    calls: list[tuple[int, int]] = []
    ledger = open_ledger(sqlite_url)
    try:
        import_document(
            ledger,
            SHARED_DOCUMENT,
            actor="tester",
            progress=lambda done, total: calls.append((done, total)),
        )
    finally:
        ledger.close()
    assert calls == [(done, 87) for done in range(10, 87, 10)] + [(87, 87)]
