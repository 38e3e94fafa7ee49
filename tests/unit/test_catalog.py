"""The message catalog kept with the code (tests/messages.py, `make messages`).

A message added to the code without its Indonesian fails here, naming it and where it
is; so does a .mo not compiled from the .po, and a translation whose placeholders are
not the English one's (it would break `.format`)."""

from __future__ import annotations

import gettext
import io
import subprocess
import sys

import pytest

from events import i18n
from tests import messages


def _messages_of(compiled: bytes) -> dict[object, object]:
    table = dict(gettext.GNUTranslations(io.BytesIO(compiled))._catalog)  # type: ignore[attr-defined]
    table.pop("", None)  # the header: dates and the Babel version that wrote it
    return table


def test_the_committed_mo_is_compiled_from_the_po() -> None:
    assert messages.MO.exists(), "run `make messages`"
    built = messages.compiled(messages.read_catalog())
    assert _messages_of(messages.MO.read_bytes()) == _messages_of(built), (
        "events/locale/id/LC_MESSAGES/pagu.mo is not the compiled pagu.po: run `make messages`"
    )


def test_every_message_of_the_code_is_translated() -> None:
    wanted = messages.all_messages()
    assert len(wanted) > 500  # extraction found the code's messages, click's and the help
    wrong = messages.problems(messages.read_catalog(), wanted)
    assert not wrong, "run `make messages` and translate:\n" + "\n".join(wrong)


def test_a_new_message_is_caught() -> None:
    catalog = messages.read_catalog()
    wanted = {"a message nobody translated yet": "cli/new.py:1"}
    assert messages.problems(catalog, wanted) == [
        "untranslated (cli/new.py:1): 'a message nobody translated yet'"
    ]
    key = "not a quarter: {raw!r} (use 1-4 or I-IV)"
    catalog[key].string = "bukan triwulan: {mentah!r}"  # a placeholder renamed
    assert messages.problems(catalog, {key: "events/periods.py:1"})[0].startswith(
        "placeholders differ"
    )


@pytest.fixture
def language() -> object:
    before = i18n.chosen()
    yield
    i18n.reset(before)


@pytest.mark.usefixtures("language")
def test_choosing_the_language(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PAGU_LANG", raising=False)
    assert i18n.set_language(None) == "id"
    assert i18n._("cumulative") == "kumulatif"
    plural = ("{count} event, recorded times in {zone}", "{count} events, recorded times in {zone}")
    for n in (1, 2):  # Indonesian has one form
        assert i18n.ngettext(*plural, n) == "{count} peristiwa, waktu pencatatan dalam {zone}"
    monkeypatch.setenv("PAGU_LANG", "en_US.UTF-8")
    assert i18n.set_language(None) == "en" and i18n._("cumulative") == "cumulative"
    assert i18n.set_language("ID") == "id"
    for wrong in ("fr", "english", "-"):
        with pytest.raises(i18n.UnknownLanguage, match="unknown language"):
            i18n.set_language(wrong)


@pytest.mark.usefixtures("language")
def test_a_lazy_message_is_translated_when_shown() -> None:
    note = i18n.lazy("everything recorded, latest values")  # made once, at import time
    i18n.set_language("id")
    assert str(note) == f"{note}" == "semua yang tercatat, nilai terakhir"
    assert "(" + note + ")" == "(semua yang tercatat, nilai terakhir)"
    i18n.set_language("en")
    assert str(note) == "everything recorded, latest values" and note == str(note)


@pytest.mark.usefixtures("language")
def test_recorded_english_is_shown_in_the_language_in_use() -> None:
    recorded = "line 12: no code printed; inferred 1.06.05 from same name in Tabel 1 (line 3)"
    i18n.set_language("en")
    assert i18n.translate_recorded(recorded) == recorded
    i18n.set_language("id")
    assert i18n.translate_recorded(recorded) == (
        "baris 12: kode tidak tercetak; disimpulkan 1.06.05 dari nama yang sama di Tabel 1 "
        "(baris 3)"
    )
    assert i18n.translate_recorded("something no catalog holds") == "something no catalog holds"


def test_pagu_help_reads_no_babel() -> None:
    """The runtime is the standard library's gettext: Babel stays a development tool."""
    probe = (
        "import sys\n"
        "from cli.main import cli\n"
        "try:\n"
        "    cli(['--help'], prog_name='pagu')\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('babel' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "False"


def test_no_function_that_translates_rebinds_the_underscore() -> None:
    """`x, _ = pair` in a function that also calls `_()` makes `_` a local variable there:
    the call fails when it runs (a message that breaks only when shown)."""
    import ast

    scopes = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
    comprehensions = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
    found = []
    for package in messages.PACKAGES:
        for path in sorted((messages.ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for function in ast.walk(tree):
                if isinstance(function, comprehensions):  # `[_(x) for x, _ in pairs]`
                    targets = [g.target for g in function.generators]
                    bound = any(
                        isinstance(n, ast.Name) and n.id == "_"
                        for target in targets
                        for n in ast.walk(target)
                    )
                    called = any(
                        isinstance(n, ast.Call)
                        and isinstance(n.func, ast.Name)
                        and n.func.id == "_"
                        for n in ast.walk(function)
                    )
                    if bound and called:
                        found.append(f"{path.relative_to(messages.ROOT)}:{function.lineno}")
                    continue
                if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                calls, binds = False, []
                todo = list(ast.iter_child_nodes(function))
                while todo:
                    node = todo.pop()
                    if isinstance(node, scopes + comprehensions):
                        continue  # a scope of its own
                    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                        calls = calls or node.func.id == "_"
                    named = isinstance(node, ast.Name) and node.id == "_"
                    if named and isinstance(node.ctx, ast.Store):  # type: ignore[attr-defined]
                        binds.append(node.lineno)
                    if isinstance(node, ast.arg) and node.arg == "_":
                        binds.append(node.lineno)
                    todo.extend(ast.iter_child_nodes(node))
                if calls and binds:
                    found.append(f"{path.relative_to(messages.ROOT)}:{binds[0]}")
    assert not found, f"`_` rebound where messages are translated: {found}"
