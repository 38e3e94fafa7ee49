"""Rows of the rare kinds of event (an imported document, the figures it printed, SPM
indicators), built from the decoded domain event: they carry nested figures whose
exact spelling the decoder already knows, and there are few of them (one per document
or printed table), so the decoder's cost does not matter here."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from events.codec import build_mapper
from events.i18n import _
from events.line import DocumentImported, LineEvent, PrintedFiguresNoted, SpmIndicatorRecorded
from events.storage_format import DOCUMENT_TABLE, FINDING_TABLE, PRINTED_TABLE, SPM_TABLE
from events.targets import Target

COLUMNS: dict[str, tuple[str, ...]] = {
    PRINTED_TABLE: ("line_id", "source_table", "name", "number", "position", "event_id"),
    SPM_TABLE: ("line_id", "number", "payload", "effective", "position", "event_id"),
    DOCUMENT_TABLE: (
        "position", "line_id", "sha256", "file_name", "title", "document_date", "counts",
    ),
    FINDING_TABLE: (
        "document_position", "kind", "line_no", "kode", "message", "printed", "computed",
    ),
}  # fmt: skip

_MAPPER = build_mapper()


def _text(value: Any) -> Any:
    """JSON-friendly: decimals and targets as exact strings."""
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, Target):
        return {"value": f"{value.value:f}", "unit": value.unit, "text": str(value)}
    if isinstance(value, dict):
        return {k: _text(v) for k, v in value.items()}
    return value


def decode(record: tuple[int, str, Any, int, str, bytes]) -> LineEvent:
    _, _, stream, version, topic, state = record
    stored = StoredEvent(
        originator_id=stream if isinstance(stream, UUID) else UUID(stream),
        originator_version=version,
        topic=topic,
        state=bytes(state),
    )
    event = _MAPPER.to_domain_event(stored)
    assert isinstance(event, LineEvent)
    return event


def rows(
    record: tuple[int, str, Any, int, str, bytes],
    line_id: str,
    event_id: str,
    effective: Any,
    tables: dict[str, list[tuple[Any, ...]]],
    day: Callable[[str], Any],
) -> dict[str, Any]:
    """Add the event's rows to `tables`; return its change for the audit index."""
    event = decode(record)
    position = record[0]
    if isinstance(event, PrintedFiguresNoted):
        for name, number in event.figures.items():
            tables[PRINTED_TABLE].append(
                (line_id, event.table, name, None if number is None else f"{number:f}",
                 position, event_id)
            )  # fmt: skip
        return {"field": "printed", "table": event.table, "figures": _text(event.figures)}
    if isinstance(event, SpmIndicatorRecorded):
        payload = event.row()
        tables[SPM_TABLE].append(
            (line_id, event.number, json.dumps(_text(payload), ensure_ascii=False), effective,
             position, event_id)
        )  # fmt: skip
        return {"field": "spm", "number": event.number, "indicator": event.indicator}
    if isinstance(event, DocumentImported):
        tables[DOCUMENT_TABLE].append(
            (position, line_id, event.sha256, event.file_name, event.title,
             day(event.document_date.isoformat()), json.dumps(event.counts, sort_keys=True))
        )  # fmt: skip
        for found in event.findings:
            tables[FINDING_TABLE].append(
                (position, found.get("kind", ""), found.get("line_no"), found.get("kode"),
                 found.get("message", ""), found.get("printed"), found.get("computed"))
            )  # fmt: skip
        return {
            "field": "document",
            "sha256": event.sha256,
            "file_name": event.file_name,
            "title": event.title,
            "findings": len(event.findings),
        }
    raise TypeError(_("no projection for {name__}").format(name__=type(event).__name__))
