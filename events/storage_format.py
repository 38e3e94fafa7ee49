"""The storage format, owned here: both sides read and write through these names.

    the event store   `pagu_events` (eventsourcing's stored events: one row per event,
                      its payload in `state`) and `pagu_log` (each event's position,
                      recorded time and hashes, see `ledger.chain`)
    the read model    the `rm_` tables (their columns: `projections.schema`)
    the wire format   eventsourcing's JSON: a value of a registered type is stored as
                      `{"_type_": name, "_data_": data}` (`events.codec` registers them)
    ids               a line's stream id and each event's id are uuid5s, the same in
                      every copy of the log (`line_id`, `event_id_of`)

The write side's tools (verification, roles) name the read-model tables from here too,
so that no module outside `projections.schema` spells one.
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Any
from uuid import UUID

# ---- the event store --------------------------------------------------------------

EVENTS_TABLE = "pagu_events"
LOG_TABLE = "pagu_log"
SETTINGS_TABLE = "pagu_settings"  # what a ledger keeps besides its events (ledger.settings)
EVENT_COLUMNS = frozenset({"originator_id", "originator_version", "topic", "state"})
LOG_COLUMNS = (  # in the table's order (the recorders insert positionally)
    "position",
    "originator_id",
    "originator_version",
    "topic",
    "recorded_at",
    "payload_sha256",
    "event_hash",
    "chain_hash",
)

# ---- the read model's tables (columns and indexes: projections.schema) -------------

READ_MODEL_PREFIX = "rm_"
TRACKING_TABLE = "rm_tracking"
LINE_TABLE = "rm_line"
VALUE_TABLE = "rm_value"
REALIZATION_TABLE = "rm_realization"
PRINTED_TABLE = "rm_printed"
NOTE_TABLE = "rm_note"
SPM_TABLE = "rm_spm"
EVENT_TABLE = "rm_event"  # the audit index: one row per event
DOCUMENT_TABLE = "rm_document"
FINDING_TABLE = "rm_finding"


# the read model's tables as a LIKE pattern (a parameter, with backslash as the escape)
READ_MODEL_LIKE = READ_MODEL_PREFIX.replace("_", "\\_") + "%"


# ---- the wire format --------------------------------------------------------------

TYPE = "_type_"
DATA = "_data_"


def data(value: Any) -> Any:
    """The data of a wrapped value (a date, an enum, a decimal); None stays None."""
    return None if value is None else value[DATA]


def unwrapped(value: Any) -> Any:
    """The data of a value that may or may not be wrapped (payloads of unknown origin:
    verification reads whatever the store holds)."""
    return value.get(DATA) if isinstance(value, dict) else value


def wrapped(type_name: str, value: Any) -> dict[str, Any]:
    """A value as eventsourcing's JSON transcoder stores a registered type."""
    return {TYPE: type_name, DATA: value}


# ---- ids --------------------------------------------------------------------------

EVENT_NAMESPACE = UUID("6f0b3c1e-2d4a-5e8f-9a7b-1c2d3e4f5a6b")
LINE_NAMESPACE = UUID("0f6c1c8e-4e4b-5d27-9b8e-3a1f2c7d9e10")
_NAMESPACE_BYTES = EVENT_NAMESPACE.bytes
_VARIANT = {digit: "89ab"[int(digit, 16) & 3] for digit in "0123456789abcdef"}


def line_id(skpd: str, tahun: int, kode_text: str) -> UUID:
    """The stream id of a budget line: the same in every ledger that holds the line."""
    return uuid.uuid5(LINE_NAMESPACE, f"{skpd.strip().casefold()}|{tahun}|{kode_text}")


def event_id_of(stream: UUID, version: int) -> UUID:
    """The stable id of an event: derived from its stream and version, so it needs no
    storage of its own and is the same in every copy of the log."""
    return uuid.uuid5(EVENT_NAMESPACE, f"{stream}:{version}")


def _uuid5_text(name: bytes) -> str:
    """`str(uuid.uuid5(EVENT_NAMESPACE, name))` without the UUID objects (catch-up and
    verification compute one per event): the SHA-1 of namespace and name with the
    version nibble set to 5 and the variant to 10xx (RFC 4122)."""
    h = hashlib.sha1(_NAMESPACE_BYTES + name, usedforsecurity=False).hexdigest()
    return f"{h[:8]}-{h[8:12]}-5{h[13:16]}-{_VARIANT[h[16]]}{h[17:20]}-{h[20:32]}"


def event_id_text(stream: str, version: int) -> str:
    """`str(event_id_of(stream, version))` of a stream in its 36-character form."""
    return _uuid5_text(f"{stream}:{version}".encode())


class EventIds:
    """`event_id_text` of streams given as 32 hex digits (the read model's `line_id`),
    the name's stream part remembered: it is the same for every event of a line."""

    def __init__(self) -> None:
        self._prefix: dict[str, bytes] = {}

    def of(self, line_id: str, version: int) -> str:
        prefix = self._prefix.get(line_id)
        if prefix is None:
            prefix = f"{UUID(hex=line_id)}:".encode()
            if len(self._prefix) >= 200_000:  # a bound on memory, not a cache policy
                self._prefix.clear()
            self._prefix[line_id] = prefix
        return _uuid5_text(prefix + b"%d" % version)
