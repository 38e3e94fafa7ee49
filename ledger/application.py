"""The event store under the `Ledger` service (`ledger.service`): opening it as pagu
configures it, loading lines, saving their events in one transaction, and retrying a
command that collided with another writer.

Two writers changing the same line at once collide on the line's next version; the
loser reloads and retries, and after a few attempts fails with a clear message instead
of losing an event. A write the store fails is looked up in the log afterwards, so the
command can say whether it was recorded.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from datetime import UTC
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

import eventsourcing.domain
from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError, JSONTranscoder, StoredEvent
from eventsourcing.utils import Environment, EnvType

from events.bounds import check_storable
from events.codec import register_transcodings
from events.codes import Kode
from events.errors import InvalidInput
from events.i18n import N_, _
from events.line import LineEvent
from ledger.line import BudgetLine, line_id
from ledger.recorders import LinkWriter, MissingLinks
from ledger.shape import in_the_log
from ledger.storage import EVENTS_TABLE, LOG_TABLE, StoreLocation

if TYPE_CHECKING:
    from ledger.commands import Recorded

R = TypeVar("R")
# The library stamps its events with the time zone TZINFO_TOPIC names when it is first
# imported; pagu's events are stamped in UTC, whatever the environment says.
eventsourcing.domain.TZINFO = UTC


class ConcurrentWriteError(InvalidInput):
    """Another writer kept changing the same lines; nothing of this command was saved."""


class StoreWriteFailed(InvalidInput):
    """The store refused or failed a write; the message says whether it was recorded."""


class WriteUncertain(StoreWriteFailed):
    """The store failed so that whether the write was recorded cannot be told now."""

    def __init__(self, detail: str) -> None:
        self.detail = detail
        super().__init__(self.describe())

    def describe(self, look: str = N_("look for it in the audit trail")) -> str:
        return _(
            "storage error: {detail}; whether the write was recorded cannot be told now: "
            "{look} before trying again"
        ).format(detail=self.detail, look=_(look))


class LedgerApplication(Application[UUID]):
    """The event store of budget lines, on SQLite or PostgreSQL (the commands are the
    `Ledger`'s, its subclass)."""

    name = "pagu"  # the library names an application by its class unless told

    def __init__(self, location: StoreLocation, *, create_tables: bool = True) -> None:
        self.location = location
        self.notes: list[str] = []  # what a write that reported trouble did after all
        if create_tables:
            location.ensure_schema()
        super().__init__(env=location.eventsourcing_env(create_tables=create_tables))
        self._check_configuration()

    def construct_env(self, name: str, env: EnvType | None = None) -> Environment:
        """Only pagu's configuration (`StoreLocation.eventsourcing_env`): the library
        would merge the process environment in, with `PAGU_`-prefixed keys first (the
        application is called pagu), so that `PAGU_SQLITE_DBNAME` or `COMPRESSOR_TOPIC`
        in a shell would change where and how events are written."""
        return Environment(name, dict(env or {}))

    def _check_configuration(self) -> None:
        """The write path is the one pagu defines: its recorder (which links every
        event), plain JSON payloads, no snapshots, no database-function insert path."""
        datastore = getattr(self.recorder, "datastore", None)
        if (
            not isinstance(self.recorder, LinkWriter)
            or self.mapper.cipher is not None
            or self.mapper.compressor is not None
            or self.snapshots is not None
            or getattr(datastore, "enable_db_functions", False)
        ):  # pragma: no cover - construct_env makes this impossible; a safety net
            self.close()
            raise RuntimeError(_("the event store is not configured as pagu configures it"))

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
            raise InvalidInput(
                _("unknown line {kode} for {skpd} {tahun}").format(
                    kode=kode, skpd=skpd, tahun=tahun
                )
            )
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

    def load_lines(self, ids: list[UUID]) -> dict[UUID, BudgetLine]:
        """Many lines at once: their events read in a few queries, not one query a line (a
        file of a province's quarter names thousands of lines: `ledger.bulk`)."""
        location, recorder = self.location, self.recorder
        convert = getattr(recorder, "convert_originator_id", None) or (
            lambda raw: raw if isinstance(raw, UUID) else UUID(str(raw))
        )
        table = location.table(EVENTS_TABLE)
        streams: dict[UUID, list[Any]] = {}
        with recorder.datastore.transaction(commit=False) as cursor:  # type: ignore[attr-defined]
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                if location.is_sqlite:
                    where = f"originator_id IN ({', '.join('?' * len(chunk))})"
                    params: Any = [stream.hex for stream in chunk]
                else:
                    where, params = "originator_id = ANY(%s)", [chunk]
                cursor.execute(
                    "SELECT originator_id, originator_version, topic, state "
                    f"FROM {table} WHERE {where} ORDER BY originator_id, originator_version",
                    params,
                )
                for row in cursor.fetchall():
                    stream = convert(row["originator_id"])
                    stored = StoredEvent(
                        originator_id=stream,
                        originator_version=row["originator_version"],
                        topic=row["topic"],
                        state=bytes(row["state"]),
                    )
                    streams.setdefault(stream, []).append(self.mapper.to_domain_event(stored))
        found: dict[UUID, BudgetLine] = {}
        for stream, events in streams.items():
            line: Any = None
            for event in events:  # as the repository does, without its per-event protocol check
                line = event.mutate(line)
            if isinstance(line, BudgetLine):
                found[UUID(str(stream))] = line
        return found

    # ---- writing -------------------------------------------------------------------

    def save_lines(self, lines: Iterable[BudgetLine]) -> int:
        """Save every pending event of the given lines in one transaction."""
        pending = [line for line in lines if line.pending_events]
        if not pending:
            return 0
        # Straight into the event store: this application takes no snapshots, keeps no
        # aggregate cache and notifies no one, so `Application.save`'s extra steps
        # (a runtime protocol check per aggregate among them) would be pure cost
        # (listed with the other private hooks: ledger/recorders/eventsourcing_hooks.py).
        events = [event for line in pending for event in line.collect_events()]
        for event in events:
            check_storable(event)  # nothing the read side could not project goes in
        try:
            self.events.put(events)
        except IntegrityError:
            raise  # another writer took a version first: rolled back (see `run`)
        except MissingLinks as problem:
            raise StoreWriteFailed(str(problem)) from None
        except Exception as problem:  # noqa: BLE001 - any failure: find out what was recorded
            self._after_failure(events, problem)
        return len(events)

    def _after_failure(self, events: list[Any], problem: Exception) -> None:
        """A write failed: find out from the store whether it was recorded, so that the
        command can say so (a retry of a write that was recorded would record it twice)."""
        text = str(problem).strip()
        detail = text.splitlines()[0] if text else type(problem).__name__
        recorded = in_the_log(self.location, events)
        if recorded:
            self.notes.append(
                _(
                    "the store reported an error after the write ({detail}), but the "
                    "{events} events are in the log: do not record them again"
                ).format(detail=detail, events=len(events))
            )
            return
        if recorded is False:
            raise StoreWriteFailed(
                _("nothing was recorded: storage error: {detail}").format(detail=detail)
            ) from None
        raise WriteUncertain(detail) from None

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
            _(
                "another writer kept changing the same lines; nothing was recorded after "
                "{attempts} attempts, please try again"
            ).format(attempts=attempts)
        )

    def record(self, lines: Iterable[BudgetLine], notes: list[str] | None = None) -> Recorded:
        """Save the lines' pending events in one transaction and say what was saved."""
        from ledger.commands import Recorded

        lines = list(lines)
        events = [e for line in lines for e in line.pending_events if isinstance(e, LineEvent)]
        self.save_lines(lines)
        notes = [*(notes or []), *self.notes]
        return Recorded(events, {line.id: line.kode for line in lines}, notes)

    def event_count(self) -> int:
        """Events in the log (positions may have gaps on PostgreSQL, so count rows)."""
        with self.recorder.datastore.transaction(commit=False) as cursor:  # type: ignore[attr-defined]
            cursor.execute(f"SELECT COUNT(*) AS n FROM {self.location.table(LOG_TABLE)}")
            row = cursor.fetchone()
            return int(row[0] if self.location.is_sqlite else row["n"])

    def close(self) -> None:
        self.factory.close()
