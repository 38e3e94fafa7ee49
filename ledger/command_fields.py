"""How a command's fields are read: raw strings in (as typed on the command line or
read from a file), value objects out, by the vocabulary's own parsers, so that the rules
for writing an amount, a code or a date are the same everywhere (`ledger.commands`)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BeforeValidator

from events.codes import Kode
from events.errors import InvalidInput
from events.i18n import N_, _
from events.money import parse_rupiah
from events.periods import Quarter, Stage, parse_date
from events.targets import Target
from events.text import plain_text


def _date(raw: Any) -> date:
    return raw if isinstance(raw, date) else parse_date(str(raw))


def _kode(raw: Any) -> Kode:
    return raw if isinstance(raw, Kode) else Kode.parse(str(raw))


def _amount(raw: Any) -> Decimal | None:
    if raw is None or isinstance(raw, Decimal):
        return raw
    return parse_rupiah(str(raw))


def _target(raw: Any) -> Target | None:
    if raw is None or isinstance(raw, Target):
        return raw
    return Target.parse(str(raw))


def _stage(raw: Any) -> Stage:
    return raw if isinstance(raw, Stage) else Stage.parse(str(raw))


def _quarter(raw: Any) -> Quarter:
    return raw if isinstance(raw, Quarter) else Quarter.parse(str(raw))


def _visible(raw: Any, refusal: str) -> str | None:
    """Free text as typed (`events.text.plain_text`: whitespace collapsed, invisible
    format characters dropped): not given is None; given but blank (a non-breaking space
    or a zero-width space alone) is refused with `refusal`."""
    if raw is None:
        return None
    text = plain_text(str(raw))
    if not text:
        raise InvalidInput(_(refusal))
    return text


def _words(raw: Any) -> str | None:
    return _visible(raw, N_("cannot be empty"))


def _basis_text(raw: Any) -> str | None:
    """Who, why and the legal basis of a command."""
    return _visible(raw, N_("cannot be blank"))


# Raw strings in, value objects out, by the vocabulary's own parsers.
KodeIn = Annotated[Kode, BeforeValidator(_kode)]
Rupiah = Annotated[Decimal | None, BeforeValidator(_amount)]
TargetIn = Annotated[Target | None, BeforeValidator(_target)]
StageIn = Annotated[Stage, BeforeValidator(_stage)]
QuarterIn = Annotated[Quarter, BeforeValidator(_quarter)]
Words = Annotated[str | None, BeforeValidator(_words)]
