"""An exported log: everything needed to recompute the chain, in a text file.

JSON Lines, UTF-8. The first line says what the file is; then one line per event with
no link (if any), one line per link in position order, and a last line that closes the
file (so that a file cut short is recognisable):

    {"pagu_log_export": 1, "encoding": "pagu-log-v1", "backend": "sqlite", ...}
    {"linked": false, "position": 790, "stream": ..., "version": ..., "topic": ..., "payload": ...}
    {"position": 1, "event_id": ..., "stream": ..., "version": 1, "topic": ...,
     "recorded_at": ..., "payload": "...", "event_hash": ..., "chain_hash": ...}
    {"end": true, "links": 781, "orphans": 0, "head": "781:3adea110..."}

`payload` is the stored payload bytes decoded as UTF-8 (they are JSON text; encode the
string as UTF-8 to get the exact bytes back), or `payload_base64` where the bytes are not
UTF-8, or null where the event is missing. `event_id` is for reading: the hash uses the
id derived from stream and version.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Generator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any
from uuid import UUID

from events.errors import InvalidInput
from events.i18n import _
from events.line import event_id_of
from ledger.chain import FORMAT, payload_hash
from ledger.integrity.checker import Orphan
from ledger.integrity.invariants import Invariants
from ledger.integrity.model import Digest, LineRef, Link, line_from_payload
from ledger.integrity.store import StoreReader

MAGIC = "pagu_log_export"


def _payload_fields(state: bytes | None) -> dict[str, Any]:
    if state is None:
        return {"payload": None}
    try:
        return {"payload": state.decode("utf-8")}
    except UnicodeDecodeError:
        return {"payload_base64": base64.b64encode(state).decode("ascii")}


def _payload_bytes(record: dict[str, Any]) -> bytes | None:
    if record.get("payload_base64") is not None:
        return base64.b64decode(record["payload_base64"])
    text = record.get("payload")
    return None if text is None else str(text).encode("utf-8")


def _line(out: IO[str], record: dict[str, Any]) -> None:
    out.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")


# The longest line of an export read back (an event's payload; the largest, a
# document's import record with its findings, is tens of kilobytes).
MAX_LINE_CHARS = 64 * 1024 * 1024


@dataclass
class Exported:
    links: int = 0
    orphans: int = 0
    head: Digest | None = None


def write_export(reader: StoreReader, path: Path) -> Exported:
    """Write the store's log to `path` (all of it, as it is now, damaged or not), by way
    of `path.partial`: a failed write (no such folder, no permission, a full disk)
    leaves no file behind and says why."""
    from ledger.outputs import output_file

    partial = path.with_name(path.name + ".partial")
    if path.is_dir():
        raise InvalidInput(
            _("cannot write {path}: it is a directory; give a file name").format(path=path)
        )
    output_file(path, reader.location)
    output_file(partial, reader.location)
    try:
        done = _write(reader, partial)
        partial.replace(path)
    except OSError as problem:
        partial.unlink(missing_ok=True)
        where = problem.filename or partial
        raise InvalidInput(
            _("cannot write {where}: {reason}").format(
                where=where, reason=problem.strerror or problem
            )
        ) from None
    return done


def _write(reader: StoreReader, partial: Path) -> Exported:
    done = Exported()
    with partial.open("w", encoding="utf-8", newline="\n") as out:
        _line(
            out,
            {
                MAGIC: 1,
                "encoding": FORMAT,
                "backend": reader.location.backend,
                "source": reader.location.display(),
                "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
            },
        )
        for number, stream, version, topic, state in reader.orphan_records():
            _line(
                out,
                {
                    "linked": False,
                    "position": number,
                    "stream": stream,
                    "version": version,
                    "topic": topic,
                    **_payload_fields(state),
                },
            )
            done.orphans += 1
        for position, stream, version, topic, at, state, e_hash, c_hash in reader.records():
            try:
                event_id = str(event_id_of(UUID(stream), version))
            except ValueError:
                event_id = None
            _line(
                out,
                {
                    "position": position,
                    "event_id": event_id,
                    "stream": stream,
                    "version": version,
                    "topic": topic,
                    "recorded_at": at,
                    **_payload_fields(None if state is None else bytes(state)),
                    "event_hash": e_hash,
                    "chain_hash": c_hash,
                },
            )
            done.links += 1
            done.head = Digest(position, c_hash)
        _line(
            out,
            {
                "end": True,
                "links": done.links,
                "orphans": done.orphans,
                "head": None if done.head is None else str(done.head),
            },
        )
    return done


@dataclass
class ExportReader:
    """Reads an exported log back as links, streaming; no database involved."""

    path: Path
    backend: str = "sqlite"
    orphans: list[Orphan] = field(default_factory=list)
    end: dict[str, Any] | None = None
    # what is wrong with the file itself, once read: (line number, what)
    problem: tuple[int, str] | None = None
    _first_link: dict[str, Any] | None = None
    _handle: IO[str] | None = None
    _line_no: int = 0

    def open(self) -> ExportReader:
        try:
            self._handle = self.path.open(encoding="utf-8")
        except OSError as problem:
            raise InvalidInput(
                _("cannot read {path}: {strerror}").format(
                    path=self.path, strerror=problem.strerror
                )
            ) from None
        header = self._next()
        if header is None or header.get(MAGIC) != 1:
            raise InvalidInput(
                _("{path} is not a log exported by `pagu export-log`").format(path=self.path)
            )
        if header.get("encoding") != FORMAT:
            raise InvalidInput(
                _("{path}: unknown encoding {get!r}").format(
                    path=self.path, get=header.get("encoding")
                )
            )
        self.backend = str(header.get("backend", "sqlite"))
        while (record := self._next()) is not None and record.get("linked") is False:
            self.orphans.append(
                Orphan(int(record["position"]), str(record["stream"]), int(record["version"]))
            )
        self._first_link = record
        return self

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()

    def _next(self) -> dict[str, Any] | None:
        assert self._handle is not None
        try:
            # bounded, so that a file with no line breaks (/dev/zero) cannot fill memory
            text = self._handle.readline(MAX_LINE_CHARS + 1)
        except UnicodeDecodeError:
            raise InvalidInput(
                _(
                    "{path}, line {line_no}: not UTF-8 text (is it a log exported by `pagu "
                    "export-log`?)"
                ).format(path=self.path, line_no=self._line_no + 1)
            ) from None
        except OSError as problem:
            raise InvalidInput(
                _("cannot read {path}: {strerror}").format(
                    path=self.path, strerror=problem.strerror
                )
            ) from None
        if not text:
            return None
        self._line_no += 1
        if len(text) > MAX_LINE_CHARS:
            raise InvalidInput(
                _("{path}, line {line_no}: too long for a log record").format(
                    path=self.path, line_no=self._line_no
                )
            )
        try:
            record = json.loads(text)
        except ValueError:
            raise InvalidInput(
                _("{path}, line {line_no}: not JSON").format(path=self.path, line_no=self._line_no)
            ) from None
        if not isinstance(record, dict):
            raise InvalidInput(
                _("{path}, line {line_no}: not a JSON object").format(
                    path=self.path, line_no=self._line_no
                )
            )
        return record

    def links(self, rules: Invariants | None = None) -> Generator[Link, None, None]:
        """The links up to the end line; then the rest of the file must be empty. A
        line that is not a record stops the links there (`problem` says why). `rules`,
        when given, is fed each link (the domain rules, checked in the same pass)."""
        record = self._first_link
        try:
            while record is not None:
                if record.get("end") is True:
                    self.end = record
                    self._after_end()
                    return
                link = self._link(record)
                if rules is not None:
                    rules.feed(
                        (link.position, link.stream, link.version, link.topic,
                         link.recorded_at, _payload_bytes(record))
                    )  # fmt: skip
                yield link
                record = self._next()
        except InvalidInput as problem:
            self.problem = (self._line_no, str(problem).split(": ", 1)[-1])
            return
        self.problem = (self._line_no + 1, _("the file has no end line: it was cut short"))

    def _after_end(self) -> None:
        assert self._handle is not None
        for text in self._handle:
            self._line_no += 1
            if text.strip():
                self.problem = (
                    self._line_no,
                    _(
                        "something follows the end line (an event appended to the file, or a "
                        "second end line)"
                    ),
                )
                return

    def _link(self, record: dict[str, Any]) -> Link:
        try:
            state = _payload_bytes(record)
            payload = None if state is None else payload_hash(state)
            topic = str(record["topic"])
            return Link(
                int(record["position"]),
                str(record["stream"]),
                int(record["version"]),
                topic,
                str(record["recorded_at"]),
                payload or "",
                str(record["event_hash"]),
                str(record["chain_hash"]),
                topic if state is not None else None,
                payload,
            )
        except (KeyError, TypeError, ValueError) as problem:
            raise InvalidInput(
                _("line {line_no}: not a log record ({problem})").format(
                    line_no=self._line_no, problem=problem
                )
            ) from None

    def line_of(self, stream: str) -> LineRef | None:
        """The budget line of a stream, from its LineRegistered in the file."""
        with self.path.open(encoding="utf-8", errors="replace") as handle:
            for text in handle:
                if stream not in text:
                    continue
                try:
                    record = json.loads(text)
                except ValueError:
                    continue
                if not isinstance(record, dict):
                    continue
                if record.get("stream") == stream and record.get("version") == 1:
                    state = _payload_bytes(record)
                    return None if state is None else line_from_payload(state)
        return None
