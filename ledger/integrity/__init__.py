"""Tamper evidence: recompute the hash chain and name the first damage.

    verify_store(url, digest=...)     the ledger in its store (SQLite file or PostgreSQL)
    verify_export(path, digest=...)   a log exported by `export_log`, offline
    export_log(url, path)             write such a file

A digest (POSITION:HASH, from `pagu digest`) is what makes the check independent of the
people who keep the ledger: a rewrite that recomputes the whole chain is self-consistent,
but it cannot reproduce the hash the auditor wrote down.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Generator, Iterator
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path
from typing import Any

from events.errors import InvalidInput
from events.i18n import _
from ledger.errors import NoLedger
from ledger.integrity import split
from ledger.integrity.checker import Checker, Orphan
from ledger.integrity.export import Exported, ExportReader, write_export
from ledger.integrity.invariants import Invariants
from ledger.integrity.model import KINDS, Damage, Digest, LineRef, Link, Verdict
from ledger.integrity.store import StoreReader, known_topics
from ledger.shape import StoreDamaged
from ledger.storage import StoreLocation

__all__ = [
    "KINDS",
    "Damage",
    "Digest",
    "Exported",
    "LedgerDamaged",
    "LineRef",
    "Link",
    "NothingRecorded",
    "Verdict",
    "export_log",
    "verified",
    "verify_export",
    "verify_store",
]


Progress = Callable[[int, int], None]  # (position reached, last position of the log)
EVERY = 2000  # links between two progress calls


class LedgerDamaged(Exception):
    """The ledger is not what its chain says (`verdict.damage`): nothing may rest on it.
    Not an `InvalidInput`: the input was fine, the ledger is not."""

    def __init__(self, verdict: Verdict) -> None:
        assert verdict.damage is not None
        self.verdict = verdict
        super().__init__(verdict.damage.describe())


class NothingRecorded(InvalidInput):
    """An intact ledger that holds no events: there is nothing to vouch for."""

    def __init__(self) -> None:
        super().__init__("the ledger holds no events yet")


def verified(location: StoreLocation | str | None, *, progress: Progress | None = None) -> Verdict:
    """The verdict of an intact ledger that holds events, what a digest or a report
    rests on: its head is the last event they may show. A damaged ledger raises
    `LedgerDamaged`, an empty one `NothingRecorded`."""
    verdict = verify_store(location, progress=progress)
    if verdict.damage is not None:
        raise LedgerDamaged(verdict)
    if verdict.head is None:
        raise NothingRecorded()
    return verdict


def verify_store(
    location: StoreLocation | str | None,
    *,
    digest: Digest | None = None,
    closed: bool = False,
    progress: Progress | None = None,
) -> Verdict:
    """Recompute the chain of the ledger at `location`, streaming, in one snapshot.

    `progress`, when given, is told the position reached every few thousand links and
    the log's last position (for a progress bar); without it the pass does not count."""
    started = time.perf_counter()
    location = _existing(location)
    try:
        reader = StoreReader(location)
    except StoreDamaged as problem:  # a table of the log is gone: nothing to chain
        lost = Verdict(digest=digest, closed=closed, source=location.display())
        lost.damage = Damage(1, "removed", str(problem), field="table")
        lost.seconds = time.perf_counter() - started
        return lost
    try:
        orphans: list[Orphan] = []  # found after the pass, merged by position
        checker = Checker(
            dense=reader.dense,
            digest=digest,
            closed=closed,
            orphans=orphans,
            known_topics=known_topics(),
            witness=reader,
        )
        last_position = reader.last_position()
        found: Verdict | None = None
        rules = Invariants(known_topics())
        if split.worth_splitting(location, last_position):
            if progress is not None:
                progress(0, last_position)
            # the domain rules need the whole log in order: this process checks them
            # while the parts check the chain
            found = split.verify_split(
                location,
                last_position,
                digest,
                closed,
                meanwhile=lambda: rules.run(reader.domain_rows()),
            )
        apart: Callable[[], Damage | None] | None = None
        if found is None:  # not worth splitting, or a part found something: one pass
            rules = Invariants(known_topics())
            with ExitStack() as stack:
                if split.rules_worth_apart(location, last_position):
                    apart = stack.enter_context(split.rules_apart(location, last_position))
                links = reader.links(rules=None if apart else rules)
                if progress is not None:
                    links = _reporting(links, progress, last_position)
                try:
                    verdict = checker.run(links)
                finally:
                    links.close()  # stops a reader that was ahead of a pass that stopped early
                breach = apart() if apart is not None else None
        else:
            verdict = found
            if progress is not None:
                progress(last_position, last_position)
        # Every link of an intact log names its own event, so an event table holding more
        # rows than that has events with no link; after damage, look for them anyway.
        if verdict.damage is not None or reader.event_count() > verdict.events:
            orphans.extend(reader.orphans())
            verdict.damage = checker.merge_orphans(verdict.damage)
        if verdict.damage is None:  # the chain holds: do the events obey the rules?
            verdict.damage = breach if apart is not None else rules.finish()
        damage = verdict.damage
        if damage is not None and damage.line is None:
            line = reader.line_of(damage.stream) if damage.stream else None
            verdict.damage = replace(damage, line=line or reader.line_at(damage.position))
        verdict.missing_guards = reader.guard_problems()
    finally:
        reader.close()
    verdict.source = location.display()
    verdict.seconds = time.perf_counter() - started
    return verdict


