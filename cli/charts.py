"""Inline SVG charts for `pagu report`, drawn in Python: no script, no network, nothing
but the figures the views gave. Every chart element carries its figures as data
attributes (plain decimal strings: data-murni="21437197857.00"), so a program, or a
test in a browser, can read exactly what was drawn.

Text is laid out by its measured width (cli.fontmetrics: DejaVu Sans, the font the
charts ask for first): label columns are as wide as their longest label needs, names
wrap onto as many lines as they take (the row grows), and figures beside the bars get
the room their widest figure needs. Nothing is cut and nothing runs into a bar."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from html import escape as _escape

from cli.fontmetrics import text_width
from cli.safe import clean_cell
from events.money import format_number, format_percent
from projections.views.summary import Change, ProgramFigures, QuarterFigures

WIDTH = 860
LABEL_SIZE = 12  # px, the chart's own units (the page scales the SVG)
VALUE_SIZE = 11
LINE = 15  # px between the lines of a wrapped label
GAP = 8  # px between a text and what is beside it
FONT = "'DejaVu Sans', Verdana, 'Segoe UI', sans-serif"  # the measured font first


def escape(text: object, quote: bool = True) -> str:
    """Text for the page: safe characters (cli.safe), then HTML-escaped."""
    return _escape(clean_cell(str(text)), quote=quote)


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


def measured_wrap(
    text: str, room: float, size: float = LABEL_SIZE, *, bold: bool = False
) -> list[str]:
    """Words in lines no wider than `room` pixels (a word wider than that alone is cut
    into pieces that fit): every character is kept."""
    lines: list[str] = []
    current = ""
    for word in clean_cell(text).split():
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size, bold=bold) <= room:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = ""
        while text_width(word, size, bold=bold) > room and len(word) > 1:
            cut = len(word) - 1
            while cut > 1 and text_width(word[:cut], size, bold=bold) > room:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current:
        lines.append(current)
    return lines


def widest(texts: Sequence[str], size: float = VALUE_SIZE, *, bold: bool = False) -> float:
    return max((text_width(text, size, bold=bold) for text in texts), default=0.0)


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


def _scale(value: Decimal | None, top: Decimal, span: float) -> float:
    if value is None or top <= 0:
        return 0.0
    return round(float(abs(value) / top) * span, 2)


def program_chart(programs: Sequence[ProgramFigures]) -> str:
    """Murni against perubahan, a pair of bars per program; the code in bold above the
    name, wrapped to the label column."""
    label, bar, top_room = 300, 15, 34
    value_room = (
        GAP
        + widest([rupiah(p.murni) for p in programs] + [rupiah(p.perubahan) for p in programs])
        + 4
    )
    plot = WIDTH - label - value_room
    largest = max(
        [p.murni or ZERO for p in programs] + [p.perubahan or ZERO for p in programs] + [ZERO]
    )
    top = nice_ceiling(largest)
    labels = [[program.kode, *measured_wrap(program.nama, label - GAP)] for program in programs]
    rows = [max(2 * bar + 3 + 12, LINE * len(lines) + 8) for lines in labels]
    bottom = top_room + sum(rows)
    height = bottom + 26
    parts = [
        f'<svg class="chart" id="chart-program" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-label="Pagu murni dan perubahan per program" '
        f'font-family="{FONT}" data-skala="{attr(top)}">',
        _legend([("murni", "APBD Murni"), ("perubahan", "APBD Perubahan")], label),
    ]
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
    y = top_room
    for program, lines, row in zip(programs, labels, rows, strict=True):
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
        for number, text in enumerate(lines):
            parts.append(
                f'<text class="label{" kode" if number == 0 else ""}" x="0" '
                f'y="{y + 14 + LINE * number}">{escape(text)}</text>'
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
        y += row
    parts.append("</svg>")
    return "".join(parts)


def changes_chart(changes: Sequence[Change]) -> str:
    """The largest increases (right, green) and cuts (left, red) about a zero axis."""
    row, bar = 24, 16
    label = GAP + widest([c.kode for c in changes], LABEL_SIZE, bold=True)
    text_room = GAP + widest([signed(c.difference) for c in changes]) + 4
    half = (WIDTH - label - 2 * text_room) / 2
    zero = label + text_room + half
    largest = max([abs(c.difference) for c in changes] + [Decimal(1)])
    top = nice_ceiling(largest)
    height = row * len(changes) + 30
    parts = [
        f'<svg class="chart" id="chart-changes" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'role="img" aria-label="Kenaikan dan pengurangan terbesar" font-family="{FONT}" '
        f'data-skala="{attr(top)}">',
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
    row, bar = 40, 20
    names = [f"Triwulan {QUARTER_NAMES[q.quarter]}" for q in quarters]
    texts = [_quarter_text(q) for q in quarters]
    label = GAP + widest(names, LABEL_SIZE)
    text_room = GAP + widest(texts) + 4
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
        f'role="img" aria-label="Realisasi per triwulan terhadap pagu" font-family="{FONT}" '
        f'data-skala="{attr(largest)}">'
    ]
    for index, (quarter, name, text) in enumerate(zip(quarters, names, texts, strict=True)):
        y = index * row + 4
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
                f'<text class="value muted" x="{label + plot + GAP}" y="{y + 15}">'
                f"{escape(text)}</text></g>"
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
        parts.append(
            f'<text class="value" x="{label + plot + GAP}" y="{y + 15}">{escape(text)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _quarter_text(quarter: QuarterFigures) -> str:
    if not quarter.recorded or quarter.pagu_perubahan is None:
        return "belum ada data"
    if quarter.spent is None:
        return "belum ada realisasi tercatat"
    return (
        f"{rupiah(quarter.spent)} · {format_percent(quarter.percent_perubahan)} "
        f"(murni {format_percent(quarter.percent_murni)})"
    )


def _legend(items: Sequence[tuple[str, str]], x: float) -> str:
    parts = []
    for series, text in items:
        parts.append(
            f'<rect class="bar {series}" x="{x}" y="4" width="14" height="12"/>'
            f'<text class="legend" x="{x + 20}" y="14">{escape(text)}</text>'
        )
        x += 20 + text_width(text, VALUE_SIZE) + 2 * GAP
    return "".join(parts)
