"""The `pagu` command. Thin: parse, call, format; one module per command group.

Commands are imported only when run, so `pagu --help` starts fast: the registry below
names each command's module and carries its one-line help.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

import click

from cli.output import pager_option

# name -> (module:attribute, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "add-line": ("cli.changes:add_line", "Add a program, kegiatan or sub kegiatan."),
    "apbd": ("cli.apbd:apbd", "The budget as at a stage: APBD murni, pergeseran, APBD-P."),
    "audit": ("cli.trail:audit", "The trail across all lines, in recorded order, filtered."),
    "compare": ("cli.compare:compare", "Murni against revised, line by line (BAB III)."),
    "completion": ("cli.completion:completion", "Print the bash or zsh completion script."),
    "correct": ("cli.changes:correct", "Reverse a mistaken entry (it stays, marked corrected)."),
    "db": ("cli.db:db", "PostgreSQL roles: grant-reader, grant-writer, revoke."),
    "digest": ("cli.integrity:digest", "Print the head of the hash chain, for an auditor."),
    "documents": ("cli.documents:documents", "List the documents imported, with their SHA-256."),
    "evaluate": ("cli.evaluate:evaluate", "Evaluation of the Renja up to a quarter (Tabel 1)."),
    "export": ("cli.export:export", "Every view at once: an Excel workbook, or CSV/JSON files."),
    "export-log": ("cli.integrity:export_log", "Write the log to a file for offline checks."),
    "findings": ("cli.documents:findings", "Show a document's reconciliation report."),
    "history": ("cli.trail:history", "Every event of a line (--tree: and its children)."),
    "import": ("cli.importing:import_command", "Import a Renja Perubahan document."),
    "init": ("cli.init:init", "Create an empty ledger (tables, append-only guards)."),
    "lines": ("cli.lines:lines", "List budget lines with their current pagu."),
    "note": ("cli.notes:note", "Note a faktor pendorong, penghambat or tindak lanjut."),
    "projections": ("cli.projections:projections", "Read-model status and rebuild."),
    "realization": ("cli.realization:realization", "Money spent and output against a basis."),
    "realize": (
        "cli.bulk_realize:realize",
        "Record a triwulan's realization (spent, output); --from FILE for many lines.",
    ),
    "report": ("cli.report:report", "One HTML file with charts: what moved, spent, digest."),
    "revise": ("cli.changes:revise", "Revise pagu, target, indicator or location at a stage."),
    "serve": ("cli.serve:serve", "A read-only web app for auditors, on 127.0.0.1."),
    "shift": ("cli.changes:shift", "Shift pagu between two sub kegiatan (a pergeseran)."),
    "spm": ("cli.spm:spm", "Minimum service standards (SPM, Tabel 2)."),
    "verify": ("cli.integrity:verify", "Recompute the hash chain; name the first damage."),
    "why": ("cli.trail:why", "How a value got from the murni budget to what is in force."),
}

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class SuggestingGroup(click.Group):
    """A group that answers a mistyped command with the commands it may have meant."""

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = click.utils.make_str(args[0]) if args else ""
        if args and self.get_command(ctx, name) is None and not name.startswith("-"):
            import difflib

            from cli.safe import clean

            known = self.list_commands(ctx)
            close = difflib.get_close_matches(name, known, n=3, cutoff=0.6)
            close += [c for c in known if c.startswith(name) and c not in close][: 3 - len(close)]
            hint = " Did you mean " + " or ".join(f"'{c}'" for c in close) + "?" if close else ""
            ctx.fail(f"No such command {clean(repr(name))}.{hint}")
        return super().resolve_command(ctx, args)


class PaguGroup(SuggestingGroup):
    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # An argument with a byte that is not UTF-8 (Python hands it over as a lone
        # surrogate) or a NUL can be neither stored nor compared as text: refuse it here,
        # once for every command and option, before anything reads or writes.
        from events.text import unstorable

        for arg in args:
            bad = unstorable(arg)
            if bad is not None:
                what = "a NUL character" if bad == "\x00" else "a byte that is not UTF-8"
                raise click.ClickException(f"the argument {arg!r} contains {what}")
        return super().parse_args(ctx, args)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module_name, attribute = COMMANDS[cmd_name][0].split(":")
        command = getattr(importlib.import_module(module_name), attribute)
        assert isinstance(command, click.Command)
        return command

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Every run writes through the backstop of cli.safe: no control character that
        reached stdout or stderr (a value, a file name, a message) acts on the terminal."""
        from cli.safe import SafeStream

        out, err = sys.stdout, sys.stderr
        safe_out = SafeStream(out)
        safe_err = SafeStream(err, allow_carriage_return=True)
        sys.stdout, sys.stderr = safe_out, safe_err
        try:
            return super().main(*args, **kwargs)
        finally:
            if sys.stdout is safe_out:
                sys.stdout = out
            if sys.stderr is safe_err:
                sys.stderr = err

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][1]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        from cli.errors import word
        from cli.safe import clean
        from events.errors import InvalidInput

        try:
            return super().invoke(ctx)
        except InvalidInput as problem:  # worded with the command's flags (cli.errors)
            raise click.ClickException(clean(word(problem))) from None
        except click.ClickException as problem:
            object.__setattr__(problem, "message", clean(problem.message))  # quotes input
            raise
        except click.exceptions.Exit:
            raise
        except (click.exceptions.Abort, BrokenPipeError):
            raise
        except OSError as problem:  # a file that cannot be read or written, in words
            if os.environ.get("PAGU_DEBUG"):
                raise
            where = f"{problem.filename}: " if problem.filename else ""
            raise click.ClickException(f"{where}{problem.strerror or problem}") from None
        except Exception as problem:  # users get one line, never a traceback
            if os.environ.get("PAGU_DEBUG"):
                raise
            message = _storage_message(problem) or (
                f"internal error ({type(problem).__name__}: {problem}); this is a bug in pagu; "
                "PAGU_DEBUG=1 shows the traceback"
            )
            raise click.ClickException(clean(message)) from None


def _storage_message(problem: Exception) -> str | None:
    """Database trouble in words (a server down, a locked file, a refused write)."""
    name = type(problem).__name__
    module = type(problem).__module__
    if module.startswith(("eventsourcing", "sqlalchemy", "psycopg", "sqlite3")) or name in (
        "OperationalError",
        "DatabaseError",
        "ProgrammingError",
        "InterfaceError",
    ):
        detail = str(problem).strip().splitlines()[0] if str(problem).strip() else name
        return f"storage error: {detail}"
    return None


@click.group(cls=PaguGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option("0.1.0", prog_name="pagu")
@click.option(
    "--db",
    default=None,
    metavar="URL",
    help="Ledger store: a SQLite file or postgresql://host/dbname (else PAGU_DB, else "
    "./pagu.db); a command's own --db wins.",
)
@pager_option
@click.pass_context
def cli(ctx: click.Context, db: str | None) -> None:
    """pagu: an event-sourced ledger of Indonesian regional budget revisions.

    Every pagu change, target revision and realization entry is an immutable event;
    views rebuild the APBD murni, APBD-P and evaluation at any point in time.

    The ledger is a SQLite file (./pagu.db, or PAGU_DB, or --db on any command) or a
    PostgreSQL server (--db postgresql://host/dbname).
    """
    ctx.obj = {"db": db}


def main() -> None:
    try:
        cli(prog_name="pagu")
    except BrokenPipeError:
        # The reader went away (`pagu audit | head`): stop quietly, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(141)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())  # type: ignore[func-returns-value]
