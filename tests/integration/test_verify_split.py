"""Verification of a large SQLite log in parts (ledger.integrity.split), on a small one
cut into three: an intact log gets exactly the single pass's verdict, from the parts
(not from a fallback), whatever digest it is checked against; damage in any part makes
the split answer nothing, so that the single pass names it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ledger.integrity import Digest, Verdict, split, verify_store
from ledger.storage import StoreLocation
from tests.conftest import SHARED_DOCUMENT, pagu
from tests.tampering import Attacker, clone, record_later_events

PARTS = 3


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = str(tmp_path_factory.mktemp("split") / "ledger.db")
    assert pagu("--db", url, "import", str(SHARED_DOCUMENT)).exit_code == 0
    record_later_events(url, 5)
    return url


@pytest.fixture
def ledger_url(template: str, tmp_path: Path) -> str:
    url = str(tmp_path / "ledger.db")
    clone(template, url)
    return url


@pytest.fixture(autouse=True)
def three_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(split, "cores", lambda: PARTS)


@pytest.fixture
def attacker(ledger_url: str) -> Iterator[Attacker]:
    found = Attacker(ledger_url)
    found.disarm()
    yield found
    found.close()


def single_pass(url: str, digest: Digest | None = None, closed: bool = False) -> Verdict:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(split, "SPLIT_AT", 1 << 62)
        return verify_store(url, digest=digest, closed=closed)


def split_pass(url: str, digest: Digest | None = None, closed: bool = False) -> Verdict | None:
    rows = Attacker(url)
    try:
        last = max(row.position for row in rows.rows())
    finally:
        rows.close()
    return split.verify_split(StoreLocation.parse(url), last, digest, closed)


def same(a: Verdict, b: Verdict) -> None:
    keys = ("intact", "events", "first_position", "head", "first_recorded", "last_recorded")
    keys += ("after_digest",)
    assert {k: a.as_dict()[k] for k in keys} == {k: b.as_dict()[k] for k in keys}


def test_parts_cover_every_position_once() -> None:
    assert split.parts_of(10, 3) == [(None, 4), (5, 8), (9, None)]
    assert split.parts_of(2, 3) == [(None, 1), (2, None)]
    assert split.parts_of(7, 1) == [(None, None)]


def test_an_intact_log_gets_the_single_pass_verdict_from_its_parts(
    ledger_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(split, "SPLIT_AT", 1)
    whole = single_pass(ledger_url)
    parts = split_pass(ledger_url)
    assert parts is not None, "the split pass fell back on an intact log"
    same(parts, whole)
    same(verify_store(ledger_url), whole)  # verify_store takes the split path here


@pytest.mark.parametrize("where", ["first", "before-cut", "cut", "after-cut", "last"])
def test_any_digest_of_an_intact_log_is_checked_in_parts(
    ledger_url: str, where: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(split, "SPLIT_AT", 1)
    whole = single_pass(ledger_url)
    assert whole.head is not None
    cut = split.parts_of(whole.head.position, PARTS)[1][0]
    assert cut is not None
    position = {
        "first": 1,
        "before-cut": cut - 1,
        "cut": cut,
        "after-cut": cut + 1,
        "last": whole.head.position,
    }[where]
    rows = Attacker(ledger_url)
    try:
        digest = Digest(position, rows.row(position).chain_hash)
    finally:
        rows.close()
    expected = single_pass(ledger_url, digest)
    assert expected.intact
    parts = split_pass(ledger_url, digest)
    assert parts is not None, f"the split pass fell back with a digest at {where}"
    same(parts, expected)
    assert parts.after_digest_first == expected.after_digest_first
    assert parts.after_digest_recorded == expected.after_digest_recorded
    if where != "last":  # a closing digest before the end: the single pass says inserted
        assert split_pass(ledger_url, digest, closed=True) is None


@pytest.mark.parametrize("part", [0, 1, 2])
def test_an_altered_amount_in_any_part_leaves_it_to_the_single_pass(
    ledger_url: str, attacker: Attacker, part: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(split, "SPLIT_AT", 1)
    rows = attacker.rows()
    first, last = split.parts_of(len(rows), PARTS)[part]
    target = rows[(first or 1) - 1 if part else (last or len(rows)) - 1]  # an edge of the part
    data = attacker.payload(target.stream, target.version)
    data["actor"] = "someone else"
    attacker.set_payload(target.stream, target.version, data)
    assert split_pass(ledger_url) is None
    damage = verify_store(ledger_url).damage
    assert damage is not None and (damage.kind, damage.position) == ("altered", target.position)


def test_a_removed_link_at_a_cut_leaves_it_to_the_single_pass(
    ledger_url: str, attacker: Attacker, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(split, "SPLIT_AT", 1)
    cut = split.parts_of(len(attacker.rows()), PARTS)[1][0]
    assert cut is not None
    attacker.delete(attacker.row(cut - 1))  # the link the second part would start after
    assert split_pass(ledger_url) is None
    damage = verify_store(ledger_url).damage
    assert damage is not None and (damage.kind, damage.position) == ("removed", cut - 1)


def test_a_truncated_tail_is_found_against_a_digest(
    ledger_url: str, attacker: Attacker, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(split, "SPLIT_AT", 1)
    head = single_pass(ledger_url).head
    assert head is not None
    for row in attacker.rows()[-3:]:
        attacker.delete(row)
    assert split_pass(ledger_url, head) is None
    damage = verify_store(ledger_url, digest=head).damage
    assert damage is not None and damage.kind == "truncated"
