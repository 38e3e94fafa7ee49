"""Every figure right ("Every figure right", items 1 to 10): budget editions, units,
dates and quarter labels, through the real CLI on SQLite and PostgreSQL.

Each test names the item it covers; each fails on the code before the editions (a
pergeseran after the APBD-P moved the stage views, a physical rate divided Orang by
Orang/Bulan, the evaluation as at 30 June lost columns 4 and 5, ...)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from events.codes import Kode
from projections.state import budgets
from projections.timepoint import TimePoint
from projections.views.summary import summary
from tests.conftest import SHARED_DOCUMENT, pagu
from tests.e2e.test_views import _cells
from tests.ledger_state import Snapshot, as_json, ok, read_model_of, refused

SUB = "1.06.04.2.01.05"  # 733.389.000 murni, 83.804.000 in the APBD-P (14 August)
OTHER = "1.06.04.2.01.01"
MURNI = Decimal("44596627447.00")
PERUBAHAN = Decimal("50009023965.00")
WALK = [
    "--reason",
    "Lomba bimbingan sosial tetap diadakan",
    "--doc",
    "Keputusan Kepala Dinas Sosial No. 900/412/DINSOS/2024",
    "--doc-date",
    "2024-09-02",
    "--effective",
    "2024-09-02",
]


def apbd(url: str, *args: str) -> dict[str, Decimal | None]:
    rows = as_json("--db", url, "apbd", *args)
    return {r["kode"] or "TOTAL": None if r["pagu"] is None else Decimal(r["pagu"]) for r in rows}


def rows_by_code(url: str, *args: str) -> dict[str, dict[str, Any]]:
    return {row["kode"] or "TOTAL": row for row in as_json("--db", url, *args)}


def test_a_pergeseran_after_the_apbd_p_moves_no_edition(imported: str) -> None:
    """Item 1, and the walk-through of the README."""
    ok("--db", imported, "shift", OTHER, SUB, "50.000.000,00", *WALK)
    ok("--db", imported, "revise", SUB, "--target", "60 Orang", "--stage", "pergeseran", *WALK)
    murni, dpa = apbd(imported, "--stage", "murni"), apbd(imported, "--stage", "pergeseran")
    enacted, dppa = (
        apbd(imported, "--stage", "perubahan"),
        apbd(imported, "--stage", "pergeseran-p"),
    )
    now = apbd(imported)
    assert murni["TOTAL"] == dpa["TOTAL"] == MURNI
    assert enacted["TOTAL"] == dppa["TOTAL"] == now["TOTAL"] == PERUBAHAN
    assert murni[SUB] == dpa[SUB] == Decimal("733389000.00")
    assert enacted[SUB] == Decimal("83804000.00")  # the APBD-P as enacted
    assert dppa[SUB] == now[SUB] == Decimal("133804000.00")  # the DPPA after the pergeseran
    # the same question on dates: in force before the APBD-P, and after the shift
    assert apbd(imported, "--effective", "2024-06-30")["TOTAL"] == MURNI
    assert apbd(imported, "--effective", "2024-09-01")[SUB] == Decimal("83804000.00")
    # a pergeseran dated before the APBD-P would amend the DPA the APBD-P replaced
    before = Snapshot.of(imported)
    early = [*WALK[:-3], "2024-05-01", "--effective", "2024-05-01"]
    refused(imported, before, "shift", OTHER, SUB, "1000", *early, says="took effect on 2024-08-14")


def test_show_printed_checks_a_document_against_its_own_edition(imported: str) -> None:
    """Item 1: a later APBD-P revision does not make the document's own total wrong."""
    ok("--db", imported, "revise", SUB, "--pagu", "88.804.000", "--stage", "perubahan", *WALK)
    rows = rows_by_code(imported, "apbd", "--stage", "perubahan", "--show-printed")
    assert Decimal(rows["TOTAL"]["pagu"]) == PERUBAHAN + Decimal(5000000)
    assert Decimal(rows["TOTAL"]["printed_pagu"]) == PERUBAHAN and rows["TOTAL"]["flags"] == []
    assert all(row["flags"] == [] for row in rows.values())
    murni = rows_by_code(imported, "apbd", "--stage", "murni", "--show-printed")
    assert all(row["flags"] == [] for row in murni.values())


def test_a_pergeseran_adds_no_money(imported: str) -> None:
    """Item 2: a pagu revision at a pergeseran is refused, pointing to shift and perubahan;
    a line added in a pergeseran starts at zero."""
    before = Snapshot.of(imported)
    message = refused(
        imported,
        before,
        *["revise", SUB, "--pagu", "90000000", "--stage", "pergeseran", *WALK],
        says="cannot set a pagu",
    )
    assert "shift" in message and "stage perubahan" in message
    new = ["1.06.04.2.01.13", "Layanan Baru", "--indicator", "Jumlah layanan"]
    added = ["add-line", *new, "--target", "5 Orang", "--stage", "pergeseran", *WALK]
    refused(imported, before, *added, "--pagu", "1000000", says="cannot set a pagu")
    ok("--db", imported, *added, "--pagu", "0")
    ok("--db", imported, "shift", OTHER, "1.06.04.2.01.13", "1.000.000,00", *WALK)
    now = apbd(imported)
    assert now["1.06.04.2.01.13"] == Decimal("1000000.00") and now["TOTAL"] == PERUBAHAN
    stages = {r["stage"] for r in as_json("--db", imported, "history", "1.06.04.2.01.13")}
    assert stages == {"pergeseran-p"}  # added and moved after the APBD-P: the DPPA


