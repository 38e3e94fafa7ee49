"""The hash chain over the event log, in its total order (README, "Tamper evidence").

Written by the store in the same transaction as the events it covers (see
`ledger.storage`), so no event exists without its link. The encoding is deliberately
plain so that an auditor's own program can recompute it:

    payload_sha256(n) = SHA-256 hex of the stored payload bytes (pagu_events.state)
    event_hash(n)     = SHA-256 hex of the UTF-8 of these eight lines joined by "\\n"
                        (no trailing newline):
                          pagu-log-v1
                          position                  decimal, no leading zeros
                          event id                  uuid5(EVENT_NAMESPACE, "<stream>:<version>")
                          stream                    the line's UUID
                          version                   decimal
                          topic                     the event's type, e.g. events.line:PaguRevised
                          recorded_at               2024-08-14T02:00:00.000000+00:00
                          payload_sha256(n)
    chain_hash(n)     = SHA-256 hex of ( 32 bytes of chain_hash(previous) || 32 bytes of
                        event_hash(n) ), where "previous" is the link before n in position
                        order and the chain starts from 32 zero bytes.

Hashes are lowercase hex; UUIDs are in their 36-character lowercase form; recorded_at is
ISO 8601 in UTC with exactly six fractional digits. Each link in `pagu_log` stores every
input of its event hash except the payload itself (position, stream, version, topic,
recorded_at, payload_sha256), so the chain can be recomputed from the log alone and each
event checked against its link.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from uuid import UUID

from events.storage_format import EVENT_NAMESPACE as EVENT_NAMESPACE
from events.storage_format import event_id_text as event_id_text

GENESIS = "0" * 64
FORMAT = "pagu-log-v1"


def format_recorded_at(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def stream_text(stream: UUID | str) -> str:
    """A stream id in its canonical 36-character form (SQLite stores 32 hex digits)."""
    if isinstance(stream, UUID):
        return str(stream)
    if len(stream) == 36:
        return stream.lower()
    if len(stream) == 32:
        text = stream.lower()
        return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"
    return str(UUID(stream))


def payload_hash(state: bytes) -> str:
    return hashlib.sha256(state).hexdigest()


def event_hash(
    position: int,
    stream: UUID | str,
    version: int,
    topic: str,
    recorded_at: str,
    payload_sha256: str,
) -> str:
    text = stream_text(stream)
    fields = (
        FORMAT,
        str(position),
        event_id_text(text, version),
        text,
        str(version),
        topic,
        recorded_at,
        payload_sha256,
    )
    return hashlib.sha256("\n".join(fields).encode("utf-8")).hexdigest()


def chain_hash(previous: str, this_event_hash: str) -> str:
    return hashlib.sha256(bytes.fromhex(previous) + bytes.fromhex(this_event_hash)).hexdigest()
