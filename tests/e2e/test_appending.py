"""The appending commands end to end on SQLite and PostgreSQL: each records what it
says, in one transaction, and every view (lines, history, why, audit) reflects it."""

from __future__ import annotations

import getpass
from datetime import date
from decimal import Decimal

from tests.conftest import pagu
from tests.ledger_state import BASIS, SKPD, Snapshot, as_json, ok, pagu_by_kode

SUB = "1.06.04.2.01.05"  # 733.389.000 murni, 83.804.000 after the APBD-P
OTHER = "1.06.04.2.01.01"  # 3.368.500.590 after the APBD-P
KEGIATAN = "1.06.04.2.01"
PROGRAM = "1.06.04"
TOTAL = Decimal("50009023965.00")


def test_shift_moves_money_on_both_lines_in_one_transaction(imported: str) -> None:
    before = pagu_by_kode(imported)
    events_before = Snapshot.of(imported).events
    ack = as_json("--db", imported, "shift", OTHER, SUB, "50.000.000,00", *BASIS)
    assert [(row["kode"], row["kind"]) for row in ack] == [
        (OTHER, "PaguShifted"),
        (SUB, "PaguShifted"),
    ]
    assert all(len(row["event_id"]) == 36 for row in ack)
    after = pagu_by_kode(imported)
    moved = Decimal("50000000.00")
    assert after[OTHER] == before[OTHER] - moved  # type: ignore[operator]
    assert after[SUB] == before[SUB] + moved  # type: ignore[operator]
    assert after[KEGIATAN] == before[KEGIATAN] and after["TOTAL"] == TOTAL  # zero-sum
    assert Snapshot.of(imported).events == events_before + 2

    shifts = as_json("--db", imported, "audit", "--kind", "shift")
    assert [row["event_id"] for row in shifts] == [row["event_id"] for row in ack]
    giver, taker = (row["change"] for row in shifts)
    assert giver["transfer_id"] == taker["transfer_id"]
    assert (giver["difference"], taker["difference"]) == ("-50000000.00", "50000000.00")
    assert (giver["counterpart"], taker["counterpart"]) == (SUB, OTHER)
    # after the APBD-P (14 August) a pergeseran amends the DPPA
    assert {row["stage"] for row in shifts} == {"pergeseran-p"}
    assert shifts[0]["position"] + 1 == shifts[1]["position"]  # recorded together
    assert shifts[0]["recorded_at"] == shifts[1]["recorded_at"]
    assert shifts[0]["basis"] == "SK Kepala Dinas Sosial No. 900/123/2024 (2024-09-02)"

    why = as_json("--db", imported, "why", SUB)
    step = why[-2]
    assert (step["old"], step["new"], step["difference"]) == (
        "83804000.00",
        "133804000.00",
        "50000000.00",
    )
    assert step["stage"] == "pergeseran-p" and step["effective"] == "2024-09-02"
    assert step["reason"] == "Kebutuhan kegiatan lomba" and step["actor"] == "tester"


def test_amounts_in_every_accepted_spelling(imported: str) -> None:
    before = pagu_by_kode(imported)
    for spelling in ("1.234.567,00", "1234567", "1234567.00", "Rp 1.234.567,-"):
        ok("--db", imported, "shift", OTHER, SUB, spelling, *BASIS)
    after = pagu_by_kode(imported)
    assert after[SUB] - before[SUB] == 4 * Decimal("1234567.00")  # type: ignore[operator]


