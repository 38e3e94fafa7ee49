"""`pagu history KODE [--tree]`: every event of a line (and of its children), oldest
first, corrected ones marked."""

from __future__ import annotations

from sqlalchemy import Connection

from events.codes import Kode
from events.i18n import _
from projections import schema
from projections.report import Report
from projections.state import line_and_family
from projections.timepoint import TimePoint
from projections.views.trail import events_counted, trail_columns, trail_query, trail_rows, within


def history_report(
    conn: Connection, skpd: str, tahun: int, kode: Kode, point: TimePoint, *, tree: bool = False
) -> Report:
    subject, _family = line_and_family(conn, point, skpd, tahun, kode)
    e = schema.event
    query = trail_query(point).where(e.c.skpd == skpd, e.c.tahun == tahun)
    if tree:
        query = query.where(within(e.c.kode, kode.text))
    else:
        query = query.where(e.c.line_id == subject.line_id)
    rows = trail_rows(conn, query)
    corrected = sum(1 for row in rows if row["corrected"])
    notes = [
        point.describe(),
        events_counted(rows),
    ]
    if corrected:
        notes.append(
            _("{corrected} corrected: kept here, no longer counted in views").format(
                corrected=corrected
            )
        )
    scope = " dan turunannya" if tree else ""
    return Report(
        title=f"Riwayat {subject.kode} {subject.nama}{scope}",
        columns=trail_columns(with_kode=tree),
        rows=rows,
        notes=notes,
    )
