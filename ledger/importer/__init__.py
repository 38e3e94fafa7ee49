"""Importing a Renja Perubahan document: parse, reconcile, plan, save (all or nothing)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from events.errors import InvalidInput
from events.i18n import _
from events.line import LineEvent
from events.text import plain_text
from ledger.importer.document import DocumentError, read_document
from ledger.importer.model import ParsedDocument
from ledger.importer.plan import DocumentPlan, pending_events
from ledger.importer.reconcile import Finding, reconcile
from ledger.service import Ledger

__all__ = ["DocumentError", "ImportResult", "import_document"]


@dataclass
class ImportResult:
    doc: ParsedDocument
    findings: list[Finding]
    events: list[LineEvent]
    written: bool
    lines_by_level: Counter[str] = field(default_factory=Counter)


def import_document(
    ledger: Ledger | None,
    path: Path,
    *,
    actor: str,
    dry_run: bool = False,
    skpd: str | None = None,
    tahun: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    doc: ParsedDocument | None = None,
) -> ImportResult:
    """`progress`, when given, is told how many of the document's lines have been
    loaded from the ledger (done, total) while the import is planned. `doc`: the
    document already read (`read_document`), so that a file that cannot be read is
    refused before any ledger is opened or created."""
    if doc is None:
        doc = read_document(path, skpd=skpd, tahun=tahun)
    who = plain_text(actor)
    if not who:
        raise InvalidInput(
            _("--actor: who records this cannot be blank (got {actor!r})").format(actor=actor)
        )
    actor = who
    findings = reconcile(doc)

    def record() -> list[LineEvent]:
        plan = DocumentPlan(ledger, doc, actor, progress)
        lines = plan.build()
        plan.record_import([f.as_dict() for f in findings], len(pending_events(lines)))
        events = pending_events(lines)
        if not dry_run:
            assert ledger is not None
            ledger.save_lines(lines)
        return events

    events = record() if dry_run or ledger is None else ledger.run(record)
    levels = Counter(row.kode.level.value for row in doc.budget_rows if row.kode)
    return ImportResult(
        doc, findings, events, written=not dry_run and bool(events), lines_by_level=levels
    )
