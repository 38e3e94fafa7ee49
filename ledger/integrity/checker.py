"""Recomputing the chain one link at a time, and naming the first damage.

The pass keeps only the last verified hash, a short ring of earlier ones, and the set of
event types seen: memory does not grow with the log. Links arrive in position order
from any source (a store, an exported file). Each link is checked twice:

1. in the chain: its fields give its event hash, and its chain hash follows from the
   previous link's; then, where the store cannot leave gaps (SQLite), no position is
   skipped, and recorded time never runs backwards;
2. against its event: the event is there, with the type and payload its link recorded.

At the first failure the pass stops and works out what happened, testing explanations
against the stored hashes (a hash either matches or it does not, so each conclusion is
a recomputation, not a guess), reading ahead in the same stream where it must:

- altered: the link is in its place in the chain but a field changed; putting back a
  candidate value (a neighbour's recorded time, another event type) that restores the
  hash names the field and its old value; the event table is compared with its link;
- removed: the link follows from a hash that is no longer in the log (with a gap in the
  positions, or later links renumbered), or the event behind an intact link is gone;
- inserted: a later link chains past it to an earlier verified hash, or it does not
  follow from the chain at the end of the log, or an event has no link at all;
- reordered: the link's hash only matches at another position, and the event written
  at this position is found further on; or its payload is that of a later event;
- truncated: the log ends before the position of a digest the auditor holds.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import chain
from typing import Protocol

from ledger.chain import GENESIS, chain_hash
from ledger.integrity.model import Damage, Digest, LineRef, Link, Verdict

RING = 256  # verified hashes kept for "a later link chains past inserted ones"


class Witness(Protocol):
    """What else the store remembers about a position (the read model), as evidence."""

    def recorded_at(self, position: int) -> str | None: ...

    def line_at(self, position: int) -> LineRef | None: ...

    def details(self, link: Link) -> list[str]: ...


@dataclass(frozen=True)
class Orphan:
    """An event with no link: its position is the event table's own number for it."""

    position: int
    stream: str
    version: int


def _chain(previous: str, this: str) -> str:
    try:
        return chain_hash(previous, this)
    except ValueError:  # a hash column that no longer holds hex
        return ""


def _span(positions: range) -> str:
    first, last = positions.start, positions.stop - 1
    return f"position {first}" if first == last else f"positions {first}..{last}"


