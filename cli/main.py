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
from events import i18n
from events.i18n import N_, _

# name -> (module:attribute, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "add-line": ("cli.changes:add_line", N_("Add a program, kegiatan or sub kegiatan.")),
    "apbd": ("cli.apbd:apbd", N_("The budget as at a stage: APBD murni, pergeseran, APBD-P.")),
    "audit": ("cli.trail:audit", N_("The trail across all lines, in recorded order, filtered.")),
    "compare": ("cli.compare:compare", N_("Murni against revised, line by line (BAB III).")),
    "completion": ("cli.completion:completion", N_("Print the bash or zsh completion script.")),
    "correct": (
        "cli.changes:correct",
        N_("Reverse a mistaken entry (it stays, marked corrected)."),
    ),
    "db": ("cli.db:db", N_("PostgreSQL roles: grant-reader, grant-writer, revoke.")),
    "digest": ("cli.integrity:digest", N_("Print the head of the hash chain, for an auditor.")),
    "documents": (
        "cli.documents:documents",
        N_("List the documents imported, with their SHA-256."),
    ),
    "evaluate": ("cli.evaluate:evaluate", N_("Evaluation of the Renja up to a quarter (Tabel 1).")),
    "export": (
        "cli.export:export",
        N_("Every view at once: an Excel workbook, or CSV/JSON files."),
    ),
    "export-log": ("cli.integrity:export_log", N_("Write the log to a file for offline checks.")),
    "findings": ("cli.documents:findings", N_("Show a document's reconciliation report.")),
    "history": ("cli.trail:history", N_("Every event of a line (--tree: and its children).")),
    "import": ("cli.importing:import_command", N_("Import a Renja Perubahan document.")),
    "init": ("cli.init:init", N_("Create an empty ledger (tables, append-only guards).")),
    "lines": ("cli.lines:lines", N_("List budget lines with their current pagu.")),
    "note": ("cli.notes:note", N_("Note a faktor pendorong, penghambat or tindak lanjut.")),
    "projections": ("cli.projections:projections", N_("Read-model status and rebuild.")),
    "realization": ("cli.realization:realization", N_("Money spent and output against a basis.")),
    "realize": (
        "cli.bulk_realize:realize",
        N_("Record a triwulan's realization (spent, output); --from FILE for many lines."),
    ),
    "report": ("cli.report:report", N_("One HTML file with charts: what moved, spent, digest.")),
    "revise": ("cli.changes:revise", N_("Revise pagu, target, indicator or location at a stage.")),
    "serve": ("cli.serve:serve", N_("A read-only web app for auditors, on 127.0.0.1.")),
    "shift": ("cli.changes:shift", N_("Shift pagu between two sub kegiatan (a pergeseran).")),
    "spm": ("cli.spm:spm", N_("Minimum service standards (SPM, Tabel 2).")),
    "verify": ("cli.integrity:verify", N_("Recompute the hash chain; name the first damage.")),
    "why": ("cli.trail:why", N_("How a value got from the murni budget to what is in force.")),
}

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _speak_through_click() -> None:
    """Click's own words (Usage, Options, Error, "Missing argument"...) through pagu's
    catalog: click looks them up with the standard gettext functions it imported.
    Called after `cli` is defined, so that the words click.decorators fixes at
    definition (--version's help) stay English msgids for localize(); the help option
    it makes when asked ("Show this message and exit.") speaks the run's language."""
    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.parser
    import click.termui
    import click.types
    import click.utils

    for module in (
        click.core,
        click.decorators,
        click.exceptions,
        click.formatting,
        click.parser,
        click.termui,
        click.types,
        click.utils,
    ):
        if hasattr(module, "_"):
            module._ = i18n._  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = i18n.ngettext  # type: ignore[attr-defined]


# (id of a command or option, attribute) -> its English text, the msgid
_ENGLISH: dict[tuple[int, str], str] = {}


