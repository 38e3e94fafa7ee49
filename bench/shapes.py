"""The shape of a synthetic province ledger: which SKPD, which years, which lines.

`shape_for` picks SKPD, region by region, until their lines make about the number of
events asked for; each SKPD's program structure (its `LineSpec`s) is drawn once from the
seed and is the same every year. `Op` and `Batch` are what the planner
(`bench.generate`) makes of a shape: one verb call on one line, one transaction.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from bench.nomenclature import (
    AGENCIES,
    INDICATORS,
    KECAMATAN,
    KEGIATAN_PATTERNS,
    PENUNJANG,
    REGIONS,
    SUB_PATTERNS,
    Agency,
    Region,
    subject,
)
from events.codes import Kode, Level

EVENTS_PER_LINE = 18.3  # measured: events per line registered at murni, per year
EVENTS_PER_ROUND_LINE = 0.8  # measured: events one more pergeseran round adds, per line

LineKey = tuple[str, int, str]  # skpd, tahun, kode


@dataclass(frozen=True)
class Op:
    """One verb call on one line; `delta` is the change of pagu it makes (for the
    journal), None when it does not touch the pagu."""

    key: LineKey
    verb: str
    args: dict[str, Any]
    delta: Decimal | None = None


@dataclass
class Batch:
    year: int
    phase: str
    skpd: str
    ops: list[Op] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.ops)


@dataclass(frozen=True)
class LineSpec:
    kode: str
    nama: str
    unit: str
    indicator: str
    low: int
    high: int
    second: tuple[str, str, int, int] | None = None  # a second indicator, on some lines

    @property
    def level(self) -> Level:
        return Kode(self.kode).level

    @property
    def second_spec(self) -> LineSpec | None:
        """The second indicator as a spec of its own (same line), to draw its targets."""
        if self.second is None:
            return None
        unit, indicator, low, high = self.second
        return LineSpec(self.kode, self.nama, unit, indicator, low, high)


@dataclass(frozen=True)
class Skpd:
    name: str
    region: Region
    agency: Agency
    lines: tuple[LineSpec, ...]  # in code order, the Dinas line first
    extras: tuple[LineSpec, ...]  # sub kegiatan that may enter at the APBD-P

    @property
    def actor(self) -> str:
        return f"{self.agency.abbr}.{self.region.short.split()[-1].lower()}"


@dataclass(frozen=True)
class Shape:
    events: int
    seed: int
    years: tuple[int, ...]
    skpd: tuple[Skpd, ...]
    rounds: int = 4  # pergeseran rounds per year (more: more events on the same lines)

    @property
    def budgets(self) -> int:
        return len(self.years) * len(self.skpd)


def shape_for(events: int, seed: int = 1, lines: int | None = None) -> Shape:
    """The shape whose plan has about `events` events: SKPD are added, region by region,
    while their lines times the years times EVENTS_PER_LINE bring it nearer.

    With `lines`, SKPD are added until there are about that many lines instead, and the
    events beyond what those lines make in a normal year come from extra pergeseran
    rounds: the same lines with a longer history (how views grow with events alone)."""
    n_years = 3 if events <= 50_000 else 5
    years = tuple(range(2026 - n_years, 2026))
    goal = events / EVENTS_PER_LINE / n_years if lines is None else lines / n_years
    chosen: list[Skpd] = []
    found = 0  # lines per year
    for region, agency, place in _skpd_slots():
        skpd = _skpd(region, agency, place, seed)
        if chosen and found + len(skpd.lines) / 2 > goal:
            break  # nearer the goal without this SKPD
        chosen.append(skpd)
        found += len(skpd.lines)
    else:  # every SKPD of the province taken
        if found < goal * 0.9:
            raise ValueError(
                f"{events} events is more than this province holds (about "
                f"{found * n_years * EVENTS_PER_LINE:.0f} with all its {len(chosen)} SKPD over "
                f"{n_years} years)"
            )
    rounds = 4
    if lines is not None:
        base = found * n_years * EVENTS_PER_LINE
        if events < base * 0.9:
            raise ValueError(f"{events} events are too few for {lines} lines (about {base:.0f})")
        rounds += round((events - base) / (found * n_years * EVENTS_PER_ROUND_LINE))
    return Shape(events, seed, years, tuple(chosen), rounds)


def round_date(year: int, r: int, rounds: int) -> date:
    """Pergeseran rounds: the first half between triwulan I and II, the rest between
    triwulan II and the APBD-P, evenly spread."""
    half = (rounds + 1) // 2
    if r < half:
        first, last, n = date(year, 4, 15), date(year, 6, 20), half
    else:
        first, last, n, r = date(year, 7, 15), date(year, 9, 20), rounds - half, r - half
    return first + (last - first) * r / max(1, n - 1)


def _skpd_slots() -> list[tuple[Region, Agency, str | None]]:
    """Every SKPD of the province, interleaved across regions so that a small ledger
    still spans several kabupaten/kota."""
    per_region: list[list[tuple[Region, Agency, str | None]]] = []
    for region in REGIONS:
        own: list[tuple[Region, Agency, str | None]] = [
            (region, agency, None)
            for agency in AGENCIES
            if region.unit == "1" or not agency.province_only
        ]
        own += [(region, KECAMATAN, place) for place in region.kecamatan]
        per_region.append(own)
    slots = []
    for i in range(max(len(own) for own in per_region)):
        slots += [own[i] for own in per_region if i < len(own)]
    return slots


def _indicator(rng: random.Random, theme: str) -> tuple[str, str, int, int]:
    unit, template, low, high = rng.choice(INDICATORS)
    return unit, template.format(s=theme), low, high


def _skpd(region: Region, agency: Agency, place: str | None, seed: int) -> Skpd:
    """The SKPD's program structure, the same every year."""
    name = f"Kecamatan {place} {region.short}" if place else f"{agency.name} {region.short}"
    rng = random.Random(f"{seed}:structure:{name}")
    u = agency.urusan
    level_name = "PROVINSI" if region.unit == "1" else "KABUPATEN/KOTA"
    lines: list[LineSpec] = [LineSpec(u, name, "%", f"Persentase Capaian Kinerja {name}", 80, 100)]
    extras: list[LineSpec] = []

    def add(kode: str, nama: str, theme: str) -> None:
        unit, indicator, low, high = _indicator(rng, theme)
        second = _indicator(rng, theme) if rng.random() < 0.4 else None
        lines.append(LineSpec(kode, nama, unit, indicator, low, high, second))

    add(f"{u}.01", f"PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH {level_name}", "Penunjang")
    chosen = sorted({1, 2, 6} | set(rng.sample([5, 7, 8, 9], rng.randint(0, 2))))
    for keg in chosen:
        keg_name, subs = PENUNJANG[keg]
        kk = f"{u}.01.{region.unit}.{keg:02d}"
        add(kk, keg_name, keg_name)
        numbers = sorted(rng.sample(sorted(subs), min(len(subs), rng.randint(2, 4))))
        for sub in numbers:
            add(f"{kk}.{sub:02d}", subs[sub], subs[sub])
    for number, program in agency.programs:
        theme = subject(program)
        pp = f"{u}.{number:02d}"
        add(pp, program, theme)
        for keg in range(1, rng.randint(1, 3) + 1):
            kk = f"{pp}.{region.unit}.{keg:02d}"
            keg_name = KEGIATAN_PATTERNS[(keg - 1) % len(KEGIATAN_PATTERNS)].format(s=theme)
            add(kk, keg_name, theme)
            n_subs = rng.randint(2, 5)
            for sub in range(1, n_subs + 1):
                add(
                    f"{kk}.{sub:02d}",
                    SUB_PATTERNS[(sub - 1) % len(SUB_PATTERNS)].format(s=theme),
                    theme,
                )
            for sub in range(n_subs + 1, n_subs + 3):
                unit, indicator, low, high = _indicator(rng, theme)
                extras.append(
                    LineSpec(
                        f"{kk}.{sub:02d}",
                        SUB_PATTERNS[(sub - 1) % len(SUB_PATTERNS)].format(s=theme),
                        unit,
                        indicator,
                        low,
                        high,
                    )
                )
    return Skpd(name, region, agency, tuple(lines), tuple(extras))
