"""Synthetic province-scale ledgers, deterministic by seed.

A ledger is planned as a stream of `Batch`es, each one transaction of verb calls on
budget lines (`Op`s), in the order a province's offices would record them: for every
fiscal year, the murni budget of every SKPD, then realization for triwulan I,
pergeseran rounds, triwulan II, more pergeseran, the APBD-P (with a few mistaken
entries corrected right after), triwulan III and IV. Every op becomes exactly one
event, so a batch's size is its event count.

The plan is pure data computed by a small model of its own (pagu, spending, versions),
so the same plan can be written three ways (`bench.writers`): through pagu's own write
path (BudgetLine verbs + Ledger.save_lines), as raw payloads for the raw eventsourcing
and raw sqlite3 comparisons, and as an hledger journal. With `Facts` the model also
records what the views must answer (pagu per line per stage, in force on a date,
spending per quarter), computed directly from the generated facts.

Shapes: about 18 events per budget line (sub kegiatan ~22, kegiatan and program ~12,
the Dinas line 5), about 45 lines per SKPD, so 1M events is about 55k lines: 5 fiscal
years of ~250 SKPD across the province's 11 regions. Up to 50k events, 3 years.
"""

from __future__ import annotations

import hashlib
import random
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from bench.nomenclature import (
    AGENCIES,
    INDICATORS,
    KECAMATAN,
    KEGIATAN_PATTERNS,
    NOTES,
    PENUNJANG,
    PERGESERAN_REASONS,
    PERUBAHAN_REASONS,
    REGIONS,
    SUB_PATTERNS,
    Agency,
    Region,
    subject,
)
from events.codes import Kode, Level
from events.periods import Quarter, Stage
from events.sources import DocumentRef, Provenance
from events.targets import Target

EVENTS_PER_LINE = 18.3  # measured: events per line registered at murni, per year
_TRANSFERS = uuid.UUID("3d1f0b6e-8a52-4c7e-9f1d-2b6a4c8e0d17")
_MILLION = Decimal("1000000.00")
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


# ---- what the views must answer ------------------------------------------------------


@dataclass
class Facts:
    """Expected answers, computed from the plan's own model as it is generated."""

    ops: Counter[str] = field(default_factory=Counter)  # verb -> count
    lines: Counter[str] = field(default_factory=Counter)  # level -> count
    # (skpd, tahun, kode) -> {stage value: pagu at the end of that stage}
    stage_pagu: dict[LineKey, dict[str, Decimal]] = field(default_factory=dict)
    # (skpd, tahun, kode) -> [(effective, amount)] in effective order, corrections removed
    history: dict[LineKey, list[tuple[date, Decimal]]] = field(default_factory=dict)
    # (skpd, tahun, kode, quarter) -> money spent in that quarter (latest restatement)
    spent: dict[tuple[str, int, str, int], Decimal] = field(default_factory=dict)

    def pagu_at_stage(self, stage: Stage) -> dict[LineKey, Decimal]:
        found = {}
        for key, by_stage in self.stage_pagu.items():
            for candidate in (Stage.PERUBAHAN, Stage.PERGESERAN, Stage.MURNI):
                if candidate.rank <= stage.rank and candidate.value in by_stage:
                    found[key] = by_stage[candidate.value]
                    break
        return found

    def pagu_on(self, day: date) -> dict[LineKey, Decimal]:
        found = {}
        for key, entries in self.history.items():
            amounts = [amount for effective, amount in entries if effective <= day]
            if amounts:
                found[key] = amounts[-1]
        return found

    def current(self) -> dict[LineKey, Decimal]:
        return {key: entries[-1][1] for key, entries in self.history.items() if entries}


# ---- the model and the plan ----------------------------------------------------------


@dataclass
class _Line:
    spec: LineSpec
    key: LineKey
    version: int = 0
    pagu: Decimal | None = None
    entries: list[tuple[int, Decimal, date]] = field(default_factory=list)  # version, amount
    spent: dict[int, Decimal] = field(default_factory=dict)  # quarter -> amount
    target: Decimal = Decimal(0)
    mistake: tuple[int, Decimal] | None = None  # (version, right amount) of a typo to correct
    since: date = date.min  # when it entered the budget: no realization is dated before

    @property
    def spent_total(self) -> Decimal:
        return sum(self.spent.values(), Decimal("0.00"))


