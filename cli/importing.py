"""pagu import FILE: record a Renja Perubahan document and reconcile it."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import click

from cli.context import (
    YEAR,
    actor_option,
    db_option,
    open_ledger,
    plain_format_option,
    resolve_actor,
    zone_option,
)
from cli.output import dumps
from cli.safe import clean_cell as clean
from events.i18n import _, ngettext, translate_recorded


@click.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show what would be recorded; write nothing.")
@plain_format_option("Report format.")
@click.option("--skpd", default=None, help="SKPD name, only when the document does not state it.")
@click.option("--year", "tahun", type=YEAR, default=None, help="Fiscal year, only when not stated.")
@zone_option
@actor_option
@db_option
def import_command(
    file: Path,
    dry_run: bool,
    fmt: str,
    skpd: str | None,
    tahun: int | None,
    tz: str | None,
    actor: str | None,
    db: str | None,
) -> None:
    """Import a Renja Perubahan document (tab-separated tables in text).

    Records every program, kegiatan and sub kegiatan of the APBD-P table (BAB III) with
    its murni and revised values, the evaluation (Tabel 1), the SPM (Tabel 2) and the
    Dinas's realization, then prints a reconciliation report: every place where the
    document disagrees with itself. Importing the same document again adds nothing; a
    later document adds only what changed. All or nothing: a broken document writes
    nothing and says where it broke.
    """
    from cli.context import bring_up_to_date
    from cli.progress import progress_bar

    # The document is read first: a file that cannot be read (missing, a directory,
    # not text) or parsed is refused before any store is opened, so nothing is created.
    from events.clock import parse_zone
    from ledger.describe import describe
    from ledger.importer import import_document
    from ledger.importer.document import read_document
    from ledger.storage import StoreLocation

    zone = parse_zone(tz) if tz is not None else None
    exists = StoreLocation.parse(db).exists()
    doc = read_document(file, skpd=skpd, tahun=tahun)
    # A dry run never creates a store: on a new one it plans against an empty ledger.
    ledger = open_ledger(db, create=True) if (exists or not dry_run) else None
    try:
        with progress_bar("Membaca baris anggaran") as progress:
            result = import_document(
                ledger,
                file,
                actor=resolve_actor(actor),
                dry_run=dry_run,
                skpd=skpd,
                tahun=tahun,
                progress=progress,
                doc=doc,
            )
        notes = list(ledger.notes) if ledger is not None else []
    finally:
        if ledger is not None:
            ledger.close()
    for note in notes:
        click.echo(f"note: {note}", err=True)
    if not dry_run:
        from ledger.settings import keep_zone

        keep_zone(StoreLocation.parse(db), zone, resolve_actor(actor))
    if result.written:
        # Bring the views up to date now, so that readers (who may not write the read
        # model) see the new facts at once.
        from cli.context import open_read_model

        read_model = open_read_model(db)
        try:
            with progress_bar("Memperbarui tampilan") as progress:
                bring_up_to_date(read_model, len(result.events), progress)
        finally:
            read_model.close()
    doc = result.doc
    kinds = Counter(type(e).__name__ for e in result.events)
    if fmt == "json":
        payload: dict[str, Any] = {
            "document": {
                "file": str(file),
                "sha256": doc.sha256,
                "title": doc.title,
                "skpd": doc.skpd,
                "tahun": doc.tahun,
                "date": doc.date.isoformat(),
            },
            "dry_run": dry_run,
            "written": result.written,
            "lines": dict(result.lines_by_level),
            "events": {"count": len(result.events), "by_kind": dict(kinds)},
            "findings": [f.as_dict() for f in result.findings],
        }
        if dry_run:
            payload["planned"] = [
                {"kind": type(e).__name__, "description": describe(e)} for e in result.events
            ]
        click.echo(dumps(payload))
        return
    levels = result.lines_by_level
    # The document's words and the file's name are not pagu's: shown safe (cli.safe).
    click.echo(
        _("Document: {title} ({date})").format(title=clean(doc.title), date=doc.date.isoformat())
    )
    click.echo(
        _("File    : {file} (sha256 {sha256})").format(
            file=clean(str(file)), sha256=doc.sha256[:16]
        )
    )
    click.echo(
        _(
            "Contents: {program} program, {kegiatan} kegiatan, {sub_kegiatan} sub kegiatan; "
            "Tabel 1: {evaluation} rows; Tabel 2: {spm} SPM indicators"
        ).format(
            program=levels["program"],
            kegiatan=levels["kegiatan"],
            sub_kegiatan=levels["sub_kegiatan"],
            evaluation=len(doc.evaluation_rows),
            spm=len(doc.spm_rows),
        )
    )
    if not result.events:
        click.echo(_("Events  : nothing new; the ledger already holds everything in this document"))
    else:
        verb = _("would be recorded (dry run, nothing written)") if dry_run else _("recorded")
        click.echo(_("Events  : {count} {verb}").format(count=len(result.events), verb=verb))
        for kind, count in sorted(kinds.items()):
            click.echo(f"          {count:5d} {kind}")
    if dry_run and result.events:
        kode_of = _codes_by_stream(doc)
        click.echo(_("\nWould record:"))
        for line_event in result.events:
            kode = kode_of.get(line_event.originator_id, str(doc.urusan))
            click.echo(f"  {kode:<16} {type(line_event).__name__}: {clean(describe(line_event))}")
    click.echo(
        ngettext(
            "\nReconciliation report ({count} finding):",
            "\nReconciliation report ({count} findings):",
            len(result.findings),
        ).format(count=len(result.findings))
    )
    if not result.findings:
        click.echo(_("  the document agrees with itself everywhere"))
    for finding in result.findings:
        where = _("line {line_no}").format(line_no=finding.line_no) if finding.line_no else ""
        # recorded in English (the record's language), shown in the one in use
        message = translate_recorded(finding.message)
        click.echo(f"  [{finding.kind}] {where}: {clean(message)}")


def _codes_by_stream(doc: Any) -> dict[Any, str]:
    from ledger.line import line_id

    return {
        line_id(doc.skpd, doc.tahun, row.kode): str(row.kode)
        for row in doc.budget_rows
        if row.kode is not None
    }
