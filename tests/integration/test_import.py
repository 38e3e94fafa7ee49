"""Importing the real document into a real SQLite file and a real PostgreSQL schema."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from events import Kode, Level, Stage
from events.line import PaguRevised
from ledger.importer import DocumentError, import_document
from ledger.line import BudgetLine
from ledger.service import Ledger, open_ledger
from tests.conftest import EXAMPLE_DOCUMENT, SHARED_DOCUMENT

SKPD = "Dinas Sosial Kabupaten Kutai Kartanegara"


def all_lines(ledger: Ledger) -> list[BudgetLine]:
    streams = {n.originator_id for n in ledger.recorder.select_notifications(1, 100_000)}
    return list(ledger.lines(streams).values())


def event_count(ledger: Ledger) -> int:
    counted = ledger.event_count()
    assert counted == len(ledger.recorder.select_notifications(1, 100_000))
    return counted


@pytest.fixture
def ledger(store_url: str):  # type: ignore[no-untyped-def]
    opened = open_ledger(store_url)
    yield opened
    opened.close()


def test_records_every_line_and_the_document_totals(ledger: Ledger) -> None:
    result = import_document(ledger, SHARED_DOCUMENT, actor="tester")
    assert result.written
    lines = all_lines(ledger)
    levels = Counter(line.level for line in lines)
    assert levels == {Level.URUSAN: 1, Level.PROGRAM: 7, Level.KEGIATAN: 18, Level.SUB_KEGIATAN: 61}
    subs = [line for line in lines if line.level is Level.SUB_KEGIATAN]
    assert sum(line.current_pagu(Stage.MURNI) or 0 for line in subs) == Decimal("44596627447.00")
    assert sum(line.current_pagu() or 0 for line in subs) == Decimal("50009023965.00")
    new_line = next(line for line in subs if line.kode == Kode("1.06.01.2.07.02"))
    assert (
        new_line.stage_registered is Stage.PERUBAHAN and new_line.current_pagu(Stage.MURNI) is None
    )


def test_revisions_cite_the_document_and_the_reason_it_gives(ledger: Ledger) -> None:
    import_document(ledger, SHARED_DOCUMENT, actor="tester")
    line = ledger.get_line(SKPD, 2024, Kode("1.06.04.2.01.05"))
    events = list(ledger.events.get(line.id))
    revision = next(e for e in events if isinstance(e, PaguRevised))
    assert (revision.previous, revision.amount) == (Decimal("733389000.00"), Decimal("83804000.00"))
    assert revision.stage is Stage.PERUBAHAN and revision.effective == date(2024, 8, 14)
    assert revision.reason.startswith("karena peserta lomba evennya tidak ada tersedia")
    assert revision.document is not None and revision.document.date == date(2024, 8, 14)
    assert revision.provenance is not None and revision.provenance.table == "BAB III"
    assert revision.provenance.row == 432 and revision.actor == "tester"
    murni = next(e for e in events if type(e).__name__ == "PaguSet")
    assert murni.effective == date(2024, 1, 1) and murni.document.title.startswith("APBD")


def test_importing_the_same_document_again_adds_nothing(ledger: Ledger) -> None:
    first = import_document(ledger, SHARED_DOCUMENT, actor="tester")
    count = event_count(ledger)
    again = import_document(ledger, SHARED_DOCUMENT, actor="someone else")
    assert count == len(first.events) and again.events == [] and event_count(ledger) == count
    # the bundled example holds the same figures: only the fact that it was imported is new
    example = import_document(ledger, EXAMPLE_DOCUMENT, actor="tester")
    assert [type(e).__name__ for e in example.events] == ["DocumentImported"]
    imported = example.events[0]
    assert imported.counts["events"] == 0 and len(imported.findings) == 56  # type: ignore[attr-defined]


def test_a_later_document_adds_only_what_changed(ledger: Ledger, tmp_path: Path) -> None:
    import_document(ledger, SHARED_DOCUMENT, actor="tester")
    before = event_count(ledger)
    text = SHARED_DOCUMENT.read_text(encoding="utf-8").split("\n")
    for index, (old, new) in {
        375: ("100.000.000,00\t-\t6 Laporan", "120.000.000,00\t-\t6 Laporan"),
        460: ("100.000.000,00\t-\t4 Kampung", "90.000.000,00\t-\t4 Kampung"),
    }.items():
        assert old in text[index]
        text[index] = text[index].replace(old, new)
    text = [t.replace("Tenggarong, 14 Agustus 2024", "Tenggarong, 2 September 2024") for t in text]
    later = tmp_path / "renja-perubahan-2024-revisi.txt"
    later.write_text("\n".join(text), encoding="utf-8")
    result = import_document(ledger, later, actor="tester")
    assert event_count(ledger) == before + 3
    assert sorted(type(e).__name__ for e in result.events) == [
        "DocumentImported",
        "PaguRevised",
        "PaguRevised",
    ]
    revisions = [e for e in result.events if isinstance(e, PaguRevised)]
    changed = {ledger.repository.get(e.originator_id).kode.text: e for e in revisions}  # type: ignore[attr-defined]
    assert set(changed) == {"1.06.01.2.01.06", "1.06.06.2.02.01"}
    assert changed["1.06.01.2.01.06"].amount == Decimal("120000000.00")
    assert all(e.effective == date(2024, 9, 2) for e in result.events)
    document = next(e for e in result.events if not isinstance(e, PaguRevised))
    assert document.counts["events"] == 2  # type: ignore[attr-defined]


def test_a_broken_document_writes_nothing(ledger: Ledger, tmp_path: Path) -> None:
    import_document(ledger, EXAMPLE_DOCUMENT, actor="tester")
    before = event_count(ledger)
    broken = tmp_path / "broken.txt"
    lines = SHARED_DOCUMENT.read_text(encoding="utf-8").split("\n")
    lines[438] = lines[438].replace("80.000.000,00", "80.0O0.000,00", 1)  # a later sub kegiatan
    lines[0:0] = ["PEMERINTAH KABUPATEN KUTAI BARAT"]  # and a different SKPD: all lines new
    broken.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(DocumentError, match="line 440"):
        import_document(ledger, broken, actor="tester")
    assert event_count(ledger) == before


def test_dry_run_writes_nothing(ledger: Ledger) -> None:
    result = import_document(ledger, SHARED_DOCUMENT, actor="tester", dry_run=True)
    assert len(result.events) > 700 and not result.written
    assert event_count(ledger) == 0
