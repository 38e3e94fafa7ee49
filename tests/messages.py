"""pagu's message catalog, kept with the code: extraction, update and compilation (Babel).

    python -m tests.messages            # extract, update the .po, compile the .mo (make messages)
    python -m tests.messages --check    # say what is missing or stale, change nothing

Messages are the English strings wrapped in `_()`, `N_()`, `lazy()` and `ngettext()`
anywhere in events/, ledger/, projections/, cli/ and web/, the help of every command and
option of `pagu` (English in the source, where click keeps it; cli.main.localize
translates it), and click's own words (Usage, Options, Error...). Babel runs here only:
pagu itself reads the compiled catalog with the standard library's gettext.

The .po keeps no source locations (they would change with every edit elsewhere) and
fixed dates, so that the catalog changes only when a message does.
"""

from __future__ import annotations

import inspect
import io
import re
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("events", "ledger", "projections", "cli", "web")
LOCALE_DIR = ROOT / "events" / "locale"
PO = LOCALE_DIR / "id" / "LC_MESSAGES" / "pagu.po"
MO = PO.with_suffix(".mo")
KEYWORDS = {"_": None, "N_": None, "lazy": None, "ngettext": (1, 2)}
# click's modules whose words reach a user of pagu (cli.main points their `_` at pagu's)
CLICK_MODULES = (
    "core",
    "decorators",
    "exceptions",
    "formatting",
    "parser",
    "termui",
    "types",
    "utils",
)
FIXED_DATE = datetime(2026, 12, 1, tzinfo=UTC)
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)[^{}]*\}")
PERCENT = re.compile(r"%\((\w+)\)[sd]|%[sd]")

Message = str | tuple[str, str]


def code_messages() -> Iterator[tuple[Message, str]]:
    """(msgid, where) of every message wrapped in pagu's code."""
    for package in PACKAGES:
        found = extract_from_dir(
            ROOT / package,
            method_map=[("**.py", "python")],
            keywords=KEYWORDS,
            comment_tags=(),
            strip_comment_tags=True,
        )
        for filename, lineno, message, _comments, _context in found:
            if message:
                yield message, f"{package}/{filename}:{lineno}"


def help_messages() -> Iterator[tuple[Message, str]]:
    """The help of every command and option of `pagu`, as cli.main.localize looks it up."""
    import click

    from cli.main import COMMANDS, PaguGroup, cli
    from events import i18n

    i18n.set_language("en")  # get_command translates the help it hands over: keep the English

    def walk(command: click.Command, path: str) -> Iterator[tuple[Message, str]]:
        if command.help:
            yield inspect.cleandoc(command.help), path
        if command.short_help:
            yield command.short_help, path
        for param in command.params:
            if isinstance(param, click.Option) and param.help:
                yield param.help, f"{path} {param.opts[0]}"
        if isinstance(command, click.Group):
            for name, sub in command.commands.items():
                yield from walk(sub, f"{path} {name}")

    yield from walk(cli, "pagu")
    context = click.Context(cli)
    for name in COMMANDS:
        command = PaguGroup.get_command(cli, context, name)  # type: ignore[arg-type]
        assert command is not None
        yield from walk(command, f"pagu {name}")


def click_messages() -> Iterator[tuple[Message, str]]:
    import click

    folder = Path(click.__file__).parent
    for module in CLICK_MODULES:
        found = extract_from_file(
            "python", folder / f"{module}.py", keywords={"_": None, "ngettext": (1, 2)}
        )
        for lineno, message, _comments, _context in found:
            if message:
                yield message, f"click/{module}.py:{lineno}"


def all_messages() -> dict[Message, str]:
    """Every msgid pagu can show, with one place it comes from."""
    found: dict[Message, str] = {}
    for message, where in [*code_messages(), *help_messages(), *click_messages()]:
        found.setdefault(message, where)
    return found


def template() -> Catalog:
    catalog = Catalog(
        locale="id",
        domain="pagu",
        project="pagu",
        version="0.1",
        creation_date=FIXED_DATE,
        revision_date=FIXED_DATE,
        fuzzy=False,
    )
    for message in sorted(all_messages(), key=lambda m: m if isinstance(m, str) else m[0]):
        catalog.add(message, flags=("python-brace-format",) if _has_braces(message) else ())
    return catalog


def _has_braces(message: Message) -> bool:
    text = message if isinstance(message, str) else message[0]
    return PLACEHOLDER.search(text) is not None


def read_catalog() -> Catalog:
    with PO.open("rb") as handle:
        return read_po(handle, locale="id", domain="pagu")


def compiled(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def written(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, no_location=True, sort_output=True, include_previous=False)
    return buffer.getvalue()


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text)) | set(PERCENT.findall(text))


def problems(catalog: Catalog, wanted: dict[Message, str]) -> list[str]:
    """What is wrong with the catalog: messages of the code it lacks or leaves
    untranslated, translations whose placeholders differ from the English."""
    found = []
    for message, where in wanted.items():
        key = message if isinstance(message, str) else message[0]
        entry = catalog.get(key)
        translated = entry.string if entry is not None else None
        texts = [t for t in (translated if isinstance(translated, tuple) else (translated,)) if t]
        if not texts or (entry is not None and entry.fuzzy):
            found.append(f"untranslated ({where}): {key!r}")
            continue
        english = message if isinstance(message, tuple) else (message,)
        for text in texts:
            if placeholders(text) != placeholders(english[-1]) and placeholders(
                text
            ) != placeholders(english[0]):
                found.append(f"placeholders differ ({where}): {key!r} -> {text!r}")
    return found


def update() -> Catalog:
    """The .po brought up to the code (new messages added untranslated, gone ones
    dropped), then compiled to the .mo."""
    catalog = read_catalog() if PO.exists() else Catalog(locale="id", domain="pagu")
    catalog.update(template(), no_fuzzy_matching=True)
    catalog.obsolete.clear()
    catalog.project, catalog.version = "pagu", "0.1"
    catalog.copyright_holder = "the pagu authors"
    catalog.msgid_bugs_address = ""
    catalog.last_translator = catalog.language_team = "pagu"
    catalog.header_comment = (
        "# Indonesian messages of pagu (the msgids are the English ones).\n"
        "# Kept with the code: `make messages` extracts, updates and compiles (Babel)."
    )
    catalog.creation_date = catalog.revision_date = FIXED_DATE
    catalog.fuzzy = False
    PO.parent.mkdir(parents=True, exist_ok=True)
    PO.write_bytes(written(catalog))
    catalog = read_catalog()
    MO.write_bytes(compiled(catalog))
    return catalog


def main(argv: list[str]) -> int:
    if "--check" in argv:
        catalog = read_catalog()
        wrong = problems(catalog, all_messages())
        if MO.read_bytes() != compiled(catalog):
            wrong.append(f"{MO.relative_to(ROOT)} is older than the .po: run `make messages`")
        print("\n".join(wrong) or "catalog complete")
        return 1 if wrong else 0
    catalog = update()
    wrong = problems(catalog, all_messages())
    total = sum(1 for entry in catalog if entry.id)
    print(f"{PO.relative_to(ROOT)}: {total} messages, {total - len(wrong)} translated")
    for problem in wrong[:40]:
        print("  " + problem)
    if len(wrong) > 40:
        print(f"  ... and {len(wrong) - 40} more")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
