"""Helpers for tests of the appending and audit commands: run the real CLI, read its
JSON, and take a snapshot of everything a refused command must leave unchanged."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text

from ledger.service import open_ledger
from ledger.storage import StoreLocation
from projections import schema
from projections.readmodel import ReadModel, make_engine
from tests.conftest import SHARED_DOCUMENT, pagu

SKPD = "Dinas Sosial Kabupaten Kutai Kartanegara"
# A legal basis for budget changes, effective within the 2024 budget year.
DOC = ["--doc", "SK Kepala Dinas Sosial No. 900/123/2024", "--doc-date", "2024-09-02"]
BASIS = ["--reason", "Kebutuhan kegiatan lomba", *DOC, "--effective", "2024-09-02"]


def ok(*args: str, env: dict[str, Any] | None = None) -> str:
    result = pagu(*args, env=env)
    assert result.exit_code == 0, result.output
    return result.output


def as_json(*args: str, env: dict[str, Any] | None = None) -> Any:
    return json.loads(ok(*args, "--format", "json", env=env))


def pagu_by_kode(url: str) -> dict[str, Decimal | None]:
    rows = as_json("--db", url, "lines")
    return {
        row["kode"] or "TOTAL": None if row["pagu"] is None else Decimal(row["pagu"])
        for row in rows
    }


@dataclass(frozen=True)
class Snapshot:
    """Everything a refused command must leave as it was."""

    events: int
    chain_head: str | None
    audit_rows: int
    lines: str

    @classmethod
    def of(cls, url: str) -> Snapshot:
        lines = ok("--db", url, "lines", "--format", "json")  # also catches the read model up
        ledger = open_ledger(url, create=False)
        try:
            events = ledger.event_count()
        finally:
            ledger.close()
        location = StoreLocation.parse(url)
        engine = make_engine(location.sqlalchemy_url(), location.sqlalchemy_connect_args())
        try:
            with engine.connect() as conn:
                audit_rows = conn.execute(select(func.count()).select_from(schema.event)).scalar()
                head = conn.execute(
                    text("SELECT chain_hash FROM pagu_log ORDER BY position DESC LIMIT 1")
                ).scalar()
        finally:
            engine.dispose()
        return cls(events, head, int(audit_rows or 0), lines)


def refused(url: str, before: Snapshot, *args: str, says: str) -> str:
    """Run a command that must be refused: one clear message, exit 1, nothing changed."""
    result = pagu("--db", url, *args)
    assert result.exit_code == 1, f"{args} was not refused:\n{result.output}"
    assert says in result.output, f"{args}: expected {says!r} in:\n{result.output}"
    assert result.output.startswith("Error: "), result.output
    assert "Traceback" not in result.output and "validation error" not in result.output
    assert len(result.output.strip().splitlines()) == 1, result.output
    assert Snapshot.of(url) == before, f"{args} changed the ledger"
    return result.output


def read_model_of(url: str) -> ReadModel:
    location = StoreLocation.parse(url)
    return ReadModel(make_engine(location.sqlalchemy_url(), location.sqlalchemy_connect_args()))


def document_variant(
    directory: Path, *, pemda: str | None = None, year: int | None = None, unnamed: bool = False
) -> Path:
    """The shared document as another government's (PEMERINTAH KABUPATEN `pemda`), as
    another year's (every year of the document moved along), or `unnamed` (stating no
    SKPD, so that `import --skpd` names it): a document of another budget, since
    `import --skpd/--year` cannot override what a document states."""
    text = SHARED_DOCUMENT.read_text(encoding="utf-8")
    if pemda is not None:
        text = text.replace(
            "PEMERINTAH KABUPATEN KUTAI KARTANEGARA", f"PEMERINTAH KABUPATEN {pemda}"
        )
    if unnamed:
        stating = ("PEMERINTAH KABUPATEN KUTAI KARTANEGARA", "**DINAS SOSIAL**", ": Dinas Sosial\t")
        for line in stating:
            assert line in text
            text = text.replace(line, "")
    if year is not None:
        for old in (2025, 2024, 2023):  # latest first, so no year is moved twice
            text = text.replace(str(old), str(old + year - 2024))
    name = f"renja-{pemda or ('unnamed' if unnamed else 'kukar')}-{year or 2024}.txt"
    path = directory / name.replace(" ", "-")
    path.write_text(text, encoding="utf-8")
    return path
