"""`pagu apbd --skpd all --format json`: every budget's rows written as JSON text
straight from the read model's tuples.

The same rows, keys, order and bytes as `apbd_all` rendered by `cli.output.render_json`,
without making them first: at a million events that view is 55 thousand rows (34 MB of
JSON), and a dict per row with Decimal and Target objects, then the generic encoder
calling back into Python for each of them, cost about twice the SQL. Here each row is
one string joined from pieces: money from integer sen, targets and strings through
caches (a province's budgets repeat the same codes, names and targets) and the C string
quoting that `json` itself uses. The lines are made lazily, so the output can be
written in chunks instead of as one 34 MB string.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal
from functools import lru_cache
from json.encoder import encode_basestring
from typing import Any

from sqlalchemy import Connection, and_, exists, or_, select

from events.codes import Level
from events.periods import Stage
from events.targets import plain_target
from projections import schema
from projections.line_values import line_values
from projections.report import Report
from projections.state import Budget, in_force_conditions, page_cache
from projections.timepoint import TimePoint, stage_rank
from projections.views.apbd import TITLES, _columns, _sums
from projections.views.common import shown_target
from projections.views.seen import Seen
from projections.views.several import SKPD, SUBTOTAL_LEVEL, TAHUN, selection_note, subtotal_name

NULL = "null"
CACHE_MIB = 64  # most of the gain (a tenth of the SQL time) for 60 MB more resident
URUSAN = Level.URUSAN.value


def apbd_all_json(seen: Seen, budgets: list[Budget], *, stage: Stage | None = None) -> Report:
    """`apbd_all` (without `--show-printed`, which `seen` is not asked) whose rows come
    as JSON text, one string a row, in `Report.json_lines`; `rows` stays empty. The
    queries run now, on `seen.conn`; the text is made as it is read."""
    conn, point, level = seen.conn, seen.point, seen.level
    rank = stage_rank(stage)
    years = {year for _, year in budgets}
    only_year = next(iter(years)) if len(years) == 1 else None
    with page_cache(conn, CACHE_MIB):
        found = line_values(conn, point, None, max_stage_rank=rank, tahun=only_year)
        more = _more_indicators(conn, point, rank)
    return Report(
        title=TITLES[stage],
        columns=[SKPD, TAHUN, *_columns(False)],
        rows=[],
        notes=[selection_note(budgets), point.describe()],
        meta={"stage": stage.value if stage else None},
        json_lines=_lines(found, more, set(budgets), level.value if level else None),
    )


def _more_indicators(conn: Connection, point: TimePoint, rank: int) -> dict[str, list[Any]]:
    """Indicators 2, 3, ... of every line that has them, as (slot, text, number, unit,
    kind) in slot order: what `apbd._extra_indicators` finds for every budget.

    One pass over the target rows of slot 2 and up (a tenth of the targets at a million
    events), each kept when no later row of its line and slot is in force, which one
    probe of the value index answers: twice as fast as finding the distinct (line,
    slot) pairs first and then each one's latest row. Ties are broken as that lookup
    breaks them (the later position, then the higher id)."""
    v, n = schema.value, schema.value.alias("later")
    later = exists().where(
        n.c.field == "target",
        n.c.line_id == v.c.line_id,
        n.c.slot == v.c.slot,
        *in_force_conditions(n, point, max_stage_rank=rank),
        or_(
            n.c.effective > v.c.effective,
            and_(
                n.c.effective == v.c.effective,
                or_(
                    n.c.position > v.c.position,
                    and_(n.c.position == v.c.position, n.c.id > v.c.id),
                ),
            ),
        ),
    )
    query = (
        select(v.c.line_id, v.c.slot, v.c.text, v.c.number, v.c.unit, v.c.kind)
        .where(
            v.c.field == "target",
            v.c.slot >= 2,
            *in_force_conditions(v, point, max_stage_rank=rank),
            ~later,
        )
        .order_by(v.c.line_id, v.c.slot)
    )
    found: dict[str, list[Any]] = {}
    for line_id, *row in conn.execute(query).all():
        if row[1] is None and row[2] is None and row[3] is None and row[4] is None:
            continue  # an emptied indicator, as `_extra_indicators` skips it
        found.setdefault(line_id, []).append(tuple(row))
    return found


def _lines(
    found: Sequence[Any], more: dict[str, list[Any]], wanted: set[Budget], only: str | None
) -> Iterator[str]:
    """Each budget's rows and subtotal, then the grand total (see `several.combine`)."""
    grand: int | None = None
    any_budget = False
    start = 0
    while start < len(found):  # rows come in SKPD, year and code order
        skpd, tahun = found[start][1], found[start][2]
        end = start + 1
        while end < len(found) and found[end][1] == skpd and found[end][2] == tahun:
            end += 1
        group = found[start:end]
        start = end
        if (skpd, tahun) not in wanted:
            continue
        any_budget = True
        values, total = _sums(group)
        shared = f', "skpd": {encode_basestring(skpd)}, "tahun": {tahun}, "location": '
        for line in group:
            kind = line[4]
            if kind == URUSAN or (only is not None and kind != only):
                continue
            kode = line[3]
            amount = values.get(kode)
            yield (
                f'{{"kode": {_quoted(kode)}, "nama": {_quoted(line[6])}, "level": '
                f"{_quoted(kind)}{shared}{NULL if line[9] is None else _quoted(line[9])}"
                f"{_indicators(line[10:14], more.get(line[0]))}, "
                f'"pagu": {NULL if amount is None else _money(amount)}}}'
            )
        yield _total_row(subtotal_name((skpd, tahun)), SUBTOTAL_LEVEL, skpd, tahun, total)
        if total is not None:
            grand = total if grand is None else grand + total
    if any_budget:
        yield _total_row("TOTAL SEMUA SKPD", "total", None, None, grand)


