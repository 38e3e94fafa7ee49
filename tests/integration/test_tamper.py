"""Tampering directly on the database, on SQLite and PostgreSQL: verify names each one.

Every test starts from the shared document plus a few later events (each in its own
transaction, so recorded times differ), with the read model built (so that the ledger
has a witness to what it looked like). The attacker then drops or disables the
append-only triggers and edits rows; `verify` must name the kind of damage, the first
position that fails and the budget line it belongs to.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ledger.integrity import Damage, Digest, Verdict, split, verify_store
from ledger.storage import StoreLocation
from tests.conftest import SHARED_DOCUMENT, location_for, pagu
from tests.tampering import Attacker, Row, clone, record_later_events

LATER = 6


@pytest.fixture(
    scope="module",
    params=["sqlite", "sqlite-split", pytest.param("postgres", marks=pytest.mark.postgres)],
)
def template(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The ledger every test starts from, built once per backend and cloned per test.
    `sqlite-split`: the same SQLite ledger, verified in parts on several processes
    (ledger.integrity.split) as a large log is: no tampering may slip between parts."""
    backend = "postgres" if request.param == "postgres" else "sqlite"
    with location_for(backend, tmp_path_factory.mktemp("template")) as url:
        assert pagu("--db", url, "import", str(SHARED_DOCUMENT)).exit_code == 0
        record_later_events(url, LATER)
        assert pagu("--db", url, "lines").exit_code == 0  # builds the read model
        yield url


