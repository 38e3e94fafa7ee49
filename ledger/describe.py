"""One line of plain words for an event, for dry runs and summaries.

One description per event class (a family's covers its members); an event without one
is refused, and `tests/unit/test_dispatch.py` fails before that can happen."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# the event kinds as `line_events.PaguChanged`: each one is named here, with its words
from events import line as line_events
from events.i18n import _
from events.line import LineEvent
from events.money import format_rupiah


def _line_registered(event: line_events.LineRegistered) -> str:
    return f"{event.level.value} '{event.nama}' ({event.stage.value})"


def _pagu_changed(event: line_events.PaguChanged) -> str:
    old = format_rupiah(event.previous) if event.previous is not None else "-"
    return _("pagu {old} -> {amount} ({stage})").format(
        old=old, amount=format_rupiah(event.amount), stage=event.stage.value
    )


def _target_changed(event: line_events.TargetChanged) -> str:
    return _("target {number}: {previous} -> {target} ({stage})").format(
        number=event.indicator_no,
        previous=event.previous or "-",
        target=event.target or "-",
        stage=event.stage.value,
    )


def _location_revised(event: line_events.LocationRevised) -> str:
    return _("location -> {location} ({stage})").format(
        location=event.location, stage=event.stage.value
    )


def _forward_estimate_set(event: line_events.ForwardEstimateSet) -> str:
    pagu = format_rupiah(event.pagu) if event.pagu is not None else "-"
    return _("forward {year}: target {target}, pagu {pagu}").format(
        year=event.year, target=event.target or "-", pagu=pagu
    )


def _renstra_target_set(event: line_events.RenstraTargetSet) -> str:
    return _("Renstra target {target}").format(target=event.target or "-")


def _prior_realization_recorded(event: line_events.PriorRealizationRecorded) -> str:
    return _("realization to {through_year}: {output}").format(
        through_year=event.through_year, output=event.output or "-"
    )


def _renja_target_set(event: line_events.RenjaTargetSet) -> str:
    return _("Renja target {year}: {target}").format(year=event.year, target=event.target or "-")


def _realization_recorded(event: line_events.RealizationRecorded) -> str:
    spent = format_rupiah(event.spent) if event.spent is not None else "-"
    basis = _("cumulative") if event.cumulative else _("quarter")
    return _("triwulan {quarter} ({basis}): output {output}, spent {spent}").format(
        quarter=event.quarter.name, basis=basis, output=event.output or "-", spent=spent
    )


def _note_attached(event: line_events.NoteAttached) -> str:
    return _("note: {text}").format(text=event.text[:60])


def _factor_noted(event: line_events.FactorNoted) -> str:
    return f"{event.kind}: {event.text[:60]}"


def _printed_figures_noted(event: line_events.PrintedFiguresNoted) -> str:
    return _("printed figures from {table}: {figures}").format(
        table=event.table, figures=", ".join(event.figures)
    )


def _spm_indicator_recorded(event: line_events.SpmIndicatorRecorded) -> str:
    return _("SPM indicator {number}: {indicator}").format(
        number=event.number, indicator=event.indicator[:50]
    )


def _entry_corrected(event: line_events.EntryCorrected) -> str:
    return _("corrects event {corrected_event_id}").format(
        corrected_event_id=event.corrected_event_id
    )


def _by_name(event: LineEvent) -> str:
    return type(event).__name__


DESCRIPTIONS: dict[type[LineEvent], Callable[[Any], str]] = {
    line_events.LineRegistered: _line_registered,
    line_events.PaguChanged: _pagu_changed,
    line_events.TargetChanged: _target_changed,
    line_events.LocationRevised: _location_revised,
    line_events.ForwardEstimateSet: _forward_estimate_set,
    line_events.RenstraTargetSet: _renstra_target_set,
    line_events.PriorRealizationRecorded: _prior_realization_recorded,
    line_events.RenjaTargetSet: _renja_target_set,
    line_events.RealizationRecorded: _realization_recorded,
    line_events.NoteAttached: _note_attached,
    line_events.FactorNoted: _factor_noted,
    line_events.PrintedFiguresNoted: _printed_figures_noted,
    line_events.SpmIndicatorRecorded: _spm_indicator_recorded,
    line_events.EntryCorrected: _entry_corrected,
    line_events.DocumentImported: _by_name,
    line_events.EditionEnacted: _by_name,
}


def description_of(kind: type[LineEvent]) -> Callable[[Any], str] | None:
    """The description of an event class: its own, else its family's."""
    for base in kind.__mro__:
        found = DESCRIPTIONS.get(base)
        if found is not None:
            return found
    return None


def describe(event: LineEvent) -> str:
    found = description_of(type(event))
    if found is None:
        raise TypeError(f"no description of {type(event).__name__} (ledger/describe.py)")
    return found(event)
