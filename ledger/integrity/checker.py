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

import hashlib
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import chain
from typing import Any, Protocol

from ledger.chain import FORMAT, GENESIS, chain_hash, event_id_text
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
        self.orphans = orphans  # may grow while the links are read (see StoreReader)
        self.topics = set(known_topics)
        self.witness = witness

    # ---- the pass ------------------------------------------------------------------

    def run(self, links: Iterable[Link] | Iterable[tuple[Any, ...]]) -> Verdict:
        """Check every link in position order; stop at the first damage.

        The loop is the hot path (a million links must take seconds): it recomputes
        the hashes inline on plain tuples and hands a link to `_check`, which decides
        precisely, whenever anything at all looks different from the common case."""
        verdict = Verdict(digest=self.digest, closed=self.closed)
        rest = iter(links)
        previous = GENESIS
        last: Link | None = None
        last_position, last_recorded = 0, ""
        ring: deque[tuple[Any, ...]] = deque(maxlen=RING)
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
                damage = self._check(Link._make(row), previous, last, ring, rest)
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
            damage = self._at_end(Link._make(ring[-1]) if ring else None)
        verdict.events, verdict.after_digest = count, after
        if ring:
            head = Link._make(ring[-1])
            verdict.head = Digest(head.position, head.chain_hash)
            verdict.last_recorded = head.recorded_at
        verdict.damage = self.merge_orphans(damage)
        return verdict

    def _check(
        self,
        link: Link,
        previous: str,
        last: Link | None,
        ring: deque[tuple[Any, ...]],
        rest: Iterator[Any],
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
            return Damage(
                missing.start,
                "removed",
                f"{_span(missing)} missing although the chain runs on unbroken: SQLite "
                "never skips a position, so events were removed and the chain recomputed "
                "over the gap",
                field="gap",
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

    def _against_event(self, link: Link, rest: Iterator[Any]) -> Damage | None:
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
            for row in rest:
                other = Link._make(row)
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
                    detail=damage.detail + "; its event is still in the event table: the "
                    "link was deleted",
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
        ring: deque[tuple[Any, ...]],
        rest: Iterator[Any],
        intact: bool,
        linked: bool,
        missing: range,
    ) -> Damage:
        position = link.position
        upcoming = next(rest, None)
        after = None if upcoming is None else Link._make(upcoming)
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
        following = map(Link._make, chain([after] if after is not None else [], rest))
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

    def _inserted_before(self, link: Link, ring: deque[tuple[Any, ...]]) -> Damage | None:
        """The link chains from a verified hash before the last one: the links after that
        hash were inserted."""
        entries: list[tuple[int, str]] = [(0, GENESIS)] if len(ring) < RING else []
        entries.extend((row[0], row[7]) for row in ring)
        for index in range(len(entries) - 2, -1, -1):
            if _chain(entries[index][1], link.event_hash) == link.chain_hash:
                first = Link._make(ring[index + len(ring) - len(entries) + 1])
                span = _span(range(first.position, entries[-1][0] + 1))
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
