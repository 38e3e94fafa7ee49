"""A model-based property test: random sequences of import, shift, revise (each stage),
add-line, realize (quarter and year to date, money only and output only), correct and
re-import, with random effective dates, on a small budget, on SQLite and PostgreSQL.

After every step the real views (`apbd` at every edition and dates the sequence
touched, as of earlier recorded points, `realization`, `why`, `history`) must equal the
reference model (tests/model/reference.py, which knows nothing of ledger/ or
projections/), and the invariants of the README's "Budget editions" must hold:
- no shift changes the total of any view, at any edition, effective date or point;
- an edition, once enacted, changes only by a correction or a later value of its own;
- for every line and date, apbd, why's total, history's last value and realization agree.
The example counts are sized for `make test` (PAGU_MODEL_EXAMPLES raises them for a soak).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from events.codes import Kode
from events.errors import InvalidInput
from events.periods import Quarter, Stage
from ledger.commands import AddLine, Correct, Realize, Revise, Shift, parse
from ledger.importer import import_document
from ledger.line import line_id
from ledger.service import Ledger, open_ledger
from ledger.storage import StoreLocation
from projections.readmodel import ReadModel, make_engine
from projections.timepoint import TimePoint
from projections.views.apbd import apbd_report
from projections.views.history import history_report
from projections.views.realization import realization_report
from projections.views.seen import Seen
from projections.views.why import why_report
from tests.conftest import PG_URL, _drop_pg_schema, _new_pg_schema
from tests.model.document import Sub, write
from tests.model.reference import (
    DOC_DATE,
    JAN_1,
    LATEST,
    MURNI,
    NEVER,
    NOW,
    PERGESERAN,
    PERGESERAN_P,
    PERUBAHAN,
    QUARTER_END,
    QUARTER_START,
    YEAR,
    Budget,
    Line,
    Money,
    Spending,
)

SKPD = "Dinas Sosial Kabupaten Kutai Kartanegara"
KEGIATAN = "1.06.01.2.01"
DOCUMENT = [Sub(1, 100_000_000, 120_000_000), Sub(2, 200_000_000, 200_000_000, output=3)]
DOCUMENT += [Sub(3, 50_000_000, 30_000_000, output=1)]
STAGES = {MURNI: Stage.MURNI, PERGESERAN: Stage.PERGESERAN, PERUBAHAN: Stage.PERUBAHAN}
STAGES[PERGESERAN_P] = Stage.PERGESERAN_P
EDITIONS = [*STAGES.values(), None]  # None: the budget in force
EXAMPLES = {"sqlite": 25, "postgres": 12}
OUTCOMES: Counter[str] = Counter()  # what the examples did: every kind, both ways

# dates where the rules change their answer, and any day of the year
KEY_DATES = [JAN_1, QUARTER_END[1], QUARTER_END[2], DOC_DATE - timedelta(days=1), DOC_DATE]
KEY_DATES += [DOC_DATE + timedelta(days=1), date(YEAR, 9, 2), QUARTER_END[3], QUARTER_END[4]]
dates = st.one_of(
    st.sampled_from(KEY_DATES),
    st.sampled_from(KEY_DATES),
    st.dates(min_value=JAN_1, max_value=QUARTER_END[4]),
    st.just(date(YEAR + 1, 1, 5)),  # outside the budget year: refused
)
# mostly within what a line holds, now and then more (a shift below zero, an overrun)
after_perubahan = st.dates(min_value=DOC_DATE, max_value=QUARTER_END[4])
shift_dates = st.one_of(dates, after_perubahan, after_perubahan)
amounts = st.one_of(
    st.integers(min_value=1, max_value=40), st.integers(min_value=41, max_value=400)
).map(lambda n: Decimal(n * 1_000_000))
NEW = [f"{KEGIATAN}.1{n}" for n in range(3)]
codes = st.one_of(st.sampled_from([s.kode for s in DOCUMENT]), st.sampled_from(NEW))


def basis(effective: date) -> dict[str, Any]:
    return {
        "skpd": SKPD,
        "tahun": YEAR,
        "actor": "model",
        "reason": "uji model",
        "doc": "SK Uji",
        "doc_date": min(effective, QUARTER_END[4]),
        "effective": effective,
    }


class LedgerModel(RuleBasedStateMachine):
    backend = "sqlite"

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="pagu-model-"))
        self.schema: str | None = None
        if self.backend == "sqlite":
            self.url = str(self.folder / "ledger.db")
        else:
            self.schema = _new_pg_schema()
            separator = "&" if "?" in PG_URL else "?"
            self.url = f"{PG_URL}{separator}schema={self.schema}"
        self.document = write(self.folder / "renja.txt", DOCUMENT)
        self.ledger: Ledger = open_ledger(self.url)
        location = StoreLocation.parse(self.url)
        self.read = ReadModel(
            make_engine(location.sqlalchemy_url(), location.sqlalchemy_connect_args())
        )
        self.model = Budget()
        self.events: dict[str, Money | Spending] = {}  # what a correction can void
        self.heads: list[int] = []  # the log position after each step that recorded
        self.touched: set[date] = {JAN_1, DOC_DATE}
        self.stream = {
            line_id(SKPD, YEAR, Kode(kode)): kode
            for kode in ["1.06", "1.06.01", KEGIATAN, *[s.kode for s in DOCUMENT]]
            + [f"{KEGIATAN}.1{n}" for n in range(3)]
        }

    def teardown(self) -> None:
        try:
            self._check_everything()
        finally:
            self.ledger.close()
            self.read.close()
            if self.schema is not None:
                _drop_pg_schema(self.schema)
            shutil.rmtree(self.folder, ignore_errors=True)

    # ---- the steps -------------------------------------------------------------------

    @initialize()
    def import_the_document(self) -> None:
        self.steps_done = False
        self._import(first=True)

    @rule()
    def import_again(self) -> None:
        self.steps_done = False
        self._import(first=False)

    @rule(giver=codes, taker=codes, amount=amounts, on=shift_dates)
    def shift(self, giver: str, taker: str, amount: Decimal, on: date) -> None:
        self.steps_done = False
        m = self.model
        rank = m.shift_edition(on)
        ok = (
            giver != taker
            and giver in m.lines
            and taker in m.lines
            and on.year == YEAR
            and on >= max(m.lines[giver].since, m.lines[taker].since)
            and rank is not None
            and m.stays_above_zero(giver, -amount, rank, on)
        )
        days = sorted(self.touched | {on})
        before = self._totals(days)
        recorded = self._attempt(
            "shift",
            ok,
            lambda: self.ledger.shift(
                parse(
                    Shift,
                    from_kode=giver,
                    to_kode=taker,
                    amount=str(amount),
                    to_skpd=SKPD,
                    to_tahun=YEAR,
                    **basis(on),
                )
            ),
        )
        if recorded is None:
            return
        assert rank is not None
        head = self._head()
        out = Money(giver, True, -amount, rank, on, head)
        into = Money(taker, True, amount, rank, on, head, partner=out)
        out.partner = into
        m.money += [out, into]
        for event in recorded.events:
            self.events[str(event.event_id)] = out if self._kode(event) == giver else into
        self.touched.add(on)
        # no shift changes the total of any view (at any edition and date we touched)
        assert self._totals(days, at=self.heads[-2]) == before == self._totals(days)
        self._history_agrees(giver, on, LATEST)

    @rule(
        kode=codes,
        amount=amounts,
        stage=st.sampled_from([PERUBAHAN, PERUBAHAN, PERGESERAN]),
        on=dates,
    )
    def revise(self, kode: str, amount: Decimal, stage: int, on: date) -> None:
        self.steps_done = False
        m = self.model
        line = m.lines.get(kode)
        ok = (
            line is not None
            and stage == PERUBAHAN  # a pergeseran sets no pagu
            and on.year == YEAR
            and on >= line.since
            and m.pagu(kode, PERUBAHAN, on) != amount
        )
        recorded = self._attempt(
            "revise",
            ok,
            lambda: self.ledger.revise(
                parse(Revise, kode=kode, pagu=str(amount), stage=STAGES[stage].value, **basis(on))
            ),
        )
        if recorded is None:
            return
        enacted = m.enact(on)
        assert len(recorded.events) == 1 + enacted
        fact = Money(kode, False, amount, PERUBAHAN, on, self._head())
        m.money.append(fact)
        self.events[str(recorded.events[0].event_id)] = fact
        self.touched.add(on)
        self._history_agrees(kode, on, PERUBAHAN)

    @rule(
        number=st.integers(min_value=0, max_value=2),
        stage=st.sampled_from([MURNI, PERGESERAN, PERUBAHAN]),
        amount=st.one_of(st.just(Decimal(0)), amounts),
        on=dates,
    )
    def add_line(self, number: int, stage: int, amount: Decimal, on: date) -> None:
        self.steps_done = False
        m, kode = self.model, f"{KEGIATAN}.1{number}"
        rank: int | None = stage
        if stage == PERGESERAN:
            rank = m.shift_edition(on)
        ok = (
            kode not in m.lines
            and on.year == YEAR
            and rank is not None
            and (stage != PERGESERAN or amount == 0)  # a pergeseran adds no money
        )
        recorded = self._attempt(
            "add_line",
            ok,
            lambda: self.ledger.add_line(
                parse(
                    AddLine,
                    kode=kode,
                    nama=f"Baru {number}",
                    indicator="Jumlah dokumen",
                    target="1 Dokumen",
                    pagu=str(amount),
                    stage=STAGES[stage].value,
                    **basis(on),
                )
            ),
        )
        if recorded is None:
            return
        assert rank is not None
        enacted = m.enact(on) if stage == PERUBAHAN else False
        assert len(recorded.events) == 3 + enacted  # registered, target, pagu
        head = self._head()
        m.lines[kode] = Line(rank, on, head)
        fact = Money(kode, False, amount, rank, on, head)
        m.money.append(fact)
        pagu_event = next(e for e in recorded.events if type(e).__name__ == "PaguSet")
        self.events[str(pagu_event.event_id)] = fact
        self.touched.add(on)

    @rule(
        kode=codes,
        quarter=st.integers(min_value=1, max_value=4),
        spent=st.one_of(st.none(), amounts),
        output=st.one_of(st.none(), st.integers(min_value=0, max_value=9)),
        cumulative=st.booleans(),
        last_day=st.booleans(),
        day=st.integers(min_value=0, max_value=91),
    )
    def realize(
        self,
        kode: str,
        quarter: int,
        spent: Decimal | None,
        output: int | None,
        cumulative: bool,
        last_day: bool,
        day: int,
    ) -> None:
        self.steps_done = False
        m = self.model
        on = (
            QUARTER_END[quarter]
            if last_day
            else min(QUARTER_START[quarter] + timedelta(days=day), QUARTER_END[quarter])
        )
        line = m.lines.get(kode)
        entry = Spending(
            kode,
            quarter,
            spent,
            None if output is None else Decimal(output),
            cumulative,
            on,
            NEVER,
        )
        ok = line is not None and (spent is not None or output is not None) and on >= line.since
        if ok and spent is not None:
            limit = m.pagu(kode, LATEST, on) or Decimal(0)
            ok = m.spent_by_recording(kode, quarter, entry) <= limit
            ok = ok and m.spending_never_falls(kode, entry)
        raw = {"spent": None if spent is None else str(spent)}
        raw["output"] = None if output is None else f"{output} Dokumen"
        recorded = self._attempt(
            "realize",
            ok,
            lambda: self.ledger.realize(
                parse(
                    Realize,
                    kode=kode,
                    quarter=str(quarter),
                    cumulative=cumulative,
                    **raw,
                    **basis(on) | {"reason": None, "doc": None, "doc_date": None},
                )
            ),
        )
        if recorded is None:
            return
        entry.at = self._head()
        m.spending.append(entry)
        self.events[str(recorded.events[0].event_id)] = entry
        self.touched.add(on)

    @precondition(lambda self: bool(self.events))
    @rule(data=st.data())
    def correct(self, data: st.DataObject) -> None:
        self.steps_done = False
        event_id = data.draw(st.sampled_from(sorted(self.events)))
        fact = self.events[event_id]
        ok = fact.voided_at == NEVER
        stream, version = self._stream_version(event_id)
        recorded = self._attempt(
            "correct",
            ok,
            lambda: self.ledger.correct(
                parse(
                    Correct,
                    event_id=event_id,
                    line_id=stream,
                    version=version,
                    **basis(date(YEAR, 10, 1)) | {"doc": None, "doc_date": None},
                )
            ),
        )
        if recorded is None:
            return
        head = self._head()
        fact.voided_at = head
        if isinstance(fact, Money) and fact.partner is not None:
            fact.partner.voided_at = head  # a shift is corrected on both of its lines
            assert len(recorded.events) == 2

    # ---- checks after every step -----------------------------------------------------

    @invariant()
    def the_views_are_the_model(self) -> None:
        with self.read.connect() as conn:
            for edition in EDITIONS:
                for on in (None, *sorted(self.touched)[-2:]):
                    self._apbd_is_the_model(conn, edition, on, None)
            if len(self.heads) > 1:  # as recorded at an earlier step
                self._apbd_is_the_model(conn, None, None, self.heads[len(self.heads) // 2])
            self._realization_is_the_model(conn, None, None)

    def _check_everything(self) -> None:
        """At the end: every edition on every date touched, and every recorded point."""
        with self.read.connect() as conn:
            for edition in EDITIONS:
                for on in (None, *sorted(self.touched)):
                    self._apbd_is_the_model(conn, edition, on, None)
                    self._why_is_the_model(conn, on)
            for head in self.heads:
                self._apbd_is_the_model(conn, Stage.PERUBAHAN, None, head)
                self._apbd_is_the_model(conn, None, DOC_DATE, head)
                self._realization_is_the_model(conn, head, QUARTER_END[3])

    # ---- helpers ---------------------------------------------------------------------

    def _import(self, *, first: bool) -> None:
        m = self.model
        expected: list[tuple[str, str]] = []
        if first:
            m.lines["1.06"] = Line(MURNI, JAN_1, 0)
            m.lines["1.06.01"] = Line(MURNI, JAN_1, 0)
            m.lines[KEGIATAN] = Line(MURNI, JAN_1, 0)
        pending: list[Money | Spending] = []
        for sub in DOCUMENT:
            if first:
                m.lines[sub.kode] = Line(MURNI, JAN_1, 0)
            # each figure is compared with its own edition on the document's date, the
            # perubahan one after the murni one is recorded (at NOW: this very step)
            if m.pagu(sub.kode, MURNI, JAN_1) != sub.murni:
                fact = Money(sub.kode, False, Decimal(sub.murni), MURNI, JAN_1, NOW)
                m.money.append(fact)
                pending.append(fact)
                expected.append((sub.kode, "Pagu"))
            if m.pagu(sub.kode, PERUBAHAN, DOC_DATE) != sub.perubahan:
                amount = Decimal(sub.perubahan)
                fact = Money(sub.kode, False, amount, PERUBAHAN, DOC_DATE, NOW)
                m.money.append(fact)
                pending.append(fact)
                expected.append((sub.kode, "Pagu"))
            latest = [
                s
                for s in m.spending
                if s.kode == sub.kode and s.quarter == 2 and s.output is not None
                and s.voided_at == NEVER
            ]  # fmt: skip
            if not latest or latest[-1].output != sub.output:
                done = Spending(sub.kode, 2, None, Decimal(sub.output), True, QUARTER_END[2], NOW)
                m.spending.append(done)
                pending.append(done)
                expected.append((sub.kode, "RealizationRecorded"))
        enacted = m.enact(DOC_DATE)
        result = import_document(self.ledger, self.document, actor="model")
        money_events = [
            (self._kode(e), "Pagu" if type(e).__name__.startswith("Pagu") else type(e).__name__)
            for e in result.events
            if type(e).__name__.startswith("Pagu")
            or (type(e).__name__ == "RealizationRecorded" and self._kode(e) != KEGIATAN)
        ]
        assert sorted(money_events) == sorted(expected)
        kinds = [type(e).__name__ for e in result.events]
        assert kinds.count("EditionEnacted") == enacted
        head = self._head() if result.events else (self.heads[-1] if self.heads else 0)
        if first:
            for line in m.lines.values():
                line.at = head
        for fact, event in zip(
            pending,
            [e for e in result.events if (self._kode(e), self._family(e)) in expected],
            strict=True,
        ):
            fact.at = head
            self.events[str(event.event_id)] = fact

    def _family(self, event: Any) -> str:
        name = type(event).__name__
        if name.startswith("Pagu"):
            return "Pagu"
        return name if self._kode(event) != KEGIATAN else "other"

    def _attempt(self, name: str, ok: bool, command: Any) -> Any:
        """Run a command the model accepts (it must be recorded) or refuses (it must be
        refused with a message and leave the log as it was)."""
        before = self.ledger.event_count()
        try:
            recorded = command()
        except InvalidInput as refusal:
            assert not ok, f"refused, but the model accepts it: {refusal}"
            assert self.ledger.event_count() == before
            OUTCOMES[f"refused {name}"] += 1
            return None
        assert ok, f"recorded, but the model refuses it: {recorded.events}"
        OUTCOMES[f"recorded {name}"] += 1
        assert self.ledger.event_count() > before
        return recorded

    def _head(self) -> int:
        self.read.catch_up()
        head = self.read.projector.source.head()
        self.heads.append(head)
        self.model.head = head
        return head

    def _kode(self, event: Any) -> str:
        return self.stream[event.originator_id]

    def _stream_version(self, event_id: str) -> tuple[Any, int]:
        with self.read.connect() as conn:
            from sqlalchemy import select

            from projections import schema

            e = schema.event
            row = conn.execute(
                select(e.c.line_id, e.c.version).where(e.c.event_id == event_id)
            ).one()
        from uuid import UUID

        return UUID(hex=row[0]), int(row[1])

    def _totals(self, days: list[date], at: int | None = None) -> list[Decimal | None]:
        """The total of every edition on every date given, from the real views."""
        found = []
        with self.read.connect() as conn:
            for edition in EDITIONS:
                for on in (None, *days):
                    seen = Seen(conn, TimePoint(at, on))
                    rows = apbd_report(seen, (SKPD, YEAR), stage=edition).rows
                    found.append(rows[-1]["pagu"] if rows else None)
        return found

    def _apbd_is_the_model(
        self, conn: Any, edition: Stage | None, on: date | None, at: int | None
    ) -> None:
        cap = LATEST if edition is None else edition.rank
        rows = apbd_report(Seen(conn, TimePoint(at, on)), (SKPD, YEAR), stage=edition).rows
        real = {r["kode"]: r["pagu"] for r in rows if r["level"] == "sub_kegiatan"}
        when = NOW if at is None else at
        model = {k: self.model.pagu(k, cap, on, when) for k in self.model.subs(cap, on, when)}
        assert real == model, (edition, on, at)
        total = rows[-1]["pagu"] if rows else None
        assert total == self.model.total(cap, on, when), (edition, on, at)

    def _why_is_the_model(self, conn: Any, on: date | None) -> None:
        for kode in self.model.subs(LATEST, on):
            report = why_report(conn, SKPD, YEAR, Kode(kode), "pagu", TimePoint(None, on))
            last = report.rows[-1]["new"] if report.rows else None
            assert last == self.model.pagu(kode, LATEST, on), (kode, on)

    def _realization_is_the_model(self, conn: Any, at: int | None, on: date | None) -> None:
        when = NOW if at is None else at
        for quarter in Quarter:
            report = realization_report(
                Seen(conn, TimePoint(at, on)), (SKPD, YEAR), quarter=quarter, basis=None
            )
            rows = {r["kode"]: r for r in report.rows if r["level"] == "sub_kegiatan"}
            for kode, row in rows.items():
                assert row["spent"] == self.model.spent(kode, quarter.value, on, when), kode
                assert row["pagu"] == self.model.pagu(kode, LATEST, on, when), kode

    def _history_agrees(self, kode: str, on: date, cap: int) -> None:
        """History's last value is what its edition held on its date when it was
        recorded (for a shift: the budget in force then)."""
        with self.read.connect() as conn:
            rows = history_report(conn, SKPD, YEAR, Kode(kode), TimePoint()).rows
        last = next(r for r in reversed(rows) if r["change"].get("field") == "pagu")
        assert Decimal(last["change"]["new"]) == self.model.pagu(kode, cap, on), kode


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_the_ledger_is_its_reference_model(backend: str) -> None:
    soak = os.environ.get("PAGU_MODEL_EXAMPLES")  # a longer run: new random sequences
    examples = int(soak or EXAMPLES[backend])
    machine = type(f"LedgerModel_{backend}", (LedgerModel,), {"backend": backend})
    OUTCOMES.clear()
    run_state_machine_as_test(
        machine,
        settings=settings(
            max_examples=examples,
            stateful_step_count=15,
            deadline=None,
            derandomize=not soak,  # in the suite: the same sequences every run
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
    # the examples reached every command both ways (else they proved little)
    for name in ("shift", "revise", "add_line", "realize", "correct"):
        assert OUTCOMES[f"recorded {name}"], dict(OUTCOMES)
    for name in ("shift", "revise", "add_line", "realize"):
        assert OUTCOMES[f"refused {name}"], dict(OUTCOMES)
