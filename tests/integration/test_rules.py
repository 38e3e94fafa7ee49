"""`verify` checks the log's domain rules (issue 15, item 12), on SQLite and PostgreSQL.

Each test appends, after the last event, an event the ledger would never write, with a
correct link in the hash chain (the worst case: whoever may append knows the encoding
and recomputes the hashes). The chain holds; the rules do not, and `verify` names the
first breach (kind `invalid`, exit 2). On PostgreSQL one of them is appended by the
writer role itself, with only its own privileges.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ledger.chain import event_id_text
from ledger.integrity import verify_store
from tests.conftest import SHARED_DOCUMENT, location_for, pagu
from tests.ledger_state import BASIS
from tests.tampering import Attacker, Row, clone

SUB, OTHER = "1.06.04.2.01.05", "1.06.04.2.01.01"
PREFIX = "events.line:"


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def template(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    with location_for(request.param, tmp_path_factory.mktemp("template")) as url:
        assert pagu("--db", url, "import", str(SHARED_DOCUMENT)).exit_code == 0
        assert pagu("--db", url, "shift", OTHER, SUB, "50000000", *BASIS).exit_code == 0
        yield url


@pytest.fixture
def attacker(template: str, tmp_path: Path) -> Iterator[Attacker]:
    backend = "postgres" if template.startswith("postgresql") else "sqlite"
    with location_for(backend, tmp_path) as url:
        clone(template, url)
        found = Attacker(url)
        found.disarm()
        yield found
        found.close()


class Appender:
    """Appends forged events after the last one, each with a correct chain link."""

    def __init__(self, attacker: Attacker) -> None:
        self.attacker = attacker
        self.rows = attacker.rows()

    def next_version(self, stream: str) -> int:
        return max(r.version for r in self.rows if r.stream == stream) + 1

    def stream_of(self, kode: str) -> str:
        for row in self.rows:
            if row.version == 1:
                data = self.attacker.payload(row.stream, 1)
                if data["kode"]["_data_"] == kode:
                    return row.stream
        raise AssertionError(kode)

    def append(self, stream: str, version: int, topic: str, data: dict[str, Any]) -> Row:
        last = self.rows[-1]
        state = json.dumps(data, separators=(",", ":")).encode()
        row = self.attacker.forge(
            last.position + 1, (stream, version, PREFIX + topic, state), last.recorded_at,
            last.chain_hash,
        )  # fmt: skip
        self.rows.append(row)
        return row

    def like(self, topic: str) -> Row:
        return next(r for r in self.rows if r.topic == PREFIX + topic)


def breach(url: str) -> Any:
    verdict = verify_store(url)
    assert verdict.damage is not None, "verify found nothing"
    assert verdict.damage.kind == "invalid", verdict.damage
    return verdict.damage


def shifted(appender: Appender, row: Row, transfer: str, change: str) -> dict[str, Any]:
    data = appender.attacker.payload(row.stream, row.version)
    data["transfer_id"]["_data_"] = transfer
    previous = data["amount"]["_data_"]
    data["previous"]["_data_"] = previous
    data["change"]["_data_"] = change
    data["amount"]["_data_"] = f"{float(previous) + float(change):.2f}"
    return data


def test_a_one_sided_shift_with_a_correct_link_is_caught(attacker: Attacker) -> None:
    appender = Appender(attacker)
    side = appender.like("PaguShifted")
    data = shifted(appender, side, uuid.uuid4().hex, "1000000.00")
    forged = appender.append(side.stream, appender.next_version(side.stream), "PaguShifted", data)
    damage = breach(attacker.location.url)
    assert damage.position == forged.position and "no other side" in damage.detail
    result = pagu("--db", attacker.location.url, "verify")
    assert result.exit_code == 2
    assert f"DAMAGED    : invalid at position {forged.position}, line " in result.output


def test_a_shift_whose_sides_do_not_mirror_is_caught(attacker: Attacker) -> None:
    appender = Appender(attacker)
    giver = next(r for r in appender.rows if r.topic.endswith("PaguShifted"))
    taker = next(
        r for r in appender.rows if r.topic.endswith("PaguShifted") and r.stream != giver.stream
    )
    transfer = uuid.uuid4().hex
    appender.append(
        giver.stream, appender.next_version(giver.stream), "PaguShifted",
        shifted(appender, giver, transfer, "-1000000.00"),
    )  # fmt: skip
    second = appender.append(
        taker.stream, appender.next_version(taker.stream), "PaguShifted",
        shifted(appender, taker, transfer, "9000000.00"),
    )  # fmt: skip
    damage = breach(attacker.location.url)
    assert damage.position == second.position and "does not mirror" in damage.detail


def correction(appender: Appender, stream: str, version: int) -> dict[str, Any]:
    data = appender.attacker.payload(stream, 2)
    base = {k: data[k] for k in ("timestamp", "actor", "reason", "document", "effective")}
    return {
        **base,
        "provenance": None,
        "corrected_event_id": {
            "_type_": "uuid_hex",
            "_data_": event_id_text(stream, version).replace("-", ""),
        },
        "corrected_version": version,
    }


@pytest.mark.parametrize("target", ["missing", "later", "registration", "twice"])
def test_a_correction_that_points_nowhere_is_caught(attacker: Attacker, target: str) -> None:
    appender = Appender(attacker)
    stream = appender.stream_of(SUB)
    version = appender.next_version(stream)
    aimed = {"missing": 999, "later": version + 1, "registration": 1, "twice": 2}[target]
    if target == "twice":
        appender.append(stream, version, "EntryCorrected", correction(appender, stream, 2))
        version += 1
    forged = appender.append(stream, version, "EntryCorrected", correction(appender, stream, aimed))
    damage = breach(attacker.location.url)
    assert damage.position == forged.position and "correction" in damage.detail


@pytest.mark.parametrize("case", ["gap", "repeat", "second registration", "first not registration"])
def test_versions_and_registrations_are_checked(attacker: Attacker, case: str) -> None:
    appender = Appender(attacker)
    stream = appender.stream_of(SUB)
    revision = appender.like("PaguRevised")
    data = attacker.payload(revision.stream, revision.version)
    if case == "gap":
        forged = appender.append(stream, appender.next_version(stream) + 1, "PaguRevised", data)
    elif case == "second registration":
        registration = attacker.payload(stream, 1)
        forged = appender.append(
            stream, appender.next_version(stream), "LineRegistered", registration
        )
    elif case == "first not registration":
        forged = appender.append(str(uuid.uuid4()), 1, "PaguRevised", data)
    else:  # a stream's versions out of their order in the log
        version = appender.next_version(stream)
        first = appender.append(stream, version + 1, "PaguRevised", data)
        appender.append(stream, version, "PaguRevised", data)
        forged = first
    damage = breach(attacker.location.url)
    assert damage.position == forged.position


def test_money_on_a_program_and_unknown_kinds_are_caught(attacker: Attacker) -> None:
    appender = Appender(attacker)
    program = appender.stream_of("1.06.04")
    revision = appender.like("PaguRevised")
    data = attacker.payload(revision.stream, revision.version)
    forged = appender.append(program, appender.next_version(program), "PaguRevised", data)
    damage = breach(attacker.location.url)
    assert damage.position == forged.position and "sub kegiatan only" in damage.detail


def test_an_event_of_an_unknown_kind_is_caught(attacker: Attacker) -> None:
    appender = Appender(attacker)
    stream = appender.stream_of(SUB)
    forged = appender.append(stream, appender.next_version(stream), "PaguForged", {"x": 1})
    damage = breach(attacker.location.url)
    assert damage.position == forged.position and "a type pagu does not have" in damage.detail


@pytest.mark.postgres
def test_the_writer_role_cannot_slip_in_a_one_sided_shift(pg_url: str) -> None:
    """The writer role may INSERT into the log: with the encoding known it can add an
    event with a correct link, but not one that obeys the rules."""
    from tests.integration.test_roles import admin

    role = f"pagu_writer_{uuid.uuid4().hex[:8]}"
    with admin() as conn:
        conn.execute(f"CREATE ROLE {role} LOGIN")
    try:
        assert pagu("--db", pg_url, "import", str(SHARED_DOCUMENT)).exit_code == 0
        assert pagu("--db", pg_url, "shift", OTHER, SUB, "50000000", *BASIS).exit_code == 0
        assert pagu("--db", pg_url, "db", "grant-writer", role).exit_code == 0
        writer_url = pg_url.replace("postgresql://postgres@", f"postgresql://{role}@")
        owner = Attacker(pg_url)
        rows = owner.rows()
        side = next(r for r in rows if r.topic.endswith("PaguShifted"))
        data = owner.payload(side.stream, side.version)
        owner.close()
        data["transfer_id"]["_data_"] = uuid.uuid4().hex
        version = max(r.version for r in rows if r.stream == side.stream) + 1
        state = json.dumps(data, separators=(",", ":")).encode()
        link = Attacker.link_for(
            rows[-1].position + 1, (side.stream, version, side.topic, state),
            rows[-1].recorded_at, rows[-1].chain_hash,
        )  # fmt: skip
        import psycopg

        from ledger.storage import StoreLocation

        location = StoreLocation.parse(writer_url)
        schema = f'"{location.schema}"'
        with psycopg.connect(**location.psycopg_kwargs()) as conn:  # as the writer
            conn.execute(
                f"INSERT INTO {schema}.pagu_events (originator_id, originator_version, topic, "
                "state, notification_id) VALUES (%s, %s, %s, %s, %s)",
                (side.stream, version, side.topic, state, link.position),
            )
            conn.execute(
                f"INSERT INTO {schema}.pagu_log VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                (link.position, side.stream, version, link.topic, link.recorded_at,
                 link.payload_sha256, link.event_hash, link.chain_hash),
            )  # fmt: skip
        result = pagu("--db", pg_url, "verify")
        assert result.exit_code == 2, result.output
        assert f"invalid at position {link.position}" in result.output
        assert "no other side" in result.output
    finally:
        with admin() as conn:
            conn.execute(f"DROP OWNED BY {role}")
            conn.execute(f"DROP ROLE {role}")


@pytest.mark.parametrize("mode", ["apart", "split"])
def test_the_rules_are_checked_beside_the_chain_too(
    attacker: Attacker, mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long log has its rules checked in a process of its own (or, split on SQLite,
    in the parent while the parts check the chain): the same breach is found."""
    from ledger.integrity import split

    monkeypatch.setattr(split, "cores", lambda: 2)
    monkeypatch.setattr(split, "RULES_APART", 1)
    if mode == "split":  # SQLite's (a PostgreSQL log is never split: the same as apart)
        monkeypatch.setattr(split, "SPLIT_AT", 1)
    assert verify_store(attacker.location.url).intact
    appender = Appender(attacker)
    side = appender.like("PaguShifted")
    data = shifted(appender, side, uuid.uuid4().hex, "1000000.00")
    forged = appender.append(side.stream, appender.next_version(side.stream), "PaguShifted", data)
    damage = breach(attacker.location.url)
    assert damage.position == forged.position and "no other side" in damage.detail
