"""`pagu history KODE [--tree]`: every event of a line (and of its children), oldest
first, corrected ones marked."""

from __future__ import annotations

from sqlalchemy import Connection

from events.clock import zone_label
from events.codes import Kode
from events.errors import InvalidInput
from events.i18n import _, ngettext
from projections import schema
from projections.report import Report
from projections.state import lines_at
from projections.timepoint import TimePoint
from projections.views.trail import (
    ACTOR,
    BASIS,
    CHANGE,
    EFFECTIVE,
    EVENT_ID,
    KIND,
    KODE,
    REASON,
    RECORDED,
    STAGE,
    STATUS,
    trail_query,
    trail_rows,
    within,
)


def history_report(
    conn: Connection, skpd: str, tahun: int, kode: Kode, point: TimePoint, *, tree: bool = False
) -> Report:
    found = lines_at(conn, point, skpd=skpd, tahun=tahun, kode_prefix=kode.text)
    subject = next((line for line in found if line.kode == kode.text), None)
    if subject is None:
        raise InvalidInput(
            _("unknown line {kode} in {skpd} {tahun} ({describe})").format(
                kode=kode, skpd=skpd, tahun=tahun, describe=point.describe()
            )
        )
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
        ngettext(
            "{count} event, recorded times in {zone}",
            "{count} events, recorded times in {zone}",
            len(rows),
        ).format(count=len(rows), zone=zone_label()),
    ]
    if corrected:
        notes.append(
            _("{corrected} corrected: kept here, no longer counted in views").format(
                corrected=corrected
            )
        )
    columns = [RECORDED, EFFECTIVE, STAGE, KIND, CHANGE, ACTOR, REASON, BASIS, EVENT_ID, STATUS]
    if tree:
        columns.insert(2, KODE)
    scope = " dan turunannya" if tree else ""
    return Report(
        title=f"Riwayat {subject.kode} {subject.nama}{scope}",
        columns=columns,
        rows=rows,
        notes=notes,
    )
