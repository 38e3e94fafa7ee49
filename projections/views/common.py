"""What the views share: the indicators and targets of lines at a time point, rates and
percentages, the check of a printed figure, and which rows a `--level` keeps."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection

from events.codes import Level

# the evaluation's arithmetic is the vocabulary's (the importer checks documents with it)
from events.evaluation import CENT as CENT
from events.evaluation import HUNDRED as HUNDRED
from events.evaluation import agrees as agrees
from events.evaluation import places_of as places_of
from events.evaluation import rate as rate
from events.evaluation import ratio as ratio
from events.evaluation import shown as shown
from events.i18n import _
from events.money import format_percent, format_rupiah
from events.targets import IndicatorKind, Target, same_unit, unit_key
from projections.state import Budget, LineRow, values_in_force
from projections.timepoint import TimePoint

FLAGS = "flags"  # the key of every view's list of findings for a row


@dataclass(frozen=True)
class Indicator:
    """One performance indicator of a line: its wording, target and kind."""

    no: int
    text: str | None
    target: Target | None
    kind: IndicatorKind

    def as_dict(self) -> dict[str, Any]:
        return {
            "no": self.no,
            "indicator": self.text,
            "target": self.target,
            "kind": KIND_NAMES[self.kind],  # Enum.value is slow, and asked 50k times
        }


@lru_cache(maxsize=65536)
def target_of(number: str | None, unit: str | None) -> Target | None:
    """A target from its stored form (budgets repeat the same few targets: cached)."""
    return None if number is None else Target(Decimal(number), unit)


@lru_cache(maxsize=4096)
def _indicator(
    slot: int, text: str | None, number: str | None, unit: str | None, kind: str
) -> Indicator:
    return Indicator(slot, text, target_of(number, unit), KINDS[kind])


KINDS = {kind.value: kind for kind in IndicatorKind}
KIND_NAMES = {kind: name for name, kind in KINDS.items()}  # Enum.value is slow


@lru_cache(maxsize=65536)
def shown_target(number: str | None, unit: str | None) -> str:
    """A target as a table shows it (`str(Target)`), or "-"; cached like `target_of`."""
    target = target_of(number, unit)
    return str(target) if target else "-"


def indicator_of(slot: int, cells: tuple[Any, ...] | None) -> Indicator | None:
    """An indicator from the (text, number, unit, kind) cells of a target value."""
    if cells is None:
        return None
    text, number, unit, kind = cells
    return _indicator(slot, text, number, unit, kind)


def extra_indicator_rows(
    conn: Connection, point: TimePoint, budget: Budget | None, max_stage_rank: int
) -> dict[tuple[str, int], Any]:
    """The rows in force of indicators 2, 3, ...: (line id, slot, text, number, unit,
    kind) by (line id, slot)."""
    return values_in_force(
        conn,
        "target",
        point,
        max_stage_rank=max_stage_rank,
        budget=budget,
        columns=["text", "number", "unit", "kind"],
        min_slot=2,
    )


def more_indicators(
    conn: Connection, point: TimePoint, budget: Budget, *, max_stage_rank: int = 99
) -> dict[str, list[Indicator]]:
    """Indicators 2, 3, ... of the lines that have them (most have one)."""
    rows = extra_indicator_rows(conn, point, budget, max_stage_rank)
    found: dict[str, list[Indicator]] = {}
    for (line_id, slot), row in sorted(rows.items()):
        indicator = indicator_of(slot, tuple(row[2:]))
        if indicator is not None:
            found.setdefault(line_id, []).append(indicator)
    return found


def all_indicators(
    line_id: str, first: tuple[Any, ...] | None, more: dict[str, list[Indicator]]
) -> list[Indicator]:
    """A line's indicators: number 1 (from its row of values) and any others."""
    indicator = indicator_of(1, first)
    return ([indicator] if indicator else []) + more.get(line_id, [])


