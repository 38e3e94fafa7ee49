"""Where in the budget year a fact belongs: its stage, and for realization its quarter."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from enum import Enum

from events.errors import InvalidInput
from events.i18n import N_, _


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
            _("unknown stage {text!r}: use murni, pergeseran, perubahan or pergeseran-p").format(
                text=text
            )
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
        raise InvalidInput(_("not a quarter: {raw!r} (use 1-4 or I-IV)").format(raw=raw))

    def first_day(self, year: int) -> date:
        """The day the quarter begins."""
        return date(year, self.value * 3 - 2, 1)

    def last_day(self, year: int) -> date:
        """The day the quarter ends: what its realization is dated (and in force) on."""
        month = self.value * 3
        return date(year, month, 30 if month in (6, 9) else 31)

    @classmethod
    def containing(cls, day: date) -> Quarter:
        """The quarter `day` falls in."""
        return cls((day.month - 1) // 3 + 1)

    def of(self, day: date) -> bool:
        """Whether `day` falls in this quarter (of its own year)."""
        return Quarter.containing(day) is self

    def __str__(self) -> str:
        return self.name


# The years of the facts pagu records (effective dates, the dates of documents, fiscal
# years): anything outside is a slip of the keyboard (0001-01-01, 9999-12-31).
FIRST_YEAR = 1950
LAST_YEAR = 2100
# The years a question may name (--as-of, --since, --until, a view's --effective): wider,
# but short of the calendar's ends, so that a time zone or a day either side never
# overflows.
FIRST_QUERY_YEAR = 1000
LAST_QUERY_YEAR = 9998
_ASCII_DATE = re.compile(r"^[0-9]{1,4}([-/])[0-9]{1,2}\1[0-9]{1,4}$")


def _years(raw: str, what: str, first: int = FIRST_YEAR, last: int = LAST_YEAR) -> str:
    return _("not {what}: {raw!r} is outside the years pagu accepts ({first}-{last})").format(
        what=_(what), raw=raw, first=first, last=last
    )


def check_year(year: int, what: str = N_("a fiscal year")) -> int:
    """A fiscal year (or a date's year) within FIRST_YEAR..LAST_YEAR."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidInput(_years(str(year), what))
    return year


def parse_year(raw: str) -> int:
    """A fiscal year as typed: four digits 0-9 within FIRST_YEAR..LAST_YEAR."""
    text = raw.strip()
    if not re.fullmatch(r"[0-9]{4}", text):
        raise InvalidInput(_("not a fiscal year: {raw!r} (write it as 2024)").format(raw=raw))
    return check_year(int(text))


def parse_date(raw: str, *, query: bool = False) -> date:
    """An effective date: ISO 2024-08-14, or 14-08-2024 / 14/08/2024 as typed in Indonesia.
    A fact's date is within FIRST_YEAR..LAST_YEAR; with `query`, a date a view is asked
    about, within FIRST_QUERY_YEAR..LAST_QUERY_YEAR."""
    text = raw.strip()
    first, last = (FIRST_QUERY_YEAR, LAST_QUERY_YEAR) if query else (FIRST_YEAR, LAST_YEAR)
    if _ASCII_DATE.match(text):
        for pattern in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
            try:
                found = datetime.strptime(text, pattern).date()
            except ValueError:
                continue
            if not first <= found.year <= last:
                raise InvalidInput(_years(raw, N_("a date"), first, last))
            return found
    raise InvalidInput(_("not a date: {raw!r} (write 2024-08-14)").format(raw=raw))


def parse_timestamp(raw: str, *, start_of_day: bool = False) -> datetime:
    """A recorded-time instant (what a query asks about: years FIRST_QUERY_YEAR to
    LAST_QUERY_YEAR). A bare date means the end of that day on the ledger's clock
    (events.clock: WITA for Kukar): what the ledger knew on that day, including
    everything recorded during it; with `start_of_day` (--since), its first moment. A
    time without an offset is on that clock too."""
    from events.clock import current_zone, day_end, day_start

    text = raw.strip()
    problem = _("not a timestamp: {raw!r} (write 2024-09-01 or 2024-09-01T10:30:00+08:00)").format(
        raw=raw
    )
    if not text.isascii():
        raise InvalidInput(problem)
    bare = re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text) is not None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInput(problem) from None
    # the years are checked as typed, before any clock moves the instant (the years
    # accepted keep clear of the calendar's ends, so no clock can overflow it)
    if not FIRST_QUERY_YEAR <= moment.year <= LAST_QUERY_YEAR:
        raise InvalidInput(_years(raw, N_("a timestamp"), FIRST_QUERY_YEAR, LAST_QUERY_YEAR))
    if bare:
        day = moment.date()
        moment = day_start(day) if start_of_day else day_end(day)
    elif moment.tzinfo is None:
        moment = moment.replace(tzinfo=current_zone())
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
    """'14 Agustus 2024' -> date(2024, 8, 14); None when the text holds no such date.
    A day that does not exist (31 Februari 2024) or a year outside FIRST_YEAR..LAST_YEAR
    is refused."""
    match = re.search(r"([0-9]{1,2})\s+([A-Za-z]+)\s+([0-9]{4})", raw)
    if not match or match[2].lower() not in _MONTHS:
        return None
    try:
        found = date(int(match[3]), _MONTHS[match[2].lower()], int(match[1]))
    except ValueError:
        raise InvalidInput(
            _("not a date: {match!r} (no such day)").format(match=match[0])
        ) from None
    if not FIRST_YEAR <= found.year <= LAST_YEAR:
        raise InvalidInput(_years(match[0], N_("a date")))
    return found
