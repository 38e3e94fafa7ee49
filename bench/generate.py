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
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from bench.model import MILLION, Facts, LineState, Recorder, quarter_end, rupiah
from bench.nomenclature import NOTES, PERGESERAN_REASONS, PERUBAHAN_REASONS
from bench.shapes import Batch, Shape, Skpd, round_date
from events.codes import Kode, Level
from events.periods import Quarter, Stage
from events.sources import Provenance
from events.targets import Target
from ledger.line import Realized, ShiftSide

_TRANSFERS = uuid.UUID("3d1f0b6e-8a52-4c7e-9f1d-2b6a4c8e0d17")


class Planner(Recorder):
    """Generates the batches of one shape, phase by phase of each fiscal year."""

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

    # ---- phases --------------------------------------------------------------------

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
                self._pagu(batch, line, rupiah(base), Stage.MURNI, basis)
            target = self._first_target(batch, line, spec, rng, Stage.MURNI, basis)
            second = spec.second_spec
            if second is not None:
                self._set_target(
                    batch, line, 2, second, self._target(second, rng), Stage.MURNI, basis
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
                realized = Realized(Quarter(quarter), Target(physical, "%"), None, cumulative=True)
                self._op(
                    batch,
                    line,
                    "record_realization",
                    realized=realized,
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
        self, batch: Batch, line: LineState, quarter: int, rng: random.Random, basis: Any
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
            spent = rupiah(float(room) * rng.uniform(share * 0.5, share * 1.5))
            line.spent[quarter] = spent
            if self.facts is not None:
                self.facts.spent[(*line.key, quarter)] = spent
        self._op(
            batch,
            line,
            "record_realization",
            realized=Realized(Quarter(quarter), Target(output, spec.unit), spent, cumulative=False),
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
                room = giver.pagu - giver.spent_total - MILLION
                change = rupiah(float(room) * rng.uniform(0.05, 0.3))
                if change < MILLION:
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
                        side=ShiftSide(signed, Kode(other.spec.kode), transfer),
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
                self._pagu(batch, line, rupiah(10 ** rng.uniform(7.5, 9)), Stage.PERUBAHAN, basis)
                self._first_target(batch, line, spec, rng, Stage.PERUBAHAN, basis)
            elif spec.level is Level.URUSAN:
                continue
            elif spec.level is Level.SUB_KEGIATAN and rng.random() < 0.7:
                assert line.pagu is not None
                floor = line.spent_total + MILLION
                amount = max(
                    rupiah(float(floor)) + 1000, rupiah(float(line.pagu) * rng.uniform(0.6, 1.5))
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
                self._set_target(batch, line, 1, spec, target, Stage.PERUBAHAN, basis)
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
                rupiah(float(line.pagu) * rng.uniform(0.9, 1.2)) if line.pagu is not None else None
            )
            # the forward pagu goes with the first indicator; a second one has its target only
            for number, indicator, pagu in ((1, spec, forward), (2, spec.second_spec, None)):
                if indicator is None:
                    continue
                self._op(
                    batch,
                    line,
                    "set_forward_estimate",
                    year=year + 1,
                    indicator_no=number,
                    target=self._target(indicator, rng, 1.1),
                    pagu=pagu,
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
