"""Names for synthetic ledgers: regions of a province, their SKPD, and program, kegiatan
and sub kegiatan names in the style of the Permendagri 90/2019 nomenclature.

The lists are real enough to make generated reports read like real ones (Kalimantan
Timur's kabupaten/kota and kecamatan, the usual Dinas/Badan of a pemda, the standard
"PROGRAM PENUNJANG URUSAN" with its kegiatan and sub kegiatan); figures are invented.
The names themselves are data, in bench/nomenclature.json beside this module.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Region:
    name: str  # "Kabupaten Kutai Kartanegara"
    short: str  # "Kutai Kartanegara", used in SKPD names and account names
    unit: str  # "1" province, "2" kabupaten/kota (the code's unit digit)
    kecamatan: tuple[str, ...] = ()


@dataclass(frozen=True)
class Agency:
    """A kind of SKPD: its bidang urusan code, its name, and its own programs."""

    urusan: str  # "1.06"
    name: str  # "Dinas Sosial"
    abbr: str  # "dinsos", used for actors
    programs: tuple[tuple[int, str], ...]  # (program number, PROGRAM NAME)
    province_only: bool = False


def _agency(found: dict[str, Any]) -> Agency:
    programs = tuple((int(number), str(name)) for number, name in found["programs"])
    return Agency(
        found["urusan"], found["name"], found["abbr"], programs, found.get("province_only", False)
    )


_DATA = json.loads(Path(__file__).with_name("nomenclature.json").read_text(encoding="utf-8"))

REGIONS: tuple[Region, ...] = tuple(
    Region(r["name"], r["short"], r["unit"], tuple(r["kecamatan"])) for r in _DATA["regions"]
)
AGENCIES: tuple[Agency, ...] = tuple(_agency(a) for a in _DATA["agencies"])
KECAMATAN = _agency(_DATA["kecamatan"])
# Program 01 of every SKPD: kegiatan number -> (name, {sub number: name}).
PENUNJANG: dict[int, tuple[str, dict[int, str]]] = {
    int(number): (k["name"], {int(sub): name for sub, name in k["sub"].items()})
    for number, k in _DATA["penunjang"].items()
}
# Domain kegiatan and sub kegiatan names are built from the program's subject.
KEGIATAN_PATTERNS: tuple[str, ...] = tuple(_DATA["kegiatan_patterns"])
SUB_PATTERNS: tuple[str, ...] = tuple(_DATA["sub_patterns"])
# (unit, indicator template, smallest and largest yearly target)
INDICATORS: tuple[tuple[str, str, int, int], ...] = tuple(
    (unit, template, int(low), int(high)) for unit, template, low, high in _DATA["indicators"]
)
PERGESERAN_REASONS: tuple[str, ...] = tuple(_DATA["pergeseran_reasons"])
PERUBAHAN_REASONS: tuple[str, ...] = tuple(_DATA["perubahan_reasons"])
NOTES: tuple[str, ...] = tuple(_DATA["notes"])


def subject(program_name: str) -> str:
    """'PROGRAM PENGELOLAAN PERSAMPAHAN' -> 'Pengelolaan Persampahan'."""
    words = program_name.removeprefix("PROGRAM ").split()
    small = {"DAN", "ATAU", "DI", "KE", "DARI", "YANG", "UNTUK", "DALAM", "BIDANG"}
    return " ".join(w.lower() if w in small else w.capitalize() for w in words)
