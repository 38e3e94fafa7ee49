"""The application service: the ledger's one way in for writes.

Each command loads the lines it touches, calls their verbs, and saves every resulting
event in one transaction (all or nothing). Two writers changing the same line at once
collide on the line's next version; the loser reloads and retries, and after a few
attempts fails with a clear message instead of losing an event.
"""

from __future__ import annotations

import getpass
import os
import uuid
from typing import TYPE_CHECKING, Any

from events.codes import Kode
from events.errors import InvalidInput
from events.i18n import _
from events.money import format_rupiah
from events.periods import Stage
from ledger.application import (
    ConcurrentWriteError,
    LedgerApplication,
    StoreWriteFailed,
    WriteUncertain,
)
from ledger.errors import NoLedger, Refusal
from ledger.line import Basis, BudgetLine, Realized, ShiftSide
from ledger.storage import StoreLocation

if TYPE_CHECKING:
    from ledger.commands import AddLine, Command, Correct, Realize, Recorded, Revise, Shift

# the store's refusals, named where the service is (cli/errors.py, tests)
__all__ = [
    "ConcurrentWriteError",
    "Ledger",
    "StoreWriteFailed",
    "WriteUncertain",
    "default_actor",
    "open_ledger",
    "record_realization",
]


def default_actor() -> str:
    """The actor given, else PAGU_ACTOR, else the operating-system user."""
    actor = os.environ.get("PAGU_ACTOR", "").strip()
    if actor:
        return actor
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user database in some containers
        return "unknown"


class Ledger(LedgerApplication):
    """The ledger's write commands, each one transaction (validated by ledger.commands;
    the store, loading, saving and retrying are `LedgerApplication`'s)."""

    name = "pagu"

    # ---- editions ------------------------------------------------------------------

    def dinas_line(self, skpd: str, tahun: int, kode: Kode) -> BudgetLine | None:
        """The Dinas line of the budget a code belongs to (it holds budget-wide facts)."""
        return self.find_line(skpd, tahun, kode.urusan)

    def _edition(
        self, dinas: BudgetLine | None, stage: Stage, basis: Basis
    ) -> tuple[Stage, list[BudgetLine]]:
        """The edition a change asked for at `stage` belongs to, and the lines to save
        with it: a pergeseran amends the DPA or, once the APBD-P is in force, the DPPA;
        the first value of the APBD-P enacts it on the Dinas line."""
        if stage.is_pergeseran:
            if dinas is None:  # a budget without its Dinas line (older ledgers, tests)
                return stage, []
            edition = dinas.pergeseran_edition(basis.effective)
            if stage is Stage.PERGESERAN_P and edition is Stage.PERGESERAN:
                raise InvalidInput(
                    _(
                        "there is no APBD-P in {tahun} yet: a pergeseran now amends the DPA "
                        "(stage pergeseran)"
                    ).format(tahun=dinas.tahun)
                )
            return edition, []
        if stage is Stage.PERUBAHAN and dinas is not None:
            dinas.enact_edition(Stage.PERUBAHAN, basis)
            return stage, [dinas] if dinas.pending_events else []
        return stage, []

    def revise(self, command: Revise) -> Recorded:
        from ledger.commands import check_budget_date

        def attempt() -> Recorded:
            line = self.get_line(command.skpd, command.tahun, command.kode)
            check_budget_date(command, line.effective_from, line.kode)
            basis = _basis(command)
            dinas = self.dinas_line(command.skpd, command.tahun, command.kode)
            stage, enacted = self._edition(dinas, command.stage, basis)
            unchanged = line.revise(
                pagu=command.pagu,
                target=command.target,
                indicator=command.indicator,
                indicator_no=command.indicator_no,
                location=command.location,
                stage=stage,
                basis=basis,
            )
            notes = [f"unchanged: {what}" for what in unchanged]
            fields = {"pagu"} if command.pagu is not None else set()
            if command.target is not None or command.indicator is not None:
                fields.add(f"target {command.indicator_no}")
            if command.location is not None:
                fields.add("location")
            notes += _superseded(line, stage, command, fields)
            notes += _in_force_note(line, command)
            return self.record([line, *enacted], notes)

        return self.run(attempt)

    def shift(self, command: Shift) -> Recorded:
        """A pergeseran: both sides in one transaction, the same amount out and in."""
        from ledger.commands import check_budget_date

        def attempt() -> Recorded:
            giver = self.get_line(command.skpd, command.tahun, command.from_kode)
            taker = self.get_line(command.to_skpd, command.to_tahun, command.to_kode)
            for line in (giver, taker):
                check_budget_date(command, line.effective_from, line.kode)
            transfer = uuid.uuid4()
            basis = _basis(command)
            dinas = self.dinas_line(command.skpd, command.tahun, command.from_kode)
            stage, _ = self._edition(dinas, Stage.PERGESERAN, basis)
            giver.shift(ShiftSide(-command.amount, taker.kode, transfer), stage, basis)
            taker.shift(ShiftSide(command.amount, giver.kode, transfer), stage, basis)
            return self.record([giver, taker])

        return self.run(attempt)

    def realize(self, command: Realize) -> Recorded:
        def attempt() -> Recorded:
            line = self.get_line(command.skpd, command.tahun, command.kode)
            record_realization(line, command)
            return self.record([line])

        return self.run(attempt)

    def add_line(self, command: AddLine) -> Recorded:
        """A new line under an existing parent, with its indicator, target and pagu."""

        def attempt() -> Recorded:
            kode, budget = command.kode, f"{command.skpd} {command.tahun}"
            existing = self.find_line(command.skpd, command.tahun, kode)
            if existing is not None:
                raise InvalidInput(
                    _("{kode} already exists in {budget}: '{nama}'").format(
                        kode=kode, budget=budget, nama=existing.nama
                    )
                )
            assert kode.parent is not None  # AddLine refuses the Dinas line
            parent = self.find_line(command.skpd, command.tahun, kode.parent)
            if parent is None:
                raise InvalidInput(
                    _(
                        "{kode} cannot be added: its parent {parent} does not exist in {budget} "
                        "(add the {level} first)"
                    ).format(
                        kode=kode, parent=kode.parent, budget=budget, level=kode.parent.level.value
                    )
                )
            if command.effective < parent.effective_from:
                raise Refusal.of(
                    _(
                        "{effective} {on} is before its parent {parent} entered the budget "
                        "({since})"
                    ),
                    on=command.effective,
                    parent=parent.kode,
                    since=parent.effective_from,
                )
            basis = _basis(command)
            dinas = self.dinas_line(command.skpd, command.tahun, kode)
            stage, enacted = self._edition(dinas, command.stage, basis)
            if stage.rank < parent.stage_registered.rank:
                raise InvalidInput(
                    _(
                        "{kode} cannot be in the {stage} budget: its parent {parent} entered the "
                        "budget at {parent_stage}"
                    ).format(
                        kode=kode,
                        stage=stage.value,
                        parent=parent.kode,
                        parent_stage=parent.stage_registered.value,
                    )
                )
            line = BudgetLine.register(
                skpd=parent.skpd,
                tahun=parent.tahun,
                kode=kode,
                nama=command.nama,
                indicator=command.indicator,
                location=command.location or parent.current_location(),
                stage=stage,
                basis=basis,
            )
            line.set_target(1, command.indicator, command.target, stage, basis)
            if command.pagu is not None:
                line.set_pagu(command.pagu, stage, basis)
            return self.record([line, *enacted])

        return self.run(attempt)

    def correct(self, command: Correct) -> Recorded:
        """A compensating EntryCorrected; a shift is corrected on both of its sides."""

        def attempt() -> Recorded:
            line = self.lines([command.line_id]).get(command.line_id)
            recorded = line.recorded.get(command.version) if line else None
            if line is None or recorded is None:
                raise InvalidInput(
                    _("no event {event_id} in this ledger").format(event_id=command.event_id)
                )
            basis = _basis(command)
            line.correct(command.version, basis)
            lines = [line]
            if recorded.transfer_id is not None and recorded.counterpart is not None:
                other = self.get_line(line.skpd, line.tahun, recorded.counterpart)
                version = other.shift_version(recorded.transfer_id)
                if version is None:  # pragma: no cover - both sides are saved together
                    raise InvalidInput(
                        _("{kode}: the other side of the shift is missing").format(kode=other.kode)
                    )
                other.correct(version, basis)
                lines.append(other)
            return self.record(lines)

        return self.run(attempt)