def _reporting(
    links: Generator[tuple[Any, ...], None, None], progress: Progress, last: int
) -> Generator[tuple[Any, ...], None, None]:
    """The same links, telling `progress` how far the pass has got."""
    rows: Iterator[tuple[Any, ...]] = links
    try:
        for count, row in enumerate(rows, start=1):
            if count % EVERY == 0 and isinstance(row[0], int):  # a damaged row may hold text
                progress(row[0], last)
            yield row
        progress(last, last)
    finally:
        links.close()


def verify_export(path: Path, *, digest: Digest | None = None, closed: bool = False) -> Verdict:
    """Recompute the chain of an exported log; no database, no server."""
    started = time.perf_counter()
    reader = ExportReader(path).open()
    try:
        checker = Checker(
            dense=reader.backend == "sqlite",
            digest=digest,
            closed=closed,
            orphans=reader.orphans,
            known_topics=known_topics(),
        )
        rules = Invariants(known_topics())
        links = reader.links(rules)
        try:
            verdict = checker.run(links)
        finally:
            links.close()  # stops a reader that was ahead of a pass that stopped early
    finally:
        reader.close()
    verdict.damage = _file_damage(reader, verdict) or verdict.damage or rules.finish()
    damage = verdict.damage
    if damage is not None and damage.stream:
        verdict.damage = replace(damage, line=reader.line_of(damage.stream))
    verdict.source = str(path)
    verdict.seconds = time.perf_counter() - started
    return verdict


def _file_damage(reader: ExportReader, verdict: Verdict) -> Damage | None:
    """What is wrong with the file itself: a line that is not a record, no end line,
    anything after it, an end line that does not count what the file holds. Checked
    whatever the chain says: a file is damaged if any of it is."""
    after = (verdict.head.position if verdict.head is not None else 0) + 1
    if verdict.damage is not None and reader.problem is None:
        return None  # the chain failed before the file's own trouble, if any, was reached
    if reader.problem is not None:
        line_no, what = reader.problem
        kind = "truncated" if _("cut short") in what else "inserted"
        if _("not JSON") in what or _("not a") in what:
            kind = "altered"
        return Damage(
            after,
            kind,
            _("line {line_no} of the file: {what}").format(line_no=line_no, what=what),
            field="file",
        )
    end = reader.end or {}
    head = None if verdict.head is None else str(verdict.head)
    if end.get("links") != verdict.events or end.get("head") != head:
        return Damage(
            after,
            "altered",
            _(
                "the end line counts {get} links up to {get2}, but the file holds "
                "{events} up to {head}"
            ).format(get=end.get("links"), get2=end.get("head"), events=verdict.events, head=head),
            field="file",
        )
    if end.get("orphans", 0) != len(reader.orphans):
        return Damage(
            after,
            "altered",
            _("the end line counts {get} events with no link, the file holds {orphans}").format(
                get=end.get("orphans"), orphans=len(reader.orphans)
            ),
            field="file",
        )
    return None


def export_log(location: StoreLocation | str | None, path: Path) -> Exported:
    location = _existing(location)
    reader = StoreReader(location)
    try:
        return write_export(reader, path)
    finally:
        reader.close()


def _existing(location: StoreLocation | str | None) -> StoreLocation:
    if not isinstance(location, StoreLocation):
        location = StoreLocation.parse(location)
    if not location.exists():
        raise NoLedger(location.display())
    return location
