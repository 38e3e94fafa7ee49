"""A view's table, laid out by tabulate: in full (piped, `--wide`), or fitted to a width.

Fitting keeps the code and the name (or a view's first column), then adds the other
columns by priority while they fit at their narrowest (numbers, dates and ids are never
broken; text wraps down to a few words), and hands the width left over to the columns
that can use it. tabulate does the wrapping (`maxcolwidths`, `maxheadercolwidths`);
this module only chooses the columns and their widths.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from cli.safe import clean_cell
from projections.report import Column

NUMERIC = frozenset({"money", "percent", "number"})
UNBROKEN = NUMERIC | {"date", "timestamp", "id", "hash"}  # never wrapped
ALWAYS = ("kode", "nama", "description")  # the code and what it is or what happened
SEPARATOR = 2  # tabulate's "simple" format: two spaces between columns
HEADING_PADDING = 2  # ... and a column at least two wider than its heading's lines
WRAP_AT = 60  # a text column's width in the full table (a Column's `width` overrides)
NARROWEST_TEXT = 12  # characters a wrapped text column keeps at least
NARROWEST_NAME = 22  # ... and the name or description
LONGEST_UNBROKEN_WORD = 20  # words up to this long are not broken across lines

# Which columns stay when a table must drop some to fit, most important first, by key
# (keys are the same in every view). A Column's own `priority` overrides: lower first.
IMPORTANCE = (
    "kode",
    "nama",
    "description",
    "skpd",
    "tahun",
    "pagu",
    "perubahan_pagu",
    "murni_pagu",
    "difference",
    "spent",
    "spent_percent",
    "rate",
    "achievement",
    "new",
    "old",
    "kind",
    "effective",
    "recorded_at",
    "output_percent",
    "target",
    "realization",
    "output",
    "perubahan_target",
    "flags",
    "actor",
    "stage",
    "reason",
    "basis",
    "event_id",
    "step",
    "indicator",
    "line_no",
    "level",
)
_RANK = {key: rank for rank, key in enumerate(IMPORTANCE)}


def priority(column: Column, position: int) -> tuple[int, int]:
    own = getattr(column, "priority", None)
    if own is not None:
        return (own, position)
    return (_RANK.get(column.key, len(IMPORTANCE)), position)


@dataclass
class Layout:
    """The columns shown (indexes into the view's columns) and their widths."""

    shown: list[int]
    widths: dict[int, int]


def _longest_word(text: str) -> int:
    return max((len(word) for word in text.split()), default=0)


def _measure(columns: Sequence[Column], body: Sequence[Sequence[str]]) -> list[tuple[int, ...]]:
    """Per column: its narrowest width, the width its cells want (text up to its wrap
    width), and the width that also puts its heading on one line."""
    measures: list[tuple[int, ...]] = []
    for index, column in enumerate(columns):
        longest = max((len(row[index]) for row in body), default=0)
        word = min(
            LONGEST_UNBROKEN_WORD, max((_longest_word(row[index]) for row in body), default=0)
        )
        heading = len(column.heading) + HEADING_PADDING
        heading_word = _longest_word(column.heading) + HEADING_PADDING
        if column.kind in UNBROKEN or column.key == "kode":
            narrowest = max(longest, heading_word)
            content = narrowest
            whole = max(narrowest, heading)
        else:
            floor = NARROWEST_NAME if column.key in ALWAYS else NARROWEST_TEXT
            narrowest = max(min(longest, floor), word, heading_word, 1)
            cap = column.width or WRAP_AT
            content = max(narrowest, min(longest, cap))
            whole = max(content, min(heading, cap))
        measures.append((narrowest, content, whole))
    return measures


def _total(widths: Sequence[int]) -> int:
    return sum(widths) + SEPARATOR * max(0, len(widths) - 1)


def choose(
    columns: Sequence[Column],
    body: Sequence[Sequence[str]],
    width: int,
    *,
    chosen: Sequence[int] | None = None,
) -> Layout:
    """Which columns to show at `width` characters, and how wide each one is. With
    `chosen` (`--columns`) those are shown, whatever it takes; otherwise by priority."""
    measures = _measure(columns, body)
    narrowest = [m[0] for m in measures]
    if chosen is not None:
        shown = list(chosen)
    else:
        order = sorted(range(len(columns)), key=lambda i: priority(columns[i], i))
        must = [i for i, column in enumerate(columns) if column.key in ALWAYS] or order[:1]
        shown = list(must)
        for index in order:
            if index in shown:
                continue
            if _total([narrowest[i] for i in [*shown, index]]) <= width:
                shown.append(index)
        shown.sort()
    widths = {i: narrowest[i] for i in shown}
    spare = width - _total(list(widths.values()))
    ranked = sorted(shown, key=lambda i: priority(columns[i], i))
    for phase in (1, 2):  # the cells first, then headings on fewer lines
        while spare > 0:
            wanting = [i for i in ranked if widths[i] < measures[i][phase]]
            if not wanting:
                break
            share = max(1, spare // len(wanting))
            for index in wanting:
                grant = min(share, measures[index][phase] - widths[index], spare)
                widths[index] += grant
                spare -= grant
                if spare <= 0:
                    break
    return Layout(shown, widths)


def cells(
    columns: Sequence[Column], rows: Sequence[dict[str, Any]], render_cell: Any
) -> list[list[str]]:
    """Every cell as the text it shows, made safe (see cli.safe)."""
    return [
        [
            clean_cell(
                c.empty
                if c.empty and row.get(c.key) is None
                else render_cell(row.get(c.key), c.kind)
            )
            for c in columns
        ]
        for row in rows
    ]


def tabulated(
    columns: Sequence[Column],
    body: Sequence[Sequence[str]],
    widths: Sequence[int | None] | None = None,
    heading_widths: Sequence[int | None] | None = None,
) -> str:
    from tabulate import tabulate

    return tabulate(
        body,
        headers=[column.heading for column in columns],
        tablefmt="simple",
        colalign=["right" if c.kind in NUMERIC else "left" for c in columns],
        disable_numparse=True,
        maxcolwidths=cast(Any, widths),  # None in a list: that column is not wrapped
        maxheadercolwidths=cast(Any, heading_widths),
    )


def full_table(columns: Sequence[Column], body: Sequence[Sequence[str]]) -> str:
    """Every column, text wrapped at its own width: what pagu prints into a pipe."""
    return tabulated(
        columns,
        body,
        [c.width or (WRAP_AT if c.kind == "text" else None) for c in columns],
    )


def fitted_table(
    columns: Sequence[Column],
    body: Sequence[Sequence[str]],
    width: int,
    *,
    chosen: Sequence[int] | None = None,
) -> tuple[str, list[int]]:
    """The table at `width` characters and the columns it shows. Should tabulate's
    wrapping come out wider than planned, the least important column goes, and again."""
    layout = choose(columns, body, width, chosen=chosen)
    while True:
        shown = layout.shown
        picked = [columns[i] for i in shown]
        rows = [[row[i] for i in shown] for row in body]
        widths = [layout.widths[i] for i in shown]
        table = tabulated(
            picked,
            rows,
            [None if c.kind in UNBROKEN else w for c, w in zip(picked, widths, strict=True)],
            [max(1, w - HEADING_PADDING) for w in widths],
        )
        too_wide = max((len(line) for line in table.splitlines()), default=0) > width
        if not too_wide or chosen is not None or len(shown) <= 1:
            return table, shown
        ranked = sorted(shown, key=lambda i: priority(columns[i], i))
        droppable = [i for i in ranked if columns[i].key not in ALWAYS] or ranked
        remaining = [i for i in shown if i != droppable[-1]]
        layout = choose(columns, body, width, chosen=remaining)


def wrapped(lines: Sequence[str], width: int) -> list[str]:
    """A title and notes wrapped to the width (only when fitting)."""
    out: list[str] = []
    for line in lines:
        out.extend(textwrap.wrap(line, width) or [""])
    return out
