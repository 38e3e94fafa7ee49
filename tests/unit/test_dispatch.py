"""A new event kind cannot be half-added: every event class defined under events/ is
listed, has a state change on the write side, a description, rows in the read model,
a family for `pagu audit --kind`, and a decision whether it can be corrected.

README, "Adding an event kind", lists the files; this test names the one missed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from events import Kode, Stage
from events.line import ALL_EVENT_CLASSES, LineEvent, NoteAttached
from ledger.describe import description_of
from ledger.line import Basis, BudgetLine
from ledger.line_base import STATE_CHANGES, state_change_of
from ledger.line_state import CORRECTABLE
from projections.rows import EventRows
from projections.views.audit import KIND_GROUPS
from tests.event_strategies import every_event_class

EVERY_KIND = sorted(every_event_class(), key=lambda cls: cls.__name__)
DISPATCHERS: dict[str, Callable[[type[LineEvent]], Any]] = {
    "the write side's state change (ledger/line.py, ledger/line_records.py: @applies)": (
        state_change_of
    ),
    "its description (ledger/describe.py: DESCRIPTIONS)": description_of,
    "its rows in the read model (projections/rows.py: EventRows._HANDLERS)": (
        EventRows.projection_of
    ),
    "its families for audit --kind (events/line.py: families)": lambda kind: (
        [group for group, names in KIND_GROUPS.items() if kind.__name__ in names] or None
    ),
}


def test_every_event_class_is_listed() -> None:
    assert set(ALL_EVENT_CLASSES) == set(EVERY_KIND)
    assert len(EVERY_KIND) >= 18  # the walk sees the vocabulary


@pytest.mark.parametrize("kind", EVERY_KIND, ids=lambda cls: cls.__name__)
def test_every_dispatcher_knows_every_event_class(kind: type[LineEvent]) -> None:
    missing = [where for where, lookup in DISPATCHERS.items() if lookup(kind) is None]
    assert missing == [], f"{kind.__name__} lacks " + "; ".join(missing)


def test_the_families_and_corrections_are_those_the_kinds_declare() -> None:
    assert KIND_GROUPS["pagu"] == ("PaguSet", "PaguRevised", "PaguShifted")
    assert KIND_GROUPS["shift"] == ("PaguShifted",)
    assert list(KIND_GROUPS)[:3] == ["registration", "pagu", "shift"]
    assert {"LineRegistered", "EntryCorrected", "DocumentImported", "EditionEnacted"}.isdisjoint(
        CORRECTABLE
    )
    assert {"PaguShifted", "NoteAttached", "SpmIndicatorRecorded"} <= CORRECTABLE


class Unknown(LineEvent):
    """An event kind half-added: defined, but known to no dispatcher."""


def test_each_dispatcher_misses_a_kind_it_does_not_know() -> None:
    missing = [where for where, lookup in DISPATCHERS.items() if lookup(Unknown) is None]
    assert missing == list(DISPATCHERS)


def test_the_write_side_refuses_an_event_it_has_no_state_change_for() -> None:
    line = BudgetLine.register(
        skpd="Dinas Contoh",
        tahun=2024,
        kode=Kode("1.06.01.2.01.01"),
        nama="Sub",
        indicator=None,
        location=None,
        stage=Stage.MURNI,
        basis=Basis("tester", "uji", None, date(2024, 1, 1)),
    )
    with pytest.raises(TypeError, match="no state change for Unknown"):
        line.trigger_event(Unknown, actor="a", reason="r", document=None,
                           effective=date(2024, 1, 2), provenance=None)  # fmt: skip
    assert state_change_of(NoteAttached) is STATE_CHANGES[NoteAttached]