def _total_row(
    name: str, level: str, skpd: str | None, tahun: int | None, amount: int | None
) -> str:
    return (
        f'{{"kode": "", "nama": {encode_basestring(name)}, "level": "{level}", '
        f'"skpd": {_text(skpd)}, "tahun": {NULL if tahun is None else tahun}, '
        '"location": null, "indicator": null, "target": null, "indicators": [], '
        f'"pagu": {NULL if amount is None else _money(amount)}}}'
    )


def _indicators(first: Sequence[Any], extras: list[Any] | None) -> str:
    """The `indicator`, `target` and `indicators` cells of a line, from indicator 1's
    (text, number, unit, kind) (all None without one) and the (slot, text, number,
    unit, kind) of the others: what `apbd._indicator_cells` gives, as JSON."""
    text, number, unit, how = first
    if extras is None:
        if text is None and number is None and unit is None and how is None:
            return ', "indicator": null, "target": null, "indicators": []'
        words, goal = _text(text), _target(number, unit)  # one indicator: most lines
        return (
            f', "indicator": {words}, "target": {goal}, "indicators": [{{"no": 1, '
            f'"indicator": {words}, "target": {goal}, "kind": {_text(how)}}}]'
        )
    listed = (
        []
        if text is None and number is None and unit is None and how is None
        else [(1, text, number, unit, how)]
    )
    listed += extras
    if len(listed) == 1:
        no, words, value, unit, kind = listed[0]
        said, goal = _text(words), _target(value, unit)
        return (
            f', "indicator": {said}, "target": {goal}, "indicators": [{{"no": {no}, '
            f'"indicator": {said}, "target": {goal}, "kind": {_text(kind)}}}]'
        )
    items, texts, goals = [], [], []  # one pass: a third of the lines have several
    for no, words, value, unit, kind in listed:
        items.append(
            f'{{"no": {no}, "indicator": {_text(words)}, "target": {_target(value, unit)}, '
            f'"kind": {_text(kind)}}}'
        )
        texts.append(f"({no}) {words or '-'}")
        goals.append(f"({no}) {shown_target(value, unit)}")
    return (
        f', "indicator": {encode_basestring(chr(10).join(texts))}, '
        f'"target": {encode_basestring(chr(10).join(goals))}, "indicators": [{", ".join(items)}]'
    )


def _text(value: str | None) -> str:
    return NULL if value is None else encode_basestring(value)


@lru_cache(maxsize=65536)
def _quoted(value: str) -> str:
    """A string as JSON, cached: codes, names, levels and locations repeat across
    budgets (at a million events 3,178 codes, 915 names and 22 locations for 55
    thousand lines)."""
    return encode_basestring(value)


@lru_cache(maxsize=65536)
def _target(number: str | None, unit: str | None) -> str:
    """A target as JSON (`target_of` then the encoder's plain form), cached."""
    return NULL if number is None else encode_basestring(plain_target(Decimal(number), unit))


def _money(sen: int) -> str:
    """Exact decimal string from integer sen, as `money(sen)` formats with `:f`."""
    if sen < 0:
        return f'"-{-sen // 100}.{-sen % 100:02d}"'
    return f'"{sen // 100}.{sen % 100:02d}"'
