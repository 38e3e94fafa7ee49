"""The read side's front door: an engine on the ledger's database, caught up before
every question."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import DBAPIError

from projections.projector import Progress, Projector


def make_engine(url: str, connect_args: dict[str, Any] | None = None) -> Engine:
    connect_args = dict(connect_args or {})
    if url.startswith("postgresql"):
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
    def __init__(self, engine: Engine, notice: Callable[[str], None] | None = None) -> None:
        self.engine = engine
        self.projector = Projector(engine)
        self.notice = notice  # told when answers come from a read model left behind
        self.behind: tuple[int, int] | None = None  # (read model position, log head)

    def catch_up(self, progress: Progress | None = None) -> int:
        return self.projector.catch_up(progress=progress)

    @contextmanager
    def connect(self, *, catch_up: bool = True) -> Iterator[Connection]:
        """A connection on an up-to-date read model (views catch up automatically).

        A role that may read but not write (`pagu db grant-reader`, a read-only file)
        cannot catch up: it gets the read model as it stands, and `notice` is told how
        far behind the log that is."""
        if catch_up:
            try:
                self.catch_up()
            except DBAPIError as problem:
                if not _not_permitted(problem):
                    raise
                self._left_behind()
        with self.engine.connect() as conn:
            yield conn

    def _left_behind(self) -> None:
        position, head = self.projector.position(), self.projector.source.head()
        self.behind = (position, head)
        if self.notice is not None and position < head:
            self.notice(
                f"the read model is at log position {position} of {head} and this role may "
                "not bring it up to date: answers reflect the ledger up to position "
                f"{position} (any view run by a writer or the owner catches it up)"
            )

    def close(self) -> None:
        self.engine.dispose()
