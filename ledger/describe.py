"""One line of plain words for an event, for dry runs and summaries."""

from __future__ import annotations

from events.i18n import _
from events.line import (
    EntryCorrected,
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
        return _("pagu {old} -> {amount} ({stage})").format(
            old=old, amount=format_rupiah(event.amount), stage=event.stage.value
        )
    if isinstance(event, TargetChanged):
        return _("target {number}: {previous} -> {target} ({stage})").format(
            number=event.indicator_no,
            previous=event.previous or "-",
            target=event.target or "-",
            stage=event.stage.value,
        )
    if isinstance(event, LocationRevised):
        return _("location -> {location} ({stage})").format(
            location=event.location, stage=event.stage.value
        )
    if isinstance(event, ForwardEstimateSet):
        pagu = format_rupiah(event.pagu) if event.pagu is not None else "-"
        return _("forward {year}: target {target}, pagu {pagu}").format(
            year=event.year, target=event.target or "-", pagu=pagu
        )
    if isinstance(event, RenstraTargetSet):
        return _("Renstra target {target}").format(target=event.target or "-")
    if isinstance(event, PriorRealizationRecorded):
        return _("realization to {through_year}: {output}").format(
            through_year=event.through_year, output=event.output or "-"
        )
    if isinstance(event, RenjaTargetSet):
        return _("Renja target {year}: {target}").format(
            year=event.year, target=event.target or "-"
        )
    if isinstance(event, RealizationRecorded):
        spent = format_rupiah(event.spent) if event.spent is not None else "-"
        basis = _("cumulative") if event.cumulative else _("quarter")
        return _("triwulan {quarter} ({basis}): output {output}, spent {spent}").format(
            quarter=event.quarter.name, basis=basis, output=event.output or "-", spent=spent
        )
    if isinstance(event, NoteAttached):
        return _("note: {text}").format(text=event.text[:60])
    if isinstance(event, PrintedFiguresNoted):
        return _("printed figures from {table}: {figures}").format(
            table=event.table, figures=", ".join(event.figures)
        )
    if isinstance(event, SpmIndicatorRecorded):
        return _("SPM indicator {number}: {indicator}").format(
            number=event.number, indicator=event.indicator[:50]
        )
    if isinstance(event, EntryCorrected):
        return _("corrects event {corrected_event_id}").format(
            corrected_event_id=event.corrected_event_id
        )
    return type(event).__name__