def test_physical_rates_divide_one_unit_only(imported: str) -> None:
    """Item 3: never Orang by Orang/Bulan; a misspelt unit is the unit it misspells; a
    rate above 100% is flagged in every view."""
    rows = rows_by_code(imported, "realization", "--quarter", "2")
    expected = {
        "1.06.01.2.02.01": ("632 Orang", "1106 Orang", "57.14"),  # budget: 79 Orang/Bulan
        "1.06.01.2.01": ("13 Dokumen", "25 Dokumen", "52.00"),  # budget: 12 Bulan
        "1.06.05.2.02.03": ("739 Orang", "7187 Orang", "10.28"),  # budget: Keluarga
        "1.06.01.2.06.04": ("3 Paket", "6 Paket", "50.00"),  # budget: 3 Jenis
    }
    for kode, (output, target, rate) in expected.items():
        row = rows[kode]
        assert (row["output"], row["target"], row["output_percent"]) == (output, target, rate)
    typo = rows["1.06.01.2.06.07"]  # BAB III prints 10 Paekt
    assert typo["output_percent"] == "80.00" and "misspelling" in " ".join(typo["flags"])
    assert "above 100%" in " ".join(rows["1.06.04.2.01.12"]["flags"])  # 892%
    evaluation = rows_by_code(imported, "evaluate", "--quarter", "2")
    assert evaluation["1.06.01.2.02.01"]["rate"] == "57.14"
    # an output in a unit no target of the line is counted in: no rate, and why
    ok("--db", imported, "realize", SUB, "--quarter", "3", "--output", "4 Kegiatan")
    row = rows_by_code(imported, "realization", "--quarter", "3")[SUB]
    assert row["output_percent"] is None
    assert any(flag.startswith("satuan berbeda") for flag in row["flags"])
    findings = as_json("--db", imported, "findings")
    assert {f["printed"] for f in findings if f["kind"] == "unit_typo"} == {"Paekt", "Larpoan"}


def tabel1(column: int) -> dict[str, str]:
    """One column of Tabel 1 as printed, by code."""
    found: dict[str, str] = {}
    columns: dict[int, int] = {}
    for line in SHARED_DOCUMENT.read_text(encoding="utf-8").splitlines():
        cells = _cells(line)
        if cells[:3] == ["1", "2", "3"]:
            columns = {int(re.match(r"\d+", c)[0]): i for i, c in enumerate(cells) if c}  # type: ignore[index]
            continue
        if not columns or not re.fullmatch(r"0?1\.06(\.\d+)*", cells[0]):
            if "\t" not in line and line.strip():
                columns = {}
            continue
        index = columns[column]
        found[cells[0].lstrip("0")] = cells[index] if index < len(cells) else ""
    return found


def test_the_evaluation_as_at_30_june_is_tabel_1(imported: str) -> None:
    """Item 4: facts dated by what they describe, so that the evaluation as at the end
    of triwulan II is Tabel 1 as printed (every line then in the budget), unflagged."""
    args = ("evaluate", "--quarter", "2", "--effective", "2024-06-30", "--show-printed")
    rows = rows_by_code(imported, *args)
    printed = {n: tabel1(n) for n in (4, 5, 6, 7, 10)}
    new_in_perubahan = {"1.06.01.2.07.02", "1.06.06.2.01.05"}
    assert set(printed[4]) - set(rows) == new_in_perubahan  # in the budget from 14 August
    keys = {4: "renstra_target", 5: "prior_realization", 6: "target", 7: "realization"}
    compared = 0
    for kode, row in rows.items():
        if kode == "TOTAL" or not printed[6].get(kode):
            continue
        for column, key in keys.items():
            mine = row[key]
            number = re.match(r"[\d.,]+", printed[column][kode] or "")
            if number and mine is not None:
                assert Decimal(str(mine).split()[0]) == Decimal(number[0].replace(",", ".")), (
                    kode,
                    column,
                )
                compared += 1
        if printed[10].get(kode):
            assert Decimal(row["cumulative"]) == Decimal(printed[10][kode]), kode
        assert not [flag for flag in row["flags"] if "printed" in flag], (kode, row["flags"])
    assert compared > 200
    assert rows["1.06.01.2.02.01"]["cumulative"] == "2528"  # (10) = (5) + (7): 1896 + 632
    spm = as_json("--db", imported, "spm", "--effective", "2024-06-30")
    assert len([row for row in spm if row["level"] != "total"]) == 5
    # the two lines new in the APBD-P are there from its date, with their Tabel 1 figures
    later = rows_by_code(imported, "evaluate", "--quarter", "2", "--effective", "2024-08-14")
    assert new_in_perubahan <= set(later)
    assert later["1.06.01.2.07.02"]["rate"] == "0.00"


