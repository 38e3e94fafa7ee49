"""The ledger's clock: a ledger keeps its time zone (init/import --tz), views show
recorded times in it with its abbreviation, a bare date asked about is that day on that
clock, PAGU_TZ overrides it for one command, and JSON keeps ISO 8601 with the offset.
On a SQLite file and on PostgreSQL, through the real CLI.

The events are recorded at pinned moments (the store's clock): 2024-09-01 20:00 UTC is
2024-09-02 04:00 WITA, a day later in Kutai Kartanegara than in Greenwich."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from events import Kode, Stage
from events.sources import DocumentRef
from ledger.line import Basis, BudgetLine
from ledger.service import open_ledger
from tests.conftest import SHARED_DOCUMENT, pagu

SKPD = "Dinas Sosial Kabupaten Contoh"
EVENING_UTC = datetime(2024, 9, 1, 20, 0, tzinfo=UTC)  # 2024-09-02 04:00 WITA


def record_line_at(url: str, moment: datetime) -> None:
    ledger = open_ledger(url)
    try:
        ledger.recorder.clock = lambda: moment  # type: ignore[attr-defined]
        jan = date(2024, 1, 1)
        basis = Basis("bendahara", "APBD murni 2024", DocumentRef("Perda APBD 2024", jan), jan)
        line = BudgetLine.register(
            skpd=SKPD,
            tahun=2024,
            kode=Kode("1.06"),
            nama=SKPD,
            indicator=None,
            location="Kab. Contoh",
            stage=Stage.MURNI,
            basis=basis,
        )
        ledger.save_lines([line])
    finally:
        ledger.close()


def history(url: str, *args: str, env: dict[str, str] | None = None) -> str:
    result = pagu("--db", url, "history", "1.06", *args, env=env)
    assert result.exit_code == 0, result.output
    return result.output


def test_a_ledger_keeps_its_zone_and_shows_recorded_times_in_it(store_url: str) -> None:
    made = pagu("--db", store_url, "init", "--tz", "Asia/Makassar")
    assert made.exit_code == 0, made.output
    assert "time zone Asia/Makassar, WITA" in made.output
    record_line_at(store_url, EVENING_UTC)

    shown = history(store_url)
    assert "2024-09-02 04:00:00 WITA" in shown
    assert "recorded times in WITA (UTC+08:00)" in shown
    assert "20:00:00" not in shown

    # JSON keeps the instant as recorded: ISO 8601 with its offset
    rows = json.loads(history(store_url, "--format", "json"))
    assert datetime.fromisoformat(rows[0]["recorded_at"]) == EVENING_UTC

    # PAGU_TZ overrides the ledger's zone for one command, and writes nothing
    assert "2024-09-01 20:00:00 UTC" in history(store_url, env={"PAGU_TZ": "UTC"})
    assert "2024-09-02 05:00:00 WIT" in history(store_url, env={"PAGU_TZ": "WIT"})
    assert "2024-09-02 04:00:00 WITA" in history(store_url)


def test_a_bare_date_is_that_day_on_the_ledgers_clock(store_url: str) -> None:
    assert pagu("--db", store_url, "init", "--tz", "WITA").exit_code == 0
    record_line_at(store_url, EVENING_UTC)

    # in Kukar the event was recorded on 2 September: the ledger as at 1 September
    # has not heard of the line yet
    early = pagu("--db", store_url, "history", "1.06", "--as-of", "2024-09-01")
    assert early.exit_code != 0 and "unknown line" in early.output
    assert "2024-09-02 04:00:00 WITA" in history(store_url, "--as-of", "2024-09-02")
    # on Greenwich's clock it was still 1 September
    assert "2024-09-01 20:00:00 UTC" in history(
        store_url, "--as-of", "2024-09-01", env={"PAGU_TZ": "UTC"}
    )
    # a time without an offset is on the ledger's clock too
    assert pagu("--db", store_url, "history", "1.06", "--as-of", "2024-09-02T03:59").exit_code
    assert "WITA" in history(store_url, "--as-of", "2024-09-02T04:00")

    def trail(*args: str, env: dict[str, str] | None = None) -> list[dict[str, object]]:
        result = pagu("--db", store_url, "audit", "--format", "json", *args, env=env)
        assert result.exit_code == 0, result.output
        found: list[dict[str, object]] = json.loads(result.output)
        return found

    assert len(trail("--since", "2024-09-02")) == 1
    assert trail("--until", "2024-09-01") == []
    assert len(trail("--since", "2024-09-01", "--until", "2024-09-01", env={"PAGU_TZ": "UTC"})) == 1
    assert trail("--since", "2024-09-03") == []


def test_import_keeps_the_zone_given_and_the_default_otherwise(
    store_url: str, tmp_path: Path
) -> None:
    first = pagu("--db", store_url, "import", str(SHARED_DOCUMENT))
    assert first.exit_code == 0, first.output
    assert " WIB" in history_of_shared(store_url)
    again = pagu("--db", store_url, "import", "--tz", "Asia/Makassar", str(SHARED_DOCUMENT))
    assert again.exit_code == 0, again.output
    assert " WITA" in history_of_shared(store_url)
    # init on the existing ledger keeps its zone
    assert "time zone Asia/Makassar, WITA" in pagu("--db", store_url, "init").output


def history_of_shared(url: str) -> str:
    result = pagu("--db", url, "history", "1.06.01.2.01.01")
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize(
    "zone", ["Mars/Olympus", "../../etc/passwd", "WITA2", "", "localtime", "Factory"]
)
def test_an_unknown_zone_is_refused_and_nothing_is_made(tmp_path: Path, zone: str) -> None:
    url = str(tmp_path / "ledger.db")
    refused = pagu("--db", url, "init", "--tz", zone)
    assert refused.exit_code != 0
    assert "not a time zone" in refused.output and "Traceback" not in refused.output
    assert not Path(url).exists()
    refused = pagu("--db", url, "import", "--tz", zone, str(SHARED_DOCUMENT))
    assert refused.exit_code != 0 and "not a time zone" in refused.output
    assert not Path(url).exists()


def test_a_wrong_pagu_tz_is_named(imported: str) -> None:
    refused = pagu("--db", imported, "history", "1.06.01.2.01.01", env={"PAGU_TZ": "Nowhere"})
    assert refused.exit_code != 0
    assert "PAGU_TZ" in refused.output and "not a time zone" in refused.output
    assert "Traceback" not in refused.output
