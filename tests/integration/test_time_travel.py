"""Views at a point in time, with events recorded at controlled moments (the store's
clock pinned), on a SQLite file and on PostgreSQL.

The budget of one kegiatan with two sub kegiatan goes through a year:
    T1 2024-01-05  murni: .01 = 100, .02 = 200 (effective 1 January)
    T2 2024-04-10  pergeseran: 50 from .02 to .01 (effective 1 April)
    T3 2024-08-10  a late pergeseran: 60 from .01 to .02, back-dated to 1 March
    T4 2024-08-20  perubahan: .01 = 400, new line .03 = 70 (effective 14 August)
    T5 2024-10-01  the perubahan of .01 corrected (an EntryCorrected)
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from events import Kode, Stage
from events.sources import DocumentRef
from ledger.line import Basis, BudgetLine, ShiftSide
from ledger.service import Ledger, open_ledger
from tests.conftest import pagu

SKPD = "Dinas Sosial Kabupaten Contoh"
T1 = datetime(2024, 1, 5, 10, 0, tzinfo=UTC)
T2 = datetime(2024, 4, 10, 10, 0, tzinfo=UTC)
T3 = datetime(2024, 8, 10, 10, 0, tzinfo=UTC)
T4 = datetime(2024, 8, 20, 10, 0, tzinfo=UTC)
T5 = datetime(2024, 10, 1, 10, 0, tzinfo=UTC)


def basis(effective: date, reason: str = "APBD murni 2024") -> Basis:
    return Basis("tester", reason, DocumentRef("Perda APBD 2024", effective), effective)


def apbd(url: str, *args: str) -> list[dict[str, Any]]:
    result = pagu("apbd", "--db", url, "--format", "json", *args)
    assert result.exit_code == 0, result.output
    rows: list[dict[str, Any]] = json.loads(result.output)
    return rows


def pagu_of(rows: list[dict[str, Any]]) -> dict[str, Decimal | None]:
    return {
        row["kode"] or "TOTAL": None if row["pagu"] is None else Decimal(row["pagu"])
        for row in rows
    }


class Year:
    """The ledger of the example year, written step by step at pinned moments."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.ledger: Ledger = open_ledger(url)
        self.lines: dict[str, BudgetLine] = {}

    def at(self, moment: datetime) -> None:
        self.ledger.recorder.clock = lambda: moment  # type: ignore[attr-defined]

    def line(self, kode: str) -> BudgetLine:
        return self.ledger.get_line(SKPD, 2024, Kode(kode))

    def register(self, kode: str, nama: str, stage: Stage, effective: date) -> BudgetLine:
        return BudgetLine.register(
            skpd=SKPD,
            tahun=2024,
            kode=Kode(kode),
            nama=nama,
            indicator=None,
            location="Kab. Contoh",
            stage=stage,
            basis=basis(effective),
        )

    def murni(self) -> None:
        self.at(T1)
        jan = date(2024, 1, 1)
        made = [
            self.register("1.06", SKPD, Stage.MURNI, jan),
            self.register("1.06.01", "Program Penunjang", Stage.MURNI, jan),
            self.register("1.06.01.2.01", "Perencanaan", Stage.MURNI, jan),
            self.register("1.06.01.2.01.01", "Penyusunan Dokumen", Stage.MURNI, jan),
            self.register("1.06.01.2.01.02", "Evaluasi Kinerja", Stage.MURNI, jan),
        ]
        made[3].set_pagu(Decimal(100), Stage.MURNI, basis(jan))
        made[4].set_pagu(Decimal(200), Stage.MURNI, basis(jan))
        self.ledger.save_lines(made)

    def pergeseran(self) -> None:
        self.at(T2)
        april = basis(date(2024, 4, 1), "pergeseran antar sub kegiatan")
        giver, taker = self.line("1.06.01.2.01.02"), self.line("1.06.01.2.01.01")
        transfer = uuid.uuid4()
        giver.shift(ShiftSide(Decimal(-50), taker.kode, transfer), Stage.PERGESERAN, april)
        taker.shift(ShiftSide(Decimal(50), giver.kode, transfer), Stage.PERGESERAN, april)
        self.ledger.save_lines([giver, taker])

    def perubahan(self) -> None:
        self.at(T4)
        august = date(2024, 8, 14)
        line = self.line("1.06.01.2.01.01")
        line.set_pagu(Decimal(400), Stage.PERUBAHAN, basis(august, "APBD-P"))
        new = self.register("1.06.01.2.01.03", "Baru di APBD-P", Stage.PERUBAHAN, august)
        new.set_pagu(Decimal(70), Stage.PERUBAHAN, basis(august, "APBD-P"))
        self.ledger.save_lines([line, new])

    def late_pergeseran(self) -> None:
        self.at(T3)
        march = basis(date(2024, 3, 1), "pergeseran yang terlambat dicatat")
        giver, taker = self.line("1.06.01.2.01.01"), self.line("1.06.01.2.01.02")
        transfer = uuid.uuid4()
        giver.shift(ShiftSide(Decimal(-60), taker.kode, transfer), Stage.PERGESERAN, march)
        taker.shift(ShiftSide(Decimal(60), giver.kode, transfer), Stage.PERGESERAN, march)
        self.ledger.save_lines([giver, taker])

    def correction(self) -> None:
        self.at(T5)
        line = self.line("1.06.01.2.01.01")
        version = max(v for v, seen in line.recorded.items() if seen.kind == "PaguRevised")
        line.correct(version, basis(date(2024, 10, 1), "salah input"))
        self.ledger.save_lines([line])


