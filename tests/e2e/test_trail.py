"""history, why and audit on the imported shared document, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from tests.conftest import pagu
from tests.ledger_state import BASIS, Snapshot, as_json, ok, pagu_by_kode

SUB = "1.06.04.2.01.05"
REASON = "karena peserta lomba evennya tidak ada tersedia"
DOCUMENT = "Perubahan Rencana Kerja Dinas Sosial Kabupaten Kutai Kartanegara Tahun 2024"


def test_why_shows_the_cut_and_the_reason_the_document_gives(imported: str) -> None:
    table = ok("--db", imported, "why", SUB)
    assert "733.389.000,00" in table and "83.804.000,00" in table
    assert "-649.585.000,00" in table
    assert "karena peserta lomba" in table  # the reason, wrapped in its column
    assert REASON in ok("--db", imported, "why", SUB, "--format", "csv")
    rows = as_json("--db", imported, "why", SUB)
    murni, cut, total = rows
    assert (murni["stage"], murni["new"], murni["effective"]) == (
        "murni",
        "733389000.00",
        "2024-01-01",
    )
    assert (cut["old"], cut["new"], cut["difference"]) == (
        "733389000.00",
        "83804000.00",
        "-649585000.00",
    )
    assert cut["reason"].startswith(REASON) and cut["stage"] == "perubahan"
    assert (cut["document"], cut["document_date"]) == (DOCUMENT, "2024-08-14")
    assert cut["effective"] == "2024-08-14" and cut["actor"] == "tester"
    assert cut["recorded_at"] and len(cut["event_id"]) == 36
    assert total["level"] == "total" and total["difference"] == "-649585000.00"
    assert (total["old"], total["new"]) == ("733389000.00", "83804000.00")
    # the same value in force as the lines view
    assert Decimal(total["new"]) == pagu_by_kode(imported)[SUB]


def test_why_for_a_parent_steps_through_its_sub_kegiatan(imported: str) -> None:
    current = pagu_by_kode(imported)
    for kode in ("1.06.04.2.01", "1.06.04", "1.06.01"):
        rows = as_json("--db", imported, "why", kode)
        total = rows[-1]
        assert Decimal(total["new"]) == current[kode], kode
        assert Decimal(rows[0]["new"]) == Decimal(total["old"])  # the murni sum opens it
        steps = sum(Decimal(r["difference"]) for r in rows[1:-1])
        assert Decimal(total["old"]) + steps == Decimal(total["new"]), kode
    kegiatan = as_json("--db", imported, "why", "1.06.04.2.01")
    assert (kegiatan[-1]["old"], kegiatan[-1]["new"]) == ("5144089590.00", "4553406590.00")
    assert kegiatan[0]["kode"] == "1.06.04.2.01" and kegiatan[0]["event_id"] is None
    assert SUB in {row["kode"] for row in kegiatan[1:-1]}
    dinas = as_json("--db", imported, "why", "1.06")[-1]
    assert (dinas["old"], dinas["new"]) == ("44596627447.00", "50009023965.00")


def test_why_for_a_line_new_in_the_apbd_p_and_for_targets(imported: str) -> None:
    new = as_json("--db", imported, "why", "1.06.01.2.07.02")
    assert new[0]["stage"] == "perubahan" and new[0]["old"] is None
    assert new[-1]["old"] is None and new[-1]["difference"] == new[-1]["new"]
    target = as_json("--db", imported, "why", SUB, "--field", "indicator")
    assert [(r["old"], r["new"]) for r in target] == [
        (None, "118 Orang"),
        ("118 Orang", "24 Orang"),
        ("118 Orang", "24 Orang"),
    ]
    assert target[-1]["difference"] == "-94"
    location = as_json("--db", imported, "why", SUB, "--field", "location")
    assert location[0]["new"] == "Kab. Kutai Kartanegara, Semua Kecamatan, Semua Kelurahan"


def test_why_at_a_time_point(imported: str) -> None:
    murni = as_json("--db", imported, "why", SUB, "--effective", "2024-06-30")
    assert [row["new"] for row in murni] == ["733389000.00", "733389000.00"]
    assert murni[-1]["difference"] == "0.00"
    recorded = murni[0]["recorded_at"]
    ok("--db", imported, "revise", SUB, "--pagu", "90000000", "--stage", "perubahan", *BASIS)
    known = as_json("--db", imported, "why", SUB, "--as-of", recorded)
    assert known[-1]["new"] == "83804000.00"
    assert as_json("--db", imported, "why", SUB)[-1]["new"] == "90000000.00"
    unknown = pagu("--db", imported, "why", SUB, "--as-of", "2020-01-01")
    assert unknown.exit_code == 1 and f"unknown line {SUB}" in unknown.output


def test_history_lists_every_event_of_a_line_oldest_first(imported: str) -> None:
    rows = as_json("--db", imported, "history", SUB)
    assert len(rows) == 13
    assert [row["version"] for row in rows] == list(range(1, 14))
    assert [row["position"] for row in rows] == sorted(row["position"] for row in rows)
    assert rows[0]["kind"] == "LineRegistered"
    cut = next(row for row in rows if row["kind"] == "PaguRevised")
    assert cut["description"] == "pagu 733.389.000,00 → 83.804.000,00 (-649.585.000,00)"
    assert cut["change"]["old"] == "733389000.00" and cut["reason"].startswith(REASON)
    assert cut["provenance"].startswith("BAB III, baris")
    assert all(len(row["event_id"]) == 36 and not row["corrected"] for row in rows)
    table = ok("--db", imported, "history", SUB)
    assert cut["event_id"][:8] in table and cut["event_id"] not in table
    for heading in ("Dicatat", "Berlaku", "Tahap", "Perubahan", "Pelaku", "Alasan"):
        assert heading in table
    shown = list(csv.reader(io.StringIO(ok("--db", imported, "history", SUB, "--format", "csv"))))
    assert shown[0][0] == "Dicatat" and len(shown) == 14
    assert cut["event_id"] in {cell for row in shown for cell in row}  # full ids in CSV


def test_history_of_a_tree_and_at_a_time_point(imported: str) -> None:
    tree = as_json("--db", imported, "history", "1.06.04.2.01", "--tree")
    kodes = {row["kode"] for row in tree}
    assert "1.06.04.2.01" in kodes and SUB in kodes and len(kodes) == 8  # itself + 7 subs
    assert all(row["kode"].startswith("1.06.04.2.01") for row in tree)
    murni = as_json("--db", imported, "history", SUB, "--effective", "2024-01-01")
    # the murni budget, the Renstra target and realization up to 2023 (before the year)
    # and the Renja target (from its start)
    assert {row["stage"] for row in murni} == {"murni", None}
    assert {r["kind"] for r in murni if r["stage"] is None} == {
        "RenstraTargetSet",
        "PriorRealizationRecorded",
        "RenjaTargetSet",
    }
    before_import = pagu("--db", imported, "history", SUB, "--as-of", "2020-01-01")
    assert before_import.exit_code == 1 and "unknown line" in before_import.output
    now = as_json("--db", imported, "history", SUB)[-1]["recorded_at"]
    assert len(as_json("--db", imported, "history", SUB, "--as-of", now)) == 13


def test_audit_filters(imported: str) -> None:
    everything = as_json("--db", imported, "audit")
    assert (
        len(everything) == Snapshot.of(imported).events == 783
    )  # 781 facts, the enactment of the APBD-P and the record of the import
    assert [row["position"] for row in everything] == sorted(r["position"] for r in everything)
    pagu_events = as_json("--db", imported, "audit", "--kind", "pagu")
    assert len(pagu_events) == 61 + 24
    revised = as_json("--db", imported, "audit", "--kind", "PaguRevised", "--stage", "perubahan")
    assert len(revised) == 24 and {row["stage"] for row in revised} == {"perubahan"}
    program = as_json("--db", imported, "audit", "--kode", "1.06.04", "--kind", "pagu,target")
    assert program and all(row["kode"].startswith("1.06.04") for row in program)
    assert {row["kind"] for row in program} <= {"PaguSet", "PaguRevised", "TargetSet"} | {
        "TargetRevised"
    }
    assert len(as_json("--db", imported, "audit", "--actor", "TESTER")) == 783
    assert as_json("--db", imported, "audit", "--actor", "someone else") == []
    assert as_json("--db", imported, "audit", "--until", "2020-01-01") == []
    assert as_json("--db", imported, "audit", "--since", "2999-01-01") == []
    first = everything[0]["recorded_at"]
    assert len(as_json("--db", imported, "audit", "--since", first[:10])) == 783

    ok("--db", imported, "shift", SUB, "1.06.04.2.01.01", "1000", *BASIS, "--actor", "planner")
    by_planner = as_json("--db", imported, "audit", "--actor", "planner")
    assert [row["kind"] for row in by_planner] == ["PaguShifted", "PaguShifted"]
    since = as_json("--db", imported, "audit", "--since", by_planner[0]["recorded_at"])
    assert [row["event_id"] for row in since] == [row["event_id"] for row in by_planner]
    with_budget = pagu("--db", imported, "audit", "--skpd", "Sosial", "--year", "2024")
    assert with_budget.exit_code == 0
    table = ok("--db", imported, "audit", "--actor", "planner")
    assert "Jejak Audit" in table and "shifted to 1.06.04.2.01.01" in table


def test_reading_refusals(imported: str) -> None:
    before = Snapshot.of(imported)
    cases = [
        (["why", "1.06.04.2.01.99"], "unknown line 1.06.04.2.01.99"),
        (["why", "1.6.x"], "not a budget line code"),
        (["history", "1.06.09"], "unknown line 1.06.09"),
        (["history", SUB, "--as-of", "kemarin"], "not a timestamp: 'kemarin'"),
        (["why", SUB, "--effective", "30 Juni"], "not a date: '30 Juni'"),
        (["why", SUB, "--skpd", "Dinas PU"], "no budget for Dinas PU"),
        (["audit", "--kind", "transfer"], "unknown event kind 'transfer'"),
        (["audit", "--stage", "final"], "unknown stage 'final'"),
        (["audit", "--kode", "x"], "not a budget line code"),
        (["audit", "--since", "2024-09-02", "--until", "2024-09-01"], "--since is after --until"),
        (["audit", "--year", "2031"], "no budget for"),
    ]
    for args, says in cases:
        result = pagu("--db", imported, *args)
        assert result.exit_code == 1 and says in result.output, (args, result.output)
        assert "Traceback" not in result.output
    assert Snapshot.of(imported) == before
