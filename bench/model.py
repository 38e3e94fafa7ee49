"""The planner's model of a ledger as it is generated, and the answers it implies.

`LineState` is what the planner knows of one line (version, pagu, entries, spending);
`Recorder` turns verb calls on those lines into `Op`s of a `Batch`, keeping the model
and, when asked, the `Facts`: what the views must answer, computed directly from the
generated facts rather than through pagu.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from bench.nomenclature import KECAMATAN
from bench.shapes import Batch, LineKey, LineSpec, Op, Shape, Skpd
from events.codes import Kode
from events.periods import Quarter, Stage
from events.sources import DocumentRef, Provenance
from events.targets import Target

MILLION = Decimal("1000000.00")


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


# ---- the model of one line -----------------------------------------------------------


@dataclass
class LineState:
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


def rupiah(value: float) -> Decimal:
    """Whole thousands of rupiah, as budgets are written."""
    return Decimal(int(value) // 1000 * 1000).quantize(Decimal("0.01"))


def quarter_end(year: int, quarter: int) -> date:
    return Quarter(quarter).last_day(year)


class Recorder:
    """Records ops on the lines of one shape, one batch at a time. Deterministic:
    every random choice comes from a generator seeded by (seed, SKPD, year, phase)."""

    def __init__(self, shape: Shape, facts: Facts | None = None) -> None:
        self.shape = shape
        self.facts = facts
        self.state: dict[LineKey, LineState] = {}

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
        self, batch: Batch, line: LineState, verb: str, delta: Decimal | None = None, **args: Any
    ) -> None:
        line.version += 1
        batch.ops.append(Op(line.key, verb, args, delta))
        if self.facts is not None:
            self.facts.ops[verb] += 1

    def _pagu(
        self, batch: Batch, line: LineState, amount: Decimal, stage: Stage, basis: Any
    ) -> None:
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

    def _fact_pagu(self, line: LineState, amount: Decimal, stage: Stage, effective: date) -> None:
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
        line: LineState,
        spec: LineSpec,
        rng: random.Random,
        stage: Stage,
        basis: Any,
    ) -> Target:
        """A new line's first indicator and its target."""
        target = self._target(spec, rng)
        line.target = target.value
        self._set_target(batch, line, 1, spec, target, stage, basis)
        return target

    def _set_target(
        self,
        batch: Batch,
        line: LineState,
        number: int,
        indicator: LineSpec,
        target: Target,
        stage: Stage,
        basis: Any,
    ) -> None:
        """Indicator `number` of the line (named by `indicator`) with its target."""
        self._op(
            batch,
            line,
            "set_target",
            indicator_no=number,
            indicator=indicator.indicator,
            target=target,
            kind=None,
            stage=stage,
            basis=basis,
        )

    def _target(self, spec: LineSpec, rng: random.Random, scale: float = 1.0) -> Target:
        if spec.unit == "%":
            value = Decimal(str(round(min(100.0, rng.uniform(spec.low, spec.high) * scale), 2)))
        else:
            value = Decimal(max(1, round(rng.randint(spec.low, spec.high) * scale)))
        return Target(value, spec.unit)

    # ---- registering a line ----------------------------------------------------------

    def _register(
        self, skpd: Skpd, year: int, batch: Batch, spec: LineSpec, stage: Stage, basis: Any
    ) -> LineState:
        key = (skpd.name, year, spec.kode)
        line = LineState(spec, key, since=basis.effective)
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