@pytest.fixture
def year(store_url: str) -> Iterator[Year]:
    made = Year(store_url)
    yield made
    made.ledger.close()


def test_as_of_between_two_events_shows_exactly_the_earlier_state(year: Year) -> None:
    year.murni()
    after_murni = apbd(year.url)
    year.pergeseran()
    after_shift = apbd(year.url)
    year.late_pergeseran()
    year.perubahan()
    year.correction()
    assert apbd(year.url, "--as-of", "2024-02-01") == after_murni
    assert apbd(year.url, "--as-of", "2024-04-10T09:59:59Z") == after_murni
    assert apbd(year.url, "--as-of", "2024-04-10T10:00:00Z") == after_shift
    assert apbd(year.url, "--as-of", "2024-06-30T12:00:00+08:00") == after_shift
    assert apbd(year.url, "--as-of", "2023-12-31") == []  # nothing was known yet
    assert pagu_of(after_shift) == {
        "1.06.01": Decimal("300.00"),
        "1.06.01.2.01": Decimal("300.00"),
        "1.06.01.2.01.01": Decimal("150.00"),
        "1.06.01.2.01.02": Decimal("150.00"),
        "TOTAL": Decimal("300.00"),
    }


def test_a_back_dated_pergeseran_counts_only_once_recorded(year: Year) -> None:
    year.murni()
    year.pergeseran()
    year.late_pergeseran()
    year.perubahan()

    def line_02(*args: str) -> Decimal | None:
        return pagu_of(apbd(year.url, *args))["1.06.01.2.01.02"]

    # in force on 15 March: before it was recorded, the murni figure; after, with the shift
    assert line_02("--effective", "2024-03-15", "--as-of", "2024-08-01") == Decimal("200.00")
    assert line_02("--effective", "2024-03-15", "--as-of", "2024-09-30") == Decimal("260.00")
    assert line_02("--effective", "2024-03-15") == Decimal("260.00")
    # before its effective date it changes nothing, whenever asked
    assert line_02("--effective", "2024-02-15", "--as-of", "2024-09-30") == Decimal("200.00")
    # a shift moves its money whatever was recorded around it: 200 + 60 - 50 on 1 May
    assert line_02("--effective", "2024-05-01", "--as-of", "2024-09-30") == Decimal("210.00")
    assert pagu_of(apbd(year.url, "--effective", "2024-05-01"))["TOTAL"] == Decimal("300.00")
    # a line that enters the budget on 14 August is not there before
    assert "1.06.01.2.01.03" not in pagu_of(apbd(year.url, "--effective", "2024-08-13"))
    assert pagu_of(apbd(year.url, "--effective", "2024-08-14"))["1.06.01.2.01.03"] == Decimal(
        "70.00"
    )


def test_a_correction_stops_counting_from_its_recording(year: Year) -> None:
    year.murni()
    year.pergeseran()
    year.perubahan()
    year.correction()
    assert pagu_of(apbd(year.url, "--as-of", "2024-09-30"))["1.06.01.2.01.01"] == Decimal("400.00")
    assert pagu_of(apbd(year.url))["1.06.01.2.01.01"] == Decimal("150.00")
    assert pagu_of(apbd(year.url, "--stage", "perubahan"))["1.06.01.2.01.01"] == Decimal("150.00")


def test_stage_murni_is_unchanged_by_every_later_revision(year: Year) -> None:
    year.murni()
    murni = apbd(year.url, "--stage", "murni")
    assert pagu_of(murni)["TOTAL"] == Decimal("300.00")
    year.pergeseran()
    year.late_pergeseran()
    year.perubahan()
    year.correction()
    assert apbd(year.url, "--stage", "murni") == murni
    shifted = pagu_of(apbd(year.url, "--stage", "pergeseran"))
    assert shifted["1.06.01.2.01.02"] == Decimal("210.00") and "1.06.01.2.01.03" not in shifted
    assert shifted["TOTAL"] == Decimal("300.00")  # no pergeseran moves the total
    revised = pagu_of(apbd(year.url, "--stage", "perubahan"))
    assert revised["1.06.01.2.01.03"] == Decimal("70.00")
    # .01's APBD-P value was corrected: it is back to its DPA value, 100 - 60 + 50
    assert revised["1.06.01.2.01.01"] == Decimal("90.00")
    assert revised["TOTAL"] == Decimal("90.00") + Decimal("210.00") + Decimal("70.00")
    compare = json.loads(pagu("compare", "--db", year.url, "--format", "json").output)
    new = next(row for row in compare if row["kode"] == "1.06.01.2.01.03")
    assert new["murni_pagu"] is None and new["difference"] == "70.00" and new["new"] is True
