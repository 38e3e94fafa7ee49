"""How events become bytes and back: the transcoder every reader and writer must use.

eventsourcing's JSON transcoder knows Decimal, UUID and datetime; everything else in
the vocabulary (dates, codes, targets, enums, document references) is registered here,
in one place, so the write side and the read side cannot drift apart.
"""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Any

from eventsourcing.persistence import (
    DatetimeAsISO,
    DecimalAsStr,
    JSONTranscoder,
    Mapper,
    Transcoding,
    UUIDAsHex,
)

from events.codes import Kode, Level
from events.periods import Quarter, Stage
from events.sources import DocumentRef, Provenance
from events.targets import IndicatorKind, Target


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class KodeAsStr(Transcoding):
    type = Kode
    name = "kode"

    def encode(self, obj: Kode) -> str:
        return obj.text

    def decode(self, data: str) -> Kode:
        return Kode(data)


class TargetAsDict(Transcoding):
    type = Target
    name = "target"

    def encode(self, obj: Target) -> dict[str, Any]:
        return {"value": obj.value, "unit": obj.unit}

    def decode(self, data: dict[str, Any]) -> Target:
        return Target(data["value"], data["unit"])


class DocumentRefAsDict(Transcoding):
    type = DocumentRef
    name = "document"

    def encode(self, obj: DocumentRef) -> dict[str, Any]:
        return {"title": obj.title, "date": obj.date}

    def decode(self, data: dict[str, Any]) -> DocumentRef:
        return DocumentRef(data["title"], data["date"])


class ProvenanceAsDict(Transcoding):
    type = Provenance
    name = "provenance"

    def encode(self, obj: Provenance) -> dict[str, Any]:
        return {"sha256": obj.sha256, "table": obj.table, "row": obj.row}

    def decode(self, data: dict[str, Any]) -> Provenance:
        return Provenance(data["sha256"], data["table"], data["row"])


def _enum_transcoding(enum_type: type[Enum], name: str) -> Transcoding:
    class EnumAsValue(Transcoding):
        type = enum_type

        def encode(self, obj: Enum) -> Any:
            return obj.value

        def decode(self, data: Any) -> Enum:
            return enum_type(data)

    EnumAsValue.name = name
    EnumAsValue.__name__ = f"{enum_type.__name__}AsValue"
    return EnumAsValue()


def register_transcodings(transcoder: JSONTranscoder) -> None:
    """Register every custom type of the vocabulary (exact types, not subclasses)."""
    for transcoding in (
        DateAsISO(),
        KodeAsStr(),
        TargetAsDict(),
        DocumentRefAsDict(),
        ProvenanceAsDict(),
        _enum_transcoding(Stage, "stage"),
        _enum_transcoding(Quarter, "quarter"),
        _enum_transcoding(Level, "level"),
        _enum_transcoding(IndicatorKind, "indicator_kind"),
    ):
        transcoder.register(transcoding)


def build_transcoder() -> JSONTranscoder:
    transcoder = JSONTranscoder()
    for builtin in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO()):
        transcoder.register(builtin)
    register_transcodings(transcoder)
    return transcoder


def build_mapper() -> Mapper[Any]:
    """A mapper for reading stored events outside the application (projections,
    verification tools)."""
    return Mapper(transcoder=build_transcoder())