def test_revise_pagu_target_indicator_and_location(imported: str) -> None:
    ack = as_json(
        *["--db", imported, "revise", SUB, "--pagu", "140000000", "--target", "30 Orang"],
        *["--indicator", "Jumlah Peserta Bimbingan", "--location", "Kec. Tenggarong"],
        *["--stage", "perubahan", *BASIS],
    )
    assert [row["kind"] for row in ack] == ["PaguRevised", "TargetRevised", "LocationRevised"]
    assert pagu_by_kode(imported)[SUB] == Decimal("140000000.00")
    assert pagu_by_kode(imported)["TOTAL"] == TOTAL + Decimal("140000000") - Decimal("83804000")
    target = as_json("--db", imported, "why", SUB, "--field", "target")
    assert (target[-2]["old"], target[-2]["new"], target[-2]["difference"]) == (
        "24 Orang",
        "30 Orang",
        "6",
    )
    assert target[-2]["indicator"] == "Jumlah Peserta Bimbingan"
    assert (target[-1]["old"], target[-1]["new"]) == ("118 Orang", "30 Orang")  # from murni
    location = as_json("--db", imported, "why", SUB, "--field", "location")
    assert location[-2]["new"] == "Kec. Tenggarong" and location[-2]["stage"] == "perubahan"

    # only what differs is recorded; what was already so is said, not recorded
    output = ok(
        *["--db", imported, "revise", SUB, "--pagu", "140.000.000,00", "--target", "31 Orang"],
        *["--stage", "pergeseran", *BASIS],
    )
    assert "unchanged: pagu is already 140.000.000,00" in output
    assert "Dicatat: 1 peristiwa" in output and "TargetRevised" in output

    # a second indicator
    ack = as_json(
        *["--db", imported, "revise", SUB, "--indicator-no", "2", "--target", "12 Kegiatan"],
        *["--indicator", "Jumlah kegiatan lomba", "--stage", "perubahan", *BASIS],
    )
    assert [row["kind"] for row in ack] == ["TargetSet"]


def test_a_back_dated_revision_holds_until_the_later_value(imported: str) -> None:
    """An APBD-P value effective 1 July, before the document's (14 August): the later
    value stays in force now, and the revision is what was in force between the two."""
    basis = ["--reason", "Kebutuhan kegiatan lomba", "--doc", "SK No. 900/100/2024"]
    basis += ["--doc-date", "2024-07-01", "--effective", "2024-07-01"]
    output = ok(
        *["--db", imported, "revise", SUB, "--pagu", "700.000.000,00"],
        *["--stage", "perubahan", *basis],
    )
    assert f"{SUB}: the pagu effective 2024-08-14 (perubahan) stays in force" in output
    assert pagu_by_kode(imported)[SUB] == Decimal("83804000.00")
    july = as_json("--db", imported, "lines", "--effective", "2024-07-31")
    june = as_json("--db", imported, "lines", "--effective", "2024-06-30")
    assert {r["kode"]: r["pagu"] for r in july}[SUB] == "700000000.00"
    assert {r["kode"]: r["pagu"] for r in june}[SUB] == "733389000.00"
    why = as_json("--db", imported, "why", SUB)
    assert [(r["effective"], r["new"], r["difference"]) for r in why] == [
        ("2024-01-01", "733389000.00", None),
        ("2024-07-01", "700000000.00", "-33389000.00"),
        ("2024-08-14", "83804000.00", "-616196000.00"),
        (None, "83804000.00", "-649585000.00"),
    ]
    revision = as_json("--db", imported, "history", SUB)[-1]
    assert (revision["change"]["old"], revision["change"]["new"]) == (
        "733389000.00",  # what was in force on 1 July, not the latest value
        "700000000.00",
    )


def test_realize_records_a_quarter_and_accepts_an_overrun_only_with_a_reason(
    imported: str,
) -> None:
    ack = as_json(
        *["--db", imported, "realize", SUB, "--quarter", "III", "--spent", "45.000.000,00"],
        *["--output", "12 Orang", "--cumulative", "--effective", "2024-09-30"],
    )
    assert [row["kind"] for row in ack] == ["RealizationRecorded"]
    entry = as_json("--db", imported, "history", SUB)[-1]
    assert entry["change"] == {
        "field": "realization",
        "quarter": "III",
        "spent": "45000000.00",
        "output": "12 Orang",
        "cumulative": True,
        "overrun_accepted": False,
    }
    assert entry["reason"] == "Realisasi triwulan III 2024" and entry["document"] is None
    over = as_json(
        *["--db", imported, "realize", SUB, "--quarter", "4", "--spent", "90000000"],
        *["--cumulative", "--allow-overrun", "--reason", "Tunggakan honor petugas dibayar"],
        *["--effective", "2024-12-31"],
    )
    entry = as_json("--db", imported, "history", SUB)[-1]
    assert entry["event_id"] == over[0]["event_id"]
    assert entry["change"]["overrun_accepted"] is True
    assert entry["reason"] == "Tunggakan honor petugas dibayar"
    # not a budget change: the pagu is what it was
    assert pagu_by_kode(imported)[SUB] == Decimal("83804000.00")


