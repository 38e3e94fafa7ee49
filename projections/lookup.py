"""Finding one event of the read model by the id a person copied from a view."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Connection, Row, select

from events.errors import InvalidInput
from events.i18n import N_, _
from projections import schema

SHORTEST = 8  # the characters of an id that history and audit show


class NotAnEventId(InvalidInput):
    """Text that cannot be (the start of) an event id."""

    def __init__(self, raw: str) -> None:
        self.raw = raw
        super().__init__(self.describe())

    def describe(self, shown_by: str = N_("the history and the audit trail")) -> str:
        return _(
            "{raw!r} is not an event id: give the full id or at least its first "
            "{shortest} characters, as {shown_by} show them"
        ).format(raw=self.raw, shortest=SHORTEST, shown_by=_(shown_by))


class NoSuchEvent(InvalidInput):
    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        super().__init__(
            _("no event whose id starts with {prefix!r} in this ledger").format(prefix=prefix)
        )


class SeveralEvents(InvalidInput):
    """A prefix that several events' ids start with (`found`: the first few)."""

    def __init__(self, prefix: str, found: list[Any]) -> None:
        self.prefix, self.found = prefix, found
        shown = ", ".join(f"{row.event_id} ({row.kode} {row.kind})" for row in found[:5])
        super().__init__(
            _("{prefix!r} matches several events: {shown}; give more of it").format(
                prefix=prefix, shown=shown
            )
        )


def find_event(conn: Connection, raw: str) -> Row[Any]:
    """The read model's row of an event, by its id or a unique prefix of at least 8
    characters (any case)."""
    text = raw.strip().lower()
    if not re.fullmatch(r"[0-9a-f][0-9a-f-]{7,35}", text):
        raise NotAnEventId(raw)
    e = schema.event
    query = select(e).where(e.c.event_id.like(text + "%")).order_by(e.c.position).limit(6)
    found = list(conn.execute(query))
    if not found:
        raise NoSuchEvent(text)
    if len(found) > 1:
        raise SeveralEvents(text, found)
    return found[0]
