"""What the integrity check reads (links) and what it answers (a verdict)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from events.errors import InvalidInput
from events.i18n import _
from events.records import fields_of
from events.storage_format import unwrapped
from ledger.chain import event_hash

KINDS = ("altered", "removed", "inserted", "reordered", "truncated", "invalid")


class Link(NamedTuple):
    """One link of the chain as found, with the event it stands for.

    `topic` and `payload_sha256` are the link's own record of the event; `event_topic`
    and `event_payload_sha256` are what the event table holds now (None: no event row).
    An exported log carries one copy of each, so there both pairs are the same. Readers
    may yield plain tuples in this order (cheaper); the checker wraps them when needed."""

    position: int
    stream: str  # canonical 36-character UUID
    version: int
    topic: str
    recorded_at: str
    payload_sha256: str
    event_hash: str
    chain_hash: str
    event_topic: str | None = None
    event_payload_sha256: str | None = None
    event_position: int | None = None  # the event table's own number for it, a hint

    def computed_hash(self, **changes: Any) -> str:
        """The event hash of this link's fields, or of them with some changed (to test
        what an altered field used to be). A field that cannot be hashed gives ""."""
        link = self._replace(**changes) if changes else self
        try:
            return event_hash(
                link.position,
                link.stream,
                link.version,
                link.topic,
                link.recorded_at,
                link.payload_sha256,
            )
        except (ValueError, TypeError, AttributeError):  # a stream that is not a UUID
            return ""

    @property
    def has_event(self) -> bool:
        return self.event_topic is not None


@dataclass(frozen=True)
class LineRef:
    skpd: str
    tahun: int
    kode: str

    def __str__(self) -> str:
        return f"{self.kode} ({self.skpd} {self.tahun})"


@dataclass(frozen=True)
class Damage:
    """The first place where the ledger is not what its chain says it was."""

    position: int
    kind: str  # one of KINDS
    detail: str
    field: str | None = None  # payload | type | recorded_at | chain_hash | ...
    stream: str | None = None
    version: int | None = None
    line: LineRef | None = None

    def describe(self) -> str:
        where = _("position {position}").format(position=self.position)
        if self.line is not None:
            where += _(", line {line}").format(line=self.line)
        elif self.stream is not None:
            where += _(", stream {stream}").format(stream=self.stream)
        if self.version is not None:
            where += f" v{self.version}"
        # the kind is a word of the report's vocabulary (KINDS), shown as it is
        return _("{kind} at {where}: {detail}").format(
            kind=self.kind, where=where, detail=self.detail
        )

    def as_dict(self) -> dict[str, Any]:
        line = None if self.line is None else fields_of(self.line, ("skpd", "tahun", "kode"))
        return {
            **fields_of(self, ("position", "kind", "field", "detail", "stream", "version")),
            "line": line,
        }


_DIGEST = re.compile(r"^\s*(\d+)\s*:\s*([0-9a-fA-F]{64})\s*$")


@dataclass(frozen=True)
class Digest:
    """A head an auditor holds: the chain hash at a position."""

    position: int
    chain_hash: str

    @classmethod
    def parse(cls, text: str) -> Digest:
        found = _DIGEST.match(text)
        if not found or int(found.group(1)) < 1:
            raise InvalidInput(
                _(
                    "not a digest: {text!r} (expected POSITION:HASH, e.g. 781:3adea110..., "
                    "as printed by `pagu digest`)"
                ).format(text=text)
            )
        return cls(int(found.group(1)), found.group(2).lower())

    def __str__(self) -> str:
        return f"{self.position}:{self.chain_hash}"

    def short(self) -> str:
        """A form short enough to read aloud; compare the full hash when it matters."""
        h = self.chain_hash
        return f"{self.position} · {h[0:4]} {h[4:8]} {h[8:12]} {h[12:16]}"


@dataclass
class Verdict:
    """The answer of one verification."""

    events: int = 0
    first_position: int | None = None
    head: Digest | None = None  # the last link that checked out
    first_recorded: str | None = None
    last_recorded: str | None = None
    damage: Damage | None = None
    digest: Digest | None = None
    closed: bool = False
    after_digest: int = 0  # events after the digest's position
    after_digest_first: int | None = None
    after_digest_recorded: str | None = None
    missing_guards: list[str] = field(default_factory=list)  # guards not in place, and why
    notes: list[str] = field(default_factory=list)
    # the read model compared with the log (`projections.crosscheck`), when it was
    read_model: dict[str, Any] | None = None
    source: str = ""
    seconds: float = 0.0

    @property
    def intact(self) -> bool:
        return self.damage is None

    @property
    def read_model_matches(self) -> bool:
        return self.read_model is None or self.read_model.get("mismatch") is None

    def as_dict(self) -> dict[str, Any]:
        # the JSON of `pagu verify --format json`: its keys in this order, digests as text
        return {
            **fields_of(self, ("intact", "source", "events", "first_position")),
            "head": None if self.head is None else str(self.head),
            **fields_of(self, ("first_recorded", "last_recorded")),
            "damage": None if self.damage is None else self.damage.as_dict(),
            "digest": None if self.digest is None else str(self.digest),
            "closed": self.closed,
            "after_digest": {
                "events": self.after_digest,
                "first_position": self.after_digest_first,
                "first_recorded": self.after_digest_recorded,
            },
            **fields_of(self, ("missing_guards", "read_model", "notes")),
            "seconds": round(self.seconds, 3),
        }


def line_from_payload(state: bytes) -> LineRef | None:
    """SKPD, year and code from a LineRegistered payload (plain JSON, no decoder)."""
    try:
        data = json.loads(state)
        kode = data["kode"]
        return LineRef(
            str(data["skpd"]), int(data["tahun"]), str(unwrapped(kode))
        )  # a tampered payload may not decode: then the line is simply unknown
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def payload_details(state: bytes, remembered: dict[str, Any]) -> list[str]:
    """Where an event's current payload differs from what the read model remembers."""
    try:
        data = json.loads(state)
    except ValueError:
        return [_("the payload is no longer valid JSON")]
    found = []
    for name in ("actor", "reason"):
        if name in data and remembered.get(name) is not None and data[name] != remembered[name]:
            found.append(f"{name} {remembered[name]!r}, now {data[name]!r}")
    try:
        change = json.loads(remembered.get("change") or "{}")
    except ValueError:
        change = {}
    amount = unwrapped(data.get("amount"))
    if amount is not None and change.get("new") is not None and str(change["new"]) != amount:
        found.append(_("amount {new}, now {amount}").format(new=change["new"], amount=amount))
    return found
