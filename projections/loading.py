"""Writing a page of rows, and tuning the connection that does it.

Rows go to the driver's own `executemany` as tuples: SQLAlchemy Core's per-row
parameter processing cost more than the inserts. Everything runs on the connection
(and in the transaction) the projector hands over, so the rows and the tracking record
still commit together.

Loading a read model from empty, the secondary indexes are built after the rows, not
row by row as they arrive: a B-tree keyed on random values (line ids, event ids) that
grows with the log makes each insert slower than the last. A marker row in the
tracking table (`INDEXES_PENDING`) says the indexes are still to be built; it is set in
the transaction that drops them and removed in the one that builds them, so a load
interrupted at any point leaves a state the next catch-up finishes (see
`Projector.catch_up`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, delete, insert, select, text
from sqlalchemy.exc import DBAPIError

from events.storage_format import EVENT_TABLE, LOG_TABLE
from projections import schema
from projections.rows import COLUMNS, Batch

INDEXES_PENDING = "indexes_pending"  # tracking row: the deferred indexes are not built

_LOG_EVENT = (
    f"SELECT position FROM {LOG_TABLE} WHERE originator_id = {{m}} AND originator_version = {{m}}"
)


def _cursor(conn: Connection) -> Any:
    return conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]


class RowWriter:
    def __init__(self, conn: Connection) -> None:
        m = "?" if conn.dialect.paramstyle == "qmark" else "%s"
        self.mark = m
        self.inserts = {
            name: f"INSERT INTO {name} ({', '.join(cols)}) VALUES ({', '.join([m] * len(cols))})"
            for name, cols in COLUMNS.items()
        }

    def write(self, conn: Connection, batch: Batch) -> None:
        """Insert the page's rows, then void what its corrections corrected (possibly
        rows of this very page)."""
        cursor = _cursor(conn)
        try:
            for name, rows in batch.rows.items():
                if rows:
                    cursor.executemany(self.inserts[name], rows)
            m = self.mark
            for stream, version, position in batch.voids:
                cursor.execute(_LOG_EVENT.format(m=m), (stream, version))
                found = cursor.fetchone()
                if found is None:
                    continue
                corrected = found[0]
                for table in schema.VOIDABLE_TABLES:
                    cursor.execute(
                        f"UPDATE {table.name} SET voided_position = {m} "
                        f"WHERE position = {m} AND voided_position IS NULL",
                        (position, corrected),
                    )
                cursor.execute(
                    f"UPDATE {EVENT_TABLE} SET corrected_by = {m} WHERE position = {m}",
                    (position, corrected),
                )
        finally:
            cursor.close()


# ---- deferred indexes ------------------------------------------------------------------


def indexes_pending(conn: Connection) -> bool:
    t = schema.tracking
    found = conn.execute(select(t.c.name).where(t.c.name == INDEXES_PENDING)).first()
    conn.rollback()  # end the read transaction: the load's pages open their own
    return found is not None


def defer_indexes(conn: Connection) -> bool:
    """Drop the secondary indexes and set the marker, in one transaction; False if
    that could not be done (see `indexes_pending` for whether another process did)."""
    try:
        with conn.begin():
            conn.execute(insert(schema.tracking).values(name=INDEXES_PENDING, position=0))
            for index in schema.DEFERRED_INDEXES:
                conn.execute(text(f"DROP INDEX IF EXISTS {index.name}"))
    except DBAPIError:
        # the marker was set first by another process, or this role may write rows but
        # not drop indexes (`pagu db grant-writer`): it loads with the indexes in place
        return False
    return True


def build_indexes(conn: Connection) -> None:
    """Build the deferred indexes and remove the marker, in one transaction. Removing
    the marker first makes a second process finishing at the same time wait for this
    one, then find nothing to do."""
    with conn.begin():
        removed = conn.execute(
            delete(schema.tracking).where(schema.tracking.c.name == INDEXES_PENDING)
        )
        if removed.rowcount != 1:
            return
        for index in schema.DEFERRED_INDEXES:
            index.create(conn, checkfirst=True)


# ---- SQLite tuning ------------------------------------------------------------------------


@contextmanager
def tuned(conn: Connection) -> Iterator[None]:
    """On SQLite, a larger page cache for this connection while it loads and, in WAL
    mode, commits that wait for a checkpoint rather than each fsync (a crash may lose
    the last pages, never corrupt them: the next catch-up applies them again). Put
    back afterwards, since the connection returns to the pool the views use."""
    if conn.dialect.name != "sqlite":
        yield
        return
    cursor = _cursor(conn)
    try:
        cache = cursor.execute("PRAGMA cache_size").fetchone()[0]
        synchronous = cursor.execute("PRAGMA synchronous").fetchone()[0]
        threads = cursor.execute("PRAGMA threads").fetchone()[0]
        wal = cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        cursor.execute("PRAGMA cache_size = -65536")  # 64 MB
        cursor.execute("PRAGMA threads = 2")  # a second sorter for building the indexes
        checkpoint = cursor.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
        if wal:
            cursor.execute("PRAGMA synchronous = NORMAL")
            cursor.execute("PRAGMA wal_autocheckpoint = 10000")
        yield
    finally:
        cursor.execute(f"PRAGMA cache_size = {int(cache)}")
        cursor.execute(f"PRAGMA synchronous = {int(synchronous)}")
        cursor.execute(f"PRAGMA threads = {int(threads)}")
        cursor.execute(f"PRAGMA wal_autocheckpoint = {int(checkpoint)}")
        cursor.close()