def indicator_cells(found: Sequence[Indicator] | None) -> dict[str, Any]:
    """Row cells for a line's indicators: the wording and target (several are numbered,
    one per text line, as the document prints a second indicator on a row of its own),
    and the structured list for scripts."""
    found = found or []
    if len(found) == 1:
        return {
            "indicator": found[0].text,
            "target": found[0].target,
            "indicators": [found[0].as_dict()],
        }
    texts = [i.text or "-" for i in found]
    targets = [str(i.target) if i.target else "-" for i in found]
    if len(found) > 1:  # numbered, so that each target reads against its indicator
        texts = [f"({i.no}) {text}" for i, text in zip(found, texts, strict=True)]
        targets = [f"({i.no}) {target}" for i, target in zip(found, targets, strict=True)]
    return {
        "indicator": "\n".join(texts) or None,
        "target": "\n".join(targets) or None,
        "indicators": [i.as_dict() for i in found],
    }


def physical_rate(
    output: Target | None, targets: Sequence[Target | None], kind: IndicatorKind
) -> tuple[Decimal | None, Target | None, list[str]]:
    """How far an output meets a target counted in the same unit, never across units:
    the first of `targets` (in order of preference) whose unit is the output's, or one
    misspelling it ('Paekt' for 'Paket', said in a flag). Returns (rate, the target used
    or else the first one given, flags): no rate, and a flag saying why, where no
    target is in the output's unit (*satuan berbeda*). Above 100% is flagged."""
    given = [target for target in targets if target is not None]
    if output is None or not given:
        return None, given[0] if given else None, []
    for target in given:
        if not same_unit(output.unit, target.unit):
            continue
        flags = []
        if unit_key(output.unit) != unit_key(target.unit):
            flags.append(
                _("units {unit!r} and {unit2!r} counted as one (a misspelling)").format(
                    unit=output.unit, unit2=target.unit
                )
            )
        found = rate(output.value, target.value, kind)
        if found is not None and found > HUNDRED:
            flags.append(
                _("output above 100% of the target ({found})").format(found=format_percent(found))
            )
        return found, target, flags
    units = ", ".join(dict.fromkeys(t.unit or _("(no unit)") for t in given))
    return (
        None,
        given[0],
        [
            _("satuan berbeda: output in {value}, target in {units}: no rate").format(
                value=output.unit or _("(no unit)"), units=units
            )
        ],
    )


def money_disagreement(what: str, printed: Decimal | None, computed: Decimal | None) -> str | None:
    """A finding when a printed amount is not the computed one (money is exact)."""
    if printed is None and computed is None:
        return None
    if (printed or Decimal(0)) == (computed or Decimal(0)):
        return None
    return _("{what}: printed {printed}, computed {computed}").format(
        what=what,
        printed=format_rupiah(printed, parens=True, empty="-"),
        computed=format_rupiah(computed, parens=True, empty="-"),
    )


def disagreement(
    what: str,
    printed: Decimal | None,
    computed: Decimal | None,
    style: Callable[[Decimal], str] = format_percent,
) -> str | None:
    """A finding when a printed rate or quantity is not the computed one rounded as
    printed."""
    if printed is None or computed is None or agrees(printed, computed):
        return None
    return _("{what}: printed {printed}, computed {style}").format(
        what=what, printed=style(printed), style=style(shown(computed) or computed)
    )


URUSAN = Level.URUSAN  # enum members looked up once: a view asks for every line


def wanted(line: LineRow, level: Level | None) -> bool:
    """Whether a line is a row of a view: the Dinas line is the total row, not a line
    row; `--level` keeps one level."""
    if line.level is URUSAN:
        return False
    return level is None or line.level is level


def dinas_line(lines: Sequence[LineRow]) -> LineRow | None:
    """The Dinas's own line (level urusan), which holds Dinas-level facts."""
    return next((line for line in lines if line.level is URUSAN), None)
