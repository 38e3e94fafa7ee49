"""The ledger's local clock: recorded times are stored in UTC (the hash chain's canonical
form), and shown in the time zone the ledger keeps (Kutai Kartanegara keeps WITA,
`Asia/Makassar`), with the zone's abbreviation. A bare date a user types for a recorded
time (`--as-of 2024-09-01`) is that day on the same clock.

The CLI sets the zone in use once when it opens a ledger (`PAGU_TZ`, else the ledger's
own zone, else DEFAULT_ZONE); `zone_in_use` sets another for a block of code.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from events.errors import InvalidInput
from events.i18n import _

# Where no zone was recorded (ledgers made before zones were kept): Western Indonesia
# Time, the zone of most Indonesian governments and of the national capital.
DEFAULT_ZONE = "Asia/Jakarta"
# Indonesia's three zones by their official names; any other IANA name is accepted too.
INDONESIAN_ZONES = {
    "WIB": "Asia/Jakarta",
    "WITA": "Asia/Makassar",
    "WIT": "Asia/Jayapura",
}

# The process's zone (set when a command opens its ledger: threads a server starts see it
# too), and a context's own for a block of code (`zone_in_use`).
_process_zone: list[tzinfo] = [UTC]
_PLACE = re.compile(r"[A-Z][A-Za-z_-]*(/[A-Za-z0-9_+-]+)+")
_zone: ContextVar[tzinfo | None] = ContextVar("pagu_zone", default=None)


def parse_zone(raw: str) -> tzinfo:
    """An IANA zone name (`Asia/Makassar`), `UTC`, or WIB/WITA/WIT."""
    text = raw.strip()
    name = INDONESIAN_ZONES.get(text.upper(), text)
    if name.upper() == "UTC":
        return UTC
    # An Area/Place name, in the tz database's own spelling: `localtime`, `Factory` and
    # the posix/ and right/ copies name no place (localtime is whatever each machine is
    # set to, so the same ledger would read differently elsewhere). ZoneInfo opens the one
    # file of that name (listing the whole database took 50 ms a command) and refuses a
    # path that leaves it.
    placed = _PLACE.fullmatch(name) is not None and not name.startswith(
        ("posix/", "right/", "Etc/")
    )
    refused = InvalidInput(
        _(
            "not a time zone: {raw!r} (write an IANA name such as Asia/Makassar, or "
            "WIB, WITA, WIT)"
        ).format(raw=raw)
    )
    if not placed:
        raise refused
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise refused from None


def zone_name(zone: tzinfo) -> str:
    """The name a zone is recorded and configured by."""
    return "UTC" if zone is UTC else str(getattr(zone, "key", zone))


def current_zone() -> tzinfo:
    return _zone.get() or _process_zone[0]


def set_zone(zone: tzinfo) -> None:
    _process_zone[0] = zone


@contextmanager
def zone_in_use(zone: tzinfo) -> Iterator[None]:
    token = _zone.set(zone)
    try:
        yield
    finally:
        _zone.reset(token)


def abbreviation(moment: datetime | None = None, zone: tzinfo | None = None) -> str:
    """WITA, WIB, UTC...: the zone's abbreviation at a moment (now by default)."""
    zone = zone or current_zone()
    local = (moment or datetime.now(UTC)).astimezone(zone)
    return local.tzname() or zone_name(zone)


def zone_label(zone: tzinfo | None = None) -> str:
    """The zone as a note says it: `WITA (UTC+08:00)`, or `UTC`."""
    zone = zone or current_zone()
    if zone is UTC:
        return "UTC"
    offset = datetime.now(UTC).astimezone(zone).strftime("%z")
    return f"{abbreviation(zone=zone)} (UTC{offset[:3]}:{offset[3:]})"


def local(moment: datetime | str) -> datetime:
    """A recorded time (a datetime, or its ISO text as the read model keeps it) on the
    local clock."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(current_zone())


def local_text(moment: datetime | str, *, seconds: bool = True) -> str:
    """`2024-09-01 12:25:26 WITA`: a recorded time as tables show it."""
    try:
        shown = local(moment)
    except ValueError:  # not a time pagu wrote: shown as it is
        return str(moment)
    pattern = "%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M"
    return f"{shown.strftime(pattern)} {shown.tzname() or 'UTC'}"


def day_start(day: date) -> datetime:
    """The first moment of a day on the local clock, in UTC."""
    return datetime.combine(day, time.min, tzinfo=current_zone()).astimezone(UTC)


def day_end(day: date) -> datetime:
    """The last moment (to the microsecond) of a day on the local clock, in UTC."""
    following = datetime.combine(day + timedelta(days=1), time.min, tzinfo=current_zone())
    return (following - timedelta(microseconds=1)).astimezone(UTC)
