"""The report's sections drawn from whole views: the Tabel 1 achievement (`pagu
evaluate`) and the reconciliation findings of each document (`pagu findings`), as the
commands compute them, formatted as their tables are."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from cli.charts import attr, escape
from cli.output import cell_text
from projections.report import Report

# (key, heading) of the evaluation's columns the report shows; the headings are the
# view's own where it has the column.
ACHIEVEMENT = (
    ("kode", "Kode"),
    ("nama", "Program/Kegiatan/Sub Kegiatan"),
    ("target", "(6) Target"),
    ("realization", "(7) Realisasi"),
    ("rate", "(8) Tingkat Realisasi (%)"),
    ("achievement", "(11) Tingkat Capaian Renstra (%)"),
)
PREDIKAT = ("predikat", "Predikat")  # shown when the rows carry one
NUMERIC = frozenset({"money", "percent", "number"})


def _kinds(report: Report) -> dict[str, str]:
    return {column.key: column.kind for column in report.columns}


def html_table(
    table_id: str,
    headings: Sequence[tuple[str, bool]],
    rows: Sequence[str],
    caption: str = "",
    *,
    css_class: str = "",
    grouped: bool = False,
) -> str:
    """A scrolling table of the report: `headings` as (text, numeric); the rows go in
    one <tbody>, unless they are `grouped` (each row a <tbody> of its own already)."""
    head = "".join(
        f'<th class="num">{escape(text)}</th>' if numeric else f"<th>{escape(text)}</th>"
        for text, numeric in headings
    )
    classes = f' class="{css_class}"' if css_class else ""
    body = "".join(rows) if grouped else f"<tbody>{''.join(rows)}</tbody>"
    return (
        f'<div class="scroll"><table{classes} id="{table_id}">{caption}<thead><tr>{head}</tr>'
        f"</thead>{body}</table></div>"
    )


def achievement_section(report: Report, number: int) -> str:
    """Tabel 1's rates for every line, program and kegiatan rows set apart, the average
    last; rates above 100% marked (kept, never capped)."""
    kinds = _kinds(report)
    columns = list(ACHIEVEMENT)
    if any("predikat" in row for row in report.rows):
        columns.append(PREDIKAT)
    headings = [(text, kinds.get(key, "text") in NUMERIC) for key, text in columns]
    rows = []
    for row in report.rows:
        level = str(row.get("level", ""))
        cells = []
        for key, _ in columns:
            kind = kinds.get(key, "text")
            value = row.get(key)
            classes = ["num"] if kind in NUMERIC else []
            if kind == "percent" and isinstance(value, Decimal) and value > 100:
                classes.append("lebih")
            shown = escape(cell_text(value, kind))
            cells.append(
                f'<td class="{" ".join(classes)}">{shown}</td>' if classes else f"<td>{shown}</td>"
            )
        rows.append(
            f'<tr class="{escape(level)}" data-kode="{attr(row.get("kode"))}" '
            f'data-rate="{attr(row.get("rate"))}" data-capaian="{attr(row.get("achievement"))}"'
            f"{_predikat(row)}>{''.join(cells)}</tr>"
        )
    return (
        f'<section id="capaian"><div class="keep"><h2>{number}. Capaian Kinerja (Tabel 1)</h2>'
        f'<p class="meta">{escape(report.title)}: (8) = (7)/(6), (11) = (10)/(4); tingkat di '
        "atas 100% ditandai, tidak dipotong (seperti <code>pagu evaluate</code>).</p></div>"
        f"{html_table('table-capaian', headings, rows)}</section>"
    )


def _predikat(row: dict[str, Any]) -> str:
    return f' data-predikat="{attr(row["predikat"])}"' if "predikat" in row else ""


def findings_section(reports: Sequence[Report], number: int) -> str:
    """Every place the imported document(s) disagree with themselves."""
    parts = [
        f'<section id="temuan"><div class="keep"><h2>{number}. Temuan Rekonsiliasi</h2>'
        '<p class="meta">Setiap tempat dokumen yang diimpor tidak sesuai dengan dirinya '
        "sendiri (seperti <code>pagu findings</code>).</p></div>"
    ]
    if not reports:
        parts.append('<p class="meta">Belum ada dokumen yang diimpor.</p>')
    for index, report in enumerate(reports, start=1):
        kinds = _kinds(report)
        rows = [
            f'<tr class="finding" data-jenis="{attr(row.get("kind"))}" '
            f'data-kode="{attr(row.get("kode"))}">'
            f"<td>{escape(cell_text(row.get('kind'), kinds.get('kind', 'text')))}</td>"
            f'<td class="num">{escape(cell_text(row.get("line_no"), "number"))}</td>'
            f"<td>{escape(cell_text(row.get('kode'), 'text'))}</td>"
            f"<td>{escape(cell_text(row.get('nama'), 'text'))}</td></tr>"
            for row in report.rows
        ]
        heading = f"<h3>{escape(report.title)} ({len(report.rows)} temuan)</h3>"
        if not rows:
            parts.append(f'<div class="keep">{heading}<p class="meta">Tidak ada.</p></div>')
            continue
        headings = [("Jenis", False), ("Baris", True), ("Kode", False), ("Temuan", False)]
        parts.append(heading + html_table(f"table-temuan-{index}", headings, rows))
    parts.append("</section>")
    return "".join(parts)
