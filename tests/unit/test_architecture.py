"""The house rules a newcomer can rely on, checked on the source itself.

- the storage format (table names of the store and of the read model, eventsourcing's
  wire keys) is spelled in `events.storage_format` alone;
- no module imports a private name of another package;
- no module grows past about 400 lines.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("events", "ledger", "projections", "cli", "web", "bench")
OWNER = "events/storage_format.py"
# Table names (whole words: `rm_line_by_code` is an index of projections.schema) and the
# wire format's keys.
STORAGE_NAMES = re.compile(
    r"\b(pagu_events|pagu_log|rm_(tracking|line|value|realization|printed|note|spm|event|"
    r"document|finding))\b|(?<![A-Za-z0-9])_(type|data)_(?![A-Za-z0-9])|rm\\\\?_%"
)
# Private names imported across packages that another change removes (issue 16, CLI
# half: the trail's filter moves out of cli/); each must still exist, so the list
# cannot outlive its reason.
KNOWN_PRIVATE_IMPORTS: set[tuple[str, str, str]] = set()  # none left


def sources() -> Iterator[tuple[str, ast.Module]]:
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            yield path.relative_to(ROOT).as_posix(), ast.parse(path.read_text(), str(path))


def _docstrings(tree: ast.Module) -> set[int]:
    """ids of the docstring constants (prose may name a table)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def storage_names_in(tree: ast.Module) -> list[str]:
    skip = _docstrings(tree)
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in skip
        and STORAGE_NAMES.search(node.value)
    ]


def private_imports(path: str, tree: ast.Module) -> list[tuple[str, str, str]]:
    package = path.split("/")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.split(".")[0] == package:
                continue
            for alias in node.names:
                # `_` alone is gettext's (events.i18n), public by convention
                private = alias.name.startswith("_") and not alias.name.startswith("__")
                if private and alias.name != "_":
                    found.append((path, node.module, alias.name))
    return found


def test_the_storage_format_is_spelled_in_one_module() -> None:
    spelled = {path: names for path, tree in sources() if (names := storage_names_in(tree))}
    assert OWNER in spelled  # the check sees what it looks for
    assert {path: names for path, names in spelled.items() if path != OWNER} == {}


def test_the_check_sees_a_table_name_in_code_but_not_in_prose() -> None:
    code = ast.parse('"""Reads pagu_log."""\nQUERY = "SELECT position FROM pagu_log"\n')
    assert storage_names_in(code) == ["SELECT position FROM pagu_log"]
    assert storage_names_in(ast.parse('x = {"_data_": 1}\ny = "rm_line_by_code"\n')) == ["_data_"]


def test_no_module_imports_a_private_name_of_another_package() -> None:
    found = {entry for path, tree in sources() for entry in private_imports(path, tree)}
    assert found - KNOWN_PRIVATE_IMPORTS == set()
    assert found >= KNOWN_PRIVATE_IMPORTS, "a known exception is gone: drop it from the list"


def test_the_check_sees_a_private_import() -> None:
    tree = ast.parse("from events.line import _EVENT_NAMESPACE\nfrom projections.x import _y\n")
    assert private_imports("projections/values.py", tree) == [
        ("projections/values.py", "events.line", "_EVENT_NAMESPACE")
    ]


# "No module grows past ~400 lines without a reason": a little slack for a docstring, none
# for a second responsibility.
MOST_LINES = 420


def test_no_module_grows_past_about_400_lines() -> None:
    long = {
        path.relative_to(ROOT).as_posix(): lines
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        if (lines := len(path.read_text().splitlines())) > MOST_LINES
    }
    assert long == {}
