"""Every verb of BudgetLine and every guard, in memory (no database), in the style of the
eventsourcing library's bank-accounts example: call the verb, look at the state and
at the pending events; a refused verb raises and records nothing; the events rebuild
the same line."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

import pytest

from events import InvalidInput, Kode, Quarter, Stage, Target
from events.line import (
    DocumentImported,
    EntryCorrected,
    ForwardEstimateSet,
    LineRegistered,
    LocationRevised,
    NoteAttached,
    PaguRevised,
    PaguSet,
    PrintedFiguresNoted,
    PriorRealizationRecorded,
    RealizationRecorded,
    RenjaTargetSet,
    RenstraTargetSet,
    TargetRevised,
    TargetSet,
)
from events.targets import IndicatorKind
from ledger.line import Basis, BudgetLine, ImportedDocument, Overrun, Realized, ShiftSide

ON = date(2024, 1, 2)


def basis(day: date = ON) -> Basis:
    return Basis("tester", "uji", None, day)


def line(kode: str = "1.06.01.2.01.01") -> BudgetLine:
    return BudgetLine.register(
        skpd=" Dinas Contoh ",
        tahun=2024,
        kode=Kode(kode),
        nama=" Sub ",
        indicator="Jumlah dokumen",
        location="Tenggarong",
        stage=Stage.MURNI,
        basis=basis(),
    )


def refused(fn: object, match: str, *args: object, **kwargs: object) -> None:
    """The verb raises and leaves no pending event behind."""
    owner = fn.__self__  # type: ignore[attr-defined]
    before = len(owner.pending_events)
    with pytest.raises(InvalidInput, match=match):
        fn(*args, **kwargs)  # type: ignore[operator]
    assert len(owner.pending_events) == before


def rebuilt(found: BudgetLine) -> BudgetLine:
    """The line as its stream rebuilds it."""
    events = found.collect_events()
    copy = None
    for event in events:
        copy = event.mutate(copy)
    assert isinstance(copy, BudgetLine)
    return copy


def test_registering_a_line() -> None:
    found = line()
    assert (found.skpd, found.tahun, found.kode.text, found.nama) == (
        "Dinas Contoh",
        2024,
        "1.06.01.2.01.01",
        "Sub",
    )
    assert found.current_location() == "Tenggarong"
    assert found.version == 1
    assert [type(e) for e in found.pending_events] == [LineRegistered]
    with pytest.raises(InvalidInput, match="needs a name"):
        BudgetLine.register(
            skpd="D",
            tahun=2024,
            kode=Kode("1.06.01"),
            nama=" ",
            indicator=None,
            location=None,
            stage=Stage.MURNI,
            basis=basis(),
        )
    with pytest.raises(InvalidInput, match="needs its SKPD"):
        BudgetLine.register(
            skpd="",
            tahun=2024,
            kode=Kode("1.06.01"),
            nama="P",
            indicator=None,
            location=None,
            stage=Stage.MURNI,
            basis=basis(),
        )


def test_setting_and_revising_the_pagu() -> None:
    found = line()
    found.set_pagu(Decimal("100.004"), Stage.MURNI, basis())
    assert found.current_pagu() == Decimal("100.00")  # rupiah: two places
    found.set_pagu(Decimal(150), Stage.PERUBAHAN, basis(date(2024, 8, 14)))
    assert found.current_pagu() == Decimal(150)
    assert found.current_pagu(Stage.MURNI) == Decimal(100)
    first, second = found.pending_events[1:]
    assert isinstance(first, PaguSet) and isinstance(second, PaguRevised)
    assert second.previous == Decimal(100)  # what was in force on the APBD-P's date
    refused(found.set_pagu, "cannot be negative", Decimal(-1), Stage.MURNI, basis())
    program = line("1.06.01")
    refused(program.set_pagu, "sum of its sub kegiatan", Decimal(1), Stage.MURNI, basis())


def test_targets_and_their_indicators() -> None:
    found = line()
    found.set_target(
        indicator_no=1,
        indicator="Jumlah",
        target=Target(Decimal(6), "Dokumen"),
        kind=None,
        stage=Stage.MURNI,
        basis=basis(),
    )
    found.set_target(
        indicator_no=1,
        indicator="Jumlah",
        target=Target(Decimal(8), "Dokumen"),
        kind=None,
        stage=Stage.PERUBAHAN,
        basis=basis(date(2024, 8, 14)),
    )
    first, second = found.pending_events[1:]
    assert isinstance(first, TargetSet) and isinstance(second, TargetRevised)
    assert second.kind is IndicatorKind.POSITIVE
    current = found.current_target(1)
    assert current is not None and current.value[1] == Target(Decimal(8), "Dokumen")
    refused(
        found.set_target,
        "numbered from 1",
        indicator_no=0,
        indicator=None,
        target=None,
        kind=None,
        stage=Stage.MURNI,
        basis=basis(),
    )


def test_revising_records_only_what_differs_and_refuses_nothing_to_revise() -> None:
    found = line()
    found.set_pagu(Decimal(100), Stage.MURNI, basis())
    unchanged = found.revise(
        pagu=Decimal(100), location="Samarinda", stage=Stage.MURNI, basis=basis(date(2024, 2, 1))
    )
    assert len(unchanged) == 1 and unchanged[0].startswith("pagu is already")
    assert isinstance(found.pending_events[-1], LocationRevised)
    assert found.current_location() == "Samarinda"
    refused(
        found.revise,
        "nothing to revise",
        location="Samarinda",
        stage=Stage.MURNI,
        basis=basis(date(2024, 3, 1)),
    )
    # an indicator is one the line has, or the next one, with its wording and target
    refused(
        found.revise,
        "is none of them",
        target=Target(Decimal(1)),
        indicator_no=9,
        stage=Stage.MURNI,
        basis=basis(),
    )
    refused(
        found.revise,
        "give its wording",
        target=Target(Decimal(1)),
        indicator_no=1,
        stage=Stage.MURNI,
        basis=basis(),
    )


def test_the_evaluation_facts() -> None:
    found = line()
    found.set_forward_estimate(
        year=2025, indicator_no=1, target=Target(Decimal(3)), pagu=Decimal(90), basis=basis()
    )
    found.set_renstra_target(Target(Decimal(30)), basis())
    found.record_prior_realization(2023, Target(Decimal(12)), basis())
    found.set_renja_target(2024, Target(Decimal(6)), basis())
    kinds = [type(e) for e in found.pending_events[1:]]
    assert kinds == [ForwardEstimateSet, RenstraTargetSet, PriorRealizationRecorded, RenjaTargetSet]
    assert found.facts.latest("renja", None) is not None
    refused(
        found.set_forward_estimate,
        "cannot be negative",
        year=2025,
        indicator_no=1,
        target=None,
        pagu=Decimal(-1),
        basis=basis(),
    )


def test_realization_and_its_guards() -> None:
    found = line()
    found.set_pagu(Decimal(100), Stage.MURNI, basis())
    found.record_realization(
        Realized(quarter=Quarter.I, output=None, spent=Decimal(40), cumulative=False),
        allow_overrun=False,
        basis=basis(date(2024, 3, 31)),
    )
    found.record_realization(
        Realized(
            quarter=Quarter.II,
            output=Target(Decimal(2)),
            spent=Decimal(30),
            cumulative=False,
        ),
        allow_overrun=False,
        basis=basis(date(2024, 6, 30)),
    )
    assert found.spent_to_date(Quarter.II) == Decimal(70)
    assert found.spent_to_date(Quarter.I) == Decimal(40)
    latest = found.latest_realization(Quarter.II, "output")
    assert latest is not None and latest.output == Target(Decimal(2))
    for kwargs, match in (
        ({"output": None, "spent": None}, "give the money spent"),
        ({"output": None, "spent": Decimal(-1)}, "cannot be negative"),
        ({"output": Target(Decimal(-1)), "spent": None}, "output cannot be negative"),
        # 70 spent by triwulan II: a year-to-date figure below it would give money back
        ({"output": None, "spent": Decimal(69), "cumulative": True}, "would fall from 70"),
    ):
        refused(
            found.record_realization,
            match,
            Realized(quarter=Quarter.III, **({"cumulative": False} | kwargs)),
            allow_overrun=False,
            basis=basis(date(2024, 9, 30)),
        )
    with pytest.raises(Overrun):
        found.record_realization(
            Realized(quarter=Quarter.III, output=None, spent=Decimal(31), cumulative=False),
            allow_overrun=False,
            basis=basis(date(2024, 9, 30)),
        )
    found.record_realization(
        Realized(quarter=Quarter.III, output=None, spent=Decimal(31), cumulative=False),
        allow_overrun=True,
        basis=basis(date(2024, 9, 30)),
    )
    last = found.pending_events[-1]
    assert isinstance(last, RealizationRecorded) and last.overrun_accepted
    program = line("1.06.01")
    refused(
        program.record_realization,
        "record money spent on its sub",
        Realized(quarter=Quarter.I, output=None, spent=Decimal(1), cumulative=False),
        allow_overrun=False,
        basis=basis(date(2024, 3, 31)),
    )


def test_notes_printed_figures_and_documents() -> None:
    found = line()
    found.attach_note("  dicek  ", basis())
    found.note_printed_figures("Tabel 1", {"pagu": Decimal(5)}, basis())
    note, printed = found.pending_events[1:]
    assert isinstance(note, NoteAttached) and note.text == "dicek"
    assert isinstance(printed, PrintedFiguresNoted)
    refused(found.attach_note, "needs text", " ", basis())
    refused(
        found.record_document_import,
        "on the Dinas line",
        ImportedDocument(sha256="0" * 64, file_name="f", title="t", document_date=ON),
        counts={},
        findings=[],
        basis=basis(),
    )
    dinas = line("1.06")
    dinas.record_document_import(
        ImportedDocument(sha256="0" * 64, file_name="f", title="t", document_date=ON),
        counts={"lines": 1},
        findings=[],
        basis=basis(),
    )
    assert isinstance(dinas.pending_events[-1], DocumentImported)
    assert "0" * 64 in dinas.facts.imported


def test_corrections_and_their_guards() -> None:
    found = line()
    found.set_pagu(Decimal(100), Stage.MURNI, basis())
    found.set_pagu(Decimal(120), Stage.MURNI, basis(date(2024, 2, 1)))
    found.correct(3, basis(date(2024, 3, 1)))
    assert found.current_pagu() == Decimal(100)
    corrected = found.pending_events[-1]
    assert isinstance(corrected, EntryCorrected) and corrected.corrected_version == 3
    refused(found.correct, "already been corrected", 3, basis())
    refused(found.correct, "no event with version 99", 99, basis())
    refused(found.correct, "LineRegistered event cannot be corrected", 1, basis())
    refused(found.correct, "EntryCorrected event cannot be corrected", 4, basis())


def test_the_stream_rebuilds_the_same_line() -> None:
    found = line()
    found.set_pagu(Decimal(100), Stage.MURNI, basis())
    found.shift(
        ShiftSide(Decimal(-40), Kode("1.06.01.2.01.02"), uuid.uuid4()),
        Stage.PERGESERAN,
        basis(date(2024, 4, 1)),
    )
    found.attach_note("n", basis())
    found.record_realization(
        Realized(quarter=Quarter.I, output=None, spent=Decimal(10), cumulative=True),
        allow_overrun=False,
        basis=basis(date(2024, 3, 31)),
    )
    found.correct(4, basis(date(2024, 5, 1)))
    state = (
        found.current_pagu(),
        found.spent_to_date(Quarter.IV),
        found.version,
        found.facts.latest("note", None),
        sorted(found.recorded),
    )
    copy = rebuilt(found)
    assert (
        copy.current_pagu(),
        copy.spent_to_date(Quarter.IV),
        copy.version,
        copy.facts.latest("note", None),
        sorted(copy.recorded),
    ) == state
    assert copy.current_pagu() == Decimal(60)


def test_restating_an_earlier_quarter_above_a_later_year_to_date_is_refused() -> None:
    """Triwulan IV says 50 spent in the year; raising triwulan III's own figure to 60
    would make the year to date fall from III to IV: refused, nothing pending."""
    found = line()
    found.set_pagu(Decimal(100), Stage.MURNI, basis())
    for quarter, spent, cumulative, day in (
        (Quarter.III, Decimal(20), False, date(2024, 9, 30)),
        (Quarter.IV, Decimal(50), True, date(2024, 12, 31)),
    ):
        found.record_realization(
            Realized(quarter=quarter, output=None, spent=spent, cumulative=cumulative),
            allow_overrun=False,
            basis=basis(day),
        )
    pending = len(found.pending_events)
    with pytest.raises(InvalidInput, match=r"would fall from 60,00 \(to triwulan III\) to 50,00"):
        found.record_realization(
            Realized(quarter=Quarter.III, output=None, spent=Decimal(60), cumulative=False),
            allow_overrun=False,
            basis=basis(date(2024, 9, 30)),
        )
    assert len(found.pending_events) == pending
    assert found.spent_to_date(Quarter.IV) == Decimal(50)
