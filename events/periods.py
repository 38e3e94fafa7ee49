"""Where in the budget year a fact belongs: its stage, and for realization its quarter."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from enum import Enum

from events.errors import InvalidInput


class Stage(Enum):
    """The budget edition a value belongs to, in the order a year goes through them:

        murni          the APBD murni as enacted (Perda APBD, executed through the DPA)
        pergeseran     the DPA amended by pergeseran (shifts between lines) before the APBD-P
        perubahan      the APBD-P as enacted (Perda APBD-P, executed through the DPPA)
        pergeseran-p   the DPPA amended by pergeseran after the APBD-P

    Each edition is layered on the ones before it (README, "Budget editions"): a value
    of a later edition replaces an earlier edition's value, and a pergeseran moves money
    inside the edition in force on its date. Which of the two pergeseran editions a shift
    belongs to is decided by the ledger (before or after the budget's APBD-P), not typed.
    """

    MURNI = "murni"
    PERGESERAN = "pergeseran"
    PERUBAHAN = "perubahan"
    PERGESERAN_P = "pergeseran-p"

    @property
    def rank(self) -> int:
        return _STAGE_RANK[self]

    @property
    def is_pergeseran(self) -> bool:
        return self in (Stage.PERGESERAN, Stage.PERGESERAN_P)

    @property
    def title(self) -> str:
        """The edition's name as official documents write it."""
        return _STAGE_TITLE[self]

    @classmethod
    def parse(cls, text: str) -> Stage:
        key = " ".join(text.strip().lower().replace("_", "-").split())
        key = _STAGE_ALIASES.get(key, key)
        for stage in cls:
            if stage.value == key:
                return stage
        raise InvalidInput(
            f"unknown stage {text!r}: use murni, pergeseran, perubahan or pergeseran-p"
        )


_STAGE_RANK = {Stage.MURNI: 0, Stage.PERGESERAN: 1, Stage.PERUBAHAN: 2, Stage.PERGESERAN_P: 3}
_STAGE_TITLE = {
    Stage.MURNI: "APBD Murni",
    Stage.PERGESERAN: "APBD setelah Pergeseran (DPA)",
    Stage.PERUBAHAN: "APBD Perubahan",
    Stage.PERGESERAN_P: "APBD Perubahan setelah Pergeseran (DPPA)",
}
_STAGE_ALIASES = {
    "apbd": "murni",
    "dpa": "murni",
    "apbd-p": "perubahan",
    "apbdp": "perubahan",
    "dppa": "perubahan",
    "pergeseran-perubahan": "pergeseran-p",
    "pergeseran-dppa": "pergeseran-p",
    "pergeseran-apbd-p": "pergeseran-p",
}


class Quarter(Enum):
    """Triwulan I to IV."""

    I = 1  # noqa: E741 - the official name of the first quarter
    II = 2
    III = 3
    IV = 4

    @classmethod
    def parse(cls, text: str | int) -> Quarter:
        raw = str(text).strip()
        key = re.sub(r"^(triwulan|tw|q)\s*", "", raw, flags=re.IGNORECASE).strip().upper()
        for quarter in cls:
            if key in (quarter.name, str(quarter.value)):
                return quarter
        raise InvalidInput(f"not a quarter: {raw!r} (use 1-4 or I-IV)")

    def first_day(self, year: int) -> date:
        """The day the quarter begins."""
        return date(year, self.value * 3 - 2, 1)

    def last_day(self, year: int) -> date:
        """The day the quarter ends: what its realization is dated (and in force) on."""
        month = self.value * 3
        return date(year, month, 30 if month in (6, 9) else 31)

    def of(self, day: date) -> bool:
        """Whether `day` falls in this quarter (of its own year)."""
        return (day.month - 1) // 3 + 1 == self.value

    def __str__(self) -> str:
        return self.name


def parse_date(raw: str) -> date:
    """An effective date: ISO 2024-08-14, or 14-08-2024 / 14/08/2024 as typed in Indonesia."""
    text = raw.strip()
    for pattern in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise InvalidInput(f"not a date: {raw!r} (write 2024-08-14)")


def parse_timestamp(raw: str) -> datetime:
    """A recorded-time instant. A bare date means the end of that day (UTC): what the
    ledger knew on that day, including everything recorded during it."""
    text = raw.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            day = date.fromisoformat(text)
            return datetime(day.year, day.month, day.day, 23, 59, 59, 999999, tzinfo=UTC)
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInput(
            f"not a timestamp: {raw!r} (write 2024-09-01 or 2024-09-01T10:30:00+08:00)"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


_MONTHS = {
    "januari": 1,
    "februari": 2,
    "maret": 3,
    "april": 4,
    "mei": 5,
    "juni": 6,
    "juli": 7,
    "agustus": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "desember": 12,
}


def parse_indonesian_date(raw: str) -> date | None:
    """'14 Agustus 2024' -> date(2024, 8, 14); None when the text holds no such date."""
    match = re.search(r"(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})", raw)
    if not match or match[2].lower() not in _MONTHS:
        return None
    return date(int(match[3]), _MONTHS[match[2].lower()], int(match[1]))
