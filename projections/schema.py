"""The read model's tables, in the same database as the events.

Both clocks are kept on every row: `position` (the event's place in the log, which
orders recorded time: `as of T` becomes `position <= P`) and `effective` (the date the
fact is in force). A corrected row is not deleted: `voided_position` says from which
point of the log on it no longer counts. Money is stored as whole sen (BIGINT) so that
sums in SQL are exact on SQLite as well as PostgreSQL.

`SCHEMA_VERSION` names the shape of these tables: a read model built by an older shape
is dropped and rebuilt from the log on the next catch-up (it holds nothing the log does
not), so changing a table or an index here only needs the number raised.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

from events.storage_format import (
    DOCUMENT_TABLE,
    EVENT_TABLE,
    FINDING_TABLE,
    LINE_TABLE,
    NOTE_TABLE,
    PRINTED_TABLE,
    REALIZATION_TABLE,
    SPM_TABLE,
    TRACKING_TABLE,
    VALUE_TABLE,
)

SCHEMA_VERSION = 6

metadata = MetaData()


def _row_id() -> Column[int]:
    return Column(
        "id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )


def _position_key() -> Column[int]:
    """A table keyed by the log position of the event its row comes from (INTEGER on
    SQLite: the rowid itself, no second index)."""
    return Column(
        "position",
        BigInteger().with_variant(Integer, "sqlite"),
        primary_key=True,
        autoincrement=False,
    )


tracking = Table(
    TRACKING_TABLE,
    metadata,
    Column("name", String(32), primary_key=True),
    Column("position", BigInteger, nullable=False),
)

line = Table(
    LINE_TABLE,
    metadata,
    Column("line_id", String(32), primary_key=True),
    Column("skpd", Text, nullable=False),
    Column("tahun", Integer, nullable=False),
    Column("kode", String(32), nullable=False),
    Column("sort_key", String(64), nullable=False),  # zero-padded code, sorts like the code
    Column("level", String(16), nullable=False),
    Column("parent_kode", String(32)),
    Column("nama", Text, nullable=False),
    Column("stage_rank", Integer, nullable=False),
    Column("effective", Date, nullable=False),
    Column("position", BigInteger, nullable=False),
    Index("rm_line_by_code", "skpd", "tahun", "sort_key"),
    Index("rm_line_by_kode", "kode"),
)

value = Table(
    VALUE_TABLE,
    metadata,
    _row_id(),
    Column("line_id", String(32), nullable=False),
    # pagu | shift | target | location | forward | renstra | prior | renja: a `shift` row
    # holds the money one side of a pergeseran moved (signed), every other row a value
    Column("field", String(16), nullable=False),
    Column("slot", Integer, nullable=False, default=0),  # indicator number (targets)
    Column("year", Integer),  # forward estimate year, prior realization's last year
    Column("stage_rank", Integer, nullable=False),
    Column("effective", Date, nullable=False),
    Column("position", BigInteger, nullable=False),
    Column("amount_sen", BigInteger),  # money
    Column("number", Text),  # a target's value as an exact decimal string
    Column("unit", Text),
    Column("text", Text),  # indicator wording, location
    Column("kind", String(16)),  # indicator kind for targets
    Column("event_id", String(36), nullable=False),
    Column("voided_position", BigInteger),
    # The value in force is the first row of this index, read backwards, that passes the
    # time point's filters (the reading order: edition, effective date, recording), and
    # the shifts read after it are a range of it: voided_position and amount_sen are in
    # it so that the filters and the sums are answered without visiting the table.
    Index(
        "rm_value_lookup",
        "field",
        "line_id",
        "slot",
        "stage_rank",
        "effective",
        "position",
        "voided_position",
        "amount_sen",
    ),
    # a correction voids the rows of the event at a position (`Projector`): kept while
    # loading, unlike the other indexes, and cheap then (positions only grow)
    Index("rm_value_position", "position"),
)


def _facts(name: str, *columns: Column[Any], effective: bool, lookup: Index) -> Table:
    """A table of a kind of fact: a row per event, voided by position when corrected
    (the columns every such table has around its own, in this order)."""
    return Table(
        name,
        metadata,
        _row_id(),
        Column("line_id", String(32), nullable=False),
        *columns,
        *([Column("effective", Date, nullable=False)] if effective else []),
        Column("position", BigInteger, nullable=False),
        Column("event_id", String(36), nullable=False),
        Column("voided_position", BigInteger),
        lookup,
        Index(f"{name}_position", "position"),  # corrections (see rm_value)
    )


realization = _facts(
    REALIZATION_TABLE,
    Column("quarter", Integer, nullable=False),
    Column("spent_sen", BigInteger),
    Column("output_number", Text),
    Column("output_unit", Text),
    Column("cumulative", Boolean, nullable=False),
    effective=True,
    lookup=Index("rm_realization_lookup", "line_id", "quarter", "position"),
)

printed = _facts(
    PRINTED_TABLE,
    Column("source_table", String(32), nullable=False),
    Column("name", String(64), nullable=False),
    Column("number", Text),
    effective=False,
    lookup=Index("rm_printed_lookup", "line_id", "source_table", "position"),
)

note = _facts(
    NOTE_TABLE,
    Column("text", Text, nullable=False),
    effective=True,
    lookup=Index("rm_note_line", "line_id", "position"),
)

spm = _facts(
    SPM_TABLE,
    Column("number", Integer, nullable=False),
    Column("payload", Text, nullable=False),  # JSON: indicator, standard, ikk, years
    effective=True,
    lookup=Index("rm_spm_line", "line_id", "number", "position"),
)

event = Table(
    EVENT_TABLE,
    metadata,
    _position_key(),
    Column("event_id", String(36), nullable=False),
    Column("line_id", String(32), nullable=False),
    Column("version", Integer, nullable=False),
    Column("skpd", Text, nullable=False),
    Column("tahun", Integer, nullable=False),
    Column("kode", String(32), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("stage", String(16)),
    Column("recorded_at", String(40), nullable=False),
    Column("effective", Date, nullable=False),
    Column("actor", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("document", Text),
    Column("document_date", Date),
    Column("provenance", Text),
    Column("change", Text, nullable=False),  # JSON: what changed, old -> new
    Column("corrected_by", BigInteger),  # position of the EntryCorrected event
    Index("rm_event_line", "line_id", "position"),
    Index("rm_event_recorded", "recorded_at", "position"),  # --as-of: the last position by T
    Index("rm_event_kode", "kode"),
    Index("rm_event_id", "event_id", unique=True),  # `why`, `changes`, the trail
)

document = Table(
    DOCUMENT_TABLE,
    metadata,
    _position_key(),
    Column("line_id", String(32), nullable=False),  # the Dinas line it was recorded on
    Column("sha256", String(64), nullable=False),
    Column("file_name", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("document_date", Date, nullable=False),
    Column("counts", Text, nullable=False),  # JSON
)

finding = Table(
    FINDING_TABLE,
    metadata,
    _row_id(),
    Column("document_position", BigInteger, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("line_no", Integer),
    Column("kode", String(32)),
    Column("message", Text, nullable=False),
    Column("printed", Text),
    Column("computed", Text),
    Index("rm_finding_document", "document_position"),
)

READ_MODEL_TABLES = [
    tracking,
    line,
    value,
    realization,
    printed,
    note,
    spm,
    event,
    document,
    finding,
]
VOIDABLE_TABLES = [value, realization, printed, note, spm]  # rows an EntryCorrected voids

# Built after the rows when the read model is loaded from empty (`projections.loading`):
# every secondary index except those a correction needs while loading.
DEFERRED_INDEXES = [
    index
    for table in READ_MODEL_TABLES
    for index in sorted(table.indexes, key=lambda i: str(i.name))
    if not str(index.name).endswith("_position")
]
