"""The ledger's refusals as data: which fields of a command they are about, which
store is missing. A front end words them with its own names for the fields (the CLI's
flags, cli.errors); `str()` is a plain wording for any other reader.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from dataclasses import dataclass

from events.errors import InvalidInput
from events.i18n import N_, _


@dataclass(frozen=True)
class FieldName:
    """A command's field named inside a refusal (`effective`, `doc_date`, `kode`)."""

    name: str


@dataclass(frozen=True)
class Action:
    """Something a user does to the ledger, named inside a refusal (`import`)."""

    name: str


Part = str | FieldName | Action

# Actions as a reader who knows no front end calls them.
ACTIONS = {
    "import": N_("importing the document"),
    "add_murni": N_("adding the line at stage murni"),
    "add_line": N_("adding a line"),
}


def plain_name(field: str) -> str:
    """A field as a reader who knows no front end calls it."""
    return field.replace("_", " ")


def plain_action(action: str) -> str:
    return _(ACTIONS[action]) if action in ACTIONS else action.replace("_", " ")


class Refusal(InvalidInput):
    """Input refused, in words that name the command's fields: `parts` is the message
    as text and `FieldName`s, worded by `worded(name)` with a front end's names."""

    def __init__(self, *parts: Part) -> None:
        self.parts: tuple[Part, ...] = parts
        super().__init__(self.worded(plain_name, plain_action))

    @property
    def fields(self) -> list[str]:
        return [part.name for part in self.parts if isinstance(part, FieldName)]

    def worded(self, name: Callable[[str], str], action: Callable[[str], str]) -> str:
        """The message with each field and action as `name` and `action` call them."""
        return "".join(
            name(part.name)
            if isinstance(part, FieldName)
            else action(part.name)
            if isinstance(part, Action)
            else part
            for part in self.parts
        )

    @classmethod
    def of(cls, template: str, **values: object) -> Refusal:
        """A refusal from a template: `{name}` is the value given here under that name,
        `{do:name}` the action `name`, else the field `name` (worded by the front end)."""
        parts: list[Part] = []
        for literal, name, spec, _conversion in string.Formatter().parse(template):
            parts.append(literal)
            if name is None:
                continue
            if name in values:
                parts.append(str(values[name]))
            elif name == "do":
                parts.append(Action(spec or ""))
            else:
                parts.append(FieldName(name))
        return cls(*(part for part in parts if part != ""))


class NoLedger(InvalidInput):
    """There is no ledger at `where` (a store location, as displayed)."""

    def __init__(self, where: str) -> None:
        self.where = where
        super().__init__(self.describe())

    def describe(self, first: str = N_("create it or import a document into it first")) -> str:
        return _("no ledger at {where}: {first}").format(where=self.where, first=_(first))
