"""Is the read model the projection of the log? Recomputed, never trusted.

The read model is derived data in the same database as the log: anyone who may write
it (the file's holder, the database owner) could change what every view shows without
touching the log, whose hash chain would then still verify. So `pagu verify` projects
the log again, in memory, with the same code catch-up uses (`projections.rows`), and
compares every row of every table (`rows.COLUMNS`, whatever the tables are) with the
read model as it stands, up to the position it says it has applied:

- the tracking record must name a position of the log that the read model holds (moved
  ahead, catch-up would skip events unseen), and no row may lie beyond it;
- page by page, the rows of each table at those positions must be exactly those the
  events project to (a multiset compare: order and surrogate ids do not matter), with
  each correction's voids where the log's corrections put them.

It reads only, and streams: memory holds one page of rows and the lines' codes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import orjson
from sqlalchemy import Connection, Engine, inspect, text

from events.i18n import _
from events.records import fields_of
from events.storage_format import (
    DATA,
    EVENT_TABLE,
    EVENTS_TABLE,
    FINDING_TABLE,
    LOG_TABLE,
    TRACKING_TABLE,
)
from projections import schema
from projections.rows import COLUMNS, Batch, EventRows
from projections.source import EventSource
from projections.values import date_object, iso_date, stream_hex

PAGE = 10_000
SPLIT_AT = 50_000  # below this many events one process is quick enough
_CORRECTED = "events.line:EntryCorrected"


@dataclass
class ReadModelCheck:
    """The answer: `checked` is False when there is no read model to compare."""

    checked: bool = False
    position: int = 0  # what the read model says it applied
    head: int = 0
    mismatch: str | None = None  # the first difference, in words
    table: str | None = None
    at: int | None = None  # its log position
    kode: str | None = None  # its budget line
    notes: list[str] = field(default_factory=list)

    @property
    def matches(self) -> bool:
        return self.mismatch is None

    def failed(self, found: _Found) -> ReadModelCheck:
        self.mismatch, self.table = found.detail, found.table
        self.at, self.kode = found.at, found.kode
        return self

    def as_dict(self) -> dict[str, Any]:
        # the "read_model" of `pagu verify --format json`, its keys in this order
        return fields_of(
            self,
            ("checked", "matches", "position", "head", "mismatch", "table", "at", "kode", "notes"),
        )


class _Found(Exception):
    def __init__(self, table: str | None, at: int | None, detail: str, kode: str | None = None):
        super().__init__(detail)
        self.table, self.at, self.detail, self.kode = table, at, detail, kode


def _position_column(table: str) -> str:
    return "document_position" if table == FINDING_TABLE else "position"


def _extra(table: str) -> str | None:
    """The column catch-up sets after inserting (a correction's mark), if any."""
    if table == EVENT_TABLE:
        return "corrected_by"
    if table in {t.name for t in schema.VOIDABLE_TABLES}:
        return "voided_position"
    return None


class Comparison:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.source = EventSource(engine)
        sqlite = engine.dialect.name == "sqlite"
        self.rows = EventRows(iso_date if sqlite else date_object)
        self.mark = "?" if sqlite else "%s"
        self.voids: dict[int, int] = {}  # corrected position -> first correction's
        self.marks: dict[int, int] = {}  # corrected position -> last correction's

    def run(self, parts: int = 1) -> ReadModelCheck:
        found = ReadModelCheck()
        with self.engine.connect() as conn:
            if not inspect(conn).has_table(TRACKING_TABLE):
                found.notes.append(_("no read model yet: nothing to compare"))
                return found
            tracked: dict[str, Any] = {
                str(name): position
                for name, position in conn.execute(
                    text(f"SELECT name, position FROM {TRACKING_TABLE}")
                )
            }
            head = conn.execute(text(f"SELECT MAX(position) FROM {LOG_TABLE}")).scalar()
            found.head = int(head or 0)
            found.position = int(tracked.get("pagu", 0))
            if tracked.get("schema_version") != schema.SCHEMA_VERSION:
                found.notes.append(
                    _("the read model is of an older shape: the next view rebuilds it")
                )
                return found
            found.checked = True
            if found.position < found.head:
                found.notes.append(
                    _(
                        "the read model is at position {position} of {head} (the next view "
                        "catches up): compared up to there"
                    ).format(position=found.position, head=found.head)
                )
            try:
                self._bounds(conn, found.position, found.head, tracked)
                self._corrections(conn, found.position)
            except _Found as problem:
                return found.failed(problem)
        difference = self._in_parts(found.position, parts)
        return found if difference is None else found.failed(difference)

    # ---- the comparison -------------------------------------------------------------

    def _bounds(self, conn: Connection, position: int, head: int, tracked: dict[str, Any]) -> None:
        unknown = set(tracked) - {"pagu", "schema_version", "indexes_pending"}
        if unknown:
            raise _Found(
                TRACKING_TABLE,
                None,
                _("a tracking record pagu does not keep: {unknown}").format(unknown=unknown),
            )
        if position > head:
            raise _Found(
                TRACKING_TABLE,
                position,
                _(
                    "it says it applied the log up to position {position}, but the log ends "
                    "at {head}: catch-up would skip every event up to there"
                ).format(position=position, head=head),
            )
        for name in COLUMNS:
            beyond = conn.execute(
                text(f"SELECT MIN({_position_column(name)}) FROM {name} "
                     f"WHERE {_position_column(name)} > :p"),
                {"p": position},
            ).scalar()  # fmt: skip
            conn.rollback()
            if beyond is not None:
                raise _Found(
                    name,
                    int(beyond),
                    _(
                        "a row at position {beyond}, after the position the read model says "
                        "it applied ({position})"
                    ).format(beyond=beyond, position=position),
                )  # fmt: skip

    def _corrections(self, conn: Connection, position: int) -> None:
        """Where the log's corrections void rows (few: read them first)."""
        m = self.mark
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.execute(
                "SELECT l.position, l.originator_id, e.state "
                f"FROM {LOG_TABLE} l JOIN {EVENTS_TABLE} e ON e.originator_id = l.originator_id "
                "AND e.originator_version = "
                f"l.originator_version WHERE l.topic = {m} AND l.position <= {m} "
                "ORDER BY l.position",
                (_CORRECTED, position),
            )
            corrections = list(cursor.fetchall())
            for at, stream, state in corrections:
                version = orjson.loads(state)["corrected_version"]
                cursor.execute(
                    f"SELECT position FROM {LOG_TABLE} WHERE originator_id = "
                    f"{m} AND originator_version = {m}",
                    (stream, version),
                )
                row = cursor.fetchone()
                if row is not None:
                    self.voids.setdefault(int(row[0]), int(at))
                    self.marks[int(row[0])] = int(at)
        finally:
            cursor.close()
        conn.rollback()

    def _in_parts(self, last: int, parts: int) -> _Found | None:
        """Positions up to `last` compared in `parts` processes at once (each part
        projects its own range); the first difference by position."""
        if parts < 2 or last < SPLIT_AT:
            return self.compare(-(1 << 62), last)
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        global _PARENT
        size = -(-last // parts)
        ranges = [(-(1 << 62) if n == 0 else n * size, min((n + 1) * size, last))
                  for n in range(parts)]  # fmt: skip
        _PARENT = self
        try:
            # fork: the parts start with this process's state (the corrections read)
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(max_workers=parts, mp_context=context) as pool:
                answers = list(pool.map(_part, ranges))
        finally:
            _PARENT = None
        found = [_Found(*answer) for answer in answers if answer is not None]
        return min(found, key=lambda f: f.at or 0) if found else None

    def compare(self, after: int, last: int) -> _Found | None:
        """The first difference at positions after..last (None: the same), reading the
        lines registered before `after` first (their codes name the rows)."""
        with self.engine.connect() as conn:
            try:
                self._lines_before(conn, after)
                while after < last:
                    records = [r for r in self.source.records(conn, after, PAGE) if r[0] <= last]
                    if not records:
                        break
                    batch = Batch()
                    for record in records:
                        self.rows.apply(record, batch)
                    end = records[-1][0]
                    self._page(conn, batch, after, end)
                    after = end
            except _Found as difference:
                return difference
            finally:
                conn.rollback()
        return None

    def _lines_before(self, conn: Connection, after: int) -> None:
        if after <= 0:
            return
        m = self.mark
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.execute(
                f"SELECT l.originator_id, e.state FROM {LOG_TABLE} l JOIN {EVENTS_TABLE} e "
                "ON e.originator_id = l.originator_id AND e.originator_version = 1 "
                f"WHERE l.originator_version = 1 AND l.position <= {m}",
                (after,),
            )
            for stream, state in cursor.fetchall():
                payload = orjson.loads(state)
                kode = payload["kode"][DATA]
                self.rows.line_meta[stream_hex(stream)] = (payload["skpd"], payload["tahun"], kode)
        finally:
            cursor.close()

    def _page(self, conn: Connection, batch: Batch, after: int, end: int) -> None:
        m = self.mark
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            for name, rows in batch.rows.items():
                column = _position_column(name)
                where = f" WHERE {column} > {m} AND {column} <= {m}"
                select = f"SELECT {', '.join(COLUMNS[name])} FROM {name}{where}"
                cursor.execute(select, (after, end))
                found = cursor.fetchall()
                # multisets of the rows' hashes (salted per process: nobody can aim at a
                # collision); where they differ, the rows themselves say how
                if not dict.__eq__(Counter(map(hash, rows)), Counter(map(hash, found))):
                    self._same(name, Counter(rows), Counter(map(tuple, found)))
                extra = _extra(name)
                if extra is None:
                    continue
                cursor.execute(
                    f"SELECT {column}, {extra}, count(*) FROM {name}{where} "
                    f"AND {extra} IS NOT NULL GROUP BY {column}, {extra}",
                    (after, end),
                )
                marks = self.marks if name == EVENT_TABLE else self.voids
                index = COLUMNS[name].index(column)
                counts = Counter(row[index] for row in rows if row[index] in marks)
                wanted = {(p, marks[p], n) for p, n in counts.items()}
                marked = {(int(p), int(v), int(n)) for p, v, n in cursor.fetchall()}
                if wanted != marked:
                    at = min(p for p, _, _ in wanted ^ marked)
                    raise _Found(
                        name,
                        at,
                        _(
                            "its {extra} at position {at} is not where the log's corrections put "
                            "it "
                            "(a correction undone, or one invented)"
                        ).format(extra=extra, at=at),
                        self._kode(name, rows, index, at),
                    )
        finally:
            cursor.close()

    def _kode(self, name: str, rows: list[tuple[Any, ...]], index: int, at: int) -> str | None:
        if "line_id" not in COLUMNS[name]:
            return None
        column = COLUMNS[name].index("line_id")
        for row in rows:
            if row[index] == at:
                meta = self.rows.line_meta.get(str(row[column]))
                return meta[2] if meta else None
        return None

    def _same(
        self, name: str, expected: Counter[tuple[Any, ...]], actual: Counter[tuple[Any, ...]]
    ) -> None:
        if dict.__eq__(expected, actual):
            return  # pragma: no cover - only called where the hashes differ
        columns = COLUMNS[name]
        index = columns.index(_position_column(name))
        missing, extra = expected - actual, actual - expected
        at = min(row[index] for row in (*missing, *extra))
        want = [row for row in missing if row[index] == at]
        have = [row for row in extra if row[index] == at]
        if want and have:
            differ = [
                _("{columns} {have!r} in the read model, {want!r} from the log").format(
                    columns=columns[i], have=have[0][i], want=want[0][i]
                )
                for i in range(len(want[0]))
                if want[0][i] != have[0][i]
            ]
            detail = "; ".join(differ)
        elif want:
            detail = _("a row the log projects is missing from the read model")
        else:
            detail = _("the read model holds a row no event of the log projects")
        raise _Found(name, int(at), detail, self._kode(name, want or have, index, at))


_PARENT: Comparison | None = None  # the comparison a forked part continues


def _part(bounds: tuple[int, int]) -> tuple[str | None, int | None, str, str | None] | None:
    comparison = _PARENT
    assert comparison is not None
    comparison.engine.dispose(close=False)  # the parent's connections stay the parent's
    found = comparison.compare(*bounds)
    return None if found is None else (found.table, found.at, found.detail, found.kode)


def check_read_model(engine: Engine, parts: int = 1) -> ReadModelCheck:
    """Compare the read model with the projection of the log (see the module), in
    `parts` processes at once for a long log."""
    return Comparison(engine).run(parts)
