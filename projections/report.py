"""What every view returns: rows plus the columns that describe them.

Views build `Report`s; the CLI only renders them (table, CSV or JSON). Column keys are
the JSON keys (stable for scripts: every row has `kode`, `nama` and `level`); headings
are the official Indonesian ones used in tables and spreadsheets.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from events.codes import Kode
from projections.state import LineRow


@dataclass(frozen=True)
class Column:
    key: str
    heading: str
    kind: str = "text"  # text | money | percent | number | target | date | flag


@dataclass
class Report:
    title: str
    columns: list[Column]
    rows: list[dict[str, Any]]
    notes: list[str] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)


KODE = Column("kode", "Kode")
NAMA = Column("nama", "Program/Kegiatan/Sub Kegiatan")
LEVEL = Column("level", "Level")
TOTAL_LEVEL = "total"


def rollup(
    lines: Sequence[LineRow], leaves: dict[str, dict[str, Decimal | None]], keys: Sequence[str]
) -> tuple[dict[str, dict[str, Decimal | None]], dict[str, Decimal | None]]:
    """Parents are the sums of their sub kegiatan (never a printed figure).

    Returns values for every line (a parent with no valued children gets None) and the
    grand total over all sub kegiatan shown."""
    by_code = {(line.skpd, line.tahun, line.kode): line.line_id for line in lines}
    # every ancestor line of the lines under one parent, looked up once per parent
    ancestors: dict[tuple[str, int, str | None], list[str]] = {}
    values: dict[str, dict[str, Decimal | None]] = {
        line.line_id: dict.fromkeys(keys) for line in lines
    }
    total: dict[str, Decimal | None] = dict.fromkeys(keys)
    for line in lines:
        own = leaves.get(line.line_id)
        if own is None:
            continue
        values[line.line_id].update(own)
        family = (line.skpd, line.tahun, line.parent_kode)
        targets = ancestors.get(family)
        if targets is None:
            found = (
                by_code.get((line.skpd, line.tahun, a.text)) for a in Kode(line.kode).ancestors()
            )
            targets = ancestors[family] = [parent_id for parent_id in found if parent_id]
        for key in keys:
            amount = own.get(key)
            if amount is None:
                continue
            for parent_id in targets:
                parent = values[parent_id]
                current = parent[key]
                parent[key] = amount if current is None else current + amount
            current = total[key]
            total[key] = amount if current is None else current + amount
    return values, total


def show_urusan_rows(lines: Sequence[LineRow]) -> bool:
    """The Dinas line is a subtotal worth showing only when several SKPD/years are shown."""
    return len({(line.skpd, line.tahun) for line in lines}) > 1


def base_row(line: LineRow) -> dict[str, Any]:
    return {
        "kode": line.kode,
        "nama": line.nama,
        "level": line.level.value,
        "skpd": line.skpd,
        "tahun": line.tahun,
    }


def total_row(name: str = "TOTAL PAGU ANGGARAN") -> dict[str, Any]:
    return {"kode": "", "nama": name, "level": TOTAL_LEVEL, "skpd": None, "tahun": None}
