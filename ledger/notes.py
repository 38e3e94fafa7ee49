"""`pagu note KODE TEXT --kind ...`: a faktor pendorong, faktor penghambat or tindak
lanjut for the Renja evaluation form (Permendagri 86/2017), appended like every other
fact: who, why (the text itself), on what authority (optional), from when.

The command is validated as the others are (`ledger.commands.Command`: actor, reason,
document, effective date), and recorded by the `Ledger` service's own write path (one
transaction, retried on a concurrent write).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, ClassVar

from pydantic import BeforeValidator, field_validator

from events.errors import InvalidInput
from events.i18n import _
from events.line import FACTOR_KINDS
from ledger.commands import Command, KodeIn, Recorded, _words
from ledger.line_state import Basis

if TYPE_CHECKING:
    from ledger.service import Ledger


class NoteFactor(Command):
    """A note of one of the evaluation form's closing rows on a line."""

    needs_basis: ClassVar[bool] = False

    kode: KodeIn
    kind: str
    text: Annotated[str, BeforeValidator(_words)]

    @field_validator("kind", mode="before")
    @classmethod
    def known_kind(cls, raw: Any) -> str:
        key = str(raw).strip().lower().replace("_", "-").replace(" ", "-")
        if key not in FACTOR_KINDS:
            raise InvalidInput(
                _("unknown kind {raw!r}: use {kinds}").format(
                    raw=raw, kinds=", ".join(FACTOR_KINDS)
                )
            )
        return key

    def check_year(self) -> None:
        """A note is about its budget year: dated within it or after (an evaluation is
        written after the quarter), never before."""
        if self.effective.year < self.tahun:
            raise InvalidInput(
                _("--effective {effective} is before the {tahun} budget year").format(
                    effective=self.effective, tahun=self.tahun
                )
            )


def note_factor(ledger: Ledger, command: NoteFactor) -> Recorded:
    command.check_year()

    def attempt() -> Recorded:
        line = ledger.get_line(command.skpd, command.tahun, command.kode)
        basis = Basis(command.actor, command.reason or command.text, command.document,
                      command.effective)  # fmt: skip
        line.note_factor(command.kind, command.text, basis)
        return ledger.record([line])

    return ledger.run(attempt)