class Checker:
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
        self.orphans = sorted(orphans, key=lambda o: o.position)
        self._orphan_positions = {o.position for o in self.orphans}
        self.topics = set(known_topics)
        self.witness = witness

    # ---- the pass ------------------------------------------------------------------

    def run(self, links: Iterable[Link]) -> Verdict:
        verdict = Verdict(digest=self.digest, closed=self.closed)
        rest = iter(links)
        previous = GENESIS
        last: Link | None = None
        ring: deque[tuple[int, str, Link | None]] = deque([(0, GENESIS, None)], maxlen=RING)
        damage: Damage | None = None
        for link in rest:
            damage = self._check(link, previous, last, ring, rest)
            if damage is not None:
                break
            previous, last = link.chain_hash, link
            ring.append((link.position, previous, link))
            self.topics.add(link.topic)
            verdict.events += 1
            if verdict.first_position is None:
                verdict.first_position, verdict.first_recorded = link.position, link.recorded_at
            if self.digest is not None and link.position > self.digest.position:
                verdict.after_digest += 1
                if verdict.after_digest_first is None:
                    verdict.after_digest_first = link.position
                    verdict.after_digest_recorded = link.recorded_at
        else:
            damage = self._at_end(last)
        if last is not None:
            verdict.head = Digest(last.position, last.chain_hash)
            verdict.last_recorded = last.recorded_at
        verdict.damage = self._earliest(damage)
        return verdict

    def _check(
        self,
        link: Link,
        previous: str,
        last: Link | None,
        ring: deque[tuple[int, str, Link | None]],
        rest: Iterator[Link],
    ) -> Damage | None:
        position = link.position
        missing = range(last.position + 1 if last else 1, position)
        digest = self.digest
        if digest is not None and digest.position in missing:
            return Damage(
                digest.position,
                "removed",
                f"position {digest.position}, which the digest names, is no longer in the log",
            )
        intact = link.computed_hash() == link.event_hash
        linked = _chain(previous, link.event_hash) == link.chain_hash
        if not (intact and linked):
            return self._diagnose(link, previous, last, ring, rest, intact, linked, missing)
        if missing and self.dense:
            unexplained = [p for p in missing if p not in self._orphan_positions]
            if unexplained:
                return Damage(
                    unexplained[0],
                    "removed",
                    f"{_span(missing)} missing although the chain runs on unbroken: SQLite "
                    "never skips a position, so events were removed and the chain "
                    "recomputed over the gap",
                )
        if last is not None and link.recorded_at < last.recorded_at:
            return self._at(
                link,
                "altered",
                f"recorded at {link.recorded_at}, before position {last.position} "
                f"({last.recorded_at}): the store never lets recorded time run backwards, "
                "so this link was forged and the chain recomputed",
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
                f"the history up to position {position} is not the digested one: it was "
                "rewritten and its chain recomputed (compare an export made when the "
                "digest was taken to find the first difference)",
            )
        if digest is not None and self.closed and position > digest.position:
            return self._at(
                link,
                "inserted",
                f"recorded after the closing digest {digest.short()}: the ledger was to end there",
            )
        return None

    def _against_event(self, link: Link, rest: Iterator[Link]) -> Damage | None:
        if not link.has_event:
            return self._at(
                link, "removed", "the event is gone from the event table; its link remains"
            )
        if link.event_topic != link.topic:
            return self._at(
                link,
                "altered",
                f"its type was changed from {link.topic} to {link.event_topic}",
                field="type",
            )
        if link.event_payload_sha256 != link.payload_sha256:
            for other in rest:
                if other.payload_sha256 == link.event_payload_sha256:
                    return self._at(
                        link,
                        "reordered",
                        f"its payload is the one recorded at position {other.position}",
                        field="payload",
                    )
            return self._at(
                link,
                "altered",
                "its payload was changed (it no longer has the SHA-256 its link recorded)",
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
            f"the log ends at position {end}, but the digest names position "
            f"{digest.position}: the events after position {end} were removed",
        )

    def _earliest(self, damage: Damage | None) -> Damage | None:
        if not self.orphans:
            return damage
        orphan = self.orphans[0]
        if damage is not None and damage.position < orphan.position:
            return damage
        if damage is not None and damage.position == orphan.position and damage.kind == "removed":
            return replace(
                damage,
                detail=damage.detail + "; its event is still in the event table: the link "
                "was deleted",
                stream=orphan.stream,
                version=orphan.version,
            )
        return Damage(
            orphan.position,
            "inserted",
            "an event with no link in the chain: it was written into the event table "
            "directly, not through the ledger",
            stream=orphan.stream,
            version=orphan.version,
        )

    # ---- diagnosis -----------------------------------------------------------------

    def _diagnose(
        self,
        link: Link,
        previous: str,
        last: Link | None,
        ring: deque[tuple[int, str, Link | None]],
        rest: Iterator[Link],
        intact: bool,
        linked: bool,
        missing: range,
    ) -> Damage:
        position = link.position
        after = next(rest, None)
        if linked:  # in its place in the chain; a field of it changed since
            return self._altered_in_place(link, last, after)
        skipped = self._inserted_before(link, ring)
        if intact:  # a genuine link at its own position: what came before it changed
            if skipped is not None:
                return skipped
            if missing:
                return self._removed(missing)
            if after is not None:
                if after.chain_hash == _chain(_chain(previous, link.event_hash), after.event_hash):
                    return self._at(
                        link,
                        "altered",
                        "its chain hash was changed (the next link follows from the true one)",
                        field="chain_hash",
                    )
                if after.chain_hash == _chain(previous, after.event_hash):
                    return self._at(link, "inserted", "a forged link: the next one chains past it")
                if last is not None and after.chain_hash == _chain(
                    link.chain_hash, after.event_hash
                ):
                    return self._at(
                        last,
                        "altered",
                        "replaced by a forged event with recomputed hashes: position "
                        f"{position} still chains from the original",
                    )
                return self._at(link, "altered", "its chain hash does not follow from the chain")
            return self._at(
                link,
                "inserted",
                "the last link does not follow from the chain: a forged event appended at the end",
            )
        # Neither its fields nor its chain hash fit here: it was not written here.
        following = chain([after] if after is not None else [], rest)
        origin, occupant = self._find_origin(link, following)
        if skipped is not None:
            return skipped
        if origin is not None:
            if origin > position and occupant is not None:
                swapped = " (the two were swapped)" if occupant == origin else ""
                return self._at(
                    link,
                    "reordered",
                    f"the event recorded at position {position} is now at position "
                    f"{occupant}; the one here was recorded at position {origin}{swapped}",
                )
            if origin > position:
                return self._at(
                    link,
                    "removed",
                    f"the event recorded at position {position} is gone and later events "
                    f"were renumbered (the one here was recorded at position {origin})",
                    about_link=False,
                )
            return self._at(link, "reordered", f"this event was recorded at position {origin}")
        if after is None:
            return self._at(
                link,
                "inserted",
                "the last link neither matches its fields nor follows from the chain: a "
                "forged event appended at the end",
            )
        if after.chain_hash == _chain(previous, after.event_hash):
            return self._at(link, "inserted", "a forged link: the next one chains past it")
        if occupant is not None:
            return self._at(
                link,
                "reordered",
                f"the event recorded at position {position} is now at position {occupant}",
            )
        return self._at(link, "altered", "neither its fields nor its chain hash match")

    def _altered_in_place(self, link: Link, last: Link | None, after: Link | None) -> Damage:
        stored = link.event_hash
        if link.has_event:
            if link.event_payload_sha256 != link.payload_sha256:
                assert link.event_payload_sha256 is not None
                if link.computed_hash(payload_sha256=link.event_payload_sha256) == stored:
                    return self._at(
                        link,
                        "altered",
                        "the link's record of the payload hash was changed (the event "
                        "itself is as recorded)",
                        field="payload_sha256",
                    )
            if link.event_topic != link.topic and link.computed_hash(topic=link.event_topic) == (
                stored
            ):
                return self._at(
                    link,
                    "altered",
                    f"the link's record of the type was changed to {link.topic} (the event "
                    f"is still a {link.event_topic})",
                    field="type",
                )
        moved = link.event_position
        if moved and moved != link.position and link.computed_hash(position=moved) == stored:
            return self._at(
                link,
                "reordered",
                f"it was recorded at position {moved} and renumbered",
                field="position",
            )
        times = [n.recorded_at for n in (last, after) if n is not None]
        if self.witness is not None:
            times.append(self.witness.recorded_at(link.position) or "")
        for moment in dict.fromkeys(times):
            if moment and moment != link.recorded_at:
                restored = link.computed_hash(recorded_at=moment)
                if restored == stored:
                    return self._at(
                        link,
                        "altered",
                        f"its recorded time was changed from {moment} to {link.recorded_at}",
                        field="recorded_at",
                    )
        for topic in sorted(self.topics - {link.topic}):
            if link.computed_hash(topic=topic) == stored:
                return self._at(
                    link,
                    "altered",
                    f"its type was changed from {topic} to {link.topic}",
                    field="type",
                )
        return self._at(
            link,
            "altered",
            "its fields no longer give its hash: its content or recorded time was changed "
            "(no single change of type or recorded time explains it)",
            evidence=True,
        )

    def _inserted_before(
        self, link: Link, ring: deque[tuple[int, str, Link | None]]
    ) -> Damage | None:
        """The link chains from a verified hash before the last one: the links after that
        hash were inserted."""
        entries = list(ring)
        for index in range(len(entries) - 2, -1, -1):
            _, known, _ = entries[index]
            if _chain(known, link.event_hash) == link.chain_hash:
                first_position, _, first = entries[index + 1]
                last_position = entries[-1][0]
                span = _span(range(first_position, last_position + 1))
                assert first is not None
                return self._at(
                    first,
                    "inserted",
                    f"{span} inserted: position {link.position}'s link chains directly from "
                    f"the one before",
                )
        return None

    def _removed(self, missing: range) -> Damage:
        note = ""
        if not self.dense and len(missing) > 1:
            note = (
                " (PostgreSQL also skips the numbers of rolled-back writes, but the chain "
                "shows an event was removed here)"
            )
        return Damage(
            missing.start,
            "removed",
            f"{_span(missing)} missing: the next link was chained to an event that is no "
            f"longer in the log{note}",
        )

    @staticmethod
    def _find_origin(link: Link, following: Iterable[Link]) -> tuple[int | None, int | None]:
        """Where `link` was written (the position its hash matches at), and where the
        link written at its current position went (scanning the rest of the log)."""
        origin = None
        for guess in (link.event_position, link.position - 1, link.position + 1):
            if (
                guess
                and guess != link.position
                and (link.computed_hash(position=guess) == link.event_hash)
            ):
                origin = guess
                break
        occupant = None
        for other in following:
            if origin is None and link.computed_hash(position=other.position) == link.event_hash:
                origin = other.position
            if occupant is None and other.computed_hash(position=link.position) == (
                other.event_hash
            ):
                occupant = other.position
            if origin is not None and occupant is not None:
                break
        return origin, occupant

    def _at(
        self,
        link: Link,
        kind: str,
        detail: str,
        *,
        field: str | None = None,
        evidence: bool = False,
        about_link: bool = True,
    ) -> Damage:
        if evidence and self.witness is not None:
            found = self.witness.details(link)
            if found:
                detail += "; the read model, built earlier, remembers: " + "; ".join(found)
        return Damage(
            link.position,
            kind,
            detail,
            field=field,
            stream=link.stream if about_link else None,
            version=link.version if about_link else None,
        )
