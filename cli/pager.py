"""Long output on a terminal goes through a pager, as git does: `PAGU_PAGER`, else
`PAGER`, else `less -FRS` (quit if it fits one screen, keep escapes, chop long lines so
a --wide table scrolls sideways). Never when stdout is not a terminal (a pipe, a file, a
test), never with `--no-pager`, `TERM=dumb` or an empty or `cat` pager, and not for
output that fits the screen."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys

import click

from cli.safe import stdout_text

DEFAULT_PAGER = "less -FRS"


def stdout_is_terminal() -> bool:
    if os.environ.get("TERM") == "dumb":
        return False
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def pager_command() -> str | None:
    """The pager to run (through the shell, as git runs it), or None for none."""
    for name in ("PAGU_PAGER", "PAGER"):
        if name in os.environ:
            chosen = os.environ[name].strip()
            return None if chosen in ("", "cat") else chosen
    return DEFAULT_PAGER


def _fits(text: str) -> bool:
    columns, rows = shutil.get_terminal_size((100, 24))
    lines = text.split("\n")
    return len(lines) < rows and all(len(line) <= columns for line in lines)


def show(text: str, *, pager: bool | None = None) -> None:
    """Print `text` (with a final new line, unless it ends with CRLF already), through
    the pager where that is wanted."""
    command = pager_command() if pager is not False and stdout_is_terminal() else None
    line_end = not text.endswith("\r\n")
    if command is None or _fits(text):
        click.echo(text, nl=line_end)
        return
    program = shlex.split(command)[0] if shlex.split(command) else ""
    if shutil.which(program) is None:  # a pager that is not there: print instead
        click.echo(text, nl=line_end)
        return
    env = dict(os.environ)
    env.setdefault("LESS", "FRS")  # a bare `less` behaves as the default one does
    sys.stdout.flush()
    process = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=env)
    assert process.stdin is not None
    try:
        ending = "\n" if line_end else ""
        process.stdin.write((stdout_text(text) + ending).encode("utf-8", "replace"))
        process.stdin.close()
    except (BrokenPipeError, KeyboardInterrupt):  # the reader quit before the end
        pass
    while True:
        try:
            process.wait()
            return
        except KeyboardInterrupt:  # Ctrl-C belongs to the pager while it runs
            continue
