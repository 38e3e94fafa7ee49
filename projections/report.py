"""What every view returns: rows plus the columns that describe them.

Views build `Report`s; the CLI only renders them (table, CSV or JSON). Column keys are
the JSON keys (stable for scripts: every row has `kode`, `nama` and `level`); headings
are the official Indonesian ones used in tables and spreadsheets.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from events.codes import Kode, Level
from projections.state import LineRow


@dataclass(frozen=True)
class Column:
    key: str
    heading: str
    kind: str = (
        "text"  # text | money | percent | number | target | date | flag | hash | timestamp | id
    )
    width: int | None = None  # wrap a table cell at this many characters (text: 60)
    # Which columns a table that must fit a narrow terminal keeps: lower first (None:
    # cli.tables's default for the key).
    priority: int | None = None
    # What a table, CSV or xlsx cell without a value says (None: "-" or blank); JSON
    # keeps null. "belum dicatat": nothing recorded, which is never 0.
    empty: str | None = None


@dataclass
class Report:
    title: str
    columns: list[Column]
    rows: list[dict[str, Any]]
    notes: list[str] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    # The rows as JSON text, one string a row, made as they are written, from a view
    # that encodes its rows itself (every budget at once: 50 thousand rows); `rows` is
    # then empty. Read once.
    json_lines: Iterable[str] | None = None


KODE = Column("kode", "Kode")
NAMA = Column("nama", "Program/Kegiatan/Sub Kegiatan")
LEVEL = Column("level", "Level")
TOTAL_LEVEL = "total"


def counted(number: int, noun: str) -> str:
    """`1 event`, `2 events`: notes count things."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def rollup(
    lines: Sequence[LineRow], leaves: dict[str, dict[str, Decimal | None]], keys: Sequence[str]
) -> tuple[dict[str, dict[str, Decimal | None]], dict[str, Decimal | None]]:
    """Parents are the sums of their sub kegiatan (never a printed figure).

    Returns values for every line (a parent with no valued children gets None) and the
    grand total over all sub kegiatan shown."""
    values: dict[str, dict[str, Decimal | None]] = {
        line.line_id: dict.fromkeys(keys) for line in lines
    }
    total: dict[str, Decimal | None] = dict.fromkeys(keys)
    # Sum the valued lines under each parent first, then hand each parent's sums to
    # every ancestor that is shown: one addition per line, not one per ancestor.
    families: dict[tuple[str, int, str | None], tuple[str, dict[str, Decimal]]] = {}
    for line in lines:
        own = leaves.get(line.line_id)
        if own is None:
            continue
        values[line.line_id].update(own)
        family = (line.skpd, line.tahun, line.parent_kode)
        sums = families.setdefault(family, (line.kode, {}))[1]
        for key in keys:
            amount = own.get(key)
            if amount is None:
                continue
            current = sums.get(key)
            sums[key] = amount if current is None else current + amount
            grand = total[key]
            total[key] = amount if grand is None else grand + amount
    by_code = {(line.skpd, line.tahun, line.kode): line.line_id for line in lines}
    for (skpd, tahun, _), (kode, sums) in families.items():
        for ancestor in ancestor_codes(kode):
            parent_id = by_code.get((skpd, tahun, ancestor))
            if parent_id is None:
                continue
            parent = values[parent_id]
            for key, amount in sums.items():
                current = parent[key]
                parent[key] = amount if current is None else current + amount
    return values, total


@lru_cache(maxsize=65536)
def ancestor_codes(kode: str) -> tuple[str, ...]:
    """The codes above a code, nearest first, up to the Dinas line. Cached: the budgets
    of a province repeat the same codes, and a `Kode` per ancestor per line was a
    large part of a full view's time."""
    return tuple(ancestor.text for ancestor in Kode(kode).ancestors())


def show_urusan_rows(lines: Sequence[LineRow]) -> bool:
    """The Dinas line is a subtotal worth showing only when several SKPD/years are shown."""
    return len({(line.skpd, line.tahun) for line in lines}) > 1


_LEVEL_NAMES = {level: level.value for level in Level}  # Enum.value is slow, 50k lines


def base_row(line: LineRow) -> dict[str, Any]:
    return {
        "kode": line.kode,
        "nama": line.nama,
        "level": _LEVEL_NAMES[line.level],
        "skpd": line.skpd,
        "tahun": line.tahun,
    }


def total_row(name: str = "TOTAL PAGU ANGGARAN") -> dict[str, Any]:
    return {"kode": "", "nama": name, "level": TOTAL_LEVEL, "skpd": None, "tahun": None}
