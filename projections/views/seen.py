"""What every view of a budget is asked besides the budget itself."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection

from events.codes import Level
from projections.timepoint import TimePoint


@dataclass(frozen=True)
class Seen:
    """The read model (`conn`) as it stood at `point`, and how a view shows its lines:
    all of them, or only those at `level` (the total row stays); with the figures the
    source document printed beside the computed ones, flagged where they disagree
    (`show_printed`), or without."""

    conn: Connection
    point: TimePoint
    level: Level | None = None
    show_printed: bool = False
