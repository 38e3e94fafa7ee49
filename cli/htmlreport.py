"""The page `pagu report` writes: one self-contained HTML file (inline CSS, inline SVG,
no script, no font or image to fetch; a Content-Security-Policy forbids any load), in
Indonesian, that opens anywhere and prints on A4."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from cli.charts import (
    QUARTER_NAMES,
    attr,
    changes_chart,
    escape,
    program_chart,
    quarter_chart,
    rupiah,
    signed,
)
from cli.dates import long_date
from cli.htmltables import achievement_section, findings_section, html_table
from events.clock import local, local_text
from events.money import format_percent, format_rupiah
from ledger.integrity import Verdict
from projections.report import Report
from projections.views.summary import Change, Summary

STYLE = """
:root { --ink:#1d2733; --muted:#5b6b7c; --line:#d5dde6; --murni:#9db4d3; --ubah:#1f4e78;
  --naik:#2e7d4f; --turun:#b23a3a; --real:#d98a1c; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif;
  color: var(--ink); background: #f4f6f9; }
main { max-width: 960px; margin: 0 auto; padding: 28px 32px 40px; background: #fff; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 34px 0 8px; padding-bottom: 4px;
  border-bottom: 2px solid var(--ubah); }
h3 { font-size: 15px; margin: 20px 0 6px; }
p.meta { color: var(--muted); margin: 2px 0; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(160px, 1fr)); gap: 10px;
  margin: 18px 0 6px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; }
