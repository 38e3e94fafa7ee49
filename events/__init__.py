"""pagu's vocabulary: value objects (codes, rupiah, targets, stages, quarters) and the
events of a budget line. Pure: imports nothing from ledger, projections or cli."""

from events.codes import Kode, Level
from events.errors import InvalidInput
from events.money import format_percent, format_rupiah, parse_quantity, parse_rupiah, rupiah
from events.periods import Quarter, Stage, parse_date, parse_timestamp
from events.sources import DocumentRef, Provenance
from events.targets import IndicatorKind, Target

__all__ = [
    "DocumentRef",
    "IndicatorKind",
    "InvalidInput",
    "Kode",
    "Level",
    "Provenance",
    "Quarter",
    "Stage",
    "Target",
    "format_percent",
    "format_rupiah",
    "parse_date",
    "parse_quantity",
    "parse_rupiah",
    "parse_timestamp",
    "rupiah",
]