@pytest.fixture(autouse=True)
def split_small_logs(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    callspec = getattr(request.node, "callspec", None)
    if callspec is not None and callspec.params.get("template") == "sqlite-split":
        monkeypatch.setattr(split, "SPLIT_AT", 1)
        monkeypatch.setattr(split, "cores", lambda: 3)


@pytest.fixture
def ledger_url(template: str, tmp_path: Path) -> Iterator[str]:
    backend = "sqlite" if StoreLocation.parse(template).is_sqlite else "postgres"
    with location_for(backend, tmp_path) as url:
        clone(template, url)
        yield url


@pytest.fixture
def attacker(ledger_url: str) -> Iterator[Attacker]:
    found = Attacker(ledger_url)
    found.disarm()
    yield found
    found.close()


def damage_of(url: str, digest: Digest | None = None, closed: bool = False) -> Damage:
    verdict = verify_store(url, digest=digest, closed=closed)
    assert verdict.damage is not None, "verify found nothing"
    return verdict.damage


def kode_at(url: str, position: int) -> str:
    """The line of a position, from the read model built before the tampering."""
    import sqlite3

    location = StoreLocation.parse(url)
    if location.is_sqlite:
        with sqlite3.connect(str(location.path)) as conn:
            return str(
                conn.execute(f"SELECT kode FROM rm_event WHERE position = {position}").fetchone()[0]
            )
    import psycopg

    with psycopg.connect(**location.psycopg_kwargs()) as conn:
        row = conn.execute(
            f'SELECT kode FROM "{location.schema}".rm_event WHERE position = %s', (position,)
        ).fetchone()
        assert row is not None
        return str(row[0])


def head(url: str) -> Digest:
    verdict = verify_store(url)
    assert verdict.intact and verdict.head is not None
    return verdict.head


def test_the_untouched_ledger_is_intact(ledger_url: str) -> None:
    verdict = verify_store(ledger_url)
    assert verdict.intact, verdict.damage
    assert verdict.events == 783 + LATER and verdict.missing_guards == []


# ---- 1-3: changing what an event says ------------------------------------------------


def test_change_an_amount(ledger_url: str, attacker: Attacker) -> None:
    target = attacker.first("PaguRevised", after=100)
    data = attacker.payload(target.stream, target.version)
    was = data["amount"]["_data_"]
    data["amount"]["_data_"] = "999999999.00"
    attacker.set_payload(target.stream, target.version, data)
    damage = damage_of(ledger_url)
    assert (damage.kind, damage.position, damage.field) == ("altered", target.position, "payload")
    assert damage.line is not None and damage.line.kode == kode_at(ledger_url, target.position)
    assert f"amount {was}, now 999999999.00" in damage.detail  # the read model remembers


def test_change_a_reason(ledger_url: str, attacker: Attacker) -> None:
    target = attacker.first("PaguRevised", after=300)
    data = attacker.payload(target.stream, target.version)
    data["reason"] = "sesuai arahan pimpinan"
    attacker.set_payload(target.stream, target.version, data)
    damage = damage_of(ledger_url)
    assert (damage.kind, damage.position, damage.field) == ("altered", target.position, "payload")
    assert "reason" in damage.detail and "sesuai arahan pimpinan" in damage.detail


def test_change_an_actor(ledger_url: str, attacker: Attacker) -> None:
    target = attacker.rows()[-2]  # one of the later events, recorded by "clerk"
    data = attacker.payload(target.stream, target.version)
    assert data["actor"] == "clerk"
    data["actor"] = "kepala dinas"
    attacker.set_payload(target.stream, target.version, data)
    damage = damage_of(ledger_url)
    assert (damage.kind, damage.position, damage.field) == ("altered", target.position, "payload")
    assert "actor 'clerk', now 'kepala dinas'" in damage.detail
    assert damage.line is not None and damage.line.kode == kode_at(ledger_url, target.position)


# ---- 4-5: removing events -----------------------------------------------------------


def test_delete_one_event(ledger_url: str, attacker: Attacker) -> None:
    target = attacker.row(400)
    attacker.delete(target)
    damage = damage_of(ledger_url)
    assert (damage.kind, damage.position) == ("removed", 400)
    assert damage.line is not None and damage.line.kode == kode_at(ledger_url, 400)


def test_delete_the_tail_is_caught_by_a_digest(ledger_url: str, attacker: Attacker) -> None:
    digest = head(ledger_url)
    for row in attacker.rows()[-3:]:
        attacker.delete(row)
    assert verify_store(ledger_url).intact  # self-consistent: only a digest shows it
    damage = damage_of(ledger_url, digest)
    assert (damage.kind, damage.position) == ("truncated", digest.position - 2)
    assert f"the log ends at position {digest.position - 3}" in damage.detail


# ---- 6-7: forging events ------------------------------------------------------------


def test_insert_a_forged_event_in_the_middle(ledger_url: str, attacker: Attacker) -> None:
    like = attacker.first("PaguRevised", after=500)
    spot = like.position + 3
    before = attacker.row(spot - 1)
    forged = attacker.forged_revision(like, "1.00")
    attacker.renumber(spot, 1)  # make room, as the attacker must
    attacker.forge(spot, forged, before.recorded_at, before.chain_hash)  # hashes recomputed
    damage = damage_of(ledger_url)
    assert (damage.kind, damage.position) == ("inserted", spot)
    assert damage.line is not None and damage.line.kode == kode_at(ledger_url, like.position)


def test_append_a_forged_event_at_the_end(ledger_url: str, attacker: Attacker) -> None:
    last = attacker.rows()[-1]
    forged = attacker.forged_revision(attacker.first("PaguRevised"), "1.00")
    link = attacker.link_for(last.position + 1, forged, last.recorded_at, last.chain_hash)
    link.chain_hash = attacker.link_for(
        last.position + 1, forged, last.recorded_at, "0" * 64
    ).chain_hash
    attacker.insert_event(link.position, *forged)
    attacker.insert_link(link)  # its own hash is right, its place in the chain is not
    damage = damage_of(ledger_url)
    assert (damage.kind, damage.position) == ("inserted", last.position + 1)


def test_append_a_forged_event_with_a_recomputed_chain(ledger_url: str, attacker: Attacker) -> None:
    digest = head(ledger_url)
    last = attacker.rows()[-1]
    forged = attacker.forged_revision(attacker.first("PaguRevised"), "1.00")
    attacker.forge(last.position + 1, forged, last.recorded_at, last.chain_hash)
    # Self-consistent: it looks like any later event, and the digest's history is intact.
    verdict = verify_store(ledger_url, digest=digest)
    assert verdict.intact
    assert (verdict.after_digest, verdict.after_digest_first) == (1, last.position + 1)
    # An auditor who holds the head of a closed ledger sees it as what it is.
    damage = damage_of(ledger_url, digest, closed=True)
    assert (damage.kind, damage.position) == ("inserted", last.position + 1)


def test_replace_the_last_event_with_a_recomputed_chain(
    ledger_url: str, attacker: Attacker
) -> None:
    digest = head(ledger_url)
    last, before = attacker.rows()[-1], attacker.rows()[-2]
    attacker.delete(last)
    forged = attacker.forged_revision(attacker.row(last.position - 1), "1.00")
    forged = (last.stream, last.version, *forged[2:])
    attacker.forge(last.position, forged, last.recorded_at, before.chain_hash)
    assert verify_store(ledger_url).intact  # self-consistent
    damage = damage_of(ledger_url, digest)
    assert (damage.kind, damage.position) == ("altered", last.position)


def test_an_event_written_without_a_link(ledger_url: str, attacker: Attacker) -> None:
    last = attacker.rows()[-1]
    forged = attacker.forged_revision(attacker.first("PaguRevised"), "1.00")
    attacker.insert_event(last.position + 1, *forged)
    damage = damage_of(ledger_url)
    assert (damage.kind, damage.position) == ("inserted", last.position + 1)
    assert damage.stream == forged[0] and damage.version == forged[1]


# ---- 8-10: order, type and time -------------------------------------------------------


def test_swap_two_events(ledger_url: str, attacker: Attacker) -> None:
    a, b = attacker.row(250), attacker.row(262)
    attacker.swap(a, b)
    damage = damage_of(ledger_url)
    assert (damage.kind, damage.position) == ("reordered", 250)
    assert "now at position 262" in damage.detail and "swapped" in damage.detail


def test_change_an_events_type(ledger_url: str, attacker: Attacker) -> None:
    target = attacker.first("PaguRevised", after=200)
    attacker.set_topic(target.stream, target.version, "events.line:PaguSet")
    damage = damage_of(ledger_url)
    assert (damage.kind, damage.position, damage.field) == ("altered", target.position, "type")
    assert "from events.line:PaguRevised to events.line:PaguSet" in damage.detail


def test_change_a_recorded_time(ledger_url: str, attacker: Attacker) -> None:
    target = attacker.row(120)
    attacker.set_link(120, "recorded_at", "2024-01-02T00:00:00.000000+00:00")
    damage = damage_of(ledger_url)
    assert (damage.kind, damage.position, damage.field) == ("altered", 120, "recorded_at")
    assert f"changed from {target.recorded_at} to 2024-01-02" in damage.detail


def test_change_a_recorded_time_of_a_later_event(ledger_url: str, attacker: Attacker) -> None:
    """A later event was written alone: its recorded time is recognised through the
    read model, which remembers it."""
    target = attacker.rows()[-3]
    attacker.set_link(target.position, "recorded_at", "2024-09-01T00:00:00.000000+00:00")
    damage = damage_of(ledger_url)
    assert (damage.kind, damage.position, damage.field) == (
        "altered",
        target.position,
        "recorded_at",
    )


# ---- more ways in -------------------------------------------------------------------


def test_change_a_payload_and_the_links_record_of_it(ledger_url: str, attacker: Attacker) -> None:
    target = attacker.first("PaguSet", after=50)
    data = attacker.payload(target.stream, target.version)
    data["actor"] = "someone else"
    state = attacker.set_payload(target.stream, target.version, data)
    from ledger.chain import payload_hash

    attacker.set_link(target.position, "payload_sha256", payload_hash(state))
    damage = damage_of(ledger_url)
    assert (damage.kind, damage.position) == ("altered", target.position)
    assert "someone else" in damage.detail


def test_delete_only_the_event(ledger_url: str, attacker: Attacker) -> None:
    target = attacker.row(333)
    attacker.delete_event(target.stream, target.version)
    damage = damage_of(ledger_url)
    assert (damage.kind, damage.position) == ("removed", 333)
    assert "its link remains" in damage.detail


def test_delete_only_the_link(ledger_url: str, attacker: Attacker) -> None:
    attacker.delete_link(333)
    damage = damage_of(ledger_url)
    assert (damage.kind, damage.position) == ("removed", 333)
    assert "the link was deleted" in damage.detail


def test_delete_and_renumber(ledger_url: str, attacker: Attacker) -> None:
    attacker.delete(attacker.row(600))
    attacker.renumber(601, -1)
    damage = damage_of(ledger_url)
    assert (damage.kind, damage.position) == ("removed", 600)
    assert "renumbered" in damage.detail


def test_a_rewritten_history_is_caught_by_a_digest(ledger_url: str, attacker: Attacker) -> None:
    digest = head(ledger_url)
    target = attacker.first("PaguRevised", after=700)
    data = attacker.payload(target.stream, target.version)
    data["amount"]["_data_"] = "1.00"
    attacker.set_payload(target.stream, target.version, data)
    attacker.rechain(target.position)  # every hash after it recomputed
    assert verify_store(ledger_url).intact
    damage = damage_of(ledger_url, digest)
    assert (damage.kind, damage.position) == ("altered", digest.position)


def test_dropped_guards_are_reported(ledger_url: str, attacker: Attacker) -> None:
    verdict: Verdict = verify_store(ledger_url)
    assert verdict.intact and len(verdict.missing_guards) >= 2
    assert pagu("--db", ledger_url, "init").exit_code == 0  # re-installs them
    assert verify_store(ledger_url).missing_guards == []


def test_verify_names_the_damage_on_the_command_line(ledger_url: str, attacker: Attacker) -> None:
    target: Row = attacker.row(400)
    attacker.delete(target)
    result = pagu("--db", ledger_url, "verify")
    assert result.exit_code == 2
    assert f"DAMAGED    : removed at position 400, line {kode_at(ledger_url, 400)}" in result.output
    assert "before it  : 399 events check out, up to 399:" in result.output


def test_renumbering_only_the_event_table_is_not_damage(
    ledger_url: str, attacker: Attacker
) -> None:
    """The log is the order of record: the event table's own numbering (which a SQLite
    VACUUM may change) is not part of the chain, and is read around when it differs."""
    attacker.sql(f"UPDATE {attacker.events} SET {attacker.number} = {attacker.number} + 5000")
    verdict = verify_store(ledger_url)
    assert verdict.intact, verdict.damage
    assert verdict.events == 783 + LATER
