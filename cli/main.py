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
    "projections": ("cli.projections:projections", "Read-model status and rebuild."),
    "realization": ("cli.realization:realization", "Money spent and output against a basis."),
    "realize": ("cli.changes:realize", "Record a triwulan's realization (spent, output)."),
    "report": ("cli.report:report", "One HTML file with charts: what moved, spent, digest."),
    "revise": ("cli.changes:revise", "Revise pagu, target, indicator or location at a stage."),
    "shift": ("cli.changes:shift", "Shift pagu between two sub kegiatan (a pergeseran)."),
    "spm": ("cli.spm:spm", "Minimum service standards (SPM, Tabel 2)."),
    "verify": ("cli.integrity:verify", "Recompute the hash chain; name the first damage."),
    "why": ("cli.trail:why", "How a value got from the murni budget to what is in force."),
}

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class PaguGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module_name, attribute = COMMANDS[cmd_name][0].split(":")
        command = getattr(importlib.import_module(module_name), attribute)
        assert isinstance(command, click.Command)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][1]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        from events.errors import InvalidInput

        try:
            return super().invoke(ctx)
        except InvalidInput as problem:
            raise click.ClickException(str(problem)) from None
        except click.ClickException:
            raise
        except click.exceptions.Exit:
            raise
        except (click.exceptions.Abort, BrokenPipeError):
            raise
        except Exception as problem:  # users get one line, never a traceback
            if os.environ.get("PAGU_DEBUG"):
                raise
            message = _storage_message(problem) or (
                f"internal error ({type(problem).__name__}: {problem}); this is a bug in pagu; "
                "PAGU_DEBUG=1 shows the traceback"
            )
            raise click.ClickException(message) from None


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
