"""What each event becomes in the read model: rows for the view tables and one row of
the audit index (`rm_event`, with the change spelled out old -> new).

Rows are tuples in the column order of `COLUMNS`, built from the stored payload as
plain JSON (see `projections.values`) in one pass: catch-up turns a million events into
rows, and building the domain event and a dict per row cost more than the writing.
The few kinds that carry nested figures (documents, printed figures, SPM indicators)
are rare; they are built from the decoded domain event (`projections.decoded`).
`Projector` decides when and in which transaction the rows are written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, ClassVar

import orjson
from eventsourcing.utils import resolve_topic

# the event kinds as `ev.PaguChanged`, as the handler table below names them
from events import line as ev
from events.codes import Kode
from events.i18n import _
from events.storage_format import (
    DATA,
    EVENT_TABLE,
    LINE_TABLE,
    NOTE_TABLE,
    REALIZATION_TABLE,
    VALUE_TABLE,
    EventIds,
)
from projections import decoded
from projections.values import (
    STAGE_RANK,
    dashed,
    data,
    exact,
    iso_date,
    provenance,
    sen,
    stream_hex,
    target,
    target_text,
)

# A stored event as the source reads it: position, recorded_at, stream, version, topic,
# state (the JSON payload).
Record = tuple[int, str, Any, int, str, bytes]
Row = tuple[Any, ...]

COLUMNS: dict[str, tuple[str, ...]] = {
    LINE_TABLE: (
        "line_id", "skpd", "tahun", "kode", "sort_key", "level", "parent_kode", "nama",
        "stage_rank", "effective", "position",
    ),
    VALUE_TABLE: (
        "line_id", "field", "slot", "year", "stage_rank", "effective", "position",
        "amount_sen", "number", "unit", "text", "kind", "event_id",
    ),
    REALIZATION_TABLE: (
        "line_id", "quarter", "spent_sen", "output_number", "output_unit", "cumulative",
        "effective", "position", "event_id",
    ),
    NOTE_TABLE: ("line_id", "text", "effective", "position", "event_id"),
    EVENT_TABLE: (
        "position", "event_id", "line_id", "version", "skpd", "tahun", "kode", "kind",
        "stage", "recorded_at", "effective", "actor", "reason", "document", "document_date",
        "provenance", "change",
    ),
    **decoded.COLUMNS,
}  # fmt: skip

QUARTER_NAME = {1: "I", 2: "II", 3: "III", 4: "IV"}
ZERO = Decimal("0.00")


def sort_key(kode: str) -> str:
    return ".".join(f"{int(part):04d}" for part in kode.split("."))


def _change_json(change: dict[str, Any]) -> str:
    return orjson.dumps(change, option=orjson.OPT_SORT_KEYS).decode()


@dataclass
class Batch:
    """Rows produced by one page of events, written together."""

    rows: dict[str, list[Row]] = field(default_factory=lambda: {name: [] for name in COLUMNS})
    # (stream, corrected version, position of the correction): rows to void
    voids: list[tuple[Any, int, int]] = field(default_factory=list)


Handler = Callable[[dict[str, Any], Record, str, str, Any, Batch], tuple[dict[str, Any], Any]]


def _evaluation_fact(field: str, year_key: str | None, value_key: str) -> Callable[..., Any]:
    """The handler of one of the evaluation's facts: a value row of `field` (for the year
    in `year_key`, if any) holding the target or output in `value_key`."""

    def rows_of(
        self: EventRows, p: dict[str, Any], r: Record, line_id: str, event_id: str, day: Any,
        b: Batch,
    ) -> tuple[dict[str, Any], Any]:
        year = None if year_key is None else p[year_key]
        value = p[value_key]
        number, unit = target(value)
        b.rows[VALUE_TABLE].append(
            (line_id, field, 0, year, 0, day, r[0], None, number, unit, None, None, event_id)
        )
        change: dict[str, Any] = {"field": field}
        if year_key is not None:
            change[year_key] = year
        change["new"] = target_text(value)
        return change, None

    return rows_of


class EventRows:
    """Turns stored events into rows. `line_meta` maps a line id to its SKPD, year and
    code (filled from registrations, or from rm_line by the projector for old lines).
    `day` turns a stored ISO date into what the driver binds for a DATE column."""

    def __init__(self, day: Callable[[str], Any] = iso_date) -> None:
        self.line_meta: dict[str, tuple[str, int, str]] = {}
        self.day = day
        self.ids = EventIds()
        self._topics: dict[str, tuple[str, Handler]] = {}

    def _handler(self, topic: str) -> tuple[str, Handler]:
        found = self._topics.get(topic)
        if found is None:
            cls = resolve_topic(topic)
            handler = self.projection_of(cls)
            if handler is None:
                raise TypeError(_("no projection for {name__}").format(name__=cls.__name__))
            found = self._topics[topic] = (cls.__name__, handler.__get__(self))
        return found

    @classmethod
    def projection_of(cls, kind: type[ev.LineEvent]) -> Callable[..., Any] | None:
        """The rows of an event class: its own handler, else its family's."""
        for base in kind.__mro__:
            handler = cls._HANDLERS.get(base)
            if handler is not None:
                return handler
        return None

    def apply(self, record: Record, batch: Batch) -> None:
        position, recorded_at, stream, version, topic, state = record
        payload = orjson.loads(state)
        line_id = stream if stream.__class__ is str and len(stream) == 32 else stream_hex(stream)
        event_id = self.ids.of(line_id, version)
        kind, handler = self._topics.get(topic) or self._handler(topic)
        day = self.day
        effective = day(payload["effective"][DATA])
        change, stage = handler(payload, record, line_id, event_id, effective, batch)
        skpd, tahun, kode = self.line_meta[line_id]
        reference = payload["document"]
        title = dated = None
        if reference is not None:
            title, dated = reference[DATA]["title"], data(reference[DATA]["date"])
        batch.rows[EVENT_TABLE].append(
            (
                position, event_id, line_id, version, skpd, tahun, kode, kind, stage,
                recorded_at, effective, payload["actor"], payload["reason"], title,
                None if dated is None else day(dated), provenance(payload["provenance"]),
                _change_json(change),
            )
        )  # fmt: skip

    # ---- one method per kind: (change, stage) ---------------------------------------

    def _registered(
        self, p: dict[str, Any], r: Record, line_id: str, event_id: str, day: Any, b: Batch
    ) -> tuple[dict[str, Any], Any]:
        kode = p["kode"][DATA]
        parent = Kode(kode).parent
        stage = p["stage"][DATA]
        rank, level, position = STAGE_RANK[stage], p["level"][DATA], r[0]
        self.line_meta[line_id] = (p["skpd"], p["tahun"], kode)
        b.rows[LINE_TABLE].append(
            (
                line_id, p["skpd"], p["tahun"], kode, sort_key(kode), level,
                parent.text if parent else None, p["nama"], rank, day, position,
            )
        )  # fmt: skip
        b.rows[VALUE_TABLE].append(
            (line_id, "location", 0, None, rank, day, position, None, None, None,
             p["location"], None, event_id)
        )  # fmt: skip
        change = {
            "nama": p["nama"],
            "level": level,
            "indicator": p["indicator"],
            "location": p["location"],
        }
        return change, stage

    def _pagu(
        self, p: dict[str, Any], r: Record, line_id: str, event_id: str, day: Any, b: Batch
    ) -> tuple[dict[str, Any], Any]:
        stage = p["stage"][DATA]
        amount, previous = p["amount"][DATA], data(p["previous"])
        shifted = "counterpart" in p  # PaguShifted: the read model keeps the money moved
        b.rows[VALUE_TABLE].append(
            (line_id, "shift" if shifted else "pagu", 0, None, STAGE_RANK[stage], day, r[0],
             sen(p["change"][DATA] if shifted else amount), None, None, None, None,
             event_id)
        )  # fmt: skip
        difference = Decimal(amount) - (ZERO if previous is None else Decimal(previous))
        change = {
            "field": "pagu",
            "old": None if previous is None else exact(previous),
            "new": exact(amount),
            "difference": f"{difference:f}",
        }
        if shifted:
            change["counterpart"] = p["counterpart"][DATA]
            change["transfer_id"] = dashed(p["transfer_id"][DATA])
        return change, stage

    def _target(
        self, p: dict[str, Any], r: Record, line_id: str, event_id: str, day: Any, b: Batch
    ) -> tuple[dict[str, Any], Any]:
        stage, kind = p["stage"][DATA], p["kind"][DATA]
        number, unit = target(p["target"])
        b.rows[VALUE_TABLE].append(
            (line_id, "target", p["indicator_no"], None, STAGE_RANK[stage], day, r[0], None,
             number, unit, p["indicator"], kind, event_id)
        )  # fmt: skip
        change = {
            "field": "target",
            "indicator_no": p["indicator_no"],
            "indicator": p["indicator"],
            "old": target_text(p["previous"]),
            "new": target_text(p["target"]),
            "kind": kind,
        }
        return change, stage

    def _location(
        self, p: dict[str, Any], r: Record, line_id: str, event_id: str, day: Any, b: Batch
    ) -> tuple[dict[str, Any], Any]:
        stage = p["stage"][DATA]
        b.rows[VALUE_TABLE].append(
            (line_id, "location", 0, None, STAGE_RANK[stage], day, r[0], None, None, None,
             p["location"], None, event_id)
        )  # fmt: skip
        return {"field": "location", "old": p["previous"], "new": p["location"]}, stage

    def _forward(
        self, p: dict[str, Any], r: Record, line_id: str, event_id: str, day: Any, b: Batch
    ) -> tuple[dict[str, Any], Any]:
        number, unit = target(p["target"])
        pagu = data(p["pagu"])
        b.rows[VALUE_TABLE].append(
            (line_id, "forward", p["indicator_no"], p["year"], 0, day, r[0], sen(pagu), number,
             unit, None, None, event_id)
        )  # fmt: skip
        change = {
            "field": "forward",
            "year": p["year"],
            "indicator_no": p["indicator_no"],
            "target": target_text(p["target"]),
            "pagu": None if pagu is None else exact(pagu),
        }
        return change, None

    # the evaluation's facts: a Renstra target, the output realized in earlier years, a
    # Renja target (each a value row; the change names its year, when it has one)
    _renstra = _evaluation_fact("renstra", None, "target")
    _prior = _evaluation_fact("prior", "through_year", "output")
    _renja = _evaluation_fact("renja", "year", "target")

    def _realization(
        self, p: dict[str, Any], r: Record, line_id: str, event_id: str, day: Any, b: Batch
    ) -> tuple[dict[str, Any], Any]:
        number, unit = target(p["output"])
        spent, quarter = data(p["spent"]), p["quarter"][DATA]
        b.rows[REALIZATION_TABLE].append(
            (line_id, quarter, sen(spent), number, unit, p["cumulative"], day, r[0], event_id)
        )
        change = {
            "field": "realization",
            "quarter": QUARTER_NAME[quarter],
            "spent": None if spent is None else exact(spent),
            "output": target_text(p["output"]),
            "cumulative": p["cumulative"],
            "overrun_accepted": p["overrun_accepted"],
        }
        return change, None

    def _note(
        self, p: dict[str, Any], r: Record, line_id: str, event_id: str, day: Any, b: Batch
    ) -> tuple[dict[str, Any], Any]:
        b.rows[NOTE_TABLE].append((line_id, p["text"], day, r[0], event_id))
        return {"field": "note", "text": p["text"]}, None

    def _factor(
        self, p: dict[str, Any], r: Record, line_id: str, event_id: str, day: Any, b: Batch
    ) -> tuple[dict[str, Any], Any]:
        # a value row of its own field: the evaluation form lists every one, in order
        b.rows[VALUE_TABLE].append(
            (line_id, "factor", 0, None, 0, day, r[0], None, None, None, p["text"], p["kind"],
             event_id)
        )  # fmt: skip
        return {"field": "factor", "kind": p["kind"], "text": p["text"]}, None

    def _corrected(
        self, p: dict[str, Any], r: Record, line_id: str, event_id: str, day: Any, b: Batch
    ) -> tuple[dict[str, Any], Any]:
        # A correction is recorded on the corrected event's own line (`Ledger.correct`),
        # so the corrected event is (this stream, that version) in the log.
        version = p["corrected_version"]
        b.voids.append((r[2], version, r[0]))
        corrected = dashed(p["corrected_event_id"][DATA])
        change = {
            "field": "correction",
            "corrected_event_id": corrected,
            "corrected_version": version,
        }
        return change, None

    def _edition(
        self, p: dict[str, Any], r: Record, line_id: str, event_id: str, day: Any, b: Batch
    ) -> tuple[dict[str, Any], Any]:
        stage = p["stage"][DATA]
        return {"field": "edition", "stage": stage}, stage

    def _decoded(
        self, p: dict[str, Any], r: Record, line_id: str, event_id: str, day: Any, b: Batch
    ) -> tuple[dict[str, Any], Any]:
        change = decoded.rows(r, line_id, event_id, day, b.rows, self.day)
        return change, None

    _HANDLERS: ClassVar[dict[type[ev.LineEvent], Callable[..., tuple[dict[str, Any], Any]]]] = {
        ev.LineRegistered: _registered,
        ev.PaguShifted: _pagu,
        ev.PaguChanged: _pagu,
        ev.TargetChanged: _target,
        ev.LocationRevised: _location,
        ev.ForwardEstimateSet: _forward,
        ev.RenstraTargetSet: _renstra,
        ev.PriorRealizationRecorded: _prior,
        ev.RenjaTargetSet: _renja,
        ev.RealizationRecorded: _realization,
        ev.NoteAttached: _note,
        ev.FactorNoted: _factor,
        ev.EntryCorrected: _corrected,
        ev.EditionEnacted: _edition,
        ev.PrintedFiguresNoted: _decoded,
        ev.SpmIndicatorRecorded: _decoded,
        ev.DocumentImported: _decoded,
    }
