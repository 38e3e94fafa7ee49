"""The read side's front door: an engine on the ledger's database, caught up before
every question."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event

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


class ReadModel:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.projector = Projector(engine)

    def catch_up(self, progress: Progress | None = None) -> int:
        return self.projector.catch_up(progress=progress)

    @contextmanager
    def connect(self, *, catch_up: bool = True) -> Iterator[Connection]:
        """A connection on an up-to-date read model (views catch up automatically)."""
        if catch_up:
            self.catch_up()
        with self.engine.connect() as conn:
            yield conn

    def close(self) -> None:
        self.engine.dispose()
