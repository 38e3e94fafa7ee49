"""Where a fact comes from: the legal or source document, and for imported facts the
exact place in the imported file."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class DocumentRef:
    """The legal basis or source: a number or title, and its date."""

    title: str
    date: date | None = None

    def __str__(self) -> str:
        return f"{self.title} ({self.date.isoformat()})" if self.date else self.title


@dataclass(frozen=True)
class Provenance:
    """Where an imported fact was read: the file's SHA-256, the table, the line number."""

    sha256: str
    table: str
    row: int

    def __str__(self) -> str:
        return f"{self.table}, baris {self.row} (sha256 {self.sha256[:12]})"
