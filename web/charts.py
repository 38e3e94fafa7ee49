"""The line page's small chart: spending to date at each triwulan against the pagu, as
inline SVG drawn from the realization view's figures (no script, no style attribute:
the page's Content-Security-Policy allows neither)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from html import escape
from typing import Any

from markupsafe import Markup

from events.money import format_percent, format_rupiah

WIDTH, ROW, LEFT = 360, 38, 44
SPAN = WIDTH - LEFT - 4


def quarter_chart(quarters: Sequence[dict[str, Any]]) -> Markup:
    """One bar a quarter: the track is the pagu of the realization's basis, the bar the
    spending to date (drawn to at most 120% of the track, its figure always shown)."""
    height = ROW * len(quarters) + 8
    parts = [
        f'<svg class="chart quarters" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="Realisasi keuangan per triwulan" width="{WIDTH}" height="{height}">'
    ]
    for index, quarter in enumerate(quarters):
        y = 4 + index * ROW
        spent, pagu = quarter.get("spent"), quarter.get("pagu")
        ratio = (
            spent / pagu
            if isinstance(spent, Decimal) and isinstance(pagu, Decimal) and pagu > 0
            else None
        )
        label = escape(f"TW {quarter.get('name', '')}")
        parts.append(
            f'<g class="quarter" data-triwulan="{quarter.get("number", "")}" '
            f'data-realisasi="{"" if spent is None else f"{spent:f}"}">'
            f'<text x="0" y="{y + 28}" class="label">{label}</text>'
            f'<rect class="track" x="{LEFT}" y="{y + 17}" width="{SPAN}" height="14"/>'
        )
        if ratio is not None:
            drawn = float(min(ratio, Decimal("1.2"))) * SPAN
            parts.append(
                f'<rect class="bar" x="{LEFT}" y="{y + 17}" width="{drawn:.1f}" height="14"/>'
            )
        text = (
            "belum dicatat"
            if spent is None
            else f"{format_rupiah(spent)} ({format_percent(quarter.get('percent'))})"
        )
        parts.append(f'<text x="{LEFT}" y="{y + 12}" class="value">{escape(text)}</text></g>')
    parts.append("</svg>")
    return Markup("".join(parts))
