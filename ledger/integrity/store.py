"""Reading the chain straight from the store, without the event-sourcing library.

Plain `sqlite3` (opened read-only) or `psycopg` (a server-side cursor, one read-only
snapshot), so that verification needs nothing but SELECT and streams any size of log.
On PostgreSQL the payload's SHA-256 is computed by the server: only hashes travel.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Generator, Iterator
from hashlib import sha256
from typing import Any

from events.errors import InvalidInput
from events.i18n import _
from events.line import LineEvent
from events.storage_format import EVENT_TABLE, LINE_TABLE
from ledger import shape
from ledger.chain import event_id_text, stream_text
from ledger.integrity.checker import Orphan
from ledger.integrity.invariants import WITH_PAYLOAD, Invariants
from ledger.integrity.model import LineRef, Link, line_from_payload, payload_details
from ledger.integrity.prefetch import PAGE, prefetched
from ledger.storage import EVENTS_TABLE, LOG_TABLE, StoreLocation

ORPHANS = 100  # the first few are enough to name the first one


def _stream(value: Any) -> str:
    try:
        return stream_text(str(value))
    except ValueError:  # not a UUID any more: keep it as found, the hashes will say so
        return str(value)


def known_topics() -> set[str]:
    """Every event type the vocabulary defines (candidates for "the type was ...")."""
    found: set[str] = set()
    pending: list[type] = [LineEvent]
    while pending:
        cls = pending.pop()
        found.add(f"{cls.__module__}:{cls.__qualname__}")
        pending.extend(cls.__subclasses__())
    return found


class StoreReader:
    """The chain, the events and what the read model remembers, from one snapshot."""

    def __init__(self, location: StoreLocation) -> None:
        self.location = location
        self.dense = location.is_sqlite  # SQLite reuses no number and skips none
        if location.is_sqlite:
            self._sqlite = sqlite3.connect(
                location.sqlite_uri(read_only=True), uri=True, isolation_level=None
            )
            self._sqlite.execute("BEGIN")  # one snapshot for every query below
            self._pg: Any = None
        else:
            self._pg = location.connect()
            self._pg.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        try:
            self.columns = shape.columns(location, self._sqlite if self._pg is None else self._pg)
        except sqlite3.DatabaseError as problem:
            self.close()
            raise InvalidInput(
                _("{display} is not a pagu ledger ({problem})").format(
                    display=location.display(), problem=problem
                )
            ) from None
        self._tables = set(self.columns)
        wrong = shape.problems(location, self.columns)
        if wrong:
            self.close()
            raise shape.StoreDamaged(
                _(
                    "the ledger's log is damaged: {problems} (its events cannot be checked; a "
                    "ledger never loses a table by itself)"
                ).format(problems="; ".join(wrong))
            )

    # ---- plumbing ------------------------------------------------------------------

    def _name(self, table: str) -> str:
        return table if self.location.is_sqlite else f'"{self.location.schema}"."{table}"'

    def _query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        if self.location.is_sqlite:
            return list(self._sqlite.execute(sql.replace("%s", "?"), params))
        return list(self._pg.execute(sql, params).fetchall())

    def close(self) -> None:
        if self._pg is not None:
            self._pg.close()
        else:
            self._sqlite.close()

    # ---- the chain -----------------------------------------------------------------

    def links(
        self, first: int | None = None, last: int | None = None, rules: Invariants | None = None
    ) -> Generator[tuple[Any, ...], None, None]:
        """Every link in position order with the event it names, streaming, as tuples
        in `Link`'s field order; on SQLite optionally only positions first..last (a part
        of a split pass). `rules`, when given, is fed each link on the way (the domain
        rules, checked in the same pass)."""
        if self.location.is_sqlite:
            yield from self._sqlite_links(first, last, rules)
            return
        yield from self._postgres_links(rules)

    def _postgres_links(self, rules: Invariants | None = None) -> Iterator[tuple[Any, ...]]:
        """As on SQLite: the events' own numbers are the links' positions, so the join on
        them walks both tables in order (the join on ids would be a million index
        lookups); a pair whose ids differ is resolved by id. The server hashes payloads."""
        log, events = self._name(LOG_TABLE), self._name(EVENTS_TABLE)
        self._pg.execute("SET LOCAL jit = off")  # compiling costs more than it saves here
        with self._pg.cursor(name="pagu_verify") as cursor:
            cursor.itersize = PAGE
            # The server compares each event with its link; only where they differ does
            # the event's own topic and payload hash come back (a second query).
            cursor.execute(
                "SELECT l.position, l.originator_id::text, l.originator_version, l.topic, "
                "l.recorded_at, l.payload_sha256, l.event_hash, l.chain_hash, "
                "e.originator_id = l.originator_id AND e.originator_version = "
                "l.originator_version AND e.topic = l.topic "
                "AND encode(sha256(e.state), 'hex') = l.payload_sha256, "
                "CASE WHEN l.topic = ANY(%s) THEN e.state END "
                f"FROM {log} l LEFT JOIN {events} e ON e.notification_id = l.position "
                "ORDER BY l.position",
                (list(WITH_PAYLOAD) if rules is not None else [],),
            )
            streams: dict[str, str] = {}
            wanted = list(WITH_PAYLOAD) if rules is not None else []
            for row in prefetched(cursor):
                state = row[9]
                if row[8]:
                    found: tuple[Any, ...] = (row[3], row[5], row[0])
                else:
                    rows = self._query(
                        f"SELECT topic, encode(sha256(state), 'hex'), notification_id, "
                        f"CASE WHEN topic = ANY(%s) THEN state END FROM {events} "
                        "WHERE originator_id = %s AND originator_version = %s",
                        (wanted, row[1], row[2]),
                    )
                    found, state = (rows[0][:3], rows[0][3]) if rows else ((None,) * 3, None)
                if rules is not None:
                    text = streams.get(row[1])
                    if text is None:
                        text = streams[row[1]] = _stream(row[1])
                    rules.feed((row[0], text, row[2], row[3], row[4], state))
                yield (*row[:8], *found)

    def _sqlite_links(
        self, first: int | None = None, last: int | None = None, rules: Invariants | None = None
    ) -> Iterator[tuple[Any, ...]]:
        """An event's rowid is its link's position, so the tables are joined on that
        (a cheap walk through both in order) and the pair is accepted where the ids
        agree; where they do not (tampering, or a VACUUM that renumbered rowids) the
        event is looked up by its id."""
        rows = self._sqlite.execute(
            "SELECT l.position, l.originator_id, l.originator_version, l.topic, l.recorded_at, "
            "l.payload_sha256, l.event_hash, l.chain_hash, e.originator_id, "
            "e.originator_version, e.topic, e.state "
            f"FROM {LOG_TABLE} l LEFT JOIN {EVENTS_TABLE} e ON e.rowid = l.position "
            "WHERE l.position >= ? AND l.position <= ? ORDER BY l.position",
            (-(1 << 62) if first is None else first, 1 << 62 if last is None else last),
        )
        streams: dict[str, str] = {}
        for position, stream, version, topic, at, payload, e_hash, c_hash, *event in rows:
            text = streams.get(stream)
            if text is None:
                text = streams[stream] = _stream(stream)
            number: int | None = position
            if event[0] != stream or event[1] != version:
                found = self._event_by_id(stream, version)
                number, event = (None, [None] * 4) if found is None else found
            state = event[3]
            if rules is not None:
                rules.feed((position, text, version, topic, at, state))
            yield (
                position,
                text,
                version,
                topic,
                at,
                payload,
                e_hash,
                c_hash,
                event[2],
                None if state is None else sha256(state).hexdigest(),
                number,
            )

    def _event_by_id(self, stream: Any, version: Any) -> tuple[int, list[Any]] | None:
        """(rowid, [id, version, topic, state]) of the event a link names, if any."""
        found = self._sqlite.execute(
            f"SELECT rowid, originator_id, originator_version, topic, state FROM {EVENTS_TABLE} "
            "WHERE originator_id = ? AND originator_version = ?",
            (stream, version),
        ).fetchone()
        return None if found is None else (int(found[0]), list(found[1:]))

    def last_position(self) -> int:
        """The position of the last link (0 for an empty log): the length of a pass."""
        rows = self._query(f"SELECT MAX(position) FROM {self._name(LOG_TABLE)}")
        return int(rows[0][0] or 0)

    def event_count(self) -> int:
        rows = self._query(f"SELECT COUNT(*) FROM {self._name(EVENTS_TABLE)}")
        return int(rows[0][0])

    def orphans(self) -> list[Orphan]:
        """Events with no link (the first few, by the event table's own numbering)."""
        log, events = self._name(LOG_TABLE), self._name(EVENTS_TABLE)
        number = "e.rowid" if self.location.is_sqlite else "e.notification_id"
        rows = self._query(
            f"SELECT {number}, e.originator_id, e.originator_version FROM {events} e "
            f"WHERE NOT EXISTS (SELECT 1 FROM {log} l WHERE l.originator_id = e.originator_id "
            "AND l.originator_version = e.originator_version) "
            f"ORDER BY {number} LIMIT {ORPHANS}"
        )
        return [Orphan(int(n), _stream(s), int(v)) for n, s, v in rows]

    def payload(self, stream: str, version: int) -> bytes | None:
        key: Any = stream.replace("-", "") if self.location.is_sqlite else stream
        rows = self._query(
            f"SELECT state FROM {self._name(EVENTS_TABLE)} "
            "WHERE originator_id = %s AND originator_version = %s",
            (key, version),
        )
        return bytes(rows[0][0]) if rows and rows[0][0] is not None else None

    # ---- naming and evidence -------------------------------------------------------

    def line_of(self, stream: str) -> LineRef | None:
        """The budget line of a stream: from the read model, else its LineRegistered."""
        if LINE_TABLE in self._tables:
            rows = self._query(
                f"SELECT skpd, tahun, kode FROM {self._name(LINE_TABLE)} WHERE line_id = %s",
                (stream.replace("-", ""),),
            )
            if rows:
                return LineRef(rows[0][0], int(rows[0][1]), rows[0][2])
        state = self.payload(stream, 1)
        return None if state is None else line_from_payload(state)

    def _remembered(self, position: int) -> dict[str, Any] | None:
        if EVENT_TABLE not in self._tables:
            return None
        columns = ("event_id", "recorded_at", "skpd", "tahun", "kode", "actor", "reason", "change")
        rows = self._query(
            f"SELECT {', '.join(columns)} FROM {self._name(EVENT_TABLE)} WHERE position = %s",
            (position,),
        )
        return dict(zip(columns, rows[0], strict=True)) if rows else None

    def recorded_at(self, position: int) -> str | None:
        remembered = self._remembered(position)
        return None if remembered is None else str(remembered["recorded_at"])

    def line_at(self, position: int) -> LineRef | None:
        remembered = self._remembered(position)
        if remembered is None:
            return None
        return LineRef(remembered["skpd"], int(remembered["tahun"]), remembered["kode"])

    def details(self, link: Link) -> list[str]:
        remembered = self._remembered(link.position)
        if remembered is None:
            return []
        if remembered["event_id"] != event_id_text(link.stream, link.version):
            return []
        found = []
        if remembered["recorded_at"] != link.recorded_at:
            found.append(
                _("recorded at {recorded_at}, now {recorded_at2}").format(
                    recorded_at=remembered["recorded_at"], recorded_at2=link.recorded_at
                )
            )
        state = self.payload(link.stream, link.version)
        if state is not None:
            found.extend(payload_details(state, remembered))
        return found

    def guard_problems(self) -> list[str]:
        """Append-only guards not in place as pagu installs them (`guards`)."""
        from ledger.integrity import guards

        return guards.problems(self.location, self._query)

    # ---- the domain rules ----------------------------------------------------------

    def domain_rows(self, last: int | None = None) -> Iterator[tuple[Any, ...]]:
        """Every link in position order (up to `last`) as (position, stream, version,
        topic, recorded_at, payload or None): the payload only for the kinds whose
        rules need it (`ledger.integrity.invariants`). As for the chain, the tables are
        walked together by number, and an event whose number is not its link's position
        is looked up by its id."""
        log, events = self._name(LOG_TABLE), self._name(EVENTS_TABLE)
        sqlite = self.location.is_sqlite
        mark = "?" if sqlite else "%s"
        wanted = f"IN ({', '.join([mark] * len(WITH_PAYLOAD))})" if sqlite else "= ANY(%s)"
        number = "e.rowid" if sqlite else "e.notification_id"
        sql = (
            "SELECT l.position, l.originator_id, l.originator_version, l.topic, "
            f"l.recorded_at, l.topic {wanted}, e.originator_id = l.originator_id AND "
            f"e.originator_version = l.originator_version, CASE WHEN l.topic {wanted} "
            f"THEN e.state END FROM {log} l LEFT JOIN {events} e ON {number} = l.position "
            f"WHERE l.position <= {mark} ORDER BY l.position"
        )
        kinds: tuple[Any, ...] = WITH_PAYLOAD if sqlite else (list(WITH_PAYLOAD),)
        params = (*kinds, *kinds, 1 << 62 if last is None else last)
        streams: dict[Any, str] = {}
        with contextlib.ExitStack() as stack:
            if sqlite:
                rows: Iterator[tuple[Any, ...]] = iter(self._sqlite.execute(sql, params))
            else:
                cursor = stack.enter_context(self._pg.cursor(name="pagu_rules"))
                cursor.itersize = PAGE
                cursor.execute(sql, params)
                rows = prefetched(cursor)
            for position, stream, version, topic, at, needed, same, state in rows:
                text = streams.get(stream)
                if text is None:
                    text = streams[stream] = _stream(stream)
                if needed and not same:  # renumbered (a VACUUM) or missing: by its id
                    state = self.payload(text, version)
                yield position, text, version, topic, at, state

    # ---- export --------------------------------------------------------------------

    def records(self) -> Iterator[tuple[Any, ...]]:
        """Every link with its event's own topic and payload bytes, in position order:
        (position, stream, version, topic, recorded_at, state or None, event_hash,
        chain_hash)."""
        log, events = self._name(LOG_TABLE), self._name(EVENTS_TABLE)
        sql = (
            "SELECT l.position, l.originator_id, l.originator_version, "
            "COALESCE(e.topic, l.topic), l.recorded_at, e.state, l.event_hash, l.chain_hash "
            f"FROM {log} l LEFT JOIN {events} e ON e.originator_id = l.originator_id "
            "AND e.originator_version = l.originator_version ORDER BY l.position"
        )
        if self.location.is_sqlite:
            for row in self._sqlite.execute(sql):
                yield (row[0], _stream(row[1]), *row[2:])
            return
        with self._pg.cursor(name="pagu_export") as cursor:
            cursor.itersize = PAGE // 5
            cursor.execute(sql)
            for row in cursor:
                yield (row[0], _stream(row[1]), *row[2:])

    def orphan_records(self) -> Iterator[tuple[int, str, int, str, bytes]]:
        """Events with no link: (number, stream, version, topic, state)."""
        for orphan in self.orphans():
            key: Any = orphan.stream.replace("-", "") if self.location.is_sqlite else orphan.stream
            rows = self._query(
                f"SELECT topic, state FROM {self._name(EVENTS_TABLE)} "
                "WHERE originator_id = %s AND originator_version = %s",
                (key, orphan.version),
            )
            for topic, state in rows:
                yield orphan.position, orphan.stream, orphan.version, topic, bytes(state)
