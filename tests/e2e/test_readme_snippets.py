"""The README's reference programs (standard library only) agree with pagu."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, SHARED_DOCUMENT, pagu
from tests.tampering import Attacker, record_later_events


def snippets() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Tamper evidence", 1)[1].split("\n## ", 1)[0]
    found = re.findall(r"```python\n(.*?)```", section, flags=re.S)
    assert len(found) == 2, "expected the SQLite and the export reference programs"
    return found


def run(code: str, path: Path | str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=False
    )


def test_the_reference_programs_compute_pagus_digest(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    assert pagu("--db", str(db), "import", str(SHARED_DOCUMENT)).exit_code == 0
    record_later_events(str(db), 20)
    digest = pagu("--db", str(db), "digest").output.splitlines()[0]
    assert digest.startswith("803:")
    exported = tmp_path / "log.jsonl"
    assert pagu("--db", str(db), "export-log", str(exported)).exit_code == 0
    on_sqlite, on_export = snippets()
    assert run(on_sqlite, db).stdout.strip() == digest
    assert run(on_export, exported).stdout.strip() == digest


def test_the_reference_program_fails_on_a_tampered_ledger(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    assert pagu("--db", str(db), "import", str(SHARED_DOCUMENT)).exit_code == 0
    attacker = Attacker(str(db))
    attacker.disarm()
    attacker.set_link(42, "recorded_at", "2024-01-01T00:00:00.000000+00:00")
    attacker.close()
    done = run(snippets()[0], db)
    assert done.returncode != 0 and "position 42 does not check out" in done.stderr
