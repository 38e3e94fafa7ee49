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


def _fields_transcoding(value_type: type, name: str, fields: tuple[str, ...]) -> Transcoding:
    """A value object as a JSON object of the named fields, in that order (the stored
    form), built back from them in the same order."""

    class FieldsAsDict(Transcoding):
        type = value_type

        def encode(self, obj: Any) -> dict[str, Any]:
            return {field: getattr(obj, field) for field in fields}

        def decode(self, data: dict[str, Any]) -> Any:
            return value_type(*(data[field] for field in fields))

    FieldsAsDict.name = name
    FieldsAsDict.__name__ = f"{value_type.__name__}AsDict"
    return FieldsAsDict()


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
        _fields_transcoding(Target, "target", ("value", "unit")),
        _fields_transcoding(DocumentRef, "document", ("title", "date")),
        _fields_transcoding(Provenance, "provenance", ("sha256", "table", "row")),
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
