"""The store's write path: eventsourcing's recorders, extended so that every insert also
writes each event's link in the hash chain (`pagu_log`, see `ledger.chain`) in the same
transaction. One module per backend, so that a SQLite ledger never imports psycopg
(`ledger.storage` names them by topic; eventsourcing imports the one it needs). The
library's private methods they override are listed, with the versions checked, in
`ledger.recorders.eventsourcing_hooks`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from events.i18n import _
from ledger.chain import chain_hash, event_hash, format_recorded_at, payload_hash

__all__ = ["Clock", "LinkWriter", "MissingLinks"]

Clock = Callable[[], datetime]


class MissingLinks(Exception):
    """Raised inside the write's transaction (which then rolls back) when the log did
    not get a link for every event inserted: something in the database (a rule, a
    trigger) swallowed them. Nothing is committed."""

    def __init__(self, linked: int, events: int) -> None:
        super().__init__(
            _(
                "the store linked {linked} of {events} events in the hash chain, so "
                "nothing was recorded: something in the database swallows the links (run "
                "`pagu verify`)"
            ).format(linked=linked, events=events)
        )


class LinkWriter:
    """Shared by both recorders: compute the log rows for a batch of new events."""

    clock: Clock | None = None  # tests pin the store's clock; None means the real one

    @staticmethod
    def _links(
        positions: Sequence[int],
        stored_events: Sequence[StoredEvent],
        head_hash: str,
        head_recorded_at: str | None,
        now: datetime,
    ) -> list[tuple[int, str, int, str, str, str, str, str]]:
        recorded_at = format_recorded_at(now)
        if head_recorded_at is not None and head_recorded_at > recorded_at:
            recorded_at = head_recorded_at  # never let recorded time run backwards
        rows = []
        previous = head_hash
        for position, stored in zip(positions, stored_events, strict=True):
            stream = stored.originator_id
            if not isinstance(stream, UUID):
                stream = UUID(str(stream))
            payload = payload_hash(stored.state)
            this = event_hash(
                position, stream, stored.originator_version, stored.topic, recorded_at, payload
            )
            previous = chain_hash(previous, this)
            rows.append(
                (
                    position,
                    stream.hex,
                    stored.originator_version,
                    stored.topic,
                    recorded_at,
                    payload,
                    this,
                    previous,
                )
            )
        return rows
