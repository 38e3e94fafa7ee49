"""Corrections of a budget line: an event recorded by mistake is never removed; an
`EntryCorrected` names it, and from then on the line reads as if it had not been
recorded (its values voided). A verb of `BudgetLine` (see `ledger.line_base`)."""

from __future__ import annotations

from typing import Any

from events.errors import InvalidInput
from events.i18n import _
from events.line import EntryCorrected, event_id_of
from ledger.line_base import LineBase, applies
from ledger.line_state import CORRECTABLE, Basis, Entry


class LineCorrections(LineBase):
    """Correcting a line's events (BudgetLine's, with ledger/line.py and
    ledger/line_records.py)."""

    def correct(self, version: int, basis: Basis) -> None:
        """Record that the event at `version` was a mistake; it stays in the log."""
        recorded = self.recorded.get(version)
        if recorded is None:
            raise InvalidInput(
                _("{kode}: no event with version {version}").format(kode=self.kode, version=version)
            )
        if recorded.kind in ("LineRegistered", "EntryCorrected"):
            raise InvalidInput(
                _("{kode}: a {kind} event cannot be corrected").format(
                    kode=self.kode, kind=recorded.kind
                )
            )
        if recorded.kind not in CORRECTABLE:
            raise InvalidInput(
                _(
                    "{kode}: a {kind} event cannot be corrected (corrections apply to pagu, "
                    "targets, locations, estimates, Renstra and Renja targets, realizations, "
                    "notes, printed figures and SPM records)"
                ).format(kode=self.kode, kind=recorded.kind)
            )
        if recorded.corrected:
            raise InvalidInput(
                _("{kode}: that event has already been corrected").format(kode=self.kode)
            )
        self.trigger_event(
            EntryCorrected,
            corrected_event_id=event_id_of(self.id, version),
            corrected_version=version,
            **basis.fields(),
        )

    @applies(EntryCorrected)
    def _entry_corrected(self, event: EntryCorrected) -> None:
        version = event.corrected_version
        self.recorded[version].corrected = True
        entries: list[Entry[Any]] = [*self.pagu, *self.location]
        for target_entries in self.targets.values():
            entries.extend(target_entries)
        for entry in entries:
            if entry.version == version:
                entry.voided = True
        for realization in self.realizations:
            if realization.version == version:
                realization.voided = True
        self.facts.void(version)
        self._remember(event)
