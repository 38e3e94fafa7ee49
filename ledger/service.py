"""The application service: the ledger's one way in for writes.

Each command loads the lines it touches, calls their verbs, and saves every resulting
event in one transaction (all or nothing). Two writers changing the same line at once
collide on the line's next version; the loser reloads and retries, and after a few
attempts fails with a clear message instead of losing an event.
"""

from __future__ import annotations

import getpass
import os
import time
from collections.abc import Callable, Iterable
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError, JSONTranscoder

from events.codec import register_transcodings
from events.codes import Kode
from events.errors import InvalidInput
from ledger.line import BudgetLine, line_id
from ledger.storage import StoreLocation

R = TypeVar("R")


class ConcurrentWriteError(InvalidInput):
    """Another writer kept changing the same lines; nothing of this command was saved."""


def default_actor() -> str:
    """--actor, else PAGU_ACTOR, else the operating-system user."""
    actor = os.environ.get("PAGU_ACTOR", "").strip()
    if actor:
        return actor
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user database in some containers
        return "unknown"


class Ledger(Application[UUID]):
    """The event store of budget lines, on SQLite or PostgreSQL."""

    name = "pagu"

    def __init__(self, location: StoreLocation, *, create_tables: bool = True) -> None:
        self.location = location
        if create_tables:
            location.ensure_schema()
        super().__init__(env=location.eventsourcing_env(create_tables=create_tables))

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        register_transcodings(transcoder)

    # ---- reading lines -------------------------------------------------------------

    def find_line(self, skpd: str, tahun: int, kode: Kode) -> BudgetLine | None:
        try:
            line: object = self.repository.get(line_id(skpd, tahun, kode))
        except AggregateNotFoundError:
            return None
        assert isinstance(line, BudgetLine)
        return line

    def get_line(self, skpd: str, tahun: int, kode: Kode) -> BudgetLine:
        line = self.find_line(skpd, tahun, kode)
        if line is None:
            raise InvalidInput(f"unknown line {kode} for {skpd} {tahun}")
        return line

    def lines(self, ids: Iterable[UUID]) -> dict[UUID, BudgetLine]:
        found: dict[UUID, BudgetLine] = {}
        for stream in ids:
            try:
                line: object = self.repository.get(stream)
            except AggregateNotFoundError:
                continue
            assert isinstance(line, BudgetLine)
            found[stream] = line
        return found

    # ---- writing -------------------------------------------------------------------

    def save_lines(self, lines: Iterable[BudgetLine]) -> int:
        """Save every pending event of the given lines in one transaction."""
        pending = [line for line in lines if line.pending_events]
        if not pending:
            return 0
        count = sum(len(line.pending_events) for line in pending)
        self.save(*pending)
        return count

    def run(self, command: Callable[[], R], *, attempts: int = 5) -> R:
        """Run a command that loads, changes and saves lines; retry it from scratch if
        another writer saved a conflicting event to one of its lines first."""
        for attempt in range(1, attempts + 1):
            try:
                return command()
            except IntegrityError:
                if attempt == attempts:
                    break
                time.sleep(0.01 * attempt)
        raise ConcurrentWriteError(
            f"another writer kept changing the same lines; nothing was recorded after "
            f"{attempts} attempts, please try again"
        )

    def event_count(self) -> int:
        """Events in the log (positions may have gaps on PostgreSQL, so count rows)."""
        from ledger.storage import LOG_TABLE

        if self.location.is_sqlite:
            with self.recorder.datastore.transaction(commit=False) as cursor:  # type: ignore[attr-defined]
                cursor.execute(f"SELECT COUNT(*) FROM {LOG_TABLE}")
                return int(cursor.fetchone()[0])
        with self.recorder.datastore.transaction(commit=False) as cursor:  # type: ignore[attr-defined]
            cursor.execute(f"SELECT COUNT(*) AS n FROM {self.location.schema}.{LOG_TABLE}")
            row = cursor.fetchone()
            return int(row["n"])

    def close(self) -> None:
        self.factory.close()


def open_ledger(url: str | None, *, create: bool = True, install: bool = False, **_: Any) -> Ledger:
    """Open the ledger at a store URL; with `create`, initialise it if there is none.

    An existing ledger is opened without any CREATE statement, so that roles which may
    only read, or only append, can open it (`pagu db grant-reader/grant-writer`).
    `install` (what `pagu init` does) runs the idempotent CREATE ... IF NOT EXISTS
    statements even on an existing ledger, re-installing missing append-only guards."""
    location = StoreLocation.parse(url)
    exists = location.exists()
    if not create and not exists:
        raise InvalidInput(
            f"no ledger at {location.display()}: run `pagu init` or `pagu import FILE` first"
        )
    return Ledger(location, create_tables=install or (create and not exists))
