"""Recomputing the chain one link at a time, and naming the first damage.

The pass keeps only the last verified hash, a short ring of earlier ones, and the set of
event types seen: memory does not grow with the log. Links arrive in position order
from any source (a store, an exported file). Each link is checked twice:

1. in the chain: its fields give its event hash, and its chain hash follows from the
   previous link's; then, where the store cannot leave gaps (SQLite), no position is
   skipped, and recorded time never runs backwards;
2. against its event: the event is there, with the type and payload its link recorded.

At the first failure the pass stops and `Diagnosis` (ledger.integrity.diagnosis) works
out what happened.
"""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from events.i18n import _
from ledger.chain import FORMAT, GENESIS, event_id_text
from ledger.integrity.diagnosis import RING, Diagnosis, Suspect, Witness, follow, span
from ledger.integrity.model import Damage, Digest, Link, Verdict


@dataclass(frozen=True)
class Orphan:
    """An event with no link: its position is the event table's own number for it."""

    position: int
    stream: str
    version: int


class Checker(Diagnosis):
    def __init__(
        self,
        *,
        dense: bool,
        digest: Digest | None = None,
        closed: bool = False,
        orphans: Sequence[Orphan] = (),
        known_topics: Iterable[str] = (),
        witness: Witness | None = None,
    ) -> None:
        self.dense = dense  # positions never skip a number (SQLite)
        self.digest = digest
        self.closed = closed
        self.orphans = orphans  # may grow while the links are read (see StoreReader)
        self.topics = set(known_topics)
        self.witness = witness

    # ---- the pass ------------------------------------------------------------------

    def run(
        self,
        links: Iterable[Link] | Iterable[tuple[Any, ...]],
        *,
        start_after: tuple[Any, ...] | None = None,
        final: bool = True,
    ) -> Verdict:
        """Check every link in position order; stop at the first damage.

        A part of a split pass (ledger.integrity.split) starts after the link
        `start_after` (a row, which the part before checks) and, unless it is the
        `final` part, does not look for a truncation at its end.

        The loop is the hot path (a million links must take seconds): it recomputes
        the hashes inline on plain tuples and hands a link to `_check`, which decides
        precisely, whenever anything at all looks different from the common case."""
        verdict = Verdict(digest=self.digest, closed=self.closed)
        rest = iter(links)
        previous, last_position, last_recorded = GENESIS, 0, ""
        last: Link | None = None
        ring: deque[tuple[Any, ...]] = deque(maxlen=RING)
        if start_after is not None:
            previous, last_position, last_recorded = start_after[7], start_after[0], start_after[4]
            ring.append(start_after)
        digest_position = self.digest.position if self.digest else -1
        open_until = digest_position if self.closed else 1 << 62  # --closed: nothing after
        damage: Damage | None = None
        sha256, fromhex, dense, topics = hashlib.sha256, bytes.fromhex, self.dense, self.topics
        count = after = 0
        row: tuple[Any, ...] = ()
        for row in rest:
            position, stream, version, topic, at, payload, e_hash, c_hash, e_topic, e_pay, _ = row
            try:
                fine = (
                    e_topic == topic
                    and e_pay == payload
                    and at >= last_recorded
                    and (position == last_position + 1 or (not dense and position > last_position))
                    and not last_position < digest_position <= position
                    and position <= open_until
                    and sha256(
                        f"{FORMAT}\n{position}\n{event_id_text(stream, version)}\n{stream}\n"
                        f"{version}\n{topic}\n{at}\n{payload}".encode()
                    ).hexdigest()
                    == e_hash
                    and sha256(fromhex(previous) + fromhex(e_hash)).hexdigest() == c_hash
                )
            except (ValueError, TypeError):  # something that is not hex, text or a number
                fine = False
            if not fine:
                last = Link._make(ring[-1]) if ring else None
                damage = self._check(Suspect(Link._make(row), previous, last, ring, rest))
                if damage is not None:
                    break
            previous, last_position, last_recorded = c_hash, position, at
            ring.append(row)
            if topic not in topics:
                topics.add(topic)
            count += 1
            if position > digest_position >= 0:
                after += 1
                if verdict.after_digest_first is None:
                    verdict.after_digest_first, verdict.after_digest_recorded = position, at
            if verdict.first_position is None:
                verdict.first_position, verdict.first_recorded = position, at
        else:
            damage = self._at_end(Link._make(ring[-1]) if ring else None) if final else None
        verdict.events, verdict.after_digest = count, after
        if ring:
            head = Link._make(ring[-1])
            verdict.head = Digest(head.position, head.chain_hash)
            verdict.last_recorded = head.recorded_at
        verdict.damage = self.merge_orphans(damage)
        return verdict

    def _check(self, suspect: Suspect) -> Damage | None:
        link, last, rest = suspect.link, suspect.last, suspect.rest
        position = link.position
        missing = range(last.position + 1 if last else 1, position)
        digest = self.digest
        if digest is not None and digest.position in missing:
            return Damage(
                digest.position,
                "removed",
                _("position {position}, which the digest names, is no longer in the log").format(
                    position=digest.position
                ),
            )
        intact = link.computed_hash() == link.event_hash
        linked = follow(suspect.previous, link.event_hash) == link.chain_hash
        if not (intact and linked):
            return self._diagnose(suspect, intact, linked, missing)
        if missing and self.dense:
            return Damage(
                missing.start,
                "removed",
                _(
                    "{missing} missing although the chain runs on unbroken: SQLite never "
                    "skips a position, so events were removed and the chain recomputed over "
                    "the gap"
                ).format(missing=span(missing)),
                field="gap",
            )
        if last is not None and link.recorded_at < last.recorded_at:
            return self._at(
                link,
                "altered",
                _(
                    "recorded at {recorded_at}, before position {position} ({recorded_at2}): "
                    "the store never lets recorded time run backwards, so this link was "
                    "forged and the chain recomputed"
                ).format(
                    recorded_at=link.recorded_at,
                    position=last.position,
                    recorded_at2=last.recorded_at,
                ),
                field="recorded_at",
            )
        damage = self._against_event(link, rest)
        if damage is not None:
            return damage
        if (
            digest is not None
            and position == digest.position
            and link.chain_hash != digest.chain_hash
        ):
            return self._at(
                link,
                "altered",
                _(
                    "the history up to position {position} is not the digested one: it was "
                    "rewritten and its chain recomputed (compare an export made when the "
                    "digest was taken to find the first difference)"
                ).format(position=position),
            )
        if digest is not None and self.closed and position > digest.position:
            return self._at(
                link,
                "inserted",
                _("recorded after the closing digest {short}: the ledger was to end there").format(
                    short=digest.short()
                ),
            )
        return None

    def _against_event(self, link: Link, rest: Iterator[Any]) -> Damage | None:
        if not link.has_event:
            return self._at(
                link, "removed", _("the event is gone from the event table; its link remains")
            )
        if link.event_topic != link.topic:
            return self._at(
                link,
                "altered",
                _("its type was changed from {topic} to {event_topic}").format(
                    topic=link.topic, event_topic=link.event_topic
                ),
                field="type",
            )
        if link.event_payload_sha256 != link.payload_sha256:
            for row in rest:
                other = Link._make(row)
                if other.payload_sha256 == link.event_payload_sha256:
                    return self._at(
                        link,
                        "reordered",
                        _("its payload is the one recorded at position {position}").format(
                            position=other.position
                        ),
                        field="payload",
                    )
            return self._at(
                link,
                "altered",
                _("its payload was changed (it no longer has the SHA-256 its link recorded)"),
                field="payload",
                evidence=True,
            )
        return None

    def _at_end(self, last: Link | None) -> Damage | None:
        digest = self.digest
        if digest is None or (last is not None and last.position >= digest.position):
            return None
        end = last.position if last else 0
        return Damage(
            end + 1,
            "truncated",
            _(
                "the log ends at position {end}, but the digest names position "
                "{position}: the events after position {end} were removed"
            ).format(end=end, position=digest.position),
        )

    def merge_orphans(self, damage: Damage | None) -> Damage | None:
        """The first damage, counting events that no link names (orphans)."""
        if not self.orphans:
            return damage
        orphan = min(self.orphans, key=lambda o: o.position)
        if damage is not None and damage.position < orphan.position:
            return damage
        if damage is not None and damage.position == orphan.position:
            if damage.field == "gap":  # the chain never had this position: it was taken
                pass  # by an event written beside the chain, reported below
            elif damage.kind == "removed":
                return replace(
                    damage,
                    detail=damage.detail
                    + _("; its event is still in the event table: the link was deleted"),
                    stream=orphan.stream,
                    version=orphan.version,
                )
        return Damage(
            orphan.position,
            "inserted",
            _(
                "an event with no link in the chain: it was written into the event table "
                "directly, not through the ledger"
            ),
            stream=orphan.stream,
            version=orphan.version,
        )

    # ---- diagnosis -----------------------------------------------------------------
