"""The audit trail's rows: one per event, read from `rm_event` (the audit index).

Shared by `pagu history` (one line, or a subtree) and `pagu audit` (every line, filtered).
Every row says when the ledger recorded the event, from when it is in force, at which
stage, what changed (old -> new, from the event's `change` JSON), who, why, under which
document, its id, and whether a later correction voided it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Select, and_, or_, select

from events.clock import zone_label
from events.i18n import _, ngettext
from events.money import format_number, format_rupiah
from projections import schema
from projections.report import Column
from projections.timepoint import TimePoint

RECORDED = Column("recorded_at", "Dicatat", "timestamp")
EFFECTIVE = Column("effective", "Berlaku", "date")
STAGE = Column("stage", "Tahap")
KODE = Column("kode", "Kode")
KIND = Column("kind", "Peristiwa")
CHANGE = Column("description", "Perubahan", width=44)
ACTOR = Column("actor", "Pelaku")
REASON = Column("reason", "Alasan", width=36)
BASIS = Column("basis", "Dasar Hukum", width=32)
EVENT_ID = Column("event_id", "ID Peristiwa", "id")
STATUS = Column("status", "Keterangan", width=22)


def trail_columns(*, with_kode: bool) -> list[Column]:
    """The trail's columns in order; the line's code after the dates when the rows are
    of more than one line."""
    kode = [KODE] if with_kode else []
    return [RECORDED, EFFECTIVE, *kode, STAGE, KIND, CHANGE, ACTOR, REASON, BASIS, EVENT_ID, STATUS]


def events_counted(rows: Sequence[Any]) -> str:
    """The note under a trail: how many events, and the zone of their recorded times."""
    return ngettext(
        "{count} event, recorded times in {zone}",
        "{count} events, recorded times in {zone}",
        len(rows),
    ).format(count=len(rows), zone=zone_label())


def trail_query(point: TimePoint) -> Select[Any]:
    """Events with their line's name and, when corrected as of the point, the id of the
    correcting event; in recorded order."""
    e = schema.event
    corrector = schema.event.alias("corrector")
    line = schema.line
    corrected_by = and_(corrector.c.position == e.c.corrected_by)
    if point.position is not None:
        corrected_by = and_(corrected_by, corrector.c.position <= point.position)
    query = (
        select(
            e,
            line.c.nama,
            line.c.level,
            corrector.c.event_id.label("corrector_id"),
        )
        .join(line, line.c.line_id == e.c.line_id)
        .outerjoin(corrector, corrected_by)
        .order_by(e.c.position)
    )
    if point.position is not None:
        query = query.where(e.c.position <= point.position)
    if point.effective is not None:
        query = query.where(e.c.effective <= point.effective)
    return query


def within(column: Any, prefix: str) -> Any:
    """A code and everything under it."""
    return or_(column == prefix, column.like(prefix + ".%"))


def trail_rows(conn: Connection, query: Select[Any]) -> list[dict[str, Any]]:
    found = list(conn.execute(query))
    corrected_ids = set()
    for row in found:
        if row.kind == "EntryCorrected":
            corrected_ids.add(json.loads(row.change)["corrected_event_id"])
    corrected = _events_by_id(conn, corrected_ids)
    return [_row(r, corrected) for r in found]


def _events_by_id(conn: Connection, ids: Iterable[str]) -> dict[str, Any]:
    wanted = list(ids)
    if not wanted:
        return {}
    e = schema.event
    query = select(e.c.event_id, e.c.kind, e.c.kode, e.c.change).where(e.c.event_id.in_(wanted))
    return {row.event_id: row for row in conn.execute(query)}


def _row(r: Any, corrected: dict[str, Any]) -> dict[str, Any]:
    change = json.loads(r.change)
    description = describe_change(r.kind, change)
    if r.kind == "EntryCorrected":
        target = corrected.get(change["corrected_event_id"])
        if target is not None:
            what = describe_change(target.kind, json.loads(target.change))
            description = f"{description}: {target.kind} {what}"
    basis = None
    if r.document:
        basis = f"{r.document} ({r.document_date.isoformat()})" if r.document_date else r.document
    return {
        "position": r.position,
        "event_id": r.event_id,
        "kode": r.kode,
        "nama": r.nama,
        "level": r.level,
        "skpd": r.skpd,
        "tahun": r.tahun,
        "version": r.version,
        "kind": r.kind,
        "stage": r.stage,
        "recorded_at": r.recorded_at,
        "effective": r.effective,
        "actor": r.actor,
        "reason": r.reason,
        "document": r.document,
        "document_date": r.document_date,
        "basis": basis,
        "provenance": r.provenance,
        "change": change,
        "description": description,
        "corrected": r.corrector_id is not None,
        "corrected_by": r.corrector_id,
        "status": _("corrected by {event}").format(event=r.corrector_id[:8])
        if r.corrector_id
        else None,
    }


def _money(value: str | None) -> str:
    return "-" if value is None else format_rupiah(Decimal(value))


def _signed(value: str | None) -> str:
    if value is None:
        return "-"
    amount = Decimal(value)
    return ("+" if amount > 0 else "") + format_rupiah(amount)


def describe_change(kind: str, change: dict[str, Any]) -> str:
    """What an event changed, in one line, from its `change` JSON."""
    field = change.get("field")
    if kind == "LineRegistered":
        return f"registered: {change.get('level')} '{change.get('nama')}'"
    if field == "pagu":
        text = (
            f"pagu {_money(change.get('old'))} → {_money(change.get('new'))} "
            f"({_signed(change.get('difference'))})"
        )
        if "counterpart" in change:
            direction = "to" if Decimal(change["difference"]) < 0 else "from"
            text += f", shifted {direction} {change['counterpart']}"
        return text
    if field == "target":
        return (
            f"target {change.get('indicator_no')}: {change.get('old') or '-'} → "
            f"{change.get('new') or '-'}"
        )
    if field == "location":
        return f"location: {change.get('old') or '-'} → {change.get('new') or '-'}"
    if field == "forward":
        return _("forward estimate {year}: target {target}, pagu {pagu}").format(
            year=change.get("year"),
            target=change.get("target") or "-",
            pagu=_money(change.get("pagu")),
        )
    if field == "renstra":
        return _("Renstra target {target}").format(target=change.get("new") or "-")
    if field == "prior":
        return _("realization up to {year}: {output}").format(
            year=change.get("through_year"), output=change.get("new") or "-"
        )
    if field == "renja":
        return _("Renja target {year}: {target}").format(
            year=change.get("year"), target=change.get("new") or "-"
        )
    if field == "realization":
        basis = _("year to date") if change.get("cumulative") else _("this quarter")
        text = _("triwulan {quarter} ({basis}): output {output}, spent {spent}").format(
            quarter=change.get("quarter"),
            basis=basis,
            output=change.get("output") or "-",
            spent=_money(change.get("spent")),
        )
        return text + (_(", overrun accepted") if change.get("overrun_accepted") else "")
    if field == "note":
        return _("note: {text}").format(text=change.get("text"))
    if field == "factor":
        return f"{change.get('kind')}: {change.get('text')}"
    if field == "printed":
        figures = change.get("figures") or {}
        shown = ", ".join(
            f"{name} {'-' if value is None else format_number(Decimal(value))}"
            for name, value in figures.items()
        )
        return _("printed in {table}: {shown}").format(table=change.get("table"), shown=shown)
    if field == "spm":
        return _("SPM indicator {number}: {indicator}").format(
            number=change.get("number"), indicator=change.get("indicator")
        )
    if field == "correction":
        return f"corrects {str(change.get('corrected_event_id'))[:8]}"
    return kind
