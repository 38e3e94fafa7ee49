"""The codes a shell completes, read straight from the driver (sqlite3, psycopg), read
only and with short timeouts: TAB must answer at once, and SQLAlchemy alone takes a
fifth of a second to import, so this module imports neither it nor `schema`."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

MOST_CODES = 500  # a province ledger has tens of thousands: complete a prefix at a time
LINE_TABLE = "rm_line"  # `schema.line.name` (a test holds them equal)

CODES_QUERY = (
    "SELECT kode, nama FROM {table} WHERE kode LIKE {mark} AND ({mark} IS NULL OR tahun = {mark})"
    " ORDER BY sort_key LIMIT " + str(MOST_CODES)
)


class Location(Protocol):
    """Where the ledger is (`ledger.storage.StoreLocation` answers these)."""

    @property
    def is_sqlite(self) -> bool: ...

    @property
    def path(self) -> Path | None: ...

    @property
    def schema(self) -> str: ...

    def psycopg_kwargs(self) -> dict[str, Any]: ...


def codes_starting(location: Location, typed: str, tahun: Any) -> dict[str, str]:
    """The codes of the read model that start with `typed` (of the year `tahun`, if
    given), each with its name, in code order; one per code: budgets repeat them."""
    prefix = typed.replace("%", "").replace("_", "") + "%"
    if location.is_sqlite:
        import sqlite3
        from urllib.parse import quote

        assert location.path is not None
        if not location.path.is_file():
            return {}
        uri = f"file:{quote(str(location.path.resolve()))}?mode=ro"
        with sqlite3.connect(uri, uri=True, timeout=1) as conn:
            query = CODES_QUERY.format(table=LINE_TABLE, mark="?")
            found = conn.execute(query, (prefix, tahun, tahun)).fetchall()
    else:
        import psycopg
        from psycopg import sql

        kwargs = {**location.psycopg_kwargs(), "connect_timeout": 2}
        with psycopg.connect(**kwargs) as conn:
            table = sql.SQL("{}.{}").format(
                sql.Identifier(location.schema), sql.Identifier(LINE_TABLE)
            )
            statement = sql.SQL(CODES_QUERY.format(table="{table}", mark="%s")).format(table=table)
            found = conn.execute(statement, (prefix, tahun, tahun)).fetchall()
    return {kode: nama for kode, nama in found}
