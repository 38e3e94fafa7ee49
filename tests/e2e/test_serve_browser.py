"""pagu serve in real Chromium (Playwright), against a running server on SQLite and on
PostgreSQL (as a `pagu db grant-reader` role): an auditor opens a budget, clicks to a
line, reads its why chain, travels back to before the APBD-P, filters the audit trail
by actor and downloads it; no page scrolls sideways at 400 px; nothing is fetched from
elsewhere and no console error appears.

One browser for the session, one page per backend, few page loads."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from tests.conftest import pagu
from tests.e2e.serving import (
    EVIL_ACTOR,
    EVIL_REASON,
    LINE,
    SKPD,
    TREASURER,
)

pytestmark = pytest.mark.browser

READ_WHY = """(id) => [...document.querySelectorAll('#' + id + ' tbody tr')].map(tr =>
  [...tr.querySelectorAll('td')].map(td => td.textContent.trim()))"""
BERLAKU = """(kode) => document.querySelector(
  '#tree [data-kode="' + kode + '"] [data-col="berlaku"]').textContent.trim()"""


def cli(url: str, *args: str) -> str:
    result = pagu("--db", url, *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_an_auditor_walks_through_a_budget(
    served: tuple[str, str], browser: Any, tmp_path: Path
) -> None:
    url, base = served
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    problems: list[str] = []
    elsewhere: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else 0)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("request", lambda r: elsewhere.append(r.url) if not r.url.startswith(base) else 0)
    try:
        # the budgets, then the budget: its tree opens and closes without script
        page.goto(base)
        page.click(f'#budgets a:text("{SKPD}")')
        page.wait_for_url("**/budget?**")
        line = page.locator(f'#tree [data-kode="{LINE}"]')
        assert not line.is_visible()
        page.click('#tree details[data-kode="1.06.04"] > summary')
        page.click('#tree details[data-kode="1.06.04.2.01"] > summary')
        assert line.is_visible()
        assert page.evaluate(BERLAKU, LINE) == "133.804.000,00"
        line.locator("a").first.click()
        page.wait_for_url(f"**/line?**kode={LINE}**")

        # the why chain: murni, the APBD-P's cut, the pergeseran with its reason as text
        steps = page.evaluate(READ_WHY, "why-pagu-table")
        assert [row[5] for row in steps] == [
            "733.389.000,00",
            "83.804.000,00",
            "133.804.000,00",
            "133.804.000,00",
        ]
        assert steps[1][3] == "perubahan" and steps[2][3] == "pergeseran-p"
        assert steps[2][7] == EVIL_REASON and steps[2][9] == EVIL_ACTOR
        assert page.locator("#past").count() == 0

        # before the APBD-P: the murni value, and the page says it answers in the past
        page.fill('#time input[name="effective"]', "2024-06-30")
        page.click('#time button[type="submit"]')
        page.wait_for_url("**effective=2024-06-30**")
        assert "berlaku pada 2024-06-30" in page.locator("#past").text_content()
        steps = page.evaluate(READ_WHY, "why-pagu-table")
        assert steps[-1][5] == "733.389.000,00" and len(steps) == 2
        page.click('header nav a:text("Rincian")')  # the point in time goes along
        page.wait_for_url("**/budget?**effective=2024-06-30**")
        page.click('#tree details[data-kode="1.06.04"] > summary')
        page.click('#tree details[data-kode="1.06.04.2.01"] > summary')
        assert page.evaluate(BERLAKU, LINE) == "733.389.000,00"
        page.fill('#time input[name="effective"]', "2024-08-31")
        page.click('#time button[type="submit"]')
        page.wait_for_url("**effective=2024-08-31**")
        assert page.evaluate(BERLAKU, LINE) == "83.804.000,00"

        # the line's timeline: the step before the treasurer's entry has no realization
        page.goto(f"{base}line?{urlencode({'skpd': SKPD, 'year': 2024, 'kode': LINE})}")
        third = '#quarters tr[data-triwulan="3"]'
        assert page.get_attribute(third, "data-realisasi") == "45000000.00"
        page.locator("#timeline li a").last.click()
        page.wait_for_url("**as_of=**")
        assert page.locator("#timeline li.current").count() >= 1
        page.click("#step-previous")  # as the ledger stood after the pergeseran
        page.wait_for_url("**as_of=**")
        assert page.get_attribute(third, "data-realisasi") == ""
        assert page.evaluate(READ_WHY, "why-pagu-table")[-1][5] == "133.804.000,00"

        # the trail filtered by actor, and its CSV is `pagu audit --actor`'s
        page.goto(f"{base}audit?{urlencode({'skpd': SKPD, 'year': 2024})}")
        page.fill('#filters input[name="actor"]', TREASURER)
        page.click('#filters button[type="submit"]')
        page.wait_for_url(f"**actor={TREASURER}**")
        actors = page.eval_on_selector_all(
            "#audit-table tbody tr", "rows => rows.map(r => r.children[6].textContent.trim())"
        )
        expected = json.loads(cli(url, "audit", "--actor", TREASURER, "--format", "json"))
        assert actors == [TREASURER] * len(expected) and len(expected) == 1
        with page.expect_download() as waiting:
            page.click('#downloads a:text("Jejak audit (semua halaman) (CSV)")')
        saved = tmp_path / "trail.csv"
        waiting.value.save_as(saved)
        command = page.locator('#downloads li:has(a:text("(CSV)")) code').first.text_content()
        assert command.startswith("pagu audit") and "--format csv" in command
        assert saved.read_text(encoding="utf-8") == cli(
            url, "audit", "--actor", TREASURER, "--skpd", SKPD, "--year", "2024", "--format", "csv"
        )
    finally:
        context.close()
    assert problems == [] and elsewhere == []


def test_no_page_scrolls_sideways_at_400_px(served: tuple[str, str], browser: Any) -> None:
    _, base = served
    budget = urlencode({"skpd": SKPD, "year": 2024})
    pages = [
        "",
        f"budget?{budget}&open=all",
        f"line?{budget}&kode={LINE}",
        f"audit?{budget}",
        f"evaluate?{budget}",
        f"spm?{budget}",
        "documents",
        "integrity",
    ]
    context = browser.new_context(viewport={"width": 400, "height": 800})
    page = context.new_page()
    try:
        for path in pages:
            page.goto(base + path)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 400, (path, width)
        # the wide tables scroll inside their own box
        page.goto(f"{base}budget?{budget}&open=all")
        box = page.evaluate(
            "() => { const b = document.querySelector('.tree-box');"
            " return [b.scrollWidth, b.clientWidth]; }"
        )
        assert box[0] > box[1]
    finally:
        context.close()
