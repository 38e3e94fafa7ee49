"""The hash chain over the event log, in its total order.

Written by the store in the same transaction as the events it covers (see
`ledger.storage`), so no event exists without its link. The encoding is deliberately
plain so that an auditor's own program can recompute it (README, "Canonical encoding"):

    event_hash(n) = SHA-256( UTF-8 of the eight lines, joined by "\\n":
                        "pagu-log-v1", position, event id, stream, version, type,
                        recorded_at, SHA-256 hex of the stored payload bytes )
    chain_hash(n) = SHA-256( bytes of chain_hash(n-1) || bytes of event_hash(n) )
    chain_hash(0) = 32 zero bytes

All hashes are written as lowercase hex; ids are UUIDs in their 36-character form;
recorded_at is ISO 8601 UTC with microseconds (2024-08-14T02:00:00.000000+00:00).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

from events.line import event_id_of

GENESIS = "0" * 64
FORMAT = "pagu-log-v1"


def format_recorded_at(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def event_hash(
    position: int, stream: UUID, version: int, topic: str, state: bytes, recorded_at: str
) -> str:
    fields = (
        FORMAT,
        str(position),
        str(event_id_of(stream, version)),
        str(stream),
        str(version),
        topic,
        recorded_at,
        hashlib.sha256(state).hexdigest(),
    )
    return hashlib.sha256("\n".join(fields).encode("utf-8")).hexdigest()


def chain_hash(previous: str, this_event_hash: str) -> str:
    return hashlib.sha256(bytes.fromhex(previous) + bytes.fromhex(this_event_hash)).hexdigest()


@dataclass(frozen=True)
class LogEntry:
    """One row of the log table: the link that the store wrote for one event."""

    position: int
    stream: UUID
    version: int
    recorded_at: str
    event_hash: str
    chain_hash: str
