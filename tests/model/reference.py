"""A reference model of one budget's money: plain lists and dicts, written from the rules
in the README ("Budget editions", "Rules the appending commands follow") and knowing
nothing of `ledger/` or `projections/`. It says which commands the ledger must refuse
and what every view must show, at any edition, effective date and recorded point.

The rules it encodes:
- editions in order: murni 0, pergeseran 1, perubahan 2, pergeseran-p 3;
- a pagu is read from its values in (edition, effective date, recording) order: a set or
  revised value replaces, a shift adds the money it moved;
- the first APBD-P value enacts the APBD-P at its date (an earlier one moves it earlier);
  a shift is of edition 1 before that, of edition 3 after it, and refused if dated
  before it once it exists; a pergeseran sets no pagu (a line added in one starts at 0);
- a shift may not take its giving line below zero on its date or any later date a value
  of that line takes effect, in its edition or in force;
- spending to date (each quarter's latest entry by recording, a cumulative one replacing
  the running total) may not pass the pagu in force on the entry's date;
- a correction voids an entry from when it is recorded (a shift on both lines).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

YEAR = 2024
MURNI, PERGESERAN, PERUBAHAN, PERGESERAN_P = 0, 1, 2, 3
LATEST = 99
JAN_1, DOC_DATE = date(YEAR, 1, 1), date(YEAR, 8, 14)
QUARTER_END = {
    1: date(YEAR, 3, 31),
    2: date(YEAR, 6, 30),
    3: date(YEAR, 9, 30),
    4: date(YEAR, 12, 31),
}
QUARTER_START = {
    1: date(YEAR, 1, 1),
    2: date(YEAR, 4, 1),
    3: date(YEAR, 7, 1),
    4: date(YEAR, 10, 1),
}
NOW = 10**17  # every position recorded so far (what a query without --as-of reads)
NEVER = 10**18  # a position after every other (an entry not voided)


@dataclass
class Line:
    rank: int  # the edition it entered the budget in
    since: date  # the date it entered
    at: int  # where in the log it was recorded


@dataclass(eq=False)  # by identity: the two sides of a shift point at each other
class Money:
    """A pagu value (`delta` False) or one side of a shift (`delta` True)."""

    kode: str
    delta: bool
    amount: Decimal
    rank: int
    effective: date
    at: int
    partner: Money | None = None
    voided_at: int = NEVER


@dataclass
class Spending:
    kode: str
    quarter: int
    spent: Decimal | None
    output: Decimal | None
    cumulative: bool
    effective: date
    at: int
    voided_at: int = NEVER


@dataclass
class Budget:
    lines: dict[str, Line] = field(default_factory=dict)
    money: list[Money] = field(default_factory=list)
    spending: list[Spending] = field(default_factory=list)
    perubahan_from: date | None = None
    head: int = 0  # the log position of the last step

    # ---- reading ---------------------------------------------------------------------

    def subs(self, cap: int = LATEST, on: date | None = None, at: int = NOW) -> list[str]:
        return sorted(
            kode
            for kode, line in self.lines.items()
            if kode.count(".") == 5
            and line.rank <= cap
            and line.at <= at
            and (on is None or line.since <= on)
        )

    def pagu(
        self, kode: str, cap: int = LATEST, on: date | None = None, at: int = NOW
    ) -> Decimal | None:
        counted = [
            m
            for m in self.money
            if m.kode == kode
            and m.at <= at
            and m.voided_at > at
            and m.rank <= cap
            and (on is None or m.effective <= on)
        ]
        value: Decimal | None = None
        for m in sorted(counted, key=lambda m: (m.rank, m.effective, m.at)):
            value = (value or Decimal(0)) + m.amount if m.delta else m.amount
        return value

    def total(self, cap: int = LATEST, on: date | None = None, at: int = NOW) -> Decimal | None:
        found = [self.pagu(k, cap, on, at) for k in self.subs(cap, on, at)]
        known = [v for v in found if v is not None]
        return sum(known, Decimal(0)) if known else None

    def spent(
        self, kode: str, quarter: int, on: date | None = None, at: int = NOW
    ) -> Decimal | None:
        """Spending to date up to `quarter` as the views read it (entries in force)."""
        latest: dict[int, Spending] = {}
        for s in self.spending:
            if (
                s.kode == kode
                and s.spent is not None
                and s.quarter <= quarter
                and s.at <= at
                and s.voided_at > at
                and (on is None or s.effective <= on)
            ):
                latest[s.quarter] = s  # recorded later: restates the quarter
        total: Decimal | None = None
        for q in sorted(latest):
            entry = latest[q]
            assert entry.spent is not None
            total = entry.spent if entry.cumulative or total is None else total + entry.spent
        return total

    # ---- what the ledger allows ------------------------------------------------------

    def shift_edition(self, on: date) -> int | None:
        """The edition a shift dated `on` belongs to; None when it must be refused."""
        if self.perubahan_from is None:
            return PERGESERAN
        return None if on < self.perubahan_from else PERGESERAN_P

    def stays_above_zero(self, kode: str, change: Decimal, rank: int, on: date) -> bool:
        if change >= 0:
            return True
        trial = Money(kode, True, change, rank, on, NOW)
        days = {on} | {m.effective for m in self.money if m.kode == kode and m.effective > on}
        self.money.append(trial)
        try:
            for day in days:
                for cap in (rank, LATEST):
                    value = self.pagu(kode, cap, day)
                    if value is not None and value < 0:
                        return False
            return True
        finally:
            self.money.remove(trial)

    def spent_by_recording(self, kode: str, quarter: int, extra: Spending) -> Decimal:
        """Spending to date as the write side checks it: each quarter's latest entry by
        recording, whatever its effective date."""
        latest: dict[int, Spending] = {}
        for s in [*self.spending, extra]:
            if s.kode == kode and s.spent is not None and s.voided_at == NEVER:
                latest[s.quarter] = s
        total = Decimal(0)
        for q in sorted(latest):
            if q > quarter:
                break
            entry = latest[q]
            assert entry.spent is not None
            total = entry.spent if entry.cumulative else total + entry.spent
        return total

    def spending_never_falls(self, kode: str, extra: Spending) -> bool:
        """Money spent is never given back: with `extra`, the running total over the
        quarters with an entry never goes down (a cumulative figure below what was spent
        before it is refused)."""
        latest: dict[int, Spending] = {}
        for s in [*self.spending, extra]:
            if s.kode == kode and s.spent is not None and s.voided_at == NEVER:
                latest[s.quarter] = s
        total, previous = Decimal(0), Decimal(0)
        for q in sorted(latest):
            entry = latest[q]
            assert entry.spent is not None
            total = entry.spent if entry.cumulative else total + entry.spent
            if total < previous:
                return False
            previous = total
        return True

    def enact(self, on: date) -> bool:
        """The APBD-P takes effect on `on` (or earlier than known): True if that is news."""
        if self.perubahan_from is None or on < self.perubahan_from:
            self.perubahan_from = on
            return True
        return False