def test_realize_defaults_to_the_last_day_of_its_quarter(imported: str) -> None:
    """A quarter's realization describes the quarter: in force from its last day, so
    that the views as at that day show it (item 4 of "Every figure right")."""
    ok("--db", imported, "realize", SUB, "--quarter", "4", "--output", "20 Orang")
    entry = as_json("--db", imported, "history", SUB)[-1]
    assert entry["effective"] == "2024-12-31" and entry["recorded_at"][:10] == str(date.today())
    ok("--db", imported, "realize", SUB, "--quarter", "II", "--output", "19 Orang")
    assert as_json("--db", imported, "history", SUB)[-1]["effective"] == "2024-06-30"


def test_add_line_under_an_existing_parent(imported: str) -> None:
    basis = [*BASIS[:-1], "2024-09-02"]
    ok(
        *["--db", imported, "add-line", "1.06.04.2.09", "Rehabilitasi Sosial Lanjutan"],
        *["--indicator", "Jumlah layanan", "--target", "2 Layanan", "--stage", "perubahan"],
        *basis,
    )
    ack = as_json(
        *["--db", imported, "add-line", "1.06.04.2.09.01", "Pendampingan Lanjutan"],
        *["--indicator", "Jumlah orang didampingi", "--target", "40 Orang"],
        *["--pagu", "125.000.000,00", "--stage", "perubahan", *basis],
    )
    assert [row["kind"] for row in ack] == ["LineRegistered", "TargetSet", "PaguSet"]
    lines = as_json("--db", imported, "lines")
    by_kode = {row["kode"]: row for row in lines}
    assert by_kode["1.06.04.2.09"]["level"] == "kegiatan"
    assert by_kode["1.06.04.2.09"]["pagu"] == "125000000.00"  # the sum of its one sub
    assert by_kode["1.06.04.2.09.01"]["nama"] == "Pendampingan Lanjutan"
    assert lines[-1]["pagu"] == str(TOTAL + Decimal("125000000"))
    kodes = [row["kode"] for row in lines]
    assert kodes.index("1.06.04.2.09.01") == kodes.index("1.06.04.2.09") + 1
    # it is not in the murni budget: the view at the stage before, on 1 September
    murni = as_json("--db", imported, "lines", "--effective", "2024-09-01")
    assert "1.06.04.2.09.01" not in {row["kode"] for row in murni}
    why = as_json("--db", imported, "why", "1.06.04.2.09.01")
    assert why[0]["old"] is None and why[0]["new"] == "125000000.00"
    assert why[-1]["old"] is None and why[-1]["difference"] == "125000000.00"
    history = as_json("--db", imported, "history", "1.06.04.2.09", "--tree")
    assert [row["kode"] for row in history] == ["1.06.04.2.09"] * 2 + ["1.06.04.2.09.01"] * 3