def _basis(command: Command, reason: str | None = None) -> Basis:
    return Basis(command.actor, reason or command.reason or "", command.document, command.effective)


def record_realization(line: BudgetLine, command: Realize) -> None:
    """A `pagu realize` on its line (one of a file's rows too: `ledger.bulk`)."""
    realized = Realized(command.quarter, command.output, command.spent, command.cumulative)
    line.record_realization(
        realized, allow_overrun=command.allow_overrun, basis=_basis(command, command.why)
    )


def _superseded(line: BudgetLine, stage: Stage, command: Command, fields: set[str]) -> list[str]:
    """Say so when a change is followed by a value read after it: of a later edition, or
    of the same edition and taking effect later (the in-force rule). The change holds
    only until (or under) it."""
    return [
        _("{kode}: the {what} effective {effective} ({value}) ").format(
            kode=line.kode, what=what, effective=entry.effective, value=entry.stage.value
        )
        + (
            _("stays in force from that date on")
            if entry.stage is stage
            else _("is of a later edition and stays in force over this one")
        )
        for what, entry in line.later_values(stage, command.effective)
        if what in fields
    ]


def _in_force_note(line: BudgetLine, command: Revise) -> list[str]:
    """A new pagu with shifts of a later edition on top of it: what is in force then."""
    if command.pagu is None:
        return []
    in_force = line.current_pagu(on=command.effective)
    if in_force is None or in_force == command.pagu:
        return []
    return [
        _(
            "{kode}: with the pergeseran recorded after it, the pagu in force on "
            "{effective} is {in_force}"
        ).format(kode=line.kode, effective=command.effective, in_force=format_rupiah(in_force))
    ]


def open_ledger(
    url: str | None, *, create: bool = True, install: bool = False, **_ignored: Any
) -> Ledger:
    """Open the ledger at a store URL; with `create`, initialise it if there is none.

    An existing ledger is opened without any CREATE statement, so that roles which may
    only read, or only append, can open it (`pagu db grant-reader/grant-writer`).
    `install` (what `pagu init` does) runs the idempotent CREATE ... IF NOT EXISTS
    statements even on an existing ledger, re-installing missing append-only guards."""
    from ledger.shape import check_ledger

    location = StoreLocation.parse(url)
    exists = location.exists()
    if not create and not exists:
        raise NoLedger(location.display())
    if exists:
        check_ledger(location)  # a ledger that lost a table is damaged, never "new"
        if location.read_only:
            raise InvalidInput(
                _(
                    "the ledger at {display} is read-only (the file or its folder may not be "
                    "written): nothing was recorded"
                ).format(display=location.display())
            )
    return Ledger(location, create_tables=install or (create and not exists))
