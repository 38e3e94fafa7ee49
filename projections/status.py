"""How far the read model has come: its tracked position against the head of the log,
the shape it was built with, and how many rows each table holds. Reads only: asking
for the status never creates, changes or catches up anything."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import Engine, func, inspect, select, text

from events.i18n import _
from projections import schema
from projections.projector import NAME, VERSION
from projections.source import LOG_TABLE


@dataclass(frozen=True)
class Status:
    position: int  # the last log position applied (0: nothing yet)
    head: int  # the last position in the log
    events: int  # events in the log
    behind: int  # events in the log not yet applied
    built_with: int | None  # the read model's shape (None: not built)
    current: int  # the shape this version of pagu builds
    tables: dict[str, int] = field(default_factory=dict)

    @property
    def state(self) -> str:
        if self.built_with is None:
            return _("not built yet: the next view builds it")
        if self.built_with != self.current:
            return _("built by an older version: the next view rebuilds it")
        if self.behind:
            return _("{behind} events behind: the next view catches up").format(behind=self.behind)
        return _("up to date")

    def as_dict(self) -> dict[str, Any]:
        return asdict(self) | {"state": self.state}


def read_status(engine: Engine) -> Status:
    names = set(inspect(engine).get_table_names())
    with engine.connect() as conn:
        head = events = 0
        if LOG_TABLE in names:
            head = int(conn.execute(text(f"SELECT MAX(position) FROM {LOG_TABLE}")).scalar() or 0)
            events = int(conn.execute(text(f"SELECT COUNT(*) FROM {LOG_TABLE}")).scalar() or 0)
        tracked: dict[str, int] = {}
        if schema.tracking.name in names:
            t = schema.tracking
            tracked = {name: pos for name, pos in conn.execute(select(t.c.name, t.c.position))}
        position = tracked.get(NAME, 0)
        behind = 0
        if LOG_TABLE in names:
            behind = int(
                conn.execute(
                    text(f"SELECT COUNT(*) FROM {LOG_TABLE} WHERE position > :p"), {"p": position}
                ).scalar()
                or 0
            )
        tables = {
            table.name: int(conn.execute(select(func.count()).select_from(table)).scalar() or 0)
            for table in schema.READ_MODEL_TABLES
            if table.name in names and table is not schema.tracking
        }
    return Status(
        position=position,
        head=head,
        events=events,
        behind=behind,
        built_with=tracked.get(VERSION) if tracked else None,
        current=schema.SCHEMA_VERSION,
        tables=tables,
    )
