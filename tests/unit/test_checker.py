"""The chain checker on synthetic logs: what is damage and what is not."""

from __future__ import annotations

from uuid import UUID

import pytest
from hypothesis import given
from hypothesis import strategies as st

from events.errors import InvalidInput
from events.line import event_id_of
from ledger.chain import GENESIS, chain_hash, event_hash, payload_hash
from ledger.integrity.checker import Checker
from ledger.integrity.model import Digest, Link

STREAM = "377d5c0b-94e0-5ecd-8b74-3faf886311b1"
TOPIC = "events.line:NoteAttached"


def chain_of(positions: list[int], times: list[str] | None = None) -> list[Link]:
    links, previous = [], GENESIS
    for index, position in enumerate(positions):
        at = times[index] if times else f"2024-08-14T02:00:{index:02d}.000000+00:00"
        payload = payload_hash(f"payload {position}".encode())
        this = event_hash(position, STREAM, index + 1, TOPIC, at, payload)
        previous = chain_hash(previous, this)
        links.append(
            Link(position, STREAM, index + 1, TOPIC, at, payload, this, previous, TOPIC, payload)
        )
    return links


def test_the_encoding_is_the_documented_one() -> None:
    payload = payload_hash(b"{}")
    lines = [
        "pagu-log-v1",
        "7",
        str(event_id_of(UUID(STREAM), 3)),
        STREAM,
        "3",
        TOPIC,
        "2024-08-14T02:00:00.000000+00:00",
        payload,
    ]
    import hashlib

    expected = hashlib.sha256("\n".join(lines).encode()).hexdigest()
    assert event_hash(7, STREAM, 3, TOPIC, lines[6], payload) == expected
    assert event_hash(7, UUID(STREAM), 3, TOPIC, lines[6], payload) == expected
    assert event_hash(7, STREAM.replace("-", ""), 3, TOPIC, lines[6], payload) == expected
    assert (
        chain_hash(GENESIS, expected)
        == hashlib.sha256(bytes(32) + bytes.fromhex(expected)).hexdigest()
    )


def test_postgres_gaps_are_not_damage_but_sqlite_gaps_are() -> None:
    links = chain_of([1, 2, 5, 6])  # 3 and 4: rolled-back writes on PostgreSQL
    assert Checker(dense=False).run(links).intact
    damage = Checker(dense=True).run(links).damage
    assert damage is not None and (damage.kind, damage.position) == ("removed", 3)


def test_a_gap_with_a_broken_chain_is_a_removal_on_postgres_too() -> None:
    links = chain_of([1, 2, 3, 4])
    del links[2]
    damage = Checker(dense=False).run(links).damage
    assert damage is not None and (damage.kind, damage.position) == ("removed", 3)


def test_an_empty_log() -> None:
    verdict = Checker(dense=True).run([])
    assert verdict.intact and verdict.head is None and verdict.events == 0
    damage = Checker(dense=True, digest=Digest(3, "a" * 64)).run([]).damage
    assert damage is not None and (damage.kind, damage.position) == ("truncated", 1)


def test_recorded_time_running_backwards_means_a_recomputed_chain() -> None:
    times = [
        "2024-08-14T02:00:00.000000+00:00",
        "2024-08-14T03:00:00.000000+00:00",
        "2024-08-14T01:00:00.000000+00:00",
    ]
    damage = Checker(dense=True).run(chain_of([1, 2, 3], times)).damage
    assert damage is not None and (damage.kind, damage.position, damage.field) == (
        "altered",
        3,
        "recorded_at",
    )


def test_a_changed_chain_hash_alone() -> None:
    links = chain_of([1, 2, 3, 4])
    links[1] = links[1]._replace(chain_hash="f" * 64)
    damage = Checker(dense=True).run(links).damage
    assert damage is not None and (damage.kind, damage.position, damage.field) == (
        "altered",
        2,
        "chain_hash",
    )


def test_a_hash_column_that_is_not_hex() -> None:
    links = chain_of([1, 2, 3])
    links[1] = links[1]._replace(event_hash="not hex")
    damage = Checker(dense=True).run(links).damage
    assert damage is not None and damage.position == 2


def test_digests_parse_strictly() -> None:
    digest = Digest.parse(" 781:" + "AB" * 32 + " ")
    assert digest == Digest(781, "ab" * 32) and str(digest) == "781:" + "ab" * 32
    for text in ("781", "0:" + "a" * 64, "781:" + "a" * 63, "x:" + "a" * 64):
        with pytest.raises(InvalidInput, match="not a digest"):
            Digest.parse(text)


@given(st.uuids(), st.integers(min_value=1, max_value=10**9))
def test_the_fast_event_id_is_uuid5(stream: UUID, version: int) -> None:
    from ledger.chain import event_id_text

    assert event_id_text(str(stream), version) == str(event_id_of(stream, version))