def localize(command: click.Command) -> click.Command:
    """Put a command's help (and its options', and its subcommands') in the current
    language. Help is written in English in the source, where click keeps it; the
    English is remembered the first time, so that each run translates from it."""
    import inspect

    items: list[tuple[object, str]] = [(command, "help"), (command, "short_help")]
    items += [(param, "help") for param in command.params if isinstance(param, click.Option)]
    for owner, attribute in items:
        key = (id(owner), attribute)
        if key not in _ENGLISH:
            text = getattr(owner, attribute, None)
            if not text:
                continue
            _ENGLISH[key] = inspect.cleandoc(text) if attribute == "help" else text
        setattr(owner, attribute, _(_ENGLISH[key]))
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            localize(sub)
    if getattr(command, "_help_option", None) is not None:
        command._help_option = None  # made again, in this run's language, when asked
    return command


def _wanted_language(args: list[str]) -> str | None:
    """--lang as typed anywhere before `--`, read ahead of click so that every word,
    `pagu --help --lang en` and `pagu lines --lang en` too, is in that language."""
    wanted = None
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(args):
            wanted = args[index + 1]
        elif arg.startswith("--lang="):
            wanted = arg.partition("=")[2]
    return wanted


def _without_language(args: list[str]) -> list[str]:
    """`args` less a --lang typed after the command's name (pagu's own option, which
    every command takes: it was read by _wanted_language)."""
    kept: list[str] = []
    command_seen = skip = False
    for index, arg in enumerate(args):
        if skip:
            skip = False
            continue
        if arg == "--":
            return kept + args[index:]
        if command_seen and arg == "--lang":
            skip = True
            continue
        if command_seen and arg.startswith("--lang="):
            continue
        command_seen = command_seen or arg in COMMANDS
        kept.append(arg)
    return kept


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
            hint = (
                " "
                + _("Did you mean {commands}?").format(
                    commands=_(" or ").join(f"'{c}'" for c in close)
                )
                if close
                else ""
            )
            ctx.fail(_("No such command {name}.").format(name=clean(repr(name))) + hint)
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
                what = _("a NUL character") if bad == "\x00" else _("a byte that is not UTF-8")
                raise click.ClickException(
                    _("the argument {arg!r} contains {what}").format(arg=arg, what=what)
                )
        return super().parse_args(ctx, _without_language(args))

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module_name, attribute = COMMANDS[cmd_name][0].split(":")
        command = getattr(importlib.import_module(module_name), attribute)
        assert isinstance(command, click.Command)
        return localize(command)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Every run writes through the backstop of cli.safe: no control character that
        reached stdout or stderr (a value, a file name, a message) acts on the terminal."""
        from cli.safe import SafeStream

        out, err = sys.stdout, sys.stderr
        safe_out = SafeStream(out)
        safe_err = SafeStream(err, allow_carriage_return=True)
        sys.stdout, sys.stderr = safe_out, safe_err
        before = i18n.chosen()
        try:
            arguments = kwargs.get("args", args[0] if args else None)
            typed = list(sys.argv[1:] if arguments is None else arguments)
            try:
                i18n.set_language(_wanted_language(typed))
            except i18n.UnknownLanguage as problem:
                click.echo(f"Error: {problem}", err=True)
                sys.exit(2)
            localize(self)
            return super().main(*args, **kwargs)
        finally:
            i18n.reset(before)
            if sys.stdout is safe_out:
                sys.stdout = out
            if sys.stderr is safe_err:
                sys.stderr = err

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, _(COMMANDS[name][1])) for name in self.list_commands(ctx)]
        with formatter.section(_("Commands")):
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
            where = f"{problem.filename}: " if problem.filename else ""  # strerror: the C library's
            raise click.ClickException(f"{where}{problem.strerror or problem}") from None
        except Exception as problem:  # users get one line, never a traceback
            if os.environ.get("PAGU_DEBUG"):
                raise
            message = _storage_message(problem) or _(
                "internal error ({kind}: {problem}); this is a bug in pagu; "
                "PAGU_DEBUG=1 shows the traceback"
            ).format(kind=type(problem).__name__, problem=problem)
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
        return _("storage error: {detail}").format(detail=detail)
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
@click.option(
    "--lang",
    metavar="id|en",
    default=None,
    expose_value=False,
    is_eager=True,
    callback=lambda ctx, param, value: value and i18n.set_language(value),
    help="Language of messages and help: id (Indonesian, the default) or en (English); "
    "else PAGU_LANG.",
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


# After the decorators above: the words they fix at import time (--version's help)
# stay English, the msgid that localize() translates.
_speak_through_click()


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
