"""What a ledger keeps besides its events: its time zone, for now.

A ledger keeps the zone of the government whose budget it holds (`pagu init --tz` or
`pagu import --tz`; Kutai Kartanegara keeps WITA, `Asia/Makassar`), so that every view
shows recorded times on the clock its users live by, and a bare date asked about
(`--as-of 2024-09-01`) is that day on that clock. The zone changes how times are shown
and read, never what is recorded: the log keeps UTC, which the hash chain covers.

The settings are rows added, never changed: the latest row of a name holds, and the
earlier ones say when and by whom it was set before. `PAGU_TZ` overrides the ledger's
zone for one command (a reader elsewhere), without writing anything.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Mapping
from contextlib import suppress
from datetime import UTC, datetime, tzinfo
from typing import Any

from events.clock import DEFAULT_ZONE, parse_zone, zone_name
from events.errors import InvalidInput
from events.i18n import _
from ledger.storage import SETTINGS_TABLE, StoreLocation

TIME_ZONE = "time_zone"


def _create(location: StoreLocation, conn: Any) -> None:
    conn.execute(
        f"CREATE TABLE IF NOT EXISTS {location.table(SETTINGS_TABLE)} ("
        "name TEXT NOT NULL, value TEXT NOT NULL, recorded_at TEXT NOT NULL, "
        "actor TEXT NOT NULL)"
    )


def _connect(location: StoreLocation, *, read_only: bool) -> Any:
    if location.is_sqlite:
        return sqlite3.connect(location.sqlite_uri(read_only=read_only), uri=True)
    return location.connect()


def recorded_setting(location: StoreLocation, name: str) -> str | None:
    """The latest value of a setting; None where none was kept (a ledger older than
    settings, or a store with no such table)."""
    if not location.exists():
        return None
    mark = "?" if location.is_sqlite else "%s"
    try:
        conn = _connect(location, read_only=True)
    except (sqlite3.Error, InvalidInput):
        return None
    try:
        row = conn.execute(
            f"SELECT value FROM {location.table(SETTINGS_TABLE)} WHERE name = {mark} "
            "ORDER BY recorded_at DESC LIMIT 1",
            (name,),
        ).fetchone()
    except Exception:  # noqa: BLE001 - no settings table (older ledger), or not readable
        return None
    finally:
        conn.close()
    return None if row is None else str(row[0])


def ensure_table(location: StoreLocation) -> None:
    """Create the settings table where it is missing (a ledger older than settings)."""
    conn = _connect(location, read_only=False)
    try:
        _create(location, conn)
        conn.commit()
    finally:
        conn.close()


def keep_setting(location: StoreLocation, name: str, value: str, actor: str) -> bool:
    """Add a row for the setting unless it already holds this value; True if added."""
    if recorded_setting(location, name) == value:
        return False
    mark = "?" if location.is_sqlite else "%s"
    conn = _connect(location, read_only=False)
    try:
        _create(location, conn)
        conn.execute(
            f"INSERT INTO {location.table(SETTINGS_TABLE)} VALUES ({mark}, {mark}, {mark}, {mark})",
            (name, value, datetime.now(UTC).isoformat(timespec="microseconds"), actor),
        )
        conn.commit()
    finally:
        conn.close()
    return True


def ledger_zone(location: StoreLocation) -> tzinfo:
    """The zone the ledger keeps; DEFAULT_ZONE where it keeps none."""
    name = recorded_setting(location, TIME_ZONE)
    try:
        return parse_zone(name or DEFAULT_ZONE)
    except InvalidInput:  # a zone this machine's tz database lacks: still answer
        return parse_zone(DEFAULT_ZONE)


def zone_for(location: StoreLocation, env: Mapping[str, str] | None = None) -> tzinfo:
    """The zone a command shows times in: PAGU_TZ, else the ledger's own."""
    wanted = (os.environ if env is None else env).get("PAGU_TZ", "").strip()
    if wanted:
        try:
            return parse_zone(wanted)
        except InvalidInput as problem:
            raise InvalidInput(_("PAGU_TZ: {problem}").format(problem=problem)) from None
    return ledger_zone(location)


def keep_zone(location: StoreLocation, zone: tzinfo | None, actor: str) -> tzinfo:
    """At init or import: keep `zone` (when given), or the default where the ledger
    keeps none yet; return the zone the ledger keeps now."""
    current = recorded_setting(location, TIME_ZONE)
    if zone is not None:
        keep_setting(location, TIME_ZONE, zone_name(zone), actor)
        return zone
    if current is None:
        # a role that may only append events cannot: the default holds all the same
        with suppress(Exception):
            keep_setting(location, TIME_ZONE, DEFAULT_ZONE, actor)
    return ledger_zone(location)