def _rupiah(value: float) -> Decimal:
    """Whole thousands of rupiah, as budgets are written."""
    return Decimal(int(value) // 1000 * 1000).quantize(Decimal("0.01"))


def quarter_end(year: int, quarter: int) -> date:
    return Quarter(quarter).last_day(year)


class Planner:
    """Generates the batches of one shape. Deterministic: every random choice comes
    from a generator seeded by (seed, SKPD, year, phase)."""

    def __init__(self, shape: Shape, facts: Facts | None = None) -> None:
        self.shape = shape
        self.facts = facts
        self.state: dict[LineKey, _Line] = {}

    def batches(self) -> Iterator[Batch]:
        for year in self.shape.years:
            self.state = {}  # a year's lines are never touched again after it ends
            yield from self._each("murni", year, self._murni)
            yield from self._each("triwulan I", year, lambda s, y, b: self._realize(s, y, b, 1))
            half = (self.shape.rounds + 1) // 2
            for r in range(half):
                yield from self._each(f"pergeseran {r + 1}", year, self._shift_round(r))
            yield from self._each("triwulan II", year, lambda s, y, b: self._realize(s, y, b, 2))
            for r in range(half, self.shape.rounds):
                yield from self._each(f"pergeseran {r + 1}", year, self._shift_round(r))
            yield from self._each("perubahan", year, self._perubahan)
            yield from self._each("ralat", year, self._corrections)
            yield from self._each("triwulan III", year, lambda s, y, b: self._realize(s, y, b, 3))
            yield from self._each("triwulan IV", year, lambda s, y, b: self._realize(s, y, b, 4))

    def _each(self, phase: str, year: int, build: Any) -> Iterator[Batch]:
        for skpd in self.shape.skpd:
            batch = Batch(year, phase, skpd.name)
            build(skpd, year, batch)
            if batch.ops:
                yield batch

    def _rng(self, skpd: Skpd, year: int, phase: str) -> random.Random:
        return random.Random(f"{self.shape.seed}:{skpd.name}:{year}:{phase}")

    # ---- recording ops -------------------------------------------------------------

    def _op(
        self, batch: Batch, line: _Line, verb: str, delta: Decimal | None = None, **args: Any
    ) -> None:
        line.version += 1
        batch.ops.append(Op(line.key, verb, args, delta))
        if self.facts is not None:
            self.facts.ops[verb] += 1

    def _pagu(self, batch: Batch, line: _Line, amount: Decimal, stage: Stage, basis: Any) -> None:
        previous = line.pagu
        self._op(
            batch,
            line,
            "set_pagu",
            amount - (previous or 0),
            amount=amount,
            stage=stage,
            basis=basis,
        )
        line.pagu = amount
        line.entries.append((line.version, amount, basis.effective))
        self._fact_pagu(line, amount, stage, basis.effective)

    def _fact_pagu(self, line: _Line, amount: Decimal, stage: Stage, effective: date) -> None:
        if self.facts is None:
            return
        by_stage = self.facts.stage_pagu.setdefault(line.key, {})
        for later in Stage:
            if later.rank >= stage.rank:
                by_stage[later.value] = amount
        self.facts.history.setdefault(line.key, []).append((effective, amount))

    def _basis(
        self,
        skpd: Skpd,
        reason: str,
        title: str,
        day: date | None,
        effective: date,
        provenance: Provenance | None = None,
    ) -> Any:
        from ledger.line import Basis

        return Basis(skpd.actor, reason, DocumentRef(title, day), effective, provenance)

    def _first_target(
        self,
        batch: Batch,
        line: _Line,
        spec: LineSpec,
        rng: random.Random,
        stage: Stage,
        basis: Any,
    ) -> Target:
        """A new line's first indicator and its target."""
        target = self._target(spec, rng)
        line.target = target.value
        self._op(
            batch,
            line,
            "set_target",
            indicator_no=1,
            indicator=spec.indicator,
            target=target,
            kind=None,
            stage=stage,
            basis=basis,
        )
        return target

    def _target(self, spec: LineSpec, rng: random.Random, scale: float = 1.0) -> Target:
        if spec.unit == "%":
            value = Decimal(str(round(min(100.0, rng.uniform(spec.low, spec.high) * scale), 2)))
        else:
            value = Decimal(max(1, round(rng.randint(spec.low, spec.high) * scale)))
        return Target(value, spec.unit)

    # ---- phases --------------------------------------------------------------------

    def _register(
        self, skpd: Skpd, year: int, batch: Batch, spec: LineSpec, stage: Stage, basis: Any
    ) -> _Line:
        key = (skpd.name, year, spec.kode)
        line = _Line(spec, key, since=basis.effective)
        self.state[key] = line
        location = skpd.region.name if skpd.agency is not KECAMATAN else skpd.name
        self._op(
            batch,
            line,
            "register",
            skpd=skpd.name,
            tahun=year,
            kode=Kode(spec.kode),
            nama=spec.nama,
            indicator=spec.indicator,
            location=location,
            stage=stage,
            basis=basis,
        )
        if self.facts is not None:
            self.facts.lines[spec.level.value] += 1
        return line

    def _murni(self, skpd: Skpd, year: int, batch: Batch) -> None:
        rng = self._rng(skpd, year, "murni")
        title = (
            f"Peraturan Daerah {skpd.region.name} Nomor {rng.randint(1, 20)} "
            f"Tahun {year - 1} tentang APBD Tahun Anggaran {year}"
        )
        sha = hashlib.sha256(f"{self.shape.seed}:{skpd.name}:{year}".encode()).hexdigest()
        for row, spec in enumerate(skpd.lines, start=1):
            basis = self._basis(
                skpd,
                f"APBD murni {year}",
                title,
                date(year - 1, 12, 20),
                date(year, 1, 1),
                Provenance(sha, "BAB III", row),
            )
            line = self._register(skpd, year, batch, spec, Stage.MURNI, basis)
            if spec.level is Level.URUSAN:
                continue
            if spec.level is Level.SUB_KEGIATAN:
                base = 10 ** rng.uniform(7.5, 9.4) * (
                    8 if spec.nama.startswith("Penyediaan Gaji") else 1
                )
                self._pagu(batch, line, _rupiah(base), Stage.MURNI, basis)
            target = self._first_target(batch, line, spec, rng, Stage.MURNI, basis)
            if spec.second is not None:
                unit, indicator, low, high = spec.second
                second = LineSpec(spec.kode, spec.nama, unit, indicator, low, high)
                self._op(
                    batch,
                    line,
                    "set_target",
                    indicator_no=2,
                    indicator=indicator,
                    target=self._target(second, rng),
                    kind=None,
                    stage=Stage.MURNI,
                    basis=basis,
                )
            self._op(
                batch,
                line,
                "set_renstra_target",
                target=self._target(spec, rng, 5.0) if spec.unit != "%" else target,
                basis=basis,
            )
            self._op(
                batch,
                line,
                "record_prior_realization",
                through_year=year - 1,
                output=self._target(spec, rng, 3.0) if spec.unit != "%" else target,
                basis=basis,
            )
            self._op(batch, line, "set_renja_target", year=year, target=target, basis=basis)

    def _realize(self, skpd: Skpd, year: int, batch: Batch, quarter: int) -> None:
        rng = self._rng(skpd, year, f"tw{quarter}")
        title = f"Laporan Realisasi Triwulan {Quarter(quarter).name} {skpd.name} Tahun {year}"
        day = quarter_end(year, quarter)
        reported = date(year + (quarter == 4), (quarter * 3) % 12 + 1, 10)
        for spec in skpd.lines + skpd.extras:
            line = self.state.get((skpd.name, year, spec.kode))
            if line is None:
                continue
            basis = self._basis(
                skpd, f"Realisasi triwulan {Quarter(quarter).name}", title, reported, day
            )
            if spec.level is Level.URUSAN:
                physical = Decimal(str(round(min(100.0, quarter * 25 * rng.uniform(0.7, 1.05)), 2)))
                self._op(
                    batch,
                    line,
                    "record_realization",
                    quarter=Quarter(quarter),
                    output=Target(physical, "%"),
                    spent=None,
                    cumulative=True,
                    allow_overrun=False,
                    basis=basis,
                )
                continue
            if quarter > 1 and rng.random() < 0.4 and line.since <= quarter_end(year, quarter - 1):
                self._record(
                    batch,
                    line,
                    quarter - 1,
                    rng,
                    self._basis(
                        skpd,
                        f"Koreksi laporan realisasi triwulan {Quarter(quarter - 1).name}",
                        title,
                        reported,
                        quarter_end(year, quarter - 1),
                    ),
                )
            self._record(batch, line, quarter, rng, basis)
            if rng.random() < 0.4:
                self._op(batch, line, "attach_note", text=rng.choice(NOTES), basis=basis)

    def _record(
        self, batch: Batch, line: _Line, quarter: int, rng: random.Random, basis: Any
    ) -> None:
        spec = line.spec
        if spec.unit == "%":
            output = Decimal(str(round(min(100.0, quarter * 25 * rng.uniform(0.6, 1.1)), 2)))
        else:
            output = Decimal(max(0, round(float(line.target) * rng.uniform(0.1, 0.35))))
        spent = None
        if line.pagu is not None:
            line.spent.pop(quarter, None)
            room = line.pagu - line.spent_total
            # spending to date may not pass the pagu in force on the entry's own date
            # (a restatement of an earlier quarter is dated at that quarter's end)
            before = [(e, a) for _, a, e in line.entries if e <= basis.effective]
            if before:
                so_far = sum((v for q, v in line.spent.items() if q < quarter), Decimal("0.00"))
                room = min(room, before[-1][1] - so_far)
            share = (0.1, 0.22, 0.3, 0.45)[quarter - 1]
            spent = _rupiah(float(room) * rng.uniform(share * 0.5, share * 1.5))
            line.spent[quarter] = spent
            if self.facts is not None:
                self.facts.spent[(*line.key, quarter)] = spent
        self._op(
            batch,
            line,
            "record_realization",
            quarter=Quarter(quarter),
            output=Target(output, spec.unit),
            spent=spent,
            cumulative=False,
            allow_overrun=False,
            basis=basis,
        )

    def _shift_round(self, r: int) -> Any:
        def build(skpd: Skpd, year: int, batch: Batch) -> None:
            rng = self._rng(skpd, year, f"pergeseran{r}")
            effective = round_date(year, r, self.shape.rounds)
            number = f"900/{rng.randint(100, 999)}/{skpd.agency.abbr.upper()}/{year}"
            title = f"Keputusan Kepala {skpd.name} Nomor {number} tentang Pergeseran Anggaran"
            subs = [
                self.state[(skpd.name, year, s.kode)]
                for s in skpd.lines
                if s.level is Level.SUB_KEGIATAN
            ]
            for i in range(max(1, round(len(subs) * 0.6))):
                giver, receiver = rng.sample(subs, 2)
                assert giver.pagu is not None and receiver.pagu is not None
                room = giver.pagu - giver.spent_total - _MILLION
                change = _rupiah(float(room) * rng.uniform(0.05, 0.3))
                if change < _MILLION:
                    continue
                transfer = uuid.uuid5(_TRANSFERS, f"{self.shape.seed}:{skpd.name}:{year}:{r}:{i}")
                basis = self._basis(
                    skpd, rng.choice(PERGESERAN_REASONS), title, effective, effective
                )
                for line, other, signed in ((giver, receiver, -change), (receiver, giver, change)):
                    assert line.pagu is not None
                    self._op(
                        batch,
                        line,
                        "shift",
                        signed,
                        change=signed,
                        counterpart=Kode(other.spec.kode),
                        transfer_id=transfer,
                        stage=Stage.PERGESERAN,
                        basis=basis,
                    )
                    line.pagu += signed
                    line.entries.append((line.version, line.pagu, effective))
                    self._fact_pagu(line, line.pagu, Stage.PERGESERAN, effective)

        return build

    def _perubahan(self, skpd: Skpd, year: int, batch: Batch) -> None:
        rng = self._rng(skpd, year, "perubahan")
        day = date(year, 9, 30)
        title = (
            f"Peraturan Daerah {skpd.region.name} Nomor {rng.randint(5, 25)} Tahun {year} "
            f"tentang Perubahan APBD Tahun Anggaran {year}"
        )
        extras = [s for s in skpd.extras if rng.random() < 0.08]
        specs = sorted(skpd.lines + tuple(extras), key=lambda s: Kode(s.kode).sort_key())
        for spec in specs:
            basis = self._basis(skpd, rng.choice(PERUBAHAN_REASONS), title, date(year, 9, 28), day)
            line = self.state.get((skpd.name, year, spec.kode))
            if line is None:
                line = self._register(skpd, year, batch, spec, Stage.PERUBAHAN, basis)
                self._pagu(batch, line, _rupiah(10 ** rng.uniform(7.5, 9)), Stage.PERUBAHAN, basis)
                self._first_target(batch, line, spec, rng, Stage.PERUBAHAN, basis)
            elif spec.level is Level.URUSAN:
                continue
            elif spec.level is Level.SUB_KEGIATAN and rng.random() < 0.7:
                assert line.pagu is not None
                floor = line.spent_total + _MILLION
                amount = max(
                    _rupiah(float(floor)) + 1000, _rupiah(float(line.pagu) * rng.uniform(0.6, 1.5))
                )
                if amount != line.pagu:
                    if rng.random() < 0.03:  # a typo (one zero too many), corrected in the ralat
                        line.mistake = (line.version + 1, amount)
                        self._op(
                            batch,
                            line,
                            "set_pagu",
                            amount * 10 - line.pagu,
                            amount=amount * 10,
                            stage=Stage.PERUBAHAN,
                            basis=basis,
                        )
                        line.entries.append((line.version, amount * 10, day))
                    else:
                        self._pagu(batch, line, amount, Stage.PERUBAHAN, basis)
            if rng.random() < 0.3:
                target = self._target(spec, rng, rng.uniform(0.8, 1.3))
                line.target = target.value
                self._op(
                    batch,
                    line,
                    "set_target",
                    indicator_no=1,
                    indicator=spec.indicator,
                    target=target,
                    kind=None,
                    stage=Stage.PERUBAHAN,
                    basis=basis,
                )
            if rng.random() < 0.06:
                self._op(
                    batch,
                    line,
                    "revise_location",
                    location=f"{skpd.region.name} (lokasi diperluas)",
                    stage=Stage.PERUBAHAN,
                    basis=basis,
                )
            forward = (
                _rupiah(float(line.pagu) * rng.uniform(0.9, 1.2)) if line.pagu is not None else None
            )
            self._op(
                batch,
                line,
                "set_forward_estimate",
                year=year + 1,
                indicator_no=1,
                target=self._target(spec, rng, 1.1),
                pagu=forward,
                basis=basis,
            )
            if spec.second is not None:  # the second indicator's forward target
                unit, indicator, low, high = spec.second
                second = LineSpec(spec.kode, spec.nama, unit, indicator, low, high)
                self._op(
                    batch,
                    line,
                    "set_forward_estimate",
                    year=year + 1,
                    indicator_no=2,
                    target=self._target(second, rng, 1.1),
                    pagu=None,
                    basis=basis,
                )

    def _corrections(self, skpd: Skpd, year: int, batch: Batch) -> None:
        """The APBD-P entries typed with one zero too many, corrected and re-entered."""
        for spec in skpd.lines:
            line = self.state.get((skpd.name, year, spec.kode))
            if line is None or line.mistake is None:
                continue
            version, amount = line.mistake
            wrong = line.entries.pop()
            assert wrong[0] == version
            day = wrong[2]
            basis = self._basis(
                skpd,
                "Ralat: salah ketik pagu APBD-P (kelebihan satu angka nol)",
                f"Nota Dinas Ralat {skpd.name} {year}",
                day,
                day,
            )
            self._op(
                batch,
                line,
                "correct",
                -(wrong[1] - line.entries[-1][1]),
                version=version,
                basis=basis,
            )
            line.pagu = line.entries[-1][1]
            self._pagu(batch, line, amount, Stage.PERUBAHAN, basis)
            line.mistake = None


def plan(shape: Shape, facts: Facts | None = None) -> Iterator[Batch]:
    return Planner(shape, facts).batches()


def line_counts(shape: Shape) -> dict[str, int]:
    counts: defaultdict[str, int] = defaultdict(int)
    for skpd in shape.skpd:
        for spec in skpd.lines:
            counts[spec.level.value] += len(shape.years)
    return dict(counts)
