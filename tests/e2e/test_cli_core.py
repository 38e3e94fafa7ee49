"""The `pagu` command end to end: init, import, lines, and clear refusals."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from tests.conftest import EXAMPLE_DOCUMENT, SHARED_DOCUMENT, pagu


def test_import_then_lines(store_url: str) -> None:
    imported = pagu("--db", store_url, "import", str(SHARED_DOCUMENT))
    assert imported.exit_code == 0, imported.output
    assert "7 program, 18 kegiatan, 61 sub kegiatan" in imported.output
    assert "Reconciliation report (56 findings)" in imported.output
    rows = json.loads(pagu("lines", "--db", store_url, "--format", "json").output)
    assert {row["level"] for row in rows} == {"program", "kegiatan", "sub_kegiatan", "total"}
    assert all({"kode", "nama", "level", "pagu"} <= set(row) for row in rows)
    subs = [row for row in rows if row["level"] == "sub_kegiatan"]
    assert len(subs) == 61
    assert sum(Decimal(row["pagu"]) for row in subs) == Decimal("50009023965.00")
    assert rows[-1]["pagu"] == "50009023965.00"
    programs = json.loads(
        pagu("--db", store_url, "lines", "--level", "program", "--format", "json").output
    )
    assert [row["kode"] for row in programs] == [f"1.06.0{i}" for i in range(1, 8)] + [""]
    table = pagu("--db", store_url, "lines").output
    assert "50.009.023.965" in table and "Pagu Indikatif" in table


def test_import_json_report_and_idempotence(sqlite_url: str) -> None:
    first = json.loads(
        pagu("--db", sqlite_url, "import", str(EXAMPLE_DOCUMENT), "--format", "json").output
    )
    assert first["written"] and first["events"]["count"] > 700
    assert first["lines"] == {"program": 7, "kegiatan": 18, "sub_kegiatan": 61}
    assert len(first["findings"]) == 56
    assert {"kind", "line_no", "kode", "message", "printed", "computed"} <= set(
        first["findings"][0]
    )
    again = json.loads(
        pagu("--db", sqlite_url, "import", str(SHARED_DOCUMENT), "--format", "json").output
    )
    assert again["events"]["by_kind"] == {"DocumentImported": 1}  # a new file, same figures
    third = json.loads(
        pagu("--db", sqlite_url, "import", str(SHARED_DOCUMENT), "--format", "json").output
    )
    assert third["events"]["count"] == 0 and not third["written"]


def test_dry_run_shows_and_writes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    result = pagu("--db", str(db), "import", "--dry-run", str(EXAMPLE_DOCUMENT))
    assert result.exit_code == 0
    assert "would be recorded (dry run, nothing written)" in result.output
    assert (
        "1.06.04.2.01.05  PaguRevised: pagu 733.389.000,00 -> 83.804.000,00 (perubahan)"
        in result.output
    )
    assert not db.exists()


def test_refusals_are_one_clear_line(tmp_path: Path) -> None:
    missing = pagu("--db", str(tmp_path / "none.db"), "lines")
    assert (
        missing.exit_code == 1
        and "no ledger at" in missing.output
        and "Traceback" not in missing.output
    )
    nofile = pagu("--db", str(tmp_path / "x.db"), "import", str(tmp_path / "nope.txt"))
    assert nofile.exit_code == 1 and "cannot read" in nofile.output
    garbage = tmp_path / "garbage.txt"
    garbage.write_text("Kode\tProgram\nnot a budget\n")
    broken = pagu("--db", str(tmp_path / "x.db"), "import", str(garbage))
    assert broken.exit_code == 1 and "nothing was recorded" in broken.output
    badurl = pagu("--db", "mysql://x/y", "lines")
    assert badurl.exit_code == 1 and "unsupported store" in badurl.output
    badtime = pagu("--db", str(tmp_path / "x.db"), "init")
    assert badtime.exit_code == 0
    when = pagu("--db", str(tmp_path / "x.db"), "lines", "--as-of", "yesterday")
    assert when.exit_code == 1 and "not a timestamp: 'yesterday'" in when.output


def test_the_installed_console_script_runs(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "pagu"
    done = subprocess.run([str(script), "--help"], capture_output=True, text=True, check=True)
    assert "import" in done.stdout and "lines" in done.stdout
    db = str(tmp_path / "p.db")
    subprocess.run(
        [str(script), "--db", db, "import", str(EXAMPLE_DOCUMENT)], capture_output=True, check=True
    )
    shown = subprocess.run(
        [str(script), "--db", db, "lines", "--format", "csv"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert shown.stdout.splitlines()[0] == "Kode,Program/Kegiatan/Sub Kegiatan,Level,Pagu Indikatif"


def test_documents_and_their_findings_are_kept(store_url: str) -> None:
    pagu("--db", store_url, "import", str(SHARED_DOCUMENT))
    pagu("--db", store_url, "import", str(EXAMPLE_DOCUMENT))
    listed = json.loads(pagu("--db", store_url, "documents", "--format", "json").output)
    assert [(d["file_name"], d["events"], d["findings"]) for d in listed] == [
        ("renja-perubahan-2024-dinsos-kukar.txt", 782, 56),
        ("renja-perubahan-2024-dinsos-kukar.txt", 0, 56),
    ]
    first = listed[0]["sha256"]
    found = json.loads(
        pagu("--db", store_url, "findings", "--document", first[:10], "--format", "json").output
    )
    assert len(found) == 56
    assert {f["kind"] for f in found} >= {"inferred_code", "parent_total", "name_conflict"}
    assert any(f["kode"] == "1.06.04.2.01.01" and "Permakanan" in f["nama"] for f in found)
    unknown = pagu("--db", store_url, "findings", "--document", "ffff0000")
    assert unknown.exit_code == 1 and "matches no imported document" in unknown.output
