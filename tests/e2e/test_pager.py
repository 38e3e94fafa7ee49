"""On a real terminal (a tmux pane, 100 x 30), long output goes through the pager and
tables fit the terminal; in a pipe, or with --no-pager, no pager runs and a pipe gets
the full table (issue 14)."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import SHARED_DOCUMENT, pagu

BIN = Path(sys.executable).parent
REQUIRE = os.environ.get("PAGU_REQUIRE_TMUX", "") not in ("", "0", "no")
COLUMNS, ROWS = 100, 30


@pytest.fixture(scope="module")
def terminal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A tmux server of our own (its own socket) and a ledger holding the document."""
    if shutil.which("tmux") is None:
        if REQUIRE:
            pytest.fail("PAGU_REQUIRE_TMUX is set but tmux is not installed")
        pytest.skip("tmux is not installed (apt-get install tmux)")
    where = tmp_path_factory.mktemp("pager")
    assert pagu("--db", str(where / "ledger.db"), "import", str(SHARED_DOCUMENT)).exit_code == 0
    socket = f"pagu-test-{uuid.uuid4().hex[:8]}"
    try:
        yield socket, where
    finally:
        subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True)


def run_in_pane(socket: str, where: Path, command: str, *, env: dict[str, str]) -> str:
    """Start `command` in a new 100 x 30 pane; return the session's name."""
    name = f"s{uuid.uuid4().hex[:6]}"
    variables = {"PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "TERM": "xterm-256color"}
    variables |= {"PAGU_DB": str(where / "ledger.db"), **env}
    exports = " ".join(f"{key}={shlex.quote(value)}" for key, value in variables.items())
    script = f"cd {shlex.quote(str(where))} && env -u COLUMNS -u LINES {exports} {command}"
    subprocess.run(
        ["tmux", "-L", socket, "new-session", "-d", "-s", name, "-x", str(COLUMNS),
         "-y", str(ROWS), f"{script}; echo FINISHED-$?; sleep 60"],
        check=True,
    )  # fmt: skip
    return name


def screen(socket: str, name: str) -> str:
    done = subprocess.run(
        ["tmux", "-L", socket, "capture-pane", "-p", "-t", name], capture_output=True, text=True
    )
    return done.stdout


def wait_for(check: object, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if callable(check) and check():
            return
        time.sleep(0.1)
    raise AssertionError("timed out")


def test_long_output_on_a_terminal_goes_through_less(terminal: tuple[str, Path]) -> None:
    socket, where = terminal
    name = run_in_pane(socket, where, "pagu audit", env={})  # PAGER unset: less -FRS
    wait_for(lambda: "Jejak Audit" in screen(socket, name))
    time.sleep(0.5)
    shown = screen(socket, name)
    assert "FINISHED" not in shown  # pagu waits for the pager
    assert shown.rstrip().splitlines()[-1].startswith(":")  # less's prompt
    assert all(len(line) <= COLUMNS for line in shown.splitlines())
    subprocess.run(["tmux", "-L", socket, "send-keys", "-t", name, "q"], check=True)
    wait_for(lambda: "FINISHED-0" in screen(socket, name))


def test_pager_from_the_environment_and_tables_fit_the_terminal(
    terminal: tuple[str, Path],
) -> None:
    socket, where = terminal
    paged = where / "paged.txt"
    name = run_in_pane(socket, where, "pagu compare", env={"PAGER": f"cat > {paged}"})
    wait_for(lambda: "FINISHED-0" in screen(socket, name))
    text = paged.read_text(encoding="utf-8")
    assert "TOTAL PAGU ANGGARAN" in text
    assert max(len(line) for line in text.splitlines()) <= COLUMNS  # fitted to the pane
    assert "columns fit in 100 characters" in text


def test_no_pager_in_a_pipe_or_when_told(terminal: tuple[str, Path]) -> None:
    socket, where = terminal
    started = [
        (command, marker, run_in_pane(socket, where, command, env={"PAGER": f"cat > {marker}"}))
        for command, marker in (
            ("pagu compare | cat > piped.txt", "never1.txt"),
            ("pagu --no-pager compare > /dev/null", "never2.txt"),
            ("pagu compare --no-pager > /dev/null", "never3.txt"),
            ("pagu documents", "never4.txt"),  # fits the screen: printed, not paged
        )
    ]
    for command, marker, name in started:
        wait_for(lambda name=name: "FINISHED-0" in screen(socket, name))
        assert not (where / marker).exists(), command
    piped = (where / "piped.txt").read_text(encoding="utf-8")
    assert piped.rstrip("\n") == pagu("--db", str(where / "ledger.db"), "compare").output.rstrip(
        "\n"
    )  # a pipe gets the full table, as before
    assert max(len(line) for line in piped.splitlines()) > COLUMNS