def test_correct_reverses_a_revision_and_keeps_it_in_history(imported: str) -> None:
    history = as_json("--db", imported, "history", SUB)
    revision = next(row for row in history if row["kind"] == "PaguRevised")
    ack = as_json(
        *["--db", imported, "correct", revision["event_id"][:8]],
        *["--reason", "Pagu APBD-P salah ketik", "--actor", "auditor"],
    )
    assert [row["kind"] for row in ack] == ["EntryCorrected"]
    assert pagu_by_kode(imported)[SUB] == Decimal("733389000.00")  # back to murni
    again = as_json("--db", imported, "history", SUB)
    assert len(again) == len(history) + 1
    marked = next(row for row in again if row["event_id"] == revision["event_id"])
    assert marked["corrected"] and marked["corrected_by"] == ack[0]["event_id"]
    assert marked["status"] == f"corrected by {ack[0]['event_id'][:8]}"
    correction = again[-1]
    assert correction["kind"] == "EntryCorrected" and correction["actor"] == "auditor"
    assert correction["change"]["corrected_event_id"] == revision["event_id"]
    table = ok("--db", imported, "history", SUB)
    assert f"corrected by {ack[0]['event_id'][:8]}" in table
    why = as_json("--db", imported, "why", SUB)
    assert [row["new"] for row in why] == ["733389000.00", "733389000.00"]
    assert "1 corrected value(s) left out" in ok("--db", imported, "why", SUB)
    # as the ledger knew it before the correction, the revision still counts
    before = revision["recorded_at"]
    assert as_json("--db", imported, "why", SUB, "--as-of", before)[-1]["new"] == "83804000.00"
    known = as_json("--db", imported, "history", SUB, "--as-of", before)
    assert len(known) == len(history) and not any(row["corrected"] for row in known)
    until = as_json("--db", imported, "audit", "--kode", SUB, "--kind", "pagu", "--until", before)
    assert [row["corrected"] for row in until] == [False, False]
    after = as_json("--db", imported, "audit", "--kode", SUB, "--kind", "pagu")
    assert [row["corrected"] for row in after] == [False, True]


def test_correcting_one_side_of_a_shift_corrects_both(imported: str) -> None:
    before = pagu_by_kode(imported)
    shifted = as_json("--db", imported, "shift", OTHER, SUB, "1000000", *BASIS)
    ack = as_json("--db", imported, "correct", shifted[1]["event_id"], "--reason", "keliru")
    assert [row["kode"] for row in ack] == [SUB, OTHER]
    assert pagu_by_kode(imported) == before
    shifts = as_json("--db", imported, "audit", "--kind", "shift")
    assert all(row["corrected"] for row in shifts)
    corrections = as_json("--db", imported, "audit", "--kind", "correction")
    assert corrections[0]["position"] + 1 == corrections[1]["position"]  # one transaction


def test_correcting_a_realization_stops_it_counting(imported: str) -> None:
    spent = ["--quarter", "3", "--spent", "80000000", "--effective", "2024-09-30"]
    first = as_json("--db", imported, "realize", SUB, *spent)
    # a later entry for the quarter restates it (80.000.000 + 4.000.000 would be an overrun)
    restated = pagu("--db", imported, "realize", SUB, "--quarter", "3", "--spent", "4000000")
    assert restated.exit_code == 0, restated.output
    ok("--db", imported, "correct", first[0]["event_id"], "--reason", "salah baris")
    entries = as_json("--db", imported, "audit", "--kind", "realization", "--kode", SUB)
    assert [row["corrected"] for row in entries] == [False, True, False]


def test_actor_comes_from_option_then_environment_then_os_user(imported: str) -> None:
    realize = ["--db", imported, "realize", SUB, "--quarter", "4", "--output", "1 Orang"]
    ok(*realize, "--actor", "bendahara")
    ok(*realize, env={"PAGU_ACTOR": "pptk"})
    ok(*realize, env={"PAGU_ACTOR": None})
    actors = [row["actor"] for row in as_json("--db", imported, "history", SUB)[-3:]]
    assert actors == ["bendahara", "pptk", getpass.getuser()]


def test_each_write_brings_the_read_model_up_to_date(imported: str) -> None:
    """A reader that does not catch up (catch_up=False) already sees the new event."""
    from projections import schema
    from tests.ledger_state import read_model_of

    ok("--db", imported, "lines")
    ack = as_json("--db", imported, "realize", SUB, "--quarter", "4", "--output", "2 Orang")
    read_model = read_model_of(imported)
    try:
        with read_model.connect(catch_up=False) as conn:
            found = conn.execute(
                schema.event.select().where(schema.event.c.event_id == ack[0]["event_id"])
            ).first()
    finally:
        read_model.close()
    assert found is not None and found.skpd == SKPD