def test_every_figure_says_which_quarter_it_is_for(imported: str) -> None:
    """Item 5: one triwulan III entry does not relabel the Dinas's triwulan II."""
    ok("--db", imported, "realize", SUB, "--quarter", "3", "--spent", "1.000.000")
    rows = rows_by_code(imported, "realization")
    total = rows["TOTAL"]
    assert rows[SUB]["spent_quarter"] == "III" and rows[SUB]["output_quarter"] == "II"
    assert rows[SUB]["figures_for"] == "Keu. III, Fisik II"
    assert total["quarter"] == 3 and total["spent_quarter"] == "II"
    assert Decimal(total["spent"]) == Decimal("16358726962.00")
    assert rows[OTHER]["spent_quarter"] is None and rows[OTHER]["spent"] is None
    assert rows["1.06.04.2.01.12"]["output_quarter"] == "II"  # its Tabel 1 figure
    read_model = read_model_of(imported)
    try:
        with read_model.connect() as conn:
            found = summary(conn, TimePoint(), budgets(conn)[0])
    finally:
        read_model.close()
    third = next(q for q in found.quarters if q.quarter == 3)
    assert not third.recorded and found.last_quarter == 2  # never Q2's figure as Q3's


def test_the_overrun_rule_reads_the_pagu_in_force_on_the_entry_date(imported: str) -> None:
    """Item 6: 500.000.000 by 31 March is within the 733.389.000 then in force."""
    ack = as_json("--db", imported, "realize", SUB, "--quarter", "1", "--spent", "500000000")
    assert ack[0]["effective"] == "2024-03-31"
    before = Snapshot.of(imported)
    says = "beyond the pagu of 83.804.000,00 in force on 2024-12-31"
    refused(imported, before, "realize", SUB, "--quarter", "4", "--spent", "1000000", says=says)


def test_a_realization_cannot_precede_its_line(imported: str) -> None:
    """Item 7: 1.06.01.2.07.02 entered the budget with the APBD-P (14 August)."""
    before = Snapshot.of(imported)
    refused(
        imported,
        before,
        *["realize", "1.06.01.2.07.02", "--quarter", "2", "--spent", "1000"],
        says="before the line entered the budget (2024-08-14)",
    )


def test_corrections_void_every_kind_of_fact_on_both_sides(imported: str) -> None:
    """Item 8: a corrected SPM record, Renstra target or note leaves the views, and a
    re-import can record it again."""
    spm = as_json("--db", imported, "audit", "--kind", "spm")
    renstra = as_json("--db", imported, "audit", "--kind", "RenstraTargetSet", "--kode", SUB)
    note = as_json("--db", imported, "audit", "--kind", "note", "--kode", SUB)
    for event in (spm[0], renstra[0], note[0]):
        ok("--db", imported, "correct", event["event_id"][:12], "--reason", "salah baca")
    assert len([r for r in as_json("--db", imported, "spm") if r["level"] != "total"]) == 4
    row = rows_by_code(imported, "evaluate", "--quarter", "2")[SUB]
    assert row["renstra_target"] is None and row["note"] is None
    again = pagu("--db", imported, "import", str(SHARED_DOCUMENT))
    assert again.exit_code == 0 and "Events  : 3 recorded" in again.output, again.output
    assert len([r for r in as_json("--db", imported, "spm") if r["level"] != "total"]) == 5
    row = rows_by_code(imported, "evaluate", "--quarter", "2")[SUB]
    assert row["renstra_target"] == "500 Orang" and row["note"]


def test_a_reimport_after_a_money_only_entry_adds_nothing(imported: str) -> None:
    """Item 9: each measure of a quarter is compared with its own latest entry."""
    ok("--db", imported, "realize", "1.06.04.2.01.12", "--quarter", "2", "--spent", "1000")
    again = pagu("--db", imported, "import", str(SHARED_DOCUMENT))
    assert again.exit_code == 0 and "nothing new" in again.output, again.output


def test_a_four_digit_sub_kegiatan_number_round_trips() -> None:
    """Item 10 (all numbers, both nomenclatures: tests/unit/test_codes.py)."""
    assert Kode.parse("1.06.01.2.01.0100").text == "1.06.01.2.01.0100"
    assert Kode.parse(Kode.parse("1.06.01.2.01.0100").text) == Kode.parse("1.06.01.2.01.0100")
    assert Kode.parse("1.06.01.2.01.0007") == Kode.parse("1.06.01.2.01.07")
