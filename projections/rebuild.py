"""Rebuilding the read model atomically: built aside, then swapped in.

The new read model is loaded into temporary tables of the same names on one connection
(SQLite's `temp` schema, PostgreSQL's `pg_temp`: both are searched before the ledger's
own tables, so the projector's statements write there unchanged), while views keep
reading the old one. At the end one transaction empties (or, for an older shape,
replaces) the read model's tables, copies the new rows in, builds the indexes and drops
the scratch tables. Killed at any point before that commit, the old read model is
untouched (the scratch tables die with the connection); after it, the new one is whole.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, MetaData, Table
from sqlalchemy.schema import CreateIndex, CreateTable

from events.storage_format import TRACKING_TABLE
from projections import schema
from projections.loading import tuned

if TYPE_CHECKING:
    from projections.projector import Progress, Projector


def _copies(target: str) -> list[Table]:
    """The read model's tables as they are named in `target` (a schema or database)."""
    metadata = MetaData()
    return [table.to_metadata(metadata, schema=target) for table in schema.READ_MODEL_TABLES]


def _raw(conn: Connection) -> Any:
    return conn.connection.dbapi_connection


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _main_schema(conn: Connection) -> str:
    if conn.dialect.name == "sqlite":
        return "main"
    found = conn.exec_driver_sql("SELECT current_schema()").scalar()
    conn.rollback()
    return str(found)


def _create_scratch(conn: Connection, scratch: str) -> None:
    """Empty scratch copies of every table, with the keys and the position indexes the
    load needs (corrections void rows by position); the other indexes come at the swap."""
    cursor = _raw(conn).cursor()
    try:
        for table in _copies(scratch):
            cursor.execute(f"DROP TABLE IF EXISTS {scratch}.{table.name}")
            cursor.execute(str(CreateTable(table).compile(dialect=conn.dialect)))
            for index in table.indexes:
                if str(index.name).endswith("_position"):
                    cursor.execute(str(CreateIndex(index).compile(dialect=conn.dialect)))
        from projections.projector import NAME, VERSION

        mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
        cursor.executemany(
            f"INSERT INTO {scratch}.{TRACKING_TABLE} (name, position) VALUES ({mark}, {mark})",
            [(NAME, 0), (VERSION, schema.SCHEMA_VERSION)],
        )
    finally:
        cursor.close()
    _raw(conn).commit()


def _current_shape(cursor: Any, main: str, sqlite: bool) -> bool:
    """Whether the read model's own tables exist, built by this shape."""
    from projections.projector import VERSION

    mark = "?" if sqlite else "%s"
    if sqlite:
        cursor.execute("SELECT name FROM main.sqlite_master WHERE type = 'table'")
    else:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s", (main,)
        )
    present = {row[0] for row in cursor.fetchall()}
    if not {table.name for table in schema.READ_MODEL_TABLES} <= present:
        return False
    where = main if sqlite else _quoted(main)
    cursor.execute(
        f"SELECT position FROM {where}.{schema.tracking.name} WHERE name = {mark}", (VERSION,)
    )
    found = cursor.fetchone()
    return found is not None and int(found[0]) == schema.SCHEMA_VERSION


def _swap(conn: Connection, scratch: str) -> None:
    """One transaction: the read model's tables get the scratch tables' rows."""
    sqlite = conn.dialect.name == "sqlite"
    main = _main_schema(conn)
    where = main if sqlite else _quoted(main)
    tables = _copies(main)
    raw = _raw(conn)
    cursor = raw.cursor()
    try:
        if sqlite:
            cursor.execute("BEGIN IMMEDIATE")  # DDL below would otherwise autocommit
        if _current_shape(cursor, main, sqlite):
            for table in tables:
                for index in table.indexes:
                    cursor.execute(f"DROP INDEX IF EXISTS {where}.{index.name}")
            names = ", ".join(f"{where}.{table.name}" for table in tables)
            if sqlite:
                for table in tables:
                    cursor.execute(f"DELETE FROM {where}.{table.name}")
            else:
                cursor.execute(f"TRUNCATE {names}")
        else:  # built by an older shape (or partly missing): replaced whole
            for table in tables:
                cursor.execute(f"DROP TABLE IF EXISTS {where}.{table.name}")
            for table in tables:
                cursor.execute(str(CreateTable(table).compile(dialect=conn.dialect)))
        for table in tables:
            columns = ", ".join(c.name for c in table.c if not _surrogate(table, c.name))
            order = " ORDER BY id" if "id" in table.c else ""
            cursor.execute(
                f"INSERT INTO {where}.{table.name} ({columns}) "
                f"SELECT {columns} FROM {scratch}.{table.name}{order}"
            )
        for table in tables:
            for index in table.indexes:
                cursor.execute(str(CreateIndex(index).compile(dialect=conn.dialect)))
        for table in tables:
            cursor.execute(f"DROP TABLE {scratch}.{table.name}")
        raw.commit()
    except BaseException:
        raw.rollback()
        raise
    finally:
        cursor.close()


def _surrogate(table: Table, column: str) -> bool:
    """The autoincrement id: the read model's own sequence numbers it again."""
    return column == "id" and table.c.id.autoincrement is True


def rebuild(projector: Projector, *, page: int, progress: Progress | None) -> int:
    """Load every event into scratch tables, then swap them in (see the module)."""
    engine = projector.engine
    projector.ensure_tables()  # the read model views use meanwhile (created if missing)
    with engine.connect() as conn:
        scratch = "temp" if conn.dialect.name == "sqlite" else "pg_temp"
        try:
            with tuned(conn):
                _create_scratch(conn, scratch)
                head = projector.source.head() if progress else 0
                applied = projector.load(conn, page=page, progress=progress, head=head)
                with projector._timed("swap"):
                    _swap(conn, scratch)
        except BaseException:
            conn.invalidate()  # the scratch tables go with the connection
            raise
    return applied
