"""The log's domain rules: what the ledger's own write path never breaks.

The hash chain proves that nobody changed the log after the fact; it cannot tell a
genuine event from one inserted with a correct link by someone who may append (the
writer role, anyone with the file). These rules can: every one of them holds for every
log pagu writes (`ledger.line`, `ledger.service`), so a breach is an event that did not
come through pagu. Checked in one streaming pass in position order, keeping a little
per line (its last version, level and code, the types of its events) and the shifts
waiting for their other side:

- every event is of a type pagu defines, with a JSON payload;
- each line's events are numbered 1, 2, 3 ... in log order; version 1 registers the
  line (and only version 1 does), under the line's own id (SKPD, year and code);
- pagu is set, revised and shifted only on a sub kegiatan; documents are recorded on
  the Dinas line;
- a PaguShifted is a pergeseran (of either edition, the same on both sides) with its
  other side in the same transaction: the same
  transfer, the other line of the same budget named as counterpart, the same amount the
  other way, and its new pagu the old one plus the change, never below zero;
- a correction names an earlier event of its own line (by version and by event id)
  that may be corrected and was not corrected already.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import orjson

from events.codes import Kode
from events.i18n import _
from events.storage_format import event_id_text, unwrapped
from ledger.integrity.model import Damage
from ledger.line_state import CORRECTABLE, line_id

_PREFIX = "events.line:"
REGISTERED = _PREFIX + "LineRegistered"
SHIFTED = _PREFIX + "PaguShifted"
CORRECTED = _PREFIX + "EntryCorrected"
MONEY = {_PREFIX + "PaguSet", _PREFIX + "PaguRevised", SHIFTED}
PERGESERAN = ("pergeseran", "pergeseran-p")
DOCUMENT = _PREFIX + "DocumentImported"
WITH_PAYLOAD = (REGISTERED, SHIFTED, CORRECTED)  # the kinds whose payload is read

Row = tuple[int, str, int, str, str, Any]  # position, stream, version, topic, at, state


@dataclass
class _Line:
    level: str = ""
    skpd: str = ""
    tahun: int = 0
    kode: str = ""
    kinds: bytearray = field(default_factory=bytearray)  # each version's type, from 1
    corrected: set[int] = field(default_factory=set)


@dataclass
class _Side:
    position: int
    stream: str
    change: Decimal
    counterpart: str
    recorded_at: str
    line: _Line


class Breach(Exception):
    def __init__(self, position: int, detail: str, stream: str | None, version: int | None):
        super().__init__(detail)
        self.damage = Damage(position, "invalid", detail, field="rule", stream=stream,
                             version=version)  # fmt: skip


def _decimal(value: Any) -> Decimal:
    return Decimal(str(unwrapped(value)))


_data = unwrapped


def _hex(value: Any) -> str:
    """A stored UUID as 32 lowercase hex digits (the library stores it so)."""
    text = str(_data(value)).lower().replace("-", "")
    int(text, 16)  # ValueError if it is not one
    if len(text) != 32:
        raise ValueError(text)
    return text


class Invariants:
    """Fed every link in position order (`feed`), then asked for the first breach
    (`finish`). Feeding stops mattering after the first breach."""

    def __init__(self, known_topics: Iterable[str]) -> None:
        self.known = sorted(set(known_topics))
        self.numbers = {topic: number for number, topic in enumerate(self.known)}
        # the common kinds, checked inline: neither payload nor level matters for them
        self.plain = {self.numbers[t] for t in self.known if t not in (*WITH_PAYLOAD, DOCUMENT)}
        self.money = {self.numbers[t] for t in MONEY if t in self.numbers}
        self.lines: dict[str, _Line] = {}
        self.shifts: dict[str, _Side] = {}  # transfers waiting for their other side
        self.stages: dict[str, Any] = {}  # the edition of each waiting side
        self.paired: set[str] = set()
        self.damage: Damage | None = None

    def run(self, rows: Iterable[Row]) -> Damage | None:
        """The first breach in position order, or None."""
        for row in rows:
            self.feed(row)
            if self.damage is not None:
                break
        return self.finish()

    def feed(self, row: Row) -> None:
        if self.damage is not None:
            return
        line = self.lines.get(row[1])
        if line is not None:
            number = self.numbers.get(row[3])
            if (
                number in self.plain
                and row[2] == len(line.kinds) + 1
                and (number not in self.money or line.level == "sub_kegiatan")
            ):
                line.kinds.append(number)  # the common case, inline
                return
        try:
            self._check(row)
        except Breach as breach:
            self.damage = breach.damage

    def finish(self) -> Damage | None:
        if self.damage is None and self.shifts:
            side = min(self.shifts.values(), key=lambda s: s.position)
            self.damage = Breach(
                side.position,
                _(
                    "a PaguShifted on {kode} with no other side: the pergeseran's money left "
                    "(or reached) one line only"
                ).format(kode=side.line.kode),
                side.stream,
                None,
            ).damage
        return self.damage

    def _check(self, row: Row) -> None:
        position, stream, version, topic, _at, state = row

        def breach(detail: str) -> Breach:
            return Breach(position, detail, stream, version)

        number = self.numbers.get(topic)
        if number is None:
            raise breach(_("an event of a type pagu does not have ({topic})").format(topic=topic))
        line = self.lines.get(stream)
        expected = 1 if line is None else len(line.kinds) + 1
        if version != expected:
            raise breach(
                _(
                    "version {version} where the line's next is {expected}: a line's events "
                    "are numbered 1, 2, 3 ... in the order they were recorded"
                ).format(version=version, expected=expected)
            )
        if (topic == REGISTERED) != (version == 1):
            raise breach(
                _("a line's first event registers it, and no other does")
                if version == 1
                else _("a second registration of a line")
            )
        payload: dict[str, Any] = {}
        if topic in WITH_PAYLOAD:
            try:
                payload = orjson.loads(state)
                assert isinstance(payload, dict)
            except (orjson.JSONDecodeError, TypeError, AssertionError):
                raise breach(_("its payload is not a JSON object")) from None
        try:
            if topic == REGISTERED:
                line = self._registered(stream, payload, breach)
            assert line is not None
            if topic in MONEY and line.level != "sub_kegiatan":
                raise breach(
                    _(
                        "a pagu set on {kode}, a {level}: money is set on sub kegiatan only (a "
                        "parent's pagu is their sum)"
                    ).format(kode=line.kode, level=line.level)
                )
            if topic == DOCUMENT and line.level != "urusan":
                raise breach(
                    _("a document recorded on {kode}, not on the Dinas line").format(kode=line.kode)
                )
            if topic == SHIFTED:
                self._shifted(row, line, payload, breach)
            elif topic == CORRECTED:
                self._corrected(row, line, payload, breach)
        except (KeyError, TypeError, ValueError, InvalidOperation, AttributeError):
            raise breach(
                _("its payload lacks what a {split} holds").format(split=topic.split(":")[-1])
            ) from None
        line.kinds.append(number)

    def _registered(
        self, stream: str, payload: dict[str, Any], breach: Callable[[str], Breach]
    ) -> _Line:
        kode = Kode(str(_data(payload["kode"])))
        skpd, tahun = str(payload["skpd"]), int(payload["tahun"])
        if str(line_id(skpd, tahun, kode)) != stream:
            raise breach(
                _(
                    "a registration of {kode} ({skpd} {tahun}) under another line's id: each "
                    "line's id follows from its SKPD, year and code"
                ).format(kode=kode, skpd=skpd, tahun=tahun)
            )
        level = str(_data(payload["level"]))
        if level != kode.level.value:
            raise breach(
                _("{kode} registered as a {level}; its code makes it a {code_level}").format(
                    kode=kode, level=level, code_level=kode.level.value
                )
            )
        line = self.lines[stream] = _Line(level, skpd, tahun, kode.text)
        return line

    # the rules of one kind get what `_check` has: the row, its line, its payload, a breach
    def _shifted(
        self, row: Row, line: _Line, payload: dict[str, Any], breach: Callable[[str], Breach]
    ) -> None:
        position, stream, _version, _topic, at, _state = row
        change = _decimal(payload["change"])
        amount, previous = _decimal(payload["amount"]), _decimal(payload["previous"])
        stage = _data(payload["stage"])
        if stage not in PERGESERAN:  # of the DPA, or of the DPPA after the APBD-P
            raise breach(_("a PaguShifted outside the pergeseran editions"))
        if change == 0 or amount != previous + change or amount < 0:
            raise breach(
                _(
                    "a PaguShifted whose figures do not add up (from {previous} by {change} "
                    "to {amount}; a shift moves some money and never below zero)"
                ).format(previous=previous, change=change, amount=amount)
            )
        transfer = _hex(payload["transfer_id"])
        counterpart = str(_data(payload["counterpart"]))
        if transfer in self.paired:
            raise breach(_("a third side of a pergeseran whose two sides are recorded"))
        other = self.shifts.pop(transfer, None)
        if other is None:
            self.shifts[transfer] = _Side(position, stream, change, counterpart, at, line)
            self.stages[transfer] = stage
            return
        if (
            self.stages.pop(transfer, stage) != stage
            or other.stream == stream
            or other.recorded_at != at
            or other.change != -change
            or other.counterpart != line.kode
            or counterpart != other.line.kode
            or (other.line.skpd, other.line.tahun) != (line.skpd, line.tahun)
        ):
            raise breach(
                _(
                    "a PaguShifted that does not mirror the other side of its transfer (at "
                    "position {position}): a pergeseran moves one amount between two lines "
                    "of one budget, in one transaction"
                ).format(position=other.position)
            )
        self.paired.add(transfer)

    def _corrected(
        self, row: Row, line: _Line, payload: dict[str, Any], breach: Callable[[str], Breach]
    ) -> None:
        _position, stream, version, _topic, _at, _state = row
        target = int(payload["corrected_version"])
        if not 1 <= target < version:
            raise breach(
                _("a correction of version {target}, which is not an earlier event").format(
                    target=target
                )
            )
        if _hex(payload["corrected_event_id"]) != event_id_text(stream, target).replace("-", ""):
            raise breach(_("a correction whose event id is not that of the version it names"))
        kind = self.known[line.kinds[target - 1]].split(":")[-1]
        if kind not in CORRECTABLE:
            raise breach(_("a correction of a {kind}, which cannot be corrected").format(kind=kind))
        if target in line.corrected:
            raise breach(_("a second correction of version {target}").format(target=target))
        line.corrected.add(target)
