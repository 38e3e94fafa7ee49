"""`pagu why KODE [--field pagu|target|location]`: how a value got from the murni budget
to what is in force now, step by step.

The steps are the line's values (for a parent's pagu: its sub kegiatan's values) in the
order the in-force rule reads them (projections/state.py): by budget edition (murni,
pergeseran, perubahan, pergeseran-p), then effective date, then recording; a value
replaces the one before it, a shift adds the money it moved. Each step says
what the value was before and after, the difference, the stage, who, why, under which
document, and both dates. Corrected values are left out (and counted in a note). The
last row is the total change from the murni value to the value in force.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, select

from events.clock import zone_label
from events.codes import Kode, Level
from events.errors import InvalidInput
from events.i18n import _
from events.targets import Target
from projections import schema
from projections.report import Column, Report
from projections.state import READING_ORDER, LineRow, line_and_family, money
from projections.timepoint import TimePoint

FIELDS = ("pagu", "target", "location")
_LABEL = {"pagu": "Pagu", "target": "Target Kinerja", "location": "Lokasi"}
_KIND = {"pagu": "money", "target": "text", "location": "text"}


@dataclass
class Step:
    """One recorded value, with the event that recorded it."""

    line: LineRow
    slot: int
    stage_rank: int
    value: Any
    indicator: str | None
    meta: Any  # the rm_event row
    delta: bool = False  # a shift: the money it moved, added to the value before

    def basis(self) -> str | None:
        if not self.meta.document:
            return None
        date = self.meta.document_date
        return f"{self.meta.document} ({date.isoformat()})" if date else self.meta.document


def why_report(
    conn: Connection, skpd: str, tahun: int, kode: Kode, field: str, point: TimePoint
) -> Report:
    if field == "indicator":
        field = "target"
    if field not in FIELDS:
        raise InvalidInput(
            _("--field: unknown field {field!r}: use one of {FIELDS}").format(
                field=field, FIELDS=", ".join(FIELDS)
            )
        )
    subject, found = line_and_family(conn, point, skpd, tahun, kode)
    members = [subject]
    if field == "pagu" and subject.level is not Level.SUB_KEGIATAN:
        members = [line for line in found if line.level is Level.SUB_KEGIATAN]
    steps, voided = _steps(conn, field, point, members)
    rows = _pagu_rows(subject, steps) if field == "pagu" else _value_rows(subject, steps)
    notes = [point.describe(), _("recorded times in {zone}").format(zone=zone_label())]
    if field == "pagu" and subject.level is not Level.SUB_KEGIATAN:
        notes.append(
            _("a {value}'s pagu is the sum of its {members} sub kegiatan").format(
                value=subject.level.value, members=len(members)
            )
        )
    if voided:
        notes.append(
            _("{voided} corrected value(s) left out (see pagu history)").format(voided=voided)
        )
    kind = _KIND[field]
    columns = [
        Column("step", "No"),
        Column("kode", "Kode"),
        Column("effective", "Berlaku", "date"),
        Column("recorded_at", "Dicatat", "timestamp"),
        Column("stage", "Tahap"),
        Column("old", "Semula", kind),
        Column("new", "Menjadi", kind),
        Column("difference", "Selisih", "money" if field == "pagu" else "number"),
        Column("reason", "Alasan", width=36),
        Column("basis", "Dasar Hukum", width=32),
        Column("actor", "Pelaku"),
        Column("event_id", "ID Peristiwa", "id"),
    ]
    if field == "target":
        columns.insert(2, Column("indicator", "Indikator", width=32))
    if len(members) == 1:  # every step is the subject's own: the code is in the title
        columns = [column for column in columns if column.key != "kode"]
    return Report(
        title=f"Asal-usul {_LABEL[field]} {subject.kode} {subject.nama}",
        columns=columns,
        rows=rows,
        notes=notes,
    )


def _steps(
    conn: Connection, field: str, point: TimePoint, members: list[LineRow]
) -> tuple[list[Step], int]:
    v, e = schema.value, schema.event
    by_id = {line.line_id: line for line in members}
    fields = [field, "shift"] if field == "pagu" else [field]
    query = (
        select(v, e.c.stage, e.c.recorded_at, e.c.actor, e.c.reason, e.c.document)
        .add_columns(e.c.document_date)
        .join(e, e.c.event_id == v.c.event_id)
        .where(v.c.field.in_(fields), v.c.line_id.in_(list(by_id)))
        .order_by(*[v.c[name] for name in READING_ORDER])
    )
    if point.position is not None:
        query = query.where(v.c.position <= point.position)
    if point.effective is not None:
        query = query.where(v.c.effective <= point.effective)
    steps, voided = [], 0
    for row in conn.execute(query):
        gone = row.voided_position is not None and (
            point.position is None or row.voided_position <= point.position
        )
        if gone:
            voided += 1
            continue
        value: Any
        if field == "pagu":
            value = money(row.amount_sen)
        elif field == "target":
            value = Target(Decimal(row.number), row.unit) if row.number is not None else None
        else:
            value = row.text
        indicator = row.text if field == "target" else None
        step = Step(by_id[row.line_id], row.slot, row.stage_rank, value, indicator, row)
        step.delta = row.field == "shift"
        steps.append(step)
    return steps, voided


def _row(step: Step, number: int) -> dict[str, Any]:
    meta = step.meta
    return {
        "step": number,
        "kode": step.line.kode,
        "nama": step.line.nama,
        "level": step.line.level.value,
        "skpd": step.line.skpd,
        "tahun": step.line.tahun,
        "stage": meta.stage,
        "effective": meta.effective,
        "recorded_at": meta.recorded_at,
        "reason": meta.reason,
        "document": meta.document,
        "document_date": meta.document_date,
        "basis": step.basis(),
        "actor": meta.actor,
        "event_id": meta.event_id,
    }


def _total_row(subject: LineRow, old: Any, new: Any, difference: Any) -> dict[str, Any]:
    return {
        "step": "total",
        "kode": subject.kode,
        "nama": "Perubahan sejak APBD murni",
        "level": "total",
        "skpd": subject.skpd,
        "tahun": subject.tahun,
        "old": old,
        "new": new,
        "difference": difference,
    } | dict.fromkeys(_EVENT_KEYS)


# What each step takes from its event; the total row has these empty.
_EVENT_KEYS = (
    "stage",
    "effective",
    "recorded_at",
    "reason",
    "document",
    "document_date",
    "basis",
    "actor",
    "event_id",
)


def _pagu_rows(subject: LineRow, steps: list[Step]) -> list[dict[str, Any]]:
    """Replay the values; the murni values that open the chain make its first row."""
    values: dict[str, Decimal] = {}

    def total() -> Decimal | None:
        return sum(values.values(), Decimal("0.00")) if values else None

    def apply(step: Step) -> None:
        line_id = step.line.line_id
        before = values.get(line_id, Decimal("0.00")) if step.delta else None
        values[line_id] = step.value if before is None else before + step.value

    opening: list[Step] = []
    while len(opening) < len(steps) and steps[len(opening)].stage_rank == 0:
        step = steps[len(opening)]
        apply(step)
        opening.append(step)
    rows: list[dict[str, Any]] = []
    murni = total()
    if opening:
        row = _row(opening[0], 1) | {"old": None, "new": murni, "difference": None}
        if len(opening) > 1 or opening[0].line != subject:  # a parent: the sum of its subs
            row |= {"kode": subject.kode, "nama": subject.nama, "level": subject.level.value}
            row |= {"event_id": None, "recorded_at": None}
            for key in ("reason", "document", "document_date", "basis", "actor", "effective"):
                if len({str(_row(s, 0)[key]) for s in opening}) > 1:
                    row[key] = None
        rows.append(row)
    for step in steps[len(opening) :]:
        before = total()
        apply(step)
        after = total()
        difference = (after or Decimal("0.00")) - (before or Decimal("0.00"))
        rows.append(
            _row(step, len(rows) + 1) | {"old": before, "new": after, "difference": difference}
        )
    current = total()
    if rows:
        change = None if current is None else current - (murni or Decimal("0.00"))
        rows.append(_total_row(subject, murni, current, change))
    return rows


def _value_rows(subject: LineRow, steps: list[Step]) -> list[dict[str, Any]]:
    """Targets (per indicator) and locations: each value after the one before it."""
    rows: list[dict[str, Any]] = []
    first: dict[int, Any] = {}
    last: dict[int, Any] = {}
    for step in steps:
        slot = step.slot
        before = last.get(slot)
        if slot not in first:
            first[slot] = step.value
        last[slot] = step.value
        row = _row(step, len(rows) + 1) | {
            "old": _shown(before),
            "new": _shown(step.value),
            "difference": _difference(before, step.value),
        }
        if step.indicator is not None or step.meta.field == "target":
            row |= {"indicator_no": slot, "indicator": step.indicator}
        rows.append(row)
    for slot in sorted(last):
        total = _total_row(
            subject,
            _shown(first[slot]),
            _shown(last[slot]),
            _difference(first[slot], last[slot]),
        )
        if any(s.meta.field == "target" for s in steps):
            total |= {"indicator_no": slot, "nama": f"Indikator {slot}: perubahan sejak murni"}
        rows.append(total)
    return rows


def _shown(value: Any) -> str | None:
    return None if value is None else str(value)


def _difference(old: Any, new: Any) -> Decimal | None:
    if isinstance(old, Target) and isinstance(new, Target) and old.unit == new.unit:
        return new.value - old.value
    return None
