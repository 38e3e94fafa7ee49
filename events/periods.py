"""Where in the budget year a fact belongs: its stage, and for realization its quarter."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from enum import Enum

from events.errors import InvalidInput


class Stage(Enum):
    """The budget stage a value belongs to, in the order a year goes through them."""

    MURNI = "murni"  # APBD murni: the original budget (Perda APBD, DPA)
    PERGESERAN = "pergeseran"  # shifts between lines amending the DPA
    PERUBAHAN = "perubahan"  # APBD-P: the revised budget (Perda APBD-P, DPPA)

    @property
    def rank(self) -> int:
        return _STAGE_RANK[self]

    @classmethod
    def parse(cls, text: str) -> Stage:
        key = text.strip().lower().replace("apbd-p", "perubahan").replace("apbd", "murni")
        for stage in cls:
            if stage.value == key:
                return stage
        raise InvalidInput(f"unknown stage {text!r}: use murni, pergeseran or perubahan")


_STAGE_RANK = {Stage.MURNI: 0, Stage.PERGESERAN: 1, Stage.PERUBAHAN: 2}


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

    @property
    def last_day(self) -> int:
        """Month number of the quarter's last month."""
        return self.value * 3

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
