"""Take docs/serve.png: the budget page of `pagu serve` on the README's walk-through.

    .venv/bin/python docs/make_serve_png.py    (needs Chromium: PAGU_TEST_CHROMIUM or PATH)
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import CHROMIUM_FLAGS, EXAMPLE_DOCUMENT, chromium_path, pagu  # noqa: E402
from tests.e2e.serving import serving  # noqa: E402

BASIS = ["--doc", "Keputusan Kepala Dinas Sosial No. 900/412/DINSOS/2024",
         "--doc-date", "2024-09-02", "--effective", "2024-09-02"]  # fmt: skip
STEPS = [
    ["import", str(EXAMPLE_DOCUMENT), "--actor", "operator"],
    ["shift", "1.06.04.2.01.01", "1.06.04.2.01.05", "50.000.000,00", "--reason",
     "Lomba bimbingan sosial tetap diadakan; dana dari sisa penyediaan perumahan",
     *BASIS, "--actor", "perencana"],
    ["realize", "1.06.04.2.01.05", "--quarter", "III", "--spent", "45.000.000", "--output",
     "24 Orang", "--cumulative", "--effective", "2024-09-30", "--actor", "bendahara"],
]  # fmt: skip


def main() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as directory:
        db = str(Path(directory) / "pagu.db")
        for step in STEPS:
            result = pagu("--db", db, *step)
            assert result.exit_code == 0, result.output
        with serving(db) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium_path(), headless=True, args=CHROMIUM_FLAGS
            )
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            page.goto(base)
            page.click("#budgets a")
            for kode in ("1.06.04", "1.06.04.2.01"):
                page.click(f'#tree details[data-kode="{kode}"] > summary')
            page.screenshot(path=str(ROOT / "docs" / "serve.png"))
            browser.close()


if __name__ == "__main__":
    main()
