"""What happened at the first link that fails: each conclusion is a recomputation.

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
from collections.abc import Iterable, Iterator
from itertools import chain
from typing import Any, NamedTuple, Protocol

from events.i18n import _
from ledger.chain import GENESIS, chain_hash
from ledger.integrity.model import Damage, LineRef, Link

RING = 256  # verified links kept for "a later link chains past inserted ones"


class Witness(Protocol):
    """What else the store remembers about a position (the read model), as evidence."""

    def recorded_at(self, position: int) -> str | None: ...

    def line_at(self, position: int) -> LineRef | None: ...

    def details(self, link: Link) -> list[str]: ...


def follow(previous: str, this: str) -> str:
    """The chain hash that would follow `previous`; "" when a column is not hex."""
    try:
        return chain_hash(previous, this)
    except ValueError:  # a hash column that no longer holds hex
        return ""


def span(positions: range) -> str:
    first, last = positions.start, positions.stop - 1
    return f"position {first}" if first == last else f"positions {first}..{last}"


class Suspect(NamedTuple):
    """A link the fast pass did not accept, with what the pass knows around it."""

    link: Link
    previous: str  # the chain hash of the last verified link (GENESIS at the start)
    last: Link | None  # the last verified link
    ring: deque[tuple[Any, ...]]  # the links verified before it, the latest last
    rest: Iterator[Any]  # the links after it, not read yet


class Diagnosis:
    """The reasoning after the pass stops; `Checker` is one."""

    dense: bool  # positions never skip a number (SQLite)
    topics: set[str]  # event types known or seen: candidates for "the type was ..."
    witness: Witness | None

    def _diagnose(self, suspect: Suspect, intact: bool, linked: bool, missing: range) -> Damage:
        link, previous, last, ring, rest = suspect
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
                if after.chain_hash == follow(follow(previous, link.event_hash), after.event_hash):
                    return self._at(
                        link,
                        "altered",
                        _("its chain hash was changed (the next link follows from the true one)"),
                        field="chain_hash",
                    )
                if after.chain_hash == follow(previous, after.event_hash):
                    return self._at(
                        link, "inserted", _("a forged link: the next one chains past it")
                    )
                if last is not None and after.chain_hash == follow(
                    link.chain_hash, after.event_hash
                ):
                    return self._at(
                        last,
                        "altered",
                        _(
                            "replaced by a forged event with recomputed hashes: position "
                            "{position} still chains from the original"
                        ).format(position=position),
                    )
                return self._at(
                    link, "altered", _("its chain hash does not follow from the chain")
                )
            return self._at(
                link,
                "inserted",
                _(
                    "the last link does not follow from the chain: a forged event appended "
                    "at the end"
                ),
            )
        # Neither its fields nor its chain hash fit here: it was not written here.
        following = map(Link._make, chain([after] if after is not None else [], rest))
        origin, occupant = self._find_origin(link, following)
        if skipped is not None:
            return skipped
        if origin is not None:
            if origin > position and occupant is not None:
                swapped = _(" (the two were swapped)") if occupant == origin else ""
                return self._at(
                    link,
                    "reordered",
                    _(
                        "the event recorded at position {position} is now at position "
                        "{occupant}; the one here was recorded at position {origin}{swapped}"
                    ).format(position=position, occupant=occupant, origin=origin, swapped=swapped),
                )
            if origin > position:
                return self._at(
                    link,
                    "removed",
                    _(
                        "the event recorded at position {position} is gone and later events were "
                        "renumbered (the one here was recorded at position {origin})"
                    ).format(position=position, origin=origin),
                    about_link=False,
                )
            return self._at(
                link,
                "reordered",
                _("this event was recorded at position {origin}").format(origin=origin),
            )
        if after is None:
            return self._at(
                link,
                "inserted",
                _(
                    "the last link neither matches its fields nor follows from the chain: a "
                    "forged event appended at the end"
                ),
            )
        if after.chain_hash == follow(previous, after.event_hash):
            return self._at(link, "inserted", _("a forged link: the next one chains past it"))
        if occupant is not None:
            return self._at(
                link,
                "reordered",
                _("the event recorded at position {position} is now at position {occupant}").format(
                    position=position, occupant=occupant
                ),
            )
        return self._at(link, "altered", _("neither its fields nor its chain hash match"))

    def _altered_in_place(self, link: Link, last: Link | None, after: Link | None) -> Damage:
        stored = link.event_hash
        if link.has_event:
            if link.event_payload_sha256 != link.payload_sha256:
                assert link.event_payload_sha256 is not None
                if link.computed_hash(payload_sha256=link.event_payload_sha256) == stored:
                    return self._at(
                        link,
                        "altered",
                        _(
                            "the link's record of the payload hash was changed (the event itself "
                            "is as recorded)"
                        ),
                        field="payload_sha256",
                    )
            if link.event_topic != link.topic and link.computed_hash(topic=link.event_topic) == (
                stored
            ):
                return self._at(
                    link,
                    "altered",
                    _(
                        "the link's record of the type was changed to {topic} (the event is "
                        "still a {event_topic})"
                    ).format(topic=link.topic, event_topic=link.event_topic),
                    field="type",
                )
        moved = link.event_position
        if moved and moved != link.position and link.computed_hash(position=moved) == stored:
            return self._at(
                link,
                "reordered",
                _("it was recorded at position {moved} and renumbered").format(moved=moved),
                field="position",
            )
        times = [n.recorded_at for n in (last, after) if n is not None]
        if self.witness is not None:
            times.append(self.witness.recorded_at(link.position) or "")
        moments = [m for m in dict.fromkeys(times) if m and m != link.recorded_at]

        def recorded_time(moment: str) -> str:
            return _("its recorded time was changed from {moment} to {recorded_at}").format(
                moment=moment, recorded_at=link.recorded_at
            )

        def event_type(topic: str) -> str:
            return _("its type was changed from {topic} to {topic2}").format(
                topic=topic, topic2=link.topic
            )

        # a candidate old value that gives back the stored hash names the changed field
        for name, field, candidates, wording in (
            ("recorded_at", "recorded_at", moments, recorded_time),
            ("topic", "type", sorted(self.topics - {link.topic}), event_type),
        ):
            for old in candidates:
                if link.computed_hash(**{name: old}) == stored:
                    return self._at(link, "altered", wording(old), field=field)
        return self._at(
            link,
            "altered",
            _(
                "its fields no longer give its hash: its content or recorded time was "
                "changed (no single change of type or recorded time explains it)"
            ),
            evidence=True,
        )

    def _inserted_before(self, link: Link, ring: deque[tuple[Any, ...]]) -> Damage | None:
        """The link chains from a verified hash before the last one: the links after that
        hash were inserted."""
        entries: list[tuple[int, str]] = [(0, GENESIS)] if len(ring) < RING else []
        entries.extend((row[0], row[7]) for row in ring)
        for index in range(len(entries) - 2, -1, -1):
            if follow(entries[index][1], link.event_hash) == link.chain_hash:
                first = Link._make(ring[index + len(ring) - len(entries) + 1])
                inserted = span(range(first.position, entries[-1][0] + 1))
                return self._at(
                    first,
                    "inserted",
                    _(
                        "{inserted} inserted: position {position}'s link chains directly from "
                        "the one before"
                    ).format(inserted=inserted, position=link.position),
                )
        return None

    def _removed(self, missing: range) -> Damage:
        note = ""
        if not self.dense and len(missing) > 1:
            note = _(
                " (PostgreSQL also skips the numbers of rolled-back writes, but the "
                "chain shows an event was removed here)"
            )
        return Damage(
            missing.start,
            "removed",
            _(
                "{missing} missing: the next link was chained to an event that is no "
                "longer in the log{note}"
            ).format(missing=span(missing), note=note),
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
                detail += _("; the read model, built earlier, remembers: ") + "; ".join(found)
        return Damage(
            link.position,
            kind,
            detail,
            field=field,
            stream=link.stream if about_link else None,
            version=link.version if about_link else None,
        )
