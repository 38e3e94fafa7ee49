"""What each event becomes in the read model: rows for the view tables and one row of
the audit index (`rm_event`, with the change spelled out old -> new).

One method per event class; `Projector` decides when and in which transaction the
rows are written.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from functools import singledispatchmethod
from typing import Any

from events.codes import Kode
from events.line import (
    DocumentImported,
    EntryCorrected,
    ForwardEstimateSet,
    LineEvent,
    LineRegistered,
    LocationRevised,
    NoteAttached,
    PaguChanged,
    PaguShifted,
    PrintedFiguresNoted,
    PriorRealizationRecorded,
    RealizationRecorded,
    RenjaTargetSet,
    RenstraTargetSet,
    SpmIndicatorRecorded,
    TargetChanged,
)
from events.targets import Target
from projections.source import LoggedEvent


def sen(amount: Decimal | None) -> int | None:
    return None if amount is None else int((amount * 100).to_integral_value())


def sort_key(kode: str) -> str:
    return ".".join(f"{int(part):04d}" for part in kode.split("."))


def _text(value: Any) -> Any:
    """JSON-friendly: decimals and targets as exact strings."""
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, Target):
        return {"value": f"{value.value:f}", "unit": value.unit, "text": str(value)}
    if isinstance(value, dict):
        return {k: _text(v) for k, v in value.items()}
    return value


@dataclass
class Batch:
    """Rows produced by one page of events, written together."""

    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    voids: list[tuple[str, int]] = field(default_factory=list)  # (event_id, position)
    lines: dict[str, dict[str, Any]] = field(default_factory=dict)

    def add(self, table: str, row: dict[str, Any]) -> None:
        self.rows.setdefault(table, []).append(row)


class EventRows:
    """Turns logged events into rows. `line_meta` maps a line id to its SKPD, year and
    code (filled from registrations, or from rm_line by the projector for old lines)."""

    def __init__(self) -> None:
        self.line_meta: dict[str, tuple[str, int, str]] = {}

    def apply(self, logged: LoggedEvent, batch: Batch) -> None:
        event = logged.event
        line_id = event.originator_id.hex
        change, stage = self.change(event, logged, batch)
        skpd, tahun, kode = self.line_meta[line_id]
        document = event.document
        batch.add(
            "rm_event",
            {
                "position": logged.position,
                "event_id": str(event.event_id),
                "line_id": line_id,
                "version": event.originator_version,
                "skpd": skpd,
                "tahun": tahun,
                "kode": kode,
                "kind": type(event).__name__,
                "stage": stage,
                "recorded_at": logged.recorded_at,
                "effective": event.effective,
                "actor": event.actor,
                "reason": event.reason,
                "document": document.title if document else None,
                "document_date": document.date if document else None,
                "provenance": str(event.provenance) if event.provenance else None,
                "change": json.dumps(_text(change), ensure_ascii=False, sort_keys=True),
                "corrected_by": None,
            },
        )

    def _value(
        self, logged: LoggedEvent, field_name: str, stage_rank: int, **values: Any
    ) -> dict[str, Any]:
        event = logged.event
        row = {
            "line_id": event.originator_id.hex,
            "field": field_name,
            "slot": 0,
            "year": None,
            "stage_rank": stage_rank,
            "effective": event.effective,
            "position": logged.position,
            "amount_sen": None,
            "number": None,
            "unit": None,
            "text": None,
            "kind": None,
            "event_id": str(event.event_id),
            "voided_position": None,
        }
        row.update(values)
        return row

    @staticmethod
    def _target(target: Target | None) -> dict[str, Any]:
        if target is None:
            return {"number": None, "unit": None}
        return {"number": f"{target.value:f}", "unit": target.unit}

    @singledispatchmethod
    def change(
        self, event: LineEvent, logged: LoggedEvent, batch: Batch
    ) -> tuple[dict[str, Any], str | None]:
        raise TypeError(f"no projection for {type(event).__name__}")

    @change.register
    def _(
        self, event: LineRegistered, logged: LoggedEvent, batch: Batch
    ) -> tuple[dict[str, Any], str | None]:
        kode = event.kode.text
        parent = Kode(kode).parent
        self.line_meta[event.originator_id.hex] = (event.skpd, event.tahun, kode)
        batch.add(
            "rm_line",
            {
                "line_id": event.originator_id.hex,
                "skpd": event.skpd,
                "tahun": event.tahun,
                "kode": kode,
                "sort_key": sort_key(kode),
                "level": event.level.value,
                "parent_kode": parent.text if parent else None,
                "nama": event.nama,
                "stage_rank": event.stage.rank,
                "effective": event.effective,
                "position": logged.position,
            },
        )
        batch.add(
            "rm_value", self._value(logged, "location", event.stage.rank, text=event.location)
        )
        return (
            {
                "nama": event.nama,
                "level": event.level.value,
                "indicator": event.indicator,
                "location": event.location,
            },
            event.stage.value,
        )

    @change.register
    def _(
        self, event: PaguChanged, logged: LoggedEvent, batch: Batch
    ) -> tuple[dict[str, Any], str | None]:
        batch.add(
            "rm_value", self._value(logged, "pagu", event.stage.rank, amount_sen=sen(event.amount))
        )
        change: dict[str, Any] = {
            "field": "pagu",
            "old": event.previous,
            "new": event.amount,
            "difference": event.amount - (event.previous or Decimal("0.00")),
        }
        if isinstance(event, PaguShifted):
            change |= {"counterpart": event.counterpart.text, "transfer_id": str(event.transfer_id)}
        return change, event.stage.value

    @change.register
    def _(
        self, event: TargetChanged, logged: LoggedEvent, batch: Batch
    ) -> tuple[dict[str, Any], str | None]:
        batch.add(
            "rm_value",
            self._value(
                logged,
                "target",
                event.stage.rank,
                slot=event.indicator_no,
                text=event.indicator,
                kind=event.kind.value,
                **self._target(event.target),
            ),
        )
        return (
            {
                "field": "target",
                "indicator_no": event.indicator_no,
                "indicator": event.indicator,
                "old": str(event.previous) if event.previous else None,
                "new": str(event.target) if event.target else None,
                "kind": event.kind.value,
            },
            event.stage.value,
        )

    @change.register
    def _(
        self, event: LocationRevised, logged: LoggedEvent, batch: Batch
    ) -> tuple[dict[str, Any], str | None]:
        batch.add(
            "rm_value", self._value(logged, "location", event.stage.rank, text=event.location)
        )
        return {
            "field": "location",
            "old": event.previous,
            "new": event.location,
        }, event.stage.value

    @change.register
    def _(
        self, event: ForwardEstimateSet, logged: LoggedEvent, batch: Batch
    ) -> tuple[dict[str, Any], str | None]:
        batch.add(
            "rm_value",
            self._value(
                logged,
                "forward",
                0,
                slot=event.indicator_no,
                year=event.year,
                amount_sen=sen(event.pagu),
                **self._target(event.target),
            ),
        )
        return (
            {
                "field": "forward",
                "year": event.year,
                "indicator_no": event.indicator_no,
                "target": str(event.target) if event.target else None,
                "pagu": event.pagu,
            },
            None,
        )

    @change.register
    def _(
        self, event: RenstraTargetSet, logged: LoggedEvent, batch: Batch
    ) -> tuple[dict[str, Any], str | None]:
        batch.add("rm_value", self._value(logged, "renstra", 0, **self._target(event.target)))
        return {"field": "renstra", "new": str(event.target) if event.target else None}, None

    @change.register
    def _(
        self, event: PriorRealizationRecorded, logged: LoggedEvent, batch: Batch
    ) -> tuple[dict[str, Any], str | None]:
        batch.add(
            "rm_value",
            self._value(logged, "prior", 0, year=event.through_year, **self._target(event.output)),
        )
        return {
            "field": "prior",
            "through_year": event.through_year,
            "new": str(event.output) if event.output else None,
        }, None

    @change.register
    def _(
        self, event: RenjaTargetSet, logged: LoggedEvent, batch: Batch
    ) -> tuple[dict[str, Any], str | None]:
        batch.add(
            "rm_value",
            self._value(logged, "renja", 0, year=event.year, **self._target(event.target)),
        )
        return {
            "field": "renja",
            "year": event.year,
            "new": str(event.target) if event.target else None,
        }, None

    @change.register
    def _(
        self, event: RealizationRecorded, logged: LoggedEvent, batch: Batch
    ) -> tuple[dict[str, Any], str | None]:
        output = self._target(event.output)
        batch.add(
            "rm_realization",
            {
                "line_id": event.originator_id.hex,
                "quarter": event.quarter.value,
                "spent_sen": sen(event.spent),
                "output_number": output["number"],
                "output_unit": output["unit"],
                "cumulative": event.cumulative,
                "effective": event.effective,
                "position": logged.position,
                "event_id": str(event.event_id),
                "voided_position": None,
            },
        )
        return (
            {
                "field": "realization",
                "quarter": event.quarter.name,
                "spent": event.spent,
                "output": str(event.output) if event.output else None,
                "cumulative": event.cumulative,
                "overrun_accepted": event.overrun_accepted,
            },
            None,
        )

    @change.register
    def _(
        self, event: NoteAttached, logged: LoggedEvent, batch: Batch
    ) -> tuple[dict[str, Any], str | None]:
        batch.add(
            "rm_note",
            {
                "line_id": event.originator_id.hex,
                "text": event.text,
                "effective": event.effective,
                "position": logged.position,
                "event_id": str(event.event_id),
                "voided_position": None,
            },
        )
        return {"field": "note", "text": event.text}, None

    @change.register
    def _(
        self, event: PrintedFiguresNoted, logged: LoggedEvent, batch: Batch
    ) -> tuple[dict[str, Any], str | None]:
        for name, number in event.figures.items():
            batch.add(
                "rm_printed",
                {
                    "line_id": event.originator_id.hex,
                    "source_table": event.table,
                    "name": name,
                    "number": None if number is None else f"{number:f}",
                    "position": logged.position,
                    "event_id": str(event.event_id),
                    "voided_position": None,
                },
            )
        return {"field": "printed", "table": event.table, "figures": event.figures}, None

    @change.register
    def _(
        self, event: SpmIndicatorRecorded, logged: LoggedEvent, batch: Batch
    ) -> tuple[dict[str, Any], str | None]:
        payload = {
            "indicator": event.indicator,
            "standard": event.standard,
            "ikk": event.ikk,
            "targets": event.targets,
            "realizations": event.realizations,
            "projection": event.projection,
            "note": event.note,
        }
        batch.add(
            "rm_spm",
            {
                "line_id": event.originator_id.hex,
                "number": event.number,
                "payload": json.dumps(_text(payload), ensure_ascii=False),
                "effective": event.effective,
                "position": logged.position,
                "event_id": str(event.event_id),
                "voided_position": None,
            },
        )
        return {"field": "spm", "number": event.number, "indicator": event.indicator}, None

    @change.register
    def _(
        self, event: DocumentImported, logged: LoggedEvent, batch: Batch
    ) -> tuple[dict[str, Any], str | None]:
        batch.add(
            "rm_document",
            {
                "position": logged.position,
                "line_id": event.originator_id.hex,
                "sha256": event.sha256,
                "file_name": event.file_name,
                "title": event.title,
                "document_date": event.document_date,
                "counts": json.dumps(event.counts, sort_keys=True),
            },
        )
        for found in event.findings:
            batch.add(
                "rm_finding",
                {
                    "document_position": logged.position,
                    "kind": found.get("kind", ""),
                    "line_no": found.get("line_no"),
                    "kode": found.get("kode"),
                    "message": found.get("message", ""),
                    "printed": found.get("printed"),
                    "computed": found.get("computed"),
                },
            )
        return (
            {
                "field": "document",
                "sha256": event.sha256,
                "file_name": event.file_name,
                "title": event.title,
                "findings": len(event.findings),
            },
            None,
        )

    @change.register
    def _(
        self, event: EntryCorrected, logged: LoggedEvent, batch: Batch
    ) -> tuple[dict[str, Any], str | None]:
        batch.voids.append((str(event.corrected_event_id), logged.position))
        return {
            "field": "correction",
            "corrected_event_id": str(event.corrected_event_id),
            "corrected_version": event.corrected_version,
        }, None
