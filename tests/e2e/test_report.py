"""pagu report: one self-contained HTML file, checked in a real headless Chromium (the
rendered charts carry the right values, the digest is `pagu digest`'s, nothing is
fetched, no console errors), and its reasons are the ones `pagu why` gives."""

from __future__ import annotations

import json
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SHARED_DOCUMENT, pagu
from tests.tampering import Attacker

SKPD = "Dinas Sosial Kabupaten Kutai Kartanegara"
# The program totals of the shared document: murni -> perubahan (from BAB III).
PROGRAMS = {
    "1.06.01": ("21437197857.00", "23050938375.00"),
    "1.06.02": ("7814000000.00", "7814000000.00"),
    "1.06.03": ("100000000.00", "50000000.00"),
    "1.06.04": ("5859089590.00", "5299105590.00"),
    "1.06.05": ("6886340000.00", "10572980000.00"),
    "1.06.06": ("1050000000.00", "1360000000.00"),
    "1.06.07": ("1450000000.00", "1862000000.00"),
}

# Read in the page, after rendering: each chart element's data and drawn size.
READ_CHARTS = """() => {
  const box = (el) => el ? el.getBoundingClientRect().width : null;
  const programs = [...document.querySelectorAll('#chart-program g.program')].map(g => ({
    kode: g.dataset.kode, murni: g.dataset.murni, perubahan: g.dataset.perubahan,
    murniWidth: box(g.querySelector('rect.murni')),
    perubahanWidth: box(g.querySelector('rect.perubahan')),
    text: g.textContent }));
  const quarters = [...document.querySelectorAll('#chart-quarter g.quarter')].map(g => ({
    ...g.dataset, track: box(g.querySelector('rect.track')),
    spent: box(g.querySelector('rect.realisasi')), text: g.textContent }));
  const changes = [...document.querySelectorAll('#chart-changes g.change')].map(g => ({
    kode: g.dataset.kode, selisih: g.dataset.selisih, width: box(g.querySelector('rect')) }));
  const digest = document.querySelector('#digest');
  return { programs, quarters, changes, digest: digest.dataset.digest,
           digestText: digest.textContent, title: document.querySelector('h1').textContent,
           visible: box(document.querySelector('#chart-program')) };
}"""


def write_report(url: str, target: Path, *options: str) -> str:
    result = pagu("--db", url, "report", "-o", str(target), *options)
    assert result.exit_code == 0, result.output
    return result.output


def digest_of(url: str) -> str:
    result = pagu("--db", url, "digest")
    assert result.exit_code == 0, result.output
    return result.output.splitlines()[0]


