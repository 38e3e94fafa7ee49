"""`pagu realize --from FILE` on 10.000 rows: one SKPD of 2.500 sub kegiatan, every one
with its four quarters in one CSV, recorded in one command.

    python bench/realize_bench.py [--rows 10000] [--db URL] [--json FILE]

The ledger is built directly through the write path (BudgetLine verbs,
Ledger.save_lines: a Dinas, programs, kegiatan and sub kegiatan with pagu and target),
its read model brought up to date, then the real command runs in a subprocess, as a
bendahara would run it, timed from start to exit: reading the file, checking every row,
the one transaction, the read model's catch-up. A second run of the same file (which
records nothing) and a `--dry-run` are timed too.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SKPD, TAHUN = "Dinas Bench", 2024


def build(url: str, subs: int) -> list[str]:
    """A budget of `subs` sub kegiatan (50 a kegiatan, 10 kegiatan a program)."""
    from events.codes import Kode
    from events.periods import Stage
    from events.targets import Target
    from ledger.line import Basis, BudgetLine
    from ledger.service import open_ledger

    basis = Basis("bench", "APBD murni", None, date(TAHUN, 1, 2))
    ledger = open_ledger(url)
    lines: list[BudgetLine] = []
    codes = []

    def line(kode: str, nama: str, pagu: Decimal | None = None) -> None:
        made = BudgetLine.register(
            skpd=SKPD,
            tahun=TAHUN,
            kode=Kode.parse(kode),
            nama=nama,
            indicator=f"Indikator {kode}",
            location="Kabupaten",
            stage=Stage.MURNI,
            basis=basis,
        )
        made.set_target(
            indicator_no=1,
            indicator=f"Indikator {kode}",
            target=Target(Decimal(12), "Dokumen"),
            kind=None,
            stage=Stage.MURNI,
            basis=basis,
        )
        if pagu is not None:
            made.set_pagu(pagu, Stage.MURNI, basis)
        lines.append(made)

    line("1.06", "Dinas Bench")
    for n in range(subs):
        program, kegiatan, sub = n // 500 + 1, n // 50 % 10 + 1, n % 50 + 1
        p, k = f"1.06.{program:02d}", f"1.06.{program:02d}.2.{kegiatan:02d}"
        if n % 500 == 0:
            line(p, f"Program {program}")
        if n % 50 == 0:
            line(k, f"Kegiatan {program}.{kegiatan}")
        kode = f"{k}.{sub:04d}"
        line(kode, f"Sub kegiatan {n}", Decimal("400000000.00"))
        codes.append(kode)
    for start in range(0, len(lines), 500):
        ledger.save_lines(lines[start : start + 500])
    ledger.close()
    return codes


def write_csv(path: Path, codes: list[str], rows: int) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(["kode", "triwulan", "realisasi keuangan", "realisasi fisik", "referensi"])
        written = 0
        for quarter in ("I", "II", "III", "IV"):
            for n, kode in enumerate(codes):
                if written == rows:
                    return
                writer.writerow([kode, quarter, f"{25_000_000 + n}.00", "3", f"SP2D {n}"])
                written += 1


def pagu(*args: str) -> float:
    env = {**os.environ, "PAGU_ACTOR": "bench"}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "cli.main", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"pagu {' '.join(args)} failed: {done.stderr[-2000:]}")
    return elapsed


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--db", default=None, help="a store URL (default: a new SQLite file)")
    parser.add_argument("--json", default=None)
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        url = options.db or str(Path(folder) / "bench.db")
        codes = build(url, (options.rows + 3) // 4)
        pagu("--db", url, "lines", "--format", "csv")  # the read model up to date
        source = Path(folder) / "realisasi.csv"
        write_csv(source, codes, options.rows)
        figures = {
            "rows": options.rows,
            "sub_kegiatan": len(codes),
            "dry_run_s": round(
                pagu("--db", url, "realize", "--from", str(source), "--dry-run", "--format", "csv"),
                2,
            ),
            "record_s": round(pagu("--db", url, "realize", "--from", str(source)), 2),
            "again_s": round(pagu("--db", url, "realize", "--from", str(source)), 2),
        }
    print(json.dumps(figures, indent=2))
    if options.json:
        Path(options.json).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
