"""The two clocks of a question: what the ledger knew (as of) and what was in force
(effective).

`--as-of T` keeps the events recorded at or before T. Recorded time never runs
backwards along the log, so this is "position <= P" where P is the last position
recorded by T. `--effective D` keeps the values whose effective date is on or before
D, and among those the latest effective date wins (ties: the later recording).
Together: the budget in force on D, as the ledger knew it at T.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import Connection, select

from events.clock import local_text
from events.i18n import _
from events.periods import Stage
from projections import schema


@dataclass(frozen=True)
class TimePoint:
    position: int | None = None  # None: everything recorded so far
    effective: date | None = None  # None: no limit on effective dates
    as_of: datetime | None = None  # the instant asked for, for display

    def pinned(self, position: int) -> TimePoint:
        """This point, or, asked about no instant, the events up to `position` and no
        later one (what a verified digest covers)."""
        return self if self.position is not None else TimePoint(position, self.effective, None)

    def describe(self) -> str:
        parts = []
        if self.as_of is not None:
            parts.append(_("as recorded by {as_of}").format(as_of=local_text(self.as_of)))
        if self.effective is not None:
            parts.append(_("in force on {effective}").format(effective=self.effective.isoformat()))
        return ", ".join(parts) or _("everything recorded, latest values")


NOW = TimePoint()


def resolve(conn: Connection, as_of: datetime | None, effective: date | None) -> TimePoint:
    """Turn an instant into the last log position recorded by then."""
    if as_of is None:
        return TimePoint(None, effective, None)
    moment = as_of.astimezone(UTC).isoformat(timespec="microseconds")
    # Recorded time never decreases along the log, so the last event recorded by then
    # is the greatest (recorded_at, position): one step down the index, at any size.
    e = schema.event
    position = conn.execute(
        select(e.c.position)
        .where(e.c.recorded_at <= moment)
        .order_by(e.c.recorded_at.desc(), e.c.position.desc())
        .limit(1)
    ).scalar()
    return TimePoint(int(position or 0), effective, as_of)


def stage_rank(stage: Stage | None) -> int:
    return 99 if stage is None else stage.rank