.card .what { color: var(--muted); font-size: 12px; }
.card .figure { font-size: 15px; font-weight: 600; white-space: nowrap; }
.card .figure.naik { color: var(--naik); } .card .figure.turun { color: var(--turun); }
.card .sub { font-size: 12px; color: var(--muted); }
.scroll { overflow-x: auto; max-width: 100%; }
svg.chart { display: block; margin: 8px 0 4px; font-size: 12px; min-width: 680px; }
svg .grid { stroke: #e3e8ee; } svg .zero { stroke: #8a97a6; }
svg .axis, svg .legend { fill: var(--muted); font-size: 11px; }
svg .label { fill: var(--ink); } svg .label.kode { font-weight: 600; }
svg .value { fill: var(--ink); font-size: 11px; } svg .muted { fill: var(--muted); }
svg .bar.murni { fill: var(--murni); } svg .bar.perubahan { fill: var(--ubah); }
svg .bar.naik { fill: var(--naik); } svg .bar.turun { fill: var(--turun); }
svg .bar.realisasi { fill: var(--real); }
svg .track { fill: #e9eef4; stroke: #c4cfdb; }
svg .track.empty { fill: none; stroke-dasharray: 4 3; }
svg .marker { stroke: var(--ubah); stroke-width: 2; stroke-dasharray: 3 2; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; font-size: 13px; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 6px; vertical-align: top;
  text-align: left; }
th { background: #eef2f7; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
table.changes tr.change td { border-bottom: none; padding-bottom: 0; }
table.changes tr.change td:first-child { white-space: nowrap; }
tr.total td { font-weight: 700; background: #fdf1e8; }
tr.program td { font-weight: 700; background: #eef2f7; } tr.kegiatan td { font-weight: 600; }
td.lebih { color: var(--turun); font-weight: 700; }
td.naik { color: var(--naik); } td.turun { color: var(--turun); }
.reason { margin: 0 0 4px; padding-left: 16px; font-size: 12.5px; } .reason li { margin: 2px 0; }
.reason .basis { color: var(--muted); font-size: 12px; }
.new { font-size: 11px; background: #e6f2ea; color: var(--naik); padding: 0 4px;
  border-radius: 3px; }
.digest { font: 13px/1.4 "DejaVu Sans Mono", Consolas, monospace; word-break: break-all;
  background: #f3f5f8; border: 1px solid var(--line); padding: 8px 10px; border-radius: 4px; }
footer { margin-top: 34px; color: var(--muted); font-size: 12px; }
@media (max-width: 640px) { main { padding: 16px 12px 28px; } h1 { font-size: 19px; } }
@media print { @page { size: A4; margin: 14mm 12mm; }
  body { background: #fff; } main { padding: 0; max-width: none; }
  h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
  .keep, svg, .cards, tr, tbody.pair { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; } .scroll { overflow: visible; }
  svg.chart { min-width: 0; } table { font-size: 11px; } }
"""


def point_text(summary: Summary) -> str:
    """The point in time the figures are from, in words."""
    point = summary.point
    parts = []
    if point.as_of is not None:
        moment = local(point.as_of)  # on the ledger's clock (events.clock)
        parts.append(
            f"sebagaimana tercatat sampai {long_date(moment.date())} "
            f"{moment.strftime('%H:%M:%S')} {moment.tzname() or ''}".rstrip()
        )
    if point.effective is not None:
        parts.append(f"yang berlaku pada {long_date(point.effective)}")
    return "; ".join(parts) or "seluruh catatan, nilai terakhir"


def _percent_change(old: Decimal | None, new: Decimal | None) -> str:
    if not old or new is None:
        return "-"
    return ("+" if new > old else "") + format_percent((new - old) * 100 / old)


def _card(what: str, figure: str, sub: str = "", kind: str = "") -> str:
    return (
        f'<div class="card"><div class="what">{escape(what)}</div>'
        f'<div class="figure {kind}">{escape(figure)}</div>'
        f'<div class="sub">{escape(sub)}</div></div>'
    )


def _cards(summary: Summary) -> str:
    change = summary.total_difference
    kind = "" if not change else ("naik" if change > 0 else "turun")
    cards = [
        _card("Pagu APBD Murni (Rp)", rupiah(summary.total_murni)),
        _card("Pagu APBD Perubahan (Rp)", rupiah(summary.total_perubahan)),
        _card(
            "Bertambah / Berkurang (Rp)",
            signed(change),
            _percent_change(summary.total_murni, summary.total_perubahan),
            kind,
        ),
    ]
    last = next((q for q in summary.quarters if q.quarter == summary.last_quarter), None)
    if last is not None and last.spent is not None:
        cards.append(
            _card(
                f"Realisasi Keuangan s/d Triwulan {QUARTER_NAMES[last.quarter]} (Rp)",
                rupiah(last.spent),
                f"{format_percent(last.percent_perubahan)} dari pagu perubahan, "
                f"{format_percent(last.percent_murni)} dari pagu murni",
            )
        )
        if last.physical:
            cards.append(_card("Realisasi Fisik", last.physical, "seluruh Dinas"))
    return f'<div class="cards">{"".join(cards)}</div>'


# The report's own tables: (heading, numeric) of each column, in order.
PROGRAM_HEADINGS = (
    ("Kode", False),
    ("Program", False),
    ("Pagu Indikatif Sebelum Perubahan", True),
    ("Pagu Indikatif Sesudah Perubahan", True),
    ("Bertambah / Berkurang", True),
    ("%", True),
)
CHANGE_HEADINGS = (
    ("Kode", False),
    ("Sub Kegiatan; di bawahnya alasan yang dicatat pada perubahan dan dasar hukumnya", False),
    ("Semula", True),
    ("Menjadi", True),
    ("Selisih", True),
)
QUARTER_HEADINGS = (
    ("Triwulan", False),
    ("Realisasi Keuangan s/d Triwulan (Rp)", True),
    ("Pagu APBD Perubahan", True),
    ("% Pagu Perubahan", True),
    ("% Pagu Murni", True),
    ("Realisasi Fisik", True),
)


def _program_table(summary: Summary) -> str:
    rows = []
    for program in summary.programs:
        difference = program.difference
        kind = "" if not difference else ("naik" if difference > 0 else "turun")
        rows.append(
            f'<tr data-kode="{attr(program.kode)}"><td>{escape(program.kode)}</td>'
            f"<td>{escape(program.nama)}</td>"
            f'<td class="num">{format_rupiah(program.murni)}</td>'
            f'<td class="num">{format_rupiah(program.perubahan)}</td>'
            f'<td class="num {kind}">{format_rupiah(difference)}</td>'
            f'<td class="num">{_percent_change(program.murni, program.perubahan)}</td></tr>'
        )
    rows.append(
        f'<tr class="total"><td></td><td>TOTAL PAGU ANGGARAN</td>'
        f'<td class="num">{format_rupiah(summary.total_murni)}</td>'
        f'<td class="num">{format_rupiah(summary.total_perubahan)}</td>'
        f'<td class="num">{format_rupiah(summary.total_difference)}</td>'
        f'<td class="num">{_percent_change(summary.total_murni, summary.total_perubahan)}</td>'
        "</tr>"
    )
    return html_table("table-program", PROGRAM_HEADINGS, rows)


def _steps(change: Change) -> str:
    items = []
    for step in change.steps:
        when = f"berlaku {long_date(step.effective)}" if step.effective else ""
        heading = ", ".join(
            part for part in (f"tahap {step.stage}" if step.stage else "", when) if part
        )
        basis = f'<div class="basis">Dasar hukum: {escape(step.basis)}</div>' if step.basis else ""
        items.append(
            f'<li data-event-id="{attr(step.event_id)}"><strong>{escape(heading)}</strong> '
            f"({signed(step.difference)}): {escape(step.reason or 'tanpa alasan tercatat')}"
            f"{basis}</li>"
        )
    return f'<ul class="reason">{"".join(items)}</ul>' if items else "-"


def _changes_table(changes: Sequence[Change], kind: str, table_id: str) -> str:
    if not changes:
        return '<p class="meta">Tidak ada.</p>'
    rows = []
    for change in changes:
        new = ' <span class="new">baru</span>' if change.new else ""
        rows.append(
            '<tbody class="pair">'
            f'<tr class="change" data-kode="{attr(change.kode)}" '
            f'data-selisih="{attr(change.difference)}">'
            f"<td>{escape(change.kode)}</td><td>{escape(change.nama)}{new}</td>"
            f'<td class="num">{format_rupiah(change.murni)}</td>'
            f'<td class="num">{format_rupiah(change.perubahan)}</td>'
            f'<td class="num {kind}">{format_rupiah(change.difference)}</td></tr>'
            f'<tr class="why" data-kode="{attr(change.kode)}"><td></td>'
            f'<td colspan="4">{_steps(change)}</td></tr></tbody>'
        )
    return html_table(table_id, CHANGE_HEADINGS, rows, css_class="changes", grouped=True)


def _quarter_table(summary: Summary) -> str:
    rows = []
    for quarter in summary.quarters:
        name = f"Triwulan {QUARTER_NAMES[quarter.quarter]}"
        if not quarter.recorded:
            rows.append(
                f'<tr data-triwulan="{quarter.quarter}"><td>{name}</td>'
                '<td colspan="5" class="meta">belum ada realisasi tercatat</td></tr>'
            )
            continue
        rows.append(
            f'<tr data-triwulan="{quarter.quarter}"><td>{name}</td>'
            f'<td class="num">{format_rupiah(quarter.spent)}</td>'
            f'<td class="num">{format_rupiah(quarter.pagu_perubahan)}</td>'
            f'<td class="num">{format_percent(quarter.percent_perubahan)}</td>'
            f'<td class="num">{format_percent(quarter.percent_murni)}</td>'
            f'<td class="num">{escape(quarter.physical or "-")}</td></tr>'
        )
    return html_table("table-quarter", QUARTER_HEADINGS, rows)


def _integrity(verdict: Verdict, summary: Summary) -> str:
    head = verdict.head
    assert head is not None
    position = summary.point.position
    covered = (
        f"Angka laporan ini mencakup peristiwa sampai posisi {position} dari {head.position}."
        if position is not None and position < head.position
        else "Angka laporan ini mencakup tepat peristiwa yang dicakup digest ini."
    )
    return (
        '<section id="integritas"><div class="keep"><h2>6. Integritas Buku Besar</h2>'
        "<p>Laporan ini dibuat dari buku besar yang rantai hash-nya diverifikasi utuh saat "
        f"laporan dibuat. {escape(covered)} Digest (kepala rantai) buku besar itu:</p>"
        f'<p class="digest" id="digest" data-digest="{attr(head)}" '
        f'data-posisi="{head.position}">{escape(str(head))}</p></div>'
        f'<p class="meta">Bentuk singkat: <strong id="digest-short">{escape(head.short())}'
        f"</strong> · {verdict.events} peristiwa, terakhir dicatat "
        f"{escape(verdict.last_recorded or '-')}</p>"
        f"{_read_model(verdict)}"
        "<p>Siapa pun yang memegang digest ini dapat membuktikan kemudian bahwa buku besar "
        "masih diawali tepat oleh riwayat yang sama:</p>"
        f'<p class="digest">pagu verify --digest {escape(str(head))}</p></section>'
    )


def _chart(svg: str) -> str:
    """A chart in its own scrolling box: on a phone it keeps a readable size and
    scrolls sideways, the page does not."""
    return f'<div class="scroll chart-box">{svg}</div>' if svg else ""


def _read_model(verdict: Verdict) -> str:
    """The read model's comparison with the log (`pagu verify`), as the report used it."""
    found = verdict.read_model
    if not found or not found.get("checked"):
        return '<p id="read-model" data-cocok="unknown">Tampilan (read model) belum diperiksa.</p>'
    return (
        f'<p id="read-model" data-cocok="{"ya" if found.get("matches") else "tidak"}" '
        f'data-posisi="{found.get("position")}">Tampilan (read model) yang menjadi sumber '
        "angka laporan ini diperiksa ulang terhadap log: "
        + ("sama persis dengan proyeksi log" if found.get("matches") else "TIDAK sama")
        + f" (sampai posisi {found.get('position')}).</p>"
    )


def render_page(
    summary: Summary,
    verdict: Verdict,
    *,
    generated: datetime,
    evaluation: Report | None = None,
    findings: Sequence[Report] = (),
) -> str:
    title = f"Laporan Perubahan Anggaran {summary.skpd} Tahun {summary.tahun}"
    changes = [*summary.increases, *reversed(summary.cuts)]
    last = summary.last_quarter
    quarter_note = (
        f"Realisasi keuangan s/d tiap triwulan (kumulatif) sampai triwulan "
        f"{QUARTER_NAMES[last]}, terhadap pagu APBD Perubahan; garis putus-putus: pagu "
        "APBD Murni."
        if last
        else "Belum ada realisasi yang tercatat."
    )
    body = [
        f"<h1>{escape(title)}</h1>",
        f'<p class="meta" id="keadaan">Keadaan data: {escape(point_text(summary))}</p>',
        _cards(summary),
        '<section id="program"><div class="keep"><h2>1. Pagu Murni dan Perubahan per Program</h2>',
        _chart(program_chart(summary.programs)),
        "</div>",
        _program_table(summary),
        "</section>",
        '<section id="perubahan"><div class="keep"><h2>2. Kenaikan dan Pengurangan Terbesar</h2>',
        '<p class="meta">Sub kegiatan yang paling bertambah dan berkurang dari APBD Murni ke '
        "nilai terakhir, dengan alasan yang dicatat pada setiap perubahan (seperti "
        "<code>pagu why</code>).</p>",
        _chart(changes_chart(changes)) if changes else "",
        "</div>",
        "<h3>Kenaikan terbesar</h3>",
        _changes_table(summary.increases, "naik", "table-naik"),
        "<h3>Pengurangan terbesar</h3>",
        _changes_table(summary.cuts, "turun", "table-turun"),
        "</section>",
        '<section id="realisasi"><div class="keep">'
        "<h2>3. Realisasi per Triwulan terhadap Pagu</h2>",
        f'<p class="meta">{escape(quarter_note)}</p>',
        _chart(quarter_chart(summary.quarters)),
        "</div>",
        _quarter_table(summary),
        "</section>",
        achievement_section(evaluation, 4) if evaluation is not None else "",
        findings_section(findings, 5),
        _integrity(verdict, summary),
        f"<footer>Dibuat oleh pagu pada {escape(local_text(generated))}"
        f" dari {escape(verdict.source)}. Angka diambil dari tampilan <code>pagu compare</code>, "
        "<code>pagu why</code> dan <code>pagu realization</code> pada keadaan yang sama.</footer>",
    ]
    return (
        '<!DOCTYPE html>\n<html lang="id"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">"
        f"<title>{escape(title)}</title><style>{STYLE}</style></head>"
        f"<body><main>{''.join(body)}</main></body></html>\n"
    )
