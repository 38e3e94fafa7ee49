"""`pagu documents` and `pagu findings`: the documents imported into the ledger and what
each one's reconciliation report found (kept in the ledger, so it is never lost)."""

from __future__ import annotations

import json

from sqlalchemy import Connection, func, select

from events.errors import InvalidInput
from events.i18n import _, translate_recorded
from projections import schema
from projections.report import Column, Report


def documents_report(conn: Connection) -> Report:
    d, e, f = schema.document, schema.event, schema.finding
    found = (
        select(f.c.document_position, func.count().label("n"))
        .group_by(f.c.document_position)
        .subquery()
    )
    query = (
        select(d, e.c.recorded_at, e.c.actor, e.c.skpd, e.c.tahun, found.c.n)
        .join(e, e.c.position == d.c.position)
        .outerjoin(found, found.c.document_position == d.c.position)
        .order_by(d.c.position)
    )
    rows = []
    for row in conn.execute(query):
        counts = json.loads(row.counts)
        rows.append(
            {
                "kode": "",
                "nama": row.title,
                "level": "document",
                "skpd": row.skpd,
                "tahun": row.tahun,
                "recorded_at": row.recorded_at,
                "actor": row.actor,
                "file_name": row.file_name,
                "document_date": row.document_date,
                "sha256": row.sha256,
                "events": counts.get("events", 0),
                "findings": row.n or 0,
            }
        )
    return Report(
        title="Dokumen yang diimpor",
        columns=[
            Column("recorded_at", "Dicatat"),
            Column("actor", "Oleh"),
            Column("file_name", "Berkas"),
            Column("document_date", "Tanggal Dokumen", "date"),
            Column("sha256", "SHA-256", "hash"),
            Column("events", "Peristiwa Baru", "number"),
            Column("findings", "Temuan", "number"),
        ],
        rows=rows,
    )


def findings_report(conn: Connection, document: str | None = None) -> Report:
    """Findings of one document (a unique prefix of its SHA-256), else of the latest."""
    d, f = schema.document, schema.finding
    documents = conn.execute(
        select(d.c.position, d.c.sha256, d.c.title).order_by(d.c.position)
    ).all()
    if not documents:
        raise InvalidInput(_("no document has been imported into this ledger yet"))
    if document:
        chosen = [doc for doc in documents if doc.sha256.startswith(document.lower().strip())]
        if len(chosen) != 1:
            known = ", ".join(doc.sha256[:12] for doc in documents)
            what = (
                _("{document!r} matches no imported document (known: {known})")
                if not chosen
                else _("{document!r} matches more than one imported document (known: {known})")
            )
            raise InvalidInput(what.format(document=document, known=known))
    else:
        chosen = list(documents[-1:])
    target = chosen[0]
    rows = [
        {
            "kode": row.kode or "",
            "nama": translate_recorded(row.message),
            "level": "finding",
            "kind": row.kind,
            "line_no": row.line_no,
            "printed": row.printed,
            "computed": row.computed,
        }
        for row in conn.execute(
            select(f).where(f.c.document_position == target.position).order_by(f.c.id)
        )
    ]
    return Report(
        title=f"Laporan rekonsiliasi: {target.title}",
        columns=[
            Column("kind", "Jenis"),
            Column("line_no", "Baris", "number"),
            Column("kode", "Kode"),
            Column("nama", "Temuan"),
        ],
        rows=rows,
        notes=[f"sha256 {target.sha256}"],
    )
