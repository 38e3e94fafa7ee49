"""Inline SVG charts for `pagu report`, drawn in Python: no script, no network, nothing
but the figures the views gave. Every chart element carries its figures as data
attributes (plain decimal strings: data-murni="21437197857.00"), so a program, or a
test in a browser, can read exactly what was drawn."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from html import escape

from events.money import format_number, format_percent
from projections.views.summary import Change, ProgramFigures, QuarterFigures

WIDTH = 860
BILLION = Decimal(1_000_000_000)
ZERO = Decimal(0)
QUARTER_NAMES = {1: "I", 2: "II", 3: "III", 4: "IV"}


def attr(value: object) -> str:
    """A value for an attribute: decimals as plain strings, None as empty."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return escape(f"{value:f}", quote=True)
    return escape(str(value), quote=True)


def rupiah(value: Decimal | None) -> str:
    """Whole rupiah, Indonesian grouping, for labels (the tables carry the sen)."""
    return "-" if value is None else format_number(value.quantize(Decimal(1)))


def signed(value: Decimal | None) -> str:
    if value is None:
        return "-"
    return ("+" if value > 0 else "") + rupiah(value)


def nice_ceiling(value: Decimal) -> Decimal:
    """The smallest 1, 2, 2.5 or 5 times a power of ten at or above `value`."""
    if value <= 0:
        return Decimal(1)
    exponent = value.adjusted()
    for step in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10)):
        candidate = step.scaleb(exponent)
        if candidate >= value:
            return candidate
    return Decimal(10).scaleb(exponent)


def ticks(top: Decimal, count: int = 5) -> list[Decimal]:
    step = top / count
    return [step * n for n in range(count + 1)]


def billions(value: Decimal) -> str:
    """An axis label in miliar rupiah: 0, 2,5, 5, 10."""
    return format_number((value / BILLION).normalize())


def wrap(text: str, width: int, lines: int) -> list[str]:
    """Words to at most `lines` lines of `width` characters, the last cut with '…'."""
    result: list[str] = []
    current = ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            result.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        result.append(current)
    if len(result) > lines:
        last = " ".join(result[lines - 1 :])
        result = [*result[: lines - 1], last[: width - 1].rstrip() + "…"]
    return result


def _scale(value: Decimal | None, top: Decimal, span: float) -> float:
    if value is None or top <= 0:
        return 0.0
    return round(float(abs(value) / top) * span, 2)


def program_chart(programs: Sequence[ProgramFigures]) -> str:
    """Murni against perubahan, a pair of bars per program."""
    label, value_room, row, bar, top_room = 300, 110, 48, 15, 34
    plot = WIDTH - label - value_room
    largest = max(
        [p.murni or ZERO for p in programs] + [p.perubahan or ZERO for p in programs] + [ZERO]
    )
    top = nice_ceiling(largest)
    height = top_room + row * len(programs) + 26
    parts = [
        f'<svg class="chart" id="chart-program" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-label="Pagu murni dan perubahan per program" '
        f'data-skala="{attr(top)}">',
        _legend([("murni", "APBD Murni"), ("perubahan", "APBD Perubahan")], label),
    ]
    bottom = top_room + row * len(programs)
    for tick in ticks(top):
        x = label + _scale(tick, top, plot)
        parts.append(
            f'<line class="grid" x1="{x}" y1="{top_room - 6}" x2="{x}" y2="{bottom}"/>'
            f'<text class="axis" x="{x}" y="{bottom + 16}" text-anchor="middle">'
            f"{billions(tick)}</text>"
        )
    parts.append(
        f'<text class="axis" x="{WIDTH - 4}" y="{bottom + 16}" text-anchor="end">miliar Rp</text>'
    )
    for index, program in enumerate(programs):
        y = top_room + index * row
        title = (
            f"{program.kode} {program.nama}: {rupiah(program.murni)} → "
            f"{rupiah(program.perubahan)} ({signed(program.difference)})"
        )
        parts.append(
            f'<g class="program" data-kode="{attr(program.kode)}" '
            f'data-nama="{attr(program.nama)}" data-murni="{attr(program.murni)}" '
            f'data-perubahan="{attr(program.perubahan)}" '
            f'data-selisih="{attr(program.difference)}"><title>{escape(title)}</title>'
        )
        name = wrap(f"{program.kode} {program.nama}", 38, 2)
        for number, text in enumerate(name):
            parts.append(
                f'<text class="label{" kode" if number == 0 else ""}" x="0" '
                f'y="{y + 14 + 16 * number}">{escape(text)}</text>'
            )
        for offset, (series, amount) in enumerate(
            (("murni", program.murni), ("perubahan", program.perubahan))
        ):
            top_y = y + 4 + offset * (bar + 3)
            width = _scale(amount, top, plot)
            parts.append(
                f'<rect class="bar {series}" x="{label}" y="{top_y}" width="{width}" '
                f'height="{bar}" data-series="{series}" data-value="{attr(amount)}"/>'
                f'<text class="value" x="{label + width + 5}" y="{top_y + 12}">'
                f"{rupiah(amount)}</text>"
            )
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)


