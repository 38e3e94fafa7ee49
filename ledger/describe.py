"""One line of plain words for an event, for dry runs and summaries."""

from __future__ import annotations

from events.line import (
    EntryCorrected,
    FactorNoted,
    ForwardEstimateSet,
    LineEvent,
    LineRegistered,
    LocationRevised,
    NoteAttached,
    PaguChanged,
    PrintedFiguresNoted,
    PriorRealizationRecorded,
    RealizationRecorded,
    RenjaTargetSet,
    RenstraTargetSet,
    SpmIndicatorRecorded,
    TargetChanged,
)
from events.money import format_rupiah


def describe(event: LineEvent) -> str:
    if isinstance(event, LineRegistered):
        return f"{event.level.value} '{event.nama}' ({event.stage.value})"
    if isinstance(event, PaguChanged):
        old = format_rupiah(event.previous) if event.previous is not None else "-"
        return f"pagu {old} -> {format_rupiah(event.amount)} ({event.stage.value})"
    if isinstance(event, TargetChanged):
        return (
            f"target {event.indicator_no}: {event.previous or '-'} -> {event.target or '-'} "
            f"({event.stage.value})"
        )
    if isinstance(event, LocationRevised):
        return f"location -> {event.location} ({event.stage.value})"
    if isinstance(event, ForwardEstimateSet):
        pagu = format_rupiah(event.pagu) if event.pagu is not None else "-"
        return f"forward {event.year}: target {event.target or '-'}, pagu {pagu}"
    if isinstance(event, RenstraTargetSet):
        return f"Renstra target {event.target or '-'}"
    if isinstance(event, PriorRealizationRecorded):
        return f"realization to {event.through_year}: {event.output or '-'}"
    if isinstance(event, RenjaTargetSet):
        return f"Renja target {event.year}: {event.target or '-'}"
    if isinstance(event, RealizationRecorded):
        spent = format_rupiah(event.spent) if event.spent is not None else "-"
        basis = "cumulative" if event.cumulative else "quarter"
        return (
            f"triwulan {event.quarter.name} ({basis}): output {event.output or '-'}, spent {spent}"
        )
    if isinstance(event, NoteAttached):
        return f"note: {event.text[:60]}"
    if isinstance(event, FactorNoted):
        return f"{event.kind}: {event.text[:60]}"
    if isinstance(event, PrintedFiguresNoted):
        return f"printed figures from {event.table}: {', '.join(event.figures)}"
    if isinstance(event, SpmIndicatorRecorded):
        return f"SPM indicator {event.number}: {event.indicator[:50]}"
    if isinstance(event, EntryCorrected):
        return f"corrects event {event.corrected_event_id}"
    return type(event).__name__
