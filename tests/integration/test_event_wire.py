"""Every event class, random instances: what the write side stores, the read side
decodes to the same event, and catch-up's lean decoding of the payload (no domain
event built, `projections.values`) gives the event's own fields.

The write side is a real `Ledger` (its application mapper, on a SQLite file); the read
side is `projections.decoded` (the one decoder) and `projections.rows.EventRows`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events.line import ALL_EVENT_CLASSES, LineEvent
from events.storage_format import EVENT_TABLE
from ledger.service import Ledger
from ledger.storage import StoreLocation
from projections import decoded
from projections.rows import COLUMNS, Batch, EventRows
from tests.event_strategies import ANY_EVENT, every_event_class

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ledger]:
    path: Path = tmp_path_factory.mktemp("wire") / "pagu.db"
    found = Ledger(StoreLocation.parse(str(path)))
    yield found
    found.close()


def record_of(ledger: Ledger, event: LineEvent) -> tuple[int, str, Any, int, str, bytes]:
    stored = ledger.mapper.to_stored_event(event)
    recorded_at = "2024-08-14T02:00:00.000000+00:00"
    return (7, recorded_at, stored.originator_id, stored.originator_version, stored.topic,
            stored.state)  # fmt: skip


def test_the_strategies_cover_every_event_class() -> None:
    assert every_event_class() == set(ALL_EVENT_CLASSES)


@SETTINGS
@given(event=ANY_EVENT)
def test_the_read_side_decodes_what_the_write_side_stored(ledger: Ledger, event: LineEvent) -> None:
    record = record_of(ledger, event)
    assert record[4] == f"events.line:{type(event).__name__}"  # topics name the vocabulary
    assert decoded.decode(record) == event


def _document(event: LineEvent) -> tuple[str | None, str | None]:
    if event.document is None:
        return None, None
    dated = event.document.date
    return event.document.title, None if dated is None else dated.isoformat()


@SETTINGS
@given(event=ANY_EVENT, registered=st.booleans())
def test_catch_up_reads_the_fields_the_event_holds(
    ledger: Ledger, event: LineEvent, registered: bool
) -> None:
    rows = EventRows()
    line_id = event.originator_id.hex
    rows.line_meta[line_id] = ("Dinas Contoh", 2024, "1.06.01.2.01.01")
    batch = Batch()
    rows.apply(record_of(ledger, event), batch)
    [audit] = batch.rows[EVENT_TABLE]
    row = dict(zip(COLUMNS[EVENT_TABLE], audit, strict=True))
    title, dated = _document(event)
    assert row["event_id"] == str(event.event_id)
    assert row["line_id"] == line_id
    assert row["version"] == event.originator_version
    assert row["kind"] == type(event).__name__
    assert row["effective"] == event.effective.isoformat()
    assert (row["actor"], row["reason"]) == (event.actor, event.reason)
    assert (row["document"], row["document_date"]) == (title, dated)
    assert row["provenance"] == (None if event.provenance is None else str(event.provenance))
    assert row["stage"] == (event.stage.value if hasattr(event, "stage") else row["stage"])
    orjson.loads(row["change"])  # the change, spelled out, is JSON
    for table, found in batch.rows.items():
        for values in found:  # every row of the event names its line and its event
            named = dict(zip(COLUMNS[table], values, strict=True))
            if "line_id" in named:
                assert named["line_id"] == line_id
            if "event_id" in named:
                assert named["event_id"] == str(event.event_id)
