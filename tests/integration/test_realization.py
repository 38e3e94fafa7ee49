"""Realization to date on top of the shared document: restated quarters, cumulative
entries, percentage indicators, the Dinas total against the sum of its sub kegiatan,
and corrections of Dinas-level facts. On a SQLite file and on PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from events import Kode, Quarter, Target
from events.sources import DocumentRef
from ledger.line import Basis, Realized
from ledger.service import Ledger, open_ledger
from tests.conftest import pagu

SKPD = "Dinas Sosial Kabupaten Kutai Kartanegara"
LATER = datetime.now(UTC) + timedelta(days=1)  # after the import, whenever the test runs


def view(*args: str) -> list[dict[str, Any]]:
    result = pagu(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    rows: list[dict[str, Any]] = json.loads(result.output)
    return rows


def rows_by_code(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {row["kode"] or "TOTAL": row for row in rows}


@pytest.fixture
def ledger(imported: str) -> Iterator[Ledger]:
    opened = open_ledger(imported)
    opened.recorder.clock = lambda: LATER  # type: ignore[attr-defined]
    yield opened
    opened.close()


def basis(quarter: Quarter) -> Basis:
    end = {1: date(2024, 3, 31), 2: date(2024, 6, 30)}[quarter.value]
    return Basis("bendahara", f"realisasi triwulan {quarter.name}", DocumentRef("SP2D", end), end)


def realize(ledger: Ledger, kode: str, quarter: Quarter, **fields: Any) -> None:
    line = ledger.get_line(SKPD, 2024, Kode(kode))
    values = {"output": None, "spent": None, "cumulative": False} | fields
    realized = Realized(quarter=quarter, **values)
    line.record_realization(realized, allow_overrun=False, basis=basis(quarter))
    ledger.save_lines([line])


def test_spending_to_date_and_the_dinas_total(imported: str, ledger: Ledger) -> None:
    one, two = "1.06.01.2.02.01", "1.06.01.2.02.07"
    realize(ledger, one, Quarter.I, spent=Decimal("50000000"))
    realize(ledger, one, Quarter.II, spent=Decimal("30000000"))
    realize(ledger, one, Quarter.II, spent=Decimal("40000000"))  # restates the one above
    realize(ledger, one, Quarter.II, output=Target(Decimal(632), "Orang"))  # money kept
    realize(ledger, two, Quarter.I, spent=Decimal("10000000"))
    realize(ledger, two, Quarter.II, spent=Decimal("20000000"), cumulative=True)
    second = rows_by_code(view("realization", "--db", imported, "--quarter", "2"))
    assert second[one]["spent"] == "90000000.00" and second[one]["output"] == "632 Orang"
    assert second[two]["spent"] == "20000000.00"
    assert second["1.06.01.2.02"]["spent"] == "110000000.00"  # the kegiatan: its sum
    assert second["1.06.01"]["spent"] == "110000000.00"
    assert second[one]["spent_percent"] == "0.78"  # of 11.482.027.460
    total = second["TOTAL"]
    assert total["spent"] == "16358726962.00"  # the Dinas's own figure
    assert total["flags"] == [
        "the Dinas reports 16.358.726.962,00 spent; its sub kegiatan sum to 110.000.000,00"
    ]
    first = rows_by_code(view("realization", "--db", imported, "--quarter", "1"))
    assert first[one]["spent"] == "50000000.00" and first[two]["spent"] == "10000000.00"
    assert first["TOTAL"]["spent"] == "60000000.00" and first["TOTAL"]["flags"] == []
    before = rows_by_code(
        view("realization", "--db", imported, "--quarter", "2", "--as-of", "2020-01-01")
    )
    assert before == {}  # nothing recorded then
    known = datetime.now(UTC).isoformat()
    as_imported = rows_by_code(view("realization", "--db", imported, "--as-of", known))
    assert as_imported[one]["spent"] is None and as_imported["TOTAL"]["flags"] == []


def test_a_percentage_indicator_is_a_level_not_a_sum(imported: str, ledger: Ledger) -> None:
    kegiatan = "1.06.01.2.07"  # target 100%
    realize(ledger, kegiatan, Quarter.I, output=Target(Decimal(40), "%"))
    realize(ledger, kegiatan, Quarter.II, output=Target(Decimal(55), "%"))
    shown = rows_by_code(view("realization", "--db", imported, "--quarter", "2"))[kegiatan]
    assert shown["output"] == "55%" and shown["output_percent"] == "55.00"
    evaluated = rows_by_code(view("evaluate", "--db", imported, "--quarter", "2"))[kegiatan]
    assert (evaluated["realization"], evaluated["cumulative"]) == ("55", "55")
    assert evaluated["kind"] == "percentage" and evaluated["rate"] == "55.00"
    counted = "1.06.01.2.01.07"  # 4 Laporan by triwulan II (Tabel 1); one more in III
    line = ledger.get_line(SKPD, 2024, Kode(counted))
    end = date(2024, 9, 30)
    line.record_realization(
        Realized(
            quarter=Quarter.III,
            output=Target(Decimal(1), "Laporan"),
            spent=None,
            cumulative=False,
        ),
        allow_overrun=False,
        basis=Basis("pptk", "triwulan III", DocumentRef("laporan", end), end),
    )
    ledger.save_lines([line])
    third = rows_by_code(view("evaluate", "--db", imported, "--quarter", "3"))[counted]
    assert (third["realization"], third["rate"]) == ("5", "62.50")


def test_corrected_dinas_facts_stop_counting(imported: str, ledger: Ledger) -> None:
    dinas = ledger.get_line(SKPD, 2024, Kode("1.06"))
    spm_one = next(
        version for version, seen in dinas.recorded.items() if seen.kind == "SpmIndicatorRecorded"
    )
    spent = max(v for v, seen in dinas.recorded.items() if seen.kind == "RealizationRecorded")
    why = Basis(
        "auditor", "salah input", DocumentRef("BA koreksi", date(2024, 9, 1)), date(2024, 9, 1)
    )
    dinas.correct(spm_one, why)
    dinas.correct(spent, why)
    ledger.save_lines([dinas])
    assert [row["no"] for row in view("spm", "--db", imported)] == [2, 3, 4, 5, None]
    known = datetime.now(UTC).isoformat()
    assert len(view("spm", "--db", imported, "--as-of", known)) == 6
    total = rows_by_code(view("realization", "--db", imported, "--quarter", "2"))["TOTAL"]
    assert total["spent"] is None  # no Dinas figure any more, and no line spending
    status = json.loads(pagu("projections", "status", "--db", imported, "--format", "json").output)
    assert status["state"] == "up to date"
