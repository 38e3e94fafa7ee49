"""The read side's front door: an engine on the ledger's database, caught up before
every question when this process may write the read model, answering from it as it
stands (and saying how far behind the log that is) when it may not."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import URL, Connection, Engine, create_engine, event, make_url, text
from sqlalchemy.exc import DBAPIError

from events.errors import InvalidInput
from events.i18n import _
from events.storage_format import TRACKING_TABLE
from projections.projector import Progress, Projector

__all__ = ["Connection", "ReadModel", "make_engine"]  # Connection: what views are given


def make_engine(url: str | URL, connect_args: dict[str, Any] | None = None) -> Engine:
    connect_args = dict(connect_args or {})
    if make_url(url).get_backend_name() == "postgresql":
        # A full view is tens of thousands of index lookups, which the planner prices
        # high enough to JIT-compile: that costs ~0.2 s and never pays back here.
        connect_args["options"] = f"{connect_args.get('options', '')} -c jit=off".strip()
    engine = create_engine(url, connect_args=connect_args, pool_pre_ping=False)
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA busy_timeout = 30000")
            cursor.close()

    return engine


def _not_permitted(problem: DBAPIError) -> bool:
    """A refusal to write: a role without the privilege, or a read-only SQLite file."""
    original = problem.orig
    return getattr(original, "sqlstate", None) == "42501" or "readonly" in str(original)


class ReadModel:
    """`read_only`: the store may not be written here (a read-only SQLite copy, opened
    so); on PostgreSQL whether this role may write the read model is asked first."""

    def __init__(
        self,
        engine: Engine,
        notice: Callable[[str], None] | None = None,
        *,
        read_only: bool = False,
    ) -> None:
        self.engine = engine
        self.projector = Projector(engine)
        self.notice = notice  # told when answers come from a read model left behind
        self.read_only = read_only
        self.behind: tuple[int, int] | None = None  # (read model position, log head)

    def catch_up(self, progress: Progress | None = None) -> int:
        return self.projector.catch_up(progress=progress)

    def may_write(self) -> bool:
        """Whether this process may bring the read model up to date (reading only)."""
        if self.read_only:
            return False
        if self.engine.dialect.name == "sqlite":
            return True
        with self.engine.connect() as conn:
            allowed = conn.execute(
                text(
                    f"SELECT CASE WHEN to_regclass('{TRACKING_TABLE}') IS NULL "
                    "THEN has_schema_privilege(current_schema(), 'CREATE') "
                    f"ELSE has_table_privilege('{TRACKING_TABLE}', 'UPDATE') END"
                )
            ).scalar()
        return bool(allowed)

    def built(self) -> bool:
        """Is the read model there (its record of the last event applied)? A reader
        who may not build it finds out here, before any view."""
        try:
            self.projector.position()
        except DBAPIError:
            return False
        return True

    @contextmanager
    def connect(self, *, catch_up: bool = True) -> Iterator[Connection]:
        """A connection on an up-to-date read model (views catch up automatically).

        A role that may read but not write (`pagu db grant-reader`, a read-only file)
        does not try: it gets the read model as it stands, and `notice` is told how far
        behind the log that is."""
        if catch_up:
            if self.may_write():
                try:
                    self.catch_up()
                except DBAPIError as problem:
                    if not _not_permitted(problem):
                        raise
                    self.left_behind()
            else:
                self.left_behind()
        with self.engine.connect() as conn:
            yield conn

    def left_behind(self) -> None:
        """Check the read model as it stands and say when it is behind the log."""
        with self.engine.connect() as conn:
            built = (
                conn.execute(
                    text(f"SELECT 1 FROM {TRACKING_TABLE} WHERE name = 'schema_version'")
                ).first()
                if self._has_tracking(conn)
                else None
            )
            conn.rollback()
            if built is None:
                raise InvalidInput(
                    _(
                        "the read model has not been built, and it may not be built here (a "
                        "read-only copy, or a role that may only read it): a view run by the "
                        "ledger's owner, or `pagu projections rebuild`, builds it"
                    )
                )
            self.projector.check_position(conn)
        position, head = self.projector.position(), self.projector.source.head()
        self.behind = (position, head)
        if self.notice is not None and position < head:
            self.notice(
                _(
                    "the read model is at log position {position} of {head} and is not "
                    "brought up to date here (a read-only copy, or a role that may only read "
                    "it): answers reflect the ledger up to position {position}"
                ).format(position=position, head=head)
            )

    def _has_tracking(self, conn: Connection) -> bool:
        from sqlalchemy import inspect

        return bool(inspect(conn).has_table(TRACKING_TABLE))

    def close(self) -> None:
        self.engine.dispose()
