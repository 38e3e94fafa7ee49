"""Verifying a large SQLite log on several cores at once.

Each link's check needs only the link before it (its chain hash, position and recorded
time), so the log can be cut into consecutive parts checked by separate processes: a
part starts after the last link of the part before, which that part checks. When every
part is intact, their verdicts add up to the verdict of one pass. When any part finds
anything at all, or a part cannot start where it should, the split result is thrown
away and the caller runs the single pass, which alone names damage precisely (its
diagnosis looks back across what came before). Damage is rare; a slower answer then
costs little.

Only SQLite: its positions are dense, so the cut points are known from the last
position. On PostgreSQL the server already hashes the payloads in parallel with the
client (see StoreReader).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager

from ledger.integrity.checker import Checker
from ledger.integrity.invariants import Invariants
from ledger.integrity.model import Damage, Digest, Verdict
from ledger.integrity.store import StoreReader, known_topics
from ledger.storage import StoreLocation

# Below this many links one pass is quick enough that starting processes would not pay.
SPLIT_AT = 200_000
RULES_APART = 50_000  # from here the rules are checked in a process of their own
Part = tuple[int | None, int | None]  # (first, last) positions; None: open-ended


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def parts_of(last_position: int, count: int) -> list[Part]:
    """`count` consecutive ranges covering positions 1..last_position; the first and
    the last are open-ended, so that links outside the expected range are still read
    (and found wrong) by somebody."""
    size = -(-last_position // count)
    bounds = [(n * size + 1, min((n + 1) * size, last_position)) for n in range(count)]
    bounds = [(first, last) for first, last in bounds if first <= last]
    return [
        (None if n == 0 else first, None if n == len(bounds) - 1 else last)
        for n, (first, last) in enumerate(bounds)
    ]


def worth_splitting(location: StoreLocation, last_position: int) -> bool:
    return location.is_sqlite and last_position >= SPLIT_AT and cores() > 1


def check_part(
    location: StoreLocation, part: Part, digest: Digest | None, closed: bool
) -> Verdict | None:
    """One part's verdict, or None when the part cannot start where it should (the
    link before it is missing: the single pass will say what happened)."""
    first, last = part
    reader = StoreReader(location)
    links = reader.links(None if first is None else first - 1, last)
    try:
        after = None
        if first is not None:
            before = next(links, None)
            if before is None or before[0] != first - 1:
                return None
            after = before
        checker = Checker(
            dense=reader.dense,
            digest=digest,
            closed=closed,
            known_topics=known_topics(),
            witness=reader,
        )
        return checker.run(links, start_after=after, final=last is None)
    finally:
        links.close()
        reader.close()


def rules_worth_apart(location: StoreLocation, last_position: int) -> bool:
    """Whether the domain rules of a single pass are checked in a process of their own
    (beside the chain, on another core) rather than inline."""
    return last_position >= RULES_APART and cores() > 1


def check_rules(location: StoreLocation, last: int) -> Damage | None:
    """The first breach of the ledger's rules up to position `last`, on a connection of
    this process's own (`ledger.integrity.invariants`)."""
    reader = StoreReader(location)
    try:
        return Invariants(known_topics()).run(reader.domain_rows(last))
    finally:
        reader.close()


@contextmanager
def rules_apart(location: StoreLocation, last: int) -> Iterator[Callable[[], Damage | None]]:
    """Check the rules in a forked process meanwhile; yields the call that waits for it."""
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        future = pool.submit(check_rules, location, last)
        yield future.result


def verify_split(
    location: StoreLocation,
    last_position: int,
    digest: Digest | None,
    closed: bool,
    meanwhile: Callable[[], object] | None = None,
) -> Verdict | None:
    """The verdict of an intact log checked in parts on every core, or None when a part
    found anything (then the single pass must run). `meanwhile` runs in this process
    while the parts are checked."""
    parts = parts_of(last_position, min(cores(), 8))
    # fork: the workers start with pagu already imported (a spawned one would import
    # it again); each opens its own connection
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=len(parts), mp_context=context) as pool:
        futures = [pool.submit(check_part, location, part, digest, closed) for part in parts]
        if meanwhile is not None:
            meanwhile()
        verdicts = [future.result() for future in futures]
    if any(verdict is None or verdict.damage is not None for verdict in verdicts):
        return None
    done = [verdict for verdict in verdicts if verdict is not None]
    whole = Verdict(digest=digest, closed=closed)
    whole.events = sum(verdict.events for verdict in done)
    whole.after_digest = sum(verdict.after_digest for verdict in done)
    for verdict in done:
        if whole.first_position is None and verdict.first_position is not None:
            whole.first_position = verdict.first_position
            whole.first_recorded = verdict.first_recorded
        if whole.after_digest_first is None and verdict.after_digest_first is not None:
            whole.after_digest_first = verdict.after_digest_first
            whole.after_digest_recorded = verdict.after_digest_recorded
        if verdict.head is not None:
            whole.head, whole.last_recorded = verdict.head, verdict.last_recorded
    return whole