def changes_chart(changes: Sequence[Change]) -> str:
    """The largest increases (right, green) and cuts (left, red) about a zero axis."""
    label, text_room, row, bar = 130, 112, 24, 16
    half = (WIDTH - label - 2 * text_room) / 2
    zero = label + text_room + half
    largest = max([abs(c.difference) for c in changes] + [Decimal(1)])
    top = nice_ceiling(largest)
    height = row * len(changes) + 30
    parts = [
        f'<svg class="chart" id="chart-changes" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'role="img" aria-label="Kenaikan dan pengurangan terbesar" data-skala="{attr(top)}">',
        f'<line class="zero" x1="{zero}" y1="0" x2="{zero}" y2="{row * len(changes)}"/>',
    ]
    for index, change in enumerate(changes):
        y = index * row
        width = _scale(change.difference, top, half)
        up = change.difference > 0
        x = zero if up else zero - width
        value_x = zero + width + 5 if up else zero - width - 5
        anchor = "start" if up else "end"
        reason = "; ".join(step.reason for step in change.steps if step.reason)
        title = f"{change.kode} {change.nama}: {signed(change.difference)}. {reason}"
        parts.append(
            f'<g class="change {"naik" if up else "turun"}" data-kode="{attr(change.kode)}" '
            f'data-semula="{attr(change.murni)}" data-menjadi="{attr(change.perubahan)}" '
            f'data-selisih="{attr(change.difference)}"><title>{escape(title)}</title>'
            f'<text class="label kode" x="0" y="{y + 13}">{escape(change.kode)}</text>'
            f'<rect class="bar {"naik" if up else "turun"}" x="{x}" y="{y + 2}" '
            f'width="{width}" height="{bar}" data-value="{attr(change.difference)}"/>'
            f'<text class="value" x="{value_x}" y="{y + 14}" text-anchor="{anchor}">'
            f"{signed(change.difference)}</text></g>"
        )
    bottom = row * len(changes)
    for tick in (-top, -top / 2, ZERO, top / 2, top):
        x = zero + (1 if tick >= 0 else -1) * _scale(tick, top, half)
        parts.append(
            f'<text class="axis" x="{x}" y="{bottom + 18}" text-anchor="middle">'
            f"{billions(tick)}</text>"
        )
    parts.append(
        f'<text class="axis" x="{WIDTH - 4}" y="{bottom + 18}" text-anchor="end">miliar Rp</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


def quarter_chart(quarters: Sequence[QuarterFigures]) -> str:
    """Spending to date at each quarter against the revised pagu (the track), with the
    murni pagu marked on it."""
    label, text_room, row, bar = 110, 290, 40, 20
    plot = WIDTH - label - text_room
    largest = max(
        [q.pagu_perubahan or ZERO for q in quarters]
        + [q.pagu_murni or ZERO for q in quarters]
        + [q.spent or ZERO for q in quarters]
        + [Decimal(1)]
    )
    height = row * len(quarters) + 10
    parts = [
        f'<svg class="chart" id="chart-quarter" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'role="img" aria-label="Realisasi per triwulan terhadap pagu" '
        f'data-skala="{attr(largest)}">'
    ]
    for index, quarter in enumerate(quarters):
        y = index * row + 4
        name = f"Triwulan {QUARTER_NAMES[quarter.quarter]}"
        parts.append(
            f'<g class="quarter" data-triwulan="{quarter.quarter}" '
            f'data-tercatat="{"ya" if quarter.recorded else "tidak"}" '
            f'data-realisasi="{attr(quarter.spent)}" data-pagu="{attr(quarter.pagu_perubahan)}" '
            f'data-pagu-murni="{attr(quarter.pagu_murni)}" '
            f'data-persen="{attr(quarter.percent_perubahan)}" '
            f'data-persen-murni="{attr(quarter.percent_murni)}" '
            f'data-fisik="{attr(quarter.physical)}">'
            f'<text class="label" x="0" y="{y + 15}">{name}</text>'
        )
        track = _scale(quarter.pagu_perubahan, largest, plot)
        if not quarter.recorded or quarter.pagu_perubahan is None:
            parts.append(
                f'<rect class="track empty" x="{label}" y="{y}" width="{plot}" height="{bar}"/>'
                f'<text class="value muted" x="{label + plot + 8}" y="{y + 15}">'
                "belum ada data</text></g>"
            )
            continue
        spent = _scale(quarter.spent, largest, plot)
        parts.append(
            f'<rect class="track" x="{label}" y="{y}" width="{track}" height="{bar}" '
            f'data-value="{attr(quarter.pagu_perubahan)}"/>'
            f'<rect class="bar realisasi" x="{label}" y="{y}" width="{spent}" height="{bar}" '
            f'data-value="{attr(quarter.spent)}"/>'
        )
        if quarter.pagu_murni is not None and quarter.pagu_murni != quarter.pagu_perubahan:
            x = label + _scale(quarter.pagu_murni, largest, plot)
            parts.append(
                f'<line class="marker murni" x1="{x}" y1="{y - 3}" x2="{x}" y2="{y + bar + 3}" '
                f'data-value="{attr(quarter.pagu_murni)}"><title>Pagu APBD Murni '
                f"{rupiah(quarter.pagu_murni)}</title></line>"
            )
        if quarter.spent is None:
            text = "belum ada realisasi tercatat"
        else:
            text = (
                f"{rupiah(quarter.spent)} · {format_percent(quarter.percent_perubahan)} "
                f"(murni {format_percent(quarter.percent_murni)})"
            )
        parts.append(
            f'<text class="value" x="{label + plot + 8}" y="{y + 15}">{escape(text)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _legend(items: Sequence[tuple[str, str]], x: float) -> str:
    parts = []
    for series, text in items:
        parts.append(
            f'<rect class="bar {series}" x="{x}" y="4" width="14" height="12"/>'
            f'<text class="legend" x="{x + 20}" y="14">{escape(text)}</text>'
        )
        x += 40 + 7 * len(text)
    return "".join(parts)
