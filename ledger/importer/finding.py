"""One line of the reconciliation report, and the sums of budget rows its checks use.

The checks live in `ledger.importer.reconcile` (the budget tables against themselves)
and `ledger.importer.claims` (the figures a document prints about its own results).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from decimal import Decimal

from ledger.importer.model import BudgetRow

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Finding:
    kind: str
    line_no: int | None
    kode: str | None
    message: str
    printed: str | None = None
    computed: str | None = None

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def true_difference(row: BudgetRow) -> Decimal:
    """What the row's pagu changed by, computed (the printed difference is a claim)."""
    return (row.perubahan_pagu or ZERO) - (row.murni_pagu or ZERO)


def column_total(rows: Iterable[BudgetRow], column: str) -> Decimal:
    """The rows' sum of one money column ("difference": of their true differences)."""
    if column == "difference":
        return sum((true_difference(r) for r in rows), ZERO)
    return sum(((getattr(r, column) or ZERO) for r in rows), ZERO)
