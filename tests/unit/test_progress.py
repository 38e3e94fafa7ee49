"""Progress bars: drawn on a terminal, silent anywhere else."""

from __future__ import annotations

import io

import pytest

from cli import progress as progress_module
from cli.progress import ProgressBar, is_terminal, progress_bar


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_nothing_at_all_when_not_a_terminal() -> None:
    pipe = io.StringIO()
    with progress_bar("Memverifikasi", pipe) as progress:
        assert progress is None  # the work is not even asked to count
    assert pipe.getvalue() == ""


def test_a_dumb_terminal_gets_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "dumb")
    assert not is_terminal(FakeTerminal())
    monkeypatch.setenv("TERM", "xterm")
    assert is_terminal(FakeTerminal())


def test_a_terminal_gets_one_line_redrawn_in_place_and_ended() -> None:
    screen = FakeTerminal()
    with progress_bar("Membangun", screen) as progress:
        assert progress is not None
        progress(1, 4)
        progress(4, 4)
    text = screen.getvalue()
    assert text.startswith("\rMembangun [")
    assert text.endswith("100%  4/4\n")
    assert text.count("\n") == 1  # one line, redrawn with carriage returns


def test_redraws_are_throttled_but_the_last_figure_is_always_shown() -> None:
    screen = FakeTerminal()
    now = [0.0]
    bar = ProgressBar("Memverifikasi", screen, clock=lambda: now[0])
    bar.update(1000, 1_000_000)
    for done in range(2000, 10_000, 1000):  # all within the same instant
        bar.update(done, 1_000_000)
    assert screen.getvalue().count("\r") == 1
    bar.finish()  # the figure held back is drawn before the line ends
    assert "9.000/1.000.000" in screen.getvalue() and screen.getvalue().endswith("\n")
    now[0] = 1.0
    bar.update(1_000_000, 1_000_000)
    assert "100%  1.000.000/1.000.000" in screen.getvalue()


def test_a_shorter_line_blanks_out_the_longer_one_before_it() -> None:
    screen = FakeTerminal()
    bar = ProgressBar("Membaca", screen)
    bar.update(5, 0)  # no total: a count alone
    bar._draw(123_456, 0)
    bar._draw(7, 0)
    last = screen.getvalue().split("\r")[-1]
    assert last.startswith("Membaca 7") and len(last) == len("Membaca 123.456")


def test_the_default_stream_is_stderr(monkeypatch: pytest.MonkeyPatch) -> None:
    screen = FakeTerminal()
    monkeypatch.setattr("sys.stderr", screen)
    assert progress_module.stderr() is screen