@pytest.mark.browser
def test_the_report_renders_in_chromium_with_the_right_values(
    imported: str, tmp_path: Path, browser: Any
) -> None:
    target = tmp_path / "laporan.html"
    write_report(imported, target)
    page = browser.new_page(viewport={"width": 1000, "height": 1400})
    problems: list[str] = []
    requests: list[str] = []
    page.on(
        "console",
        lambda message: (
            problems.append(f"{message.type}: {message.text}")
            if message.type in ("error", "warning")
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("request", lambda request: requests.append(request.url))
    try:
        page.goto(target.as_uri(), wait_until="load")
        found = page.evaluate(READ_CHARTS)
    finally:
        page.close()
    assert problems == []
    assert requests == [target.as_uri()]  # self-contained: nothing else was fetched
    assert found["title"] == f"Laporan Perubahan Anggaran {SKPD} Tahun 2024"
    assert found["visible"] > 500

    programs = {p["kode"]: p for p in found["programs"]}
    assert {kode: (p["murni"], p["perubahan"]) for kode, p in programs.items()} == PROGRAMS
    first = programs["1.06.01"]
    assert "21.437.197.857" in first["text"] and "23.050.938.375" in first["text"]
    # The bars are drawn to scale: their rendered widths keep the figures' proportions.
    for program in programs.values():
        ratio = program["perubahanWidth"] / program["murniWidth"]
        expected = float(Decimal(program["perubahan"]) / Decimal(program["murni"]))
        assert ratio == pytest.approx(expected, rel=0.01), program["kode"]
    assert sum(Decimal(p["murni"]) for p in programs.values()) == Decimal("44596627447.00")
    assert sum(Decimal(p["perubahan"]) for p in programs.values()) == Decimal("50009023965.00")

    changes = {c["kode"]: c for c in found["changes"]}
    assert changes["1.06.05.2.02.03"]["selisih"] == "3702000000.00"  # the largest increase
    assert changes["1.06.04.2.01.05"]["selisih"] == "-649585000.00"  # the largest cut
    assert changes["1.06.05.2.02.03"]["width"] > changes["1.06.04.2.01.05"]["width"] > 0

    quarters = {q["triwulan"]: q for q in found["quarters"]}
    second = quarters["2"]
    assert (second["realisasi"], second["pagu"], second["paguMurni"]) == (
        "16358726962.00",
        "50009023965.00",
        "44596627447.00",
    )
    assert (second["persen"], second["persenMurni"], second["fisik"]) == ("32.71", "36.68", "52,7%")
    assert second["spent"] / second["track"] == pytest.approx(0.3271, rel=0.01)
    assert "32,71%" in second["text"] and "36,68%" in second["text"]
    assert quarters["3"]["tercatat"] == "tidak" and "belum ada data" in quarters["3"]["text"]

    assert found["digest"] == found["digestText"] == digest_of(imported)


class _Attributes(HTMLParser):
    """Every element's attributes, in document order (the stdlib, no browser)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(path: Path) -> _Attributes:
    parser = _Attributes()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_reasons_are_the_ones_pagu_why_gives(imported: str, tmp_path: Path) -> None:
    """After a pergeseran, the cut line shows both steps with the reason recorded on each."""
    shifted = pagu(
        "--db",
        imported,
        "shift",
        "1.06.04.2.01.01",
        "1.06.04.2.01.05",
        "50.000.000,00",
        "--reason",
        "Lomba bimbingan sosial tetap diadakan",
        "--doc",
        "Keputusan Kepala Dinas Sosial No. 900/412/DINSOS/2024",
        "--doc-date",
        "2024-09-02",
        "--effective",
        "2024-09-02",
    )
    assert shifted.exit_code == 0, shifted.output
    target = tmp_path / "laporan.html"
    write_report(imported, target)
    page = parse(target)
    why = json.loads(pagu("--db", imported, "why", "1.06.04.2.01.05", "--format", "json").output)
    steps = [step for step in why if step["level"] != "total" and step["difference"]]
    assert [step["reason"] for step in steps][1] == "Lomba bimbingan sosial tetap diadakan"
    shown = [
        attrs["data-event-id"]
        for tag, attrs in page.found
        if tag == "li" and attrs.get("data-event-id") in {step["event_id"] for step in steps}
    ]
    assert shown == [step["event_id"] for step in steps]
    text = "".join(page.text)
    for step in steps:
        assert step["reason"] in text
    assert "Keputusan Kepala Dinas Sosial No. 900/412/DINSOS/2024 (2024-09-02)" in text
    cut = next(
        attrs
        for tag, attrs in page.found
        if tag == "tr" and attrs.get("data-kode") == "1.06.04.2.01.05"
    )
    assert cut["data-selisih"] == "-599585000.00"  # 733.389.000 -> 83.804.000 -> 133.804.000
    digest = next(attrs for _, attrs in page.found if attrs.get("id") == "digest")
    assert digest["data-digest"] == digest_of(imported)
    assert digest["data-digest"].startswith("785:")  # the import's 783 events, the shift's 2


def test_the_report_as_the_ledger_stood_and_a_damaged_ledger(
    sqlite_url: str, tmp_path: Path
) -> None:
    assert pagu("--db", sqlite_url, "import", str(SHARED_DOCUMENT)).exit_code == 0
    june = tmp_path / "juni.html"
    write_report(sqlite_url, june, "--effective", "2024-06-30")
    page = parse(june)
    programs = {
        attrs["data-kode"]: (attrs["data-murni"], attrs["data-perubahan"])
        for tag, attrs in page.found
        if tag == "g" and attrs.get("class") == "program"
    }
    assert programs["1.06.01"] == ("21437197857.00", "21437197857.00")  # APBD-P not yet in force
    assert "yang berlaku pada 30 Juni 2024" in "".join(page.text)

    attacker = Attacker(sqlite_url)
    try:
        attacker.disarm()
        row = attacker.first("PaguRevised")
        data = attacker.payload(row.stream, row.version)
        data["reason"] = "nothing to see here"
        attacker.set_payload(row.stream, row.version, data)
    finally:
        attacker.close()
    refused = pagu("--db", sqlite_url, "report", "-o", str(tmp_path / "x.html"))
    assert refused.exit_code == 2
    assert "refusing to report on a damaged ledger: altered at position" in refused.output
    assert not (tmp_path / "x.html").exists()


def test_refusals(imported: str, tmp_path: Path) -> None:
    wrong = pagu("--db", imported, "report", "-o", str(tmp_path / "laporan.pdf"))
    assert wrong.exit_code == 1 and "HTML file" in wrong.output
    empty = pagu("--db", str(tmp_path / "none.db"), "report", "-o", str(tmp_path / "a.html"))
    assert empty.exit_code == 1 and "no ledger at" in empty.output


# Every chart text's box, and the bars, in the SVG's own units.
READ_LAYOUT = """() => [...document.querySelectorAll('svg.chart')].map(svg => ({
  id: svg.id, width: svg.viewBox.baseVal.width,
  shown: svg.getBoundingClientRect().width,
  groups: [...svg.querySelectorAll('g')].map(g => ({
    texts: [...g.querySelectorAll('text')].map(t => {
      const b = t.getBBox(); return {text: t.textContent, x: b.x, right: b.x + b.width,
        y: b.y, bottom: b.y + b.height, size: parseFloat(getComputedStyle(t).fontSize)}; }),
    bars: [...g.querySelectorAll('rect')].map(r => {
      const b = r.getBBox(); return {x: b.x, right: b.x + b.width, y: b.y,
        bottom: b.y + b.height}; }) })) }))"""


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["x"] < b["right"] - 0.5
        and b["x"] < a["right"] - 0.5
        and a["y"] < b["bottom"] - 0.5
        and b["y"] < a["bottom"] - 0.5
    )


@pytest.mark.browser
def test_on_a_phone_and_on_paper(sqlite_url: str, tmp_path: Path, browser: Any) -> None:
    """At 400 px the page does not scroll sideways (wide parts scroll in their own box)
    and chart text stays readable; no label is clipped or runs into a bar; printed on A4,
    no page ends with a heading whose content went to the next page."""
    from pypdf import PdfReader

    assert pagu("--db", sqlite_url, "import", str(SHARED_DOCUMENT)).exit_code == 0
    target = tmp_path / "laporan.html"
    write_report(sqlite_url, target)
    page = browser.new_page(viewport={"width": 400, "height": 800})
    try:
        page.goto(target.as_uri(), wait_until="load")
        assert page.evaluate("document.documentElement.scrollWidth") <= 400
        charts = page.evaluate(READ_LAYOUT)
        headings = page.evaluate(
            "[...document.querySelectorAll('h1, h2, h3')].map(h => h.textContent.trim())"
        )
        page.emulate_media(media="print")
        pdf = tmp_path / "laporan.pdf"
        page.pdf(path=str(pdf), format="A4")
    finally:
        page.close()
    assert {chart["id"] for chart in charts} == {"chart-program", "chart-changes", "chart-quarter"}
    for chart in charts:
        assert chart["shown"] / chart["width"] * 11 >= 8.5, chart["id"]  # px on the phone
        for group in chart["groups"]:
            for text in group["texts"]:
                assert text["x"] >= -1.5 and text["right"] <= chart["width"] + 0.5, text
                for bar in group["bars"]:
                    assert not _overlap(text, bar), (chart["id"], text["text"])
            for first, second in zip(group["texts"], group["texts"][1:], strict=False):
                assert not _overlap(first, second), (first["text"], second["text"])
    reader = PdfReader(str(pdf))
    assert len(reader.pages) >= 2
    wanted = {" ".join(heading.split()) for heading in headings}
    for number, sheet in enumerate(reader.pages, start=1):
        lines = [" ".join(line.split()) for line in sheet.extract_text().splitlines()]
        lines = [line for line in lines if line]
        assert lines, f"page {number} is empty"
        assert lines[-1] not in wanted, f"page {number} ends with the heading {lines[-1]!r}"
        assert not set(lines) <= wanted, f"page {number} holds only headings: {lines}"


def test_the_report_shows_the_achievement_and_the_findings(sqlite_url: str, tmp_path: Path) -> None:
    imported = sqlite_url
    assert pagu("--db", imported, "import", str(SHARED_DOCUMENT)).exit_code == 0
    target = tmp_path / "laporan.html"
    write_report(imported, target)
    page = parse(target)
    rows = {
        attrs["data-kode"]: attrs
        for tag, attrs in page.found
        if tag == "tr" and "data-rate" in attrs and attrs.get("data-kode")
    }
    evaluate = json.loads(pagu("--db", imported, "evaluate", "--format", "json").output)
    for row in evaluate:
        if row["kode"]:
            assert rows[row["kode"]]["data-rate"] == (row["rate"] or "")
            assert rows[row["kode"]]["data-capaian"] == (row["achievement"] or "")
            assert rows[row["kode"]]["data-predikat"] == (row["predikat"] or "")
    found = [attrs for tag, attrs in page.found if tag == "tr" and attrs.get("class") == "finding"]
    findings = json.loads(pagu("--db", imported, "findings", "--format", "json").output)
    assert [(a["data-jenis"], a["data-kode"]) for a in found] == [
        (f["kind"], f["kode"]) for f in findings
    ]
    text = "".join(page.text)
    assert "4. Capaian Kinerja (Tabel 1)" in text and "5. Temuan Rekonsiliasi" in text
    assert "RATA-RATA CAPAIAN KINERJA" in text and "Predikat" in text
    assert evaluate[-1]["predikat"] in text  # the average's predikat
