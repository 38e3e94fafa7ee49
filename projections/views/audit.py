"""`pagu audit`: the trail across all lines, in recorded order, filtered."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Connection, func

from events.clock import local_text
from events.errors import InvalidInput
from events.i18n import _
from events.line import ALL_EVENT_CLASSES
from projections import schema
from projections.report import Report
from projections.state import of_budget
from projections.timepoint import TimePoint, resolve
from projections.views.trail import events_counted, trail_columns, trail_query, trail_rows, within

KINDS = tuple(cls.__name__ for cls in ALL_EVENT_CLASSES)
# Short names for families of events, as an auditor would ask for them (each kind names
# its families with its class), in the order of the vocabulary.
KIND_GROUPS: dict[str, tuple[str, ...]] = {}
for _kind in ALL_EVENT_CLASSES:
    for _family in _kind.families:
        KIND_GROUPS[_family] = (*KIND_GROUPS.get(_family, ()), _kind.__name__)


def start_of(raw: str) -> datetime:
    """A timestamp to filter from: a bare date (2024-09-01) means its first moment."""
    from events.periods import parse_timestamp

    return parse_timestamp(raw, start_of_day=True)


def parse_kinds(raw: Iterable[str]) -> set[str]:
    """Event kinds by class name (any case) or family; commas separate several."""
    wanted: set[str] = set()
    by_lower = {kind.lower(): kind for kind in KINDS}
    for item in raw:
        for part in item.split(","):
            key = part.strip().lower()
            if not key:
                continue
            if key in KIND_GROUPS:
                wanted.update(KIND_GROUPS[key])
            elif key in by_lower:
                wanted.add(by_lower[key])
            else:
                raise InvalidInput(
                    _(
                        "--kind: unknown event kind {part!r}: use one of {KIND_GROUPS} or an "
                        "event name ({KINDS})"
                    ).format(
                        part=part.strip(),
                        KIND_GROUPS=", ".join(KIND_GROUPS),
                        KINDS=", ".join(KINDS),
                    )
                )
    return wanted


@dataclass
class AuditFilter:
    since: datetime | None = None
    until: datetime | None = None
    actor: str | None = None
    stage: str | None = None
    kode: str | None = None
    kinds: set[str] = field(default_factory=set)
    budget: tuple[str, int] | None = None

    @classmethod
    def asked(
        cls,
        *,
        since: str | None = None,
        until: str | None = None,
        actor: str | None = None,
        stage: str | None = None,
        kode: str | None = None,
        kinds: Iterable[str] = (),
    ) -> AuditFilter:
        """The filter as typed: a bare date in `since` means from the start of that day,
        in `until` up to its end, on the ledger's clock (events.clock)."""
        from events.codes import Kode
        from events.periods import Stage, parse_timestamp

        return cls(
            since=start_of(since) if since else None,
            until=parse_timestamp(until) if until else None,
            actor=actor,
            stage=Stage.parse(stage).value if stage else None,
            kode=Kode.parse(kode).text if kode else None,
            kinds=parse_kinds(kinds),
        )

    def describe(self) -> str:
        parts = []
        if self.since:
            parts.append(_("recorded from {since}").format(since=local_text(self.since)))
        if self.until:
            parts.append(_("recorded by {until}").format(until=local_text(self.until)))
        if self.actor:
            parts.append(f"by {self.actor}")
        if self.stage:
            parts.append(f"stage {self.stage}")
        if self.kode:
            parts.append(f"under {self.kode}")
        if self.kinds:
            parts.append(_("kind ") + ", ".join(sorted(self.kinds)))
        if self.budget:
            parts.append(f"{self.budget[0]} {self.budget[1]}")
        return "; ".join(parts) or _("every event")


def _stamp(moment: datetime) -> str:
    """As the store writes recorded times, so that strings compare as instants."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def audit_report(
    conn: Connection,
    wanted: AuditFilter,
    *,
    after: int | None = None,
    before: int | None = None,
    limit: int | None = None,
) -> Report:
    """The trail as filtered; `after`/`before` (log positions) and `limit` give one page
    of it, in recorded order (a web page of a million events' trail)."""
    if wanted.since and wanted.until and wanted.since > wanted.until:
        raise InvalidInput(_("--since is after --until: nothing can be recorded in between"))
    # --until is an as-of: a correction recorded after it does not mark what it corrects.
    point = resolve(conn, wanted.until, None) if wanted.until else TimePoint()
    e = schema.event
    query = trail_query(point)
    if wanted.since:
        query = query.where(e.c.recorded_at >= _stamp(wanted.since))
    if wanted.actor:
        query = query.where(func.lower(e.c.actor) == wanted.actor.strip().lower())
    if wanted.stage:
        # "pergeseran" is either pergeseran edition (of the DPA, or of the DPPA after the
        # APBD-P): what a user means by it; "pergeseran-p" is the second alone
        stages = [wanted.stage] + (["pergeseran-p"] if wanted.stage == "pergeseran" else [])
        query = query.where(e.c.stage.in_(stages))
    if wanted.kode:
        query = query.where(within(e.c.kode, wanted.kode))
    if wanted.kinds:
        query = query.where(e.c.kind.in_(sorted(wanted.kinds)))
    if wanted.budget:  # by its lines: the event index by line, not a scan of the log
        query = query.where(*of_budget(e, wanted.budget))
    if after is not None:
        query = query.where(e.c.position > after)
    if before is not None:  # the page before: the nearest events first, then in order
        query = query.where(e.c.position < before).order_by(None).order_by(e.c.position.desc())
    if limit is not None:
        query = query.limit(limit)
    rows = trail_rows(conn, query)
    if before is not None:
        rows.reverse()
    return Report(
        title="Jejak Audit",
        columns=trail_columns(with_kode=True),
        rows=rows,
        notes=[
            wanted.describe(),
            events_counted(rows),
        ],
    )
