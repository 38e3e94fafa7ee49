"""BudgetLine's verbs and guards in memory, no database: editions, shifts, realization
(in the style of the eventsourcing library's own aggregate tests)."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

import pytest

from events import InvalidInput, Kode, Quarter, Stage, Target
from events.line import EditionEnacted, PaguSet, PaguShifted, RealizationRecorded
from ledger.line import (
    Basis,
    BudgetLine,
    DatedBeforePerubahan,
    Overrun,
    PergeseranAddsNoMoney,
    RealizationBeforeLine,
    Realized,
    ShiftSide,
)

SKPD = "Dinas Contoh"


def basis(day: date) -> Basis:
    return Basis("tester", "uji", None, day)


def sub(kode: str = "1.06.01.2.01.01", stage: Stage = Stage.MURNI, on: date = date(2024, 1, 1)):
    line = BudgetLine.register(
        skpd=SKPD,
        tahun=2024,
        kode=Kode(kode),
        nama="Sub",
        indicator=None,
        location=None,
        stage=stage,
        basis=basis(on),
    )
    return line


def dinas() -> BudgetLine:
    return sub("1.06")


def test_a_shift_is_money_moved_and_read_after_the_value_it_moves() -> None:
    line = sub()
    line.set_pagu(Decimal(200), Stage.MURNI, basis(date(2024, 1, 1)))
    line.shift(
        ShiftSide(Decimal(-50), Kode("1.06.01.2.01.02"), uuid.uuid4()),
        Stage.PERGESERAN,
        basis(date(2024, 4, 1)),
    )
    # a later revision of the murni edition, back-dated before the shift: the shift
    # still moves its 50 away
    line.set_pagu(Decimal(260), Stage.MURNI, basis(date(2024, 3, 1)))
    assert line.current_pagu(on=date(2024, 5, 1)) == Decimal(210)
    assert line.current_pagu(Stage.MURNI) == Decimal(260)
    assert line.current_pagu(Stage.PERGESERAN) == Decimal(210)
    shifted = [e for e in line.collect_events() if isinstance(e, PaguShifted)]
    assert shifted[0].change == Decimal(-50) and shifted[0].amount == Decimal(150)


def test_the_apbd_p_replaces_what_the_dpa_held_and_later_shifts_sit_on_top() -> None:
    line = sub()
    line.set_pagu(Decimal(200), Stage.MURNI, basis(date(2024, 1, 1)))
    line.shift(
        ShiftSide(Decimal(-50), Kode("1.06.01.2.01.02"), uuid.uuid4()),
        Stage.PERGESERAN,
        basis(date(2024, 4, 1)),
    )
    line.set_pagu(Decimal(400), Stage.PERUBAHAN, basis(date(2024, 8, 14)))
    line.shift(
        ShiftSide(Decimal(30), Kode("1.06.01.2.01.02"), uuid.uuid4()),
        Stage.PERGESERAN_P,
        basis(date(2024, 9, 2)),
    )
    assert line.current_pagu(Stage.PERGESERAN) == Decimal(150)  # the DPA after its pergeseran
    assert line.current_pagu(Stage.PERUBAHAN) == Decimal(400)  # the APBD-P as enacted
    assert line.current_pagu() == Decimal(430)  # the DPPA after its pergeseran
    assert line.current_pagu(on=date(2024, 9, 1)) == Decimal(400)
    assert line.current_pagu(on=date(2024, 8, 13)) == Decimal(150)


def test_a_pergeseran_sets_no_pagu_but_a_new_line_in_one_starts_at_zero() -> None:
    line = sub()
    line.set_pagu(Decimal(200), Stage.MURNI, basis(date(2024, 1, 1)))
    with pytest.raises(PergeseranAddsNoMoney, match="shift"):
        line.set_pagu(Decimal(250), Stage.PERGESERAN, basis(date(2024, 5, 1)))
    fresh = sub("1.06.01.2.01.09", Stage.PERGESERAN, date(2024, 5, 1))
    with pytest.raises(PergeseranAddsNoMoney):
        fresh.set_pagu(Decimal(1), Stage.PERGESERAN, basis(date(2024, 5, 1)))
    fresh.set_pagu(Decimal(0), Stage.PERGESERAN, basis(date(2024, 5, 1)))
    assert isinstance(fresh.collect_events()[-1], PaguSet)


def test_a_shift_may_not_take_a_line_below_zero_on_any_later_date() -> None:
    line = sub()
    line.set_pagu(Decimal(100), Stage.MURNI, basis(date(2024, 1, 1)))
    line.shift(
        ShiftSide(Decimal(-80), Kode("1.06.01.2.01.02"), uuid.uuid4()),
        Stage.PERGESERAN,
        basis(date(2024, 3, 1)),
    )
    # 50 on 1 February is within the 100 then, but from 1 March the line would be -30
    with pytest.raises(InvalidInput, match="below zero from 2024-03-01"):
        line.shift(
            ShiftSide(Decimal(-50), Kode("1.06.01.2.01.02"), uuid.uuid4()),
            Stage.PERGESERAN,
            basis(date(2024, 2, 1)),
        )


def test_the_dinas_line_says_which_pergeseran_a_date_belongs_to() -> None:
    line = dinas()
    assert line.pergeseran_edition(date(2024, 5, 1)) is Stage.PERGESERAN
    line.enact_edition(Stage.PERUBAHAN, basis(date(2024, 8, 14)))
    line.enact_edition(Stage.PERUBAHAN, basis(date(2024, 9, 1)))  # later: nothing new
    assert [type(e) for e in line.collect_events()].count(EditionEnacted) == 1
    assert line.pergeseran_edition(date(2024, 9, 2)) is Stage.PERGESERAN_P
    with pytest.raises(DatedBeforePerubahan, match="took effect on 2024-08-14"):
        line.pergeseran_edition(date(2024, 8, 13))


def test_realization_is_checked_on_its_own_date_and_never_before_its_line() -> None:
    line = sub()
    line.set_pagu(Decimal(700), Stage.MURNI, basis(date(2024, 1, 1)))
    line.set_pagu(Decimal(80), Stage.PERUBAHAN, basis(date(2024, 8, 14)))
    # 500 by 31 March is within the 700 in force then, though the APBD-P later cut it
    line.record_realization(
        Realized(quarter=Quarter.I, output=None, spent=Decimal(500), cumulative=True),
        allow_overrun=False,
        basis=basis(date(2024, 3, 31)),
    )
    with pytest.raises(Overrun, match="in force on 2024-12-31"):
        line.record_realization(
            Realized(quarter=Quarter.IV, output=None, spent=Decimal(1), cumulative=False),
            allow_overrun=False,
            basis=basis(date(2024, 12, 31)),
        )
    late = sub("1.06.01.2.01.07", Stage.PERUBAHAN, date(2024, 8, 14))
    with pytest.raises(RealizationBeforeLine, match="before the line entered the budget"):
        late.record_realization(
            Realized(
                quarter=Quarter.II,
                output=Target(Decimal(1), "Unit"),
                spent=None,
                cumulative=True,
            ),
            allow_overrun=False,
            basis=basis(date(2024, 6, 30)),
        )
    assert isinstance(line.collect_events()[-1], RealizationRecorded)


def test_a_correction_voids_a_fact_on_the_write_side_too() -> None:
    line = dinas()
    line.record_spm_indicator(
        basis(date(2024, 6, 30)),
        number=1,
        indicator="x",
        standard=None,
        ikk=None,
        targets={},
        realizations={},
        projection={},
        note=None,
    )
    assert line.facts.latest("spm", 1) is not None
    line.correct(line.version, basis(date(2024, 10, 1)))
    assert line.facts.latest("spm", 1) is None  # an import can record it again
