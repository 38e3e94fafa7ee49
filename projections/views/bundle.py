"""Every view of one budget at one point in time, for `pagu export` (a workbook, or a
directory of CSV or JSON files): the same Reports the view commands print, built by the
same functions, each with the sheet name and file name it is exported under.

Nothing is computed here: a view that disagrees with its command would be a bug in
exactly one place, the view.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, select

from events.i18n import _
from events.periods import Stage
from projections import schema
from projections.report import Report
from projections.state import Budget
from projections.timepoint import TimePoint
from projections.views.apbd import apbd_report
from projections.views.audit import AuditFilter, audit_report
from projections.views.compare import compare_report
from projections.views.documents import documents_report, findings_report
from projections.views.evaluate import evaluate_report
from projections.views.evaluation_form import form_report
from projections.views.realization import realization_report
from projections.views.seen import Seen
from projections.views.spm import spm_report

BUDGET_TREE = frozenset({"program", "kegiatan", "urusan", "total"})  # sums, set apart
TOTAL_ONLY = frozenset({"total"})
NONE: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ExportedView:
    sheet: str  # the worksheet's name (Excel allows 31 characters)
    stem: str  # the file name without its extension, for CSV and JSON
    report: Report
    rollups: frozenset[str] = BUDGET_TREE  # row levels that are sums of the rows below


def every_view(
    conn: Connection, point: TimePoint, budget: Budget, *, show_printed: bool = False
) -> list[ExportedView]:
    """APBD murni, the APBD-P comparison (BAB III), the evaluation (Tabel 1), the
    realization, the SPM (Tabel 2), the documents imported with each one's
    reconciliation findings, and the audit trail, in that order."""
    seen = Seen(conn, point, show_printed=show_printed)
    views = [
        ExportedView("APBD Murni", "apbd-murni", apbd_report(seen, budget, stage=Stage.MURNI)),
        ExportedView("APBD-P (BAB III)", "apbd-perubahan", compare_report(seen, budget)),
        ExportedView("Evaluasi (Tabel 1)", "evaluasi", evaluate_report(seen, budget)),
        ExportedView(
            "Evaluasi Renja (E.81)", "evaluasi-renja", form_report(seen, budget), TOTAL_ONLY
        ),
        ExportedView("Realisasi", "realisasi", realization_report(seen, budget)),
        ExportedView("SPM (Tabel 2)", "spm", spm_report(seen, budget), TOTAL_ONLY),
    ]
    documents = documents_of(conn, point, budget)
    if documents:
        listing = documents_report(conn)
        listing.rows = [row for row in listing.rows if row["sha256"] in documents]
        views.append(ExportedView("Dokumen", "dokumen", listing, NONE))
    for number, sha256 in enumerate(documents, start=1):
        several = len(documents) > 1
        views.append(
            ExportedView(
                f"Temuan {number} ({sha256[:8]})" if several else "Temuan Rekonsiliasi",
                f"temuan-{sha256[:12]}" if several else "temuan",
                findings_report(conn, sha256),
                NONE,
            )
        )
    # The trail is what the ledger learned, in recorded order: --as-of is its --until,
    # and --effective does not apply (a late, back-dated entry is part of the story).
    trail = audit_report(conn, AuditFilter(until=point.as_of, budget=budget))
    if point.effective is not None:
        trail.notes.append(_("every event recorded is listed, whatever its effective date"))
    views.append(ExportedView("Jejak Audit", "jejak-audit", trail, NONE))
    for view in views:
        if not view.report.rows:
            view.report.notes.append(_("nothing recorded or in force at this point in time"))
    return views


def documents_of(conn: Connection, point: TimePoint, budget: Budget) -> list[str]:
    """The SHA-256 of each document imported into this budget by the point, in order."""
    d, e = schema.document, schema.event
    query = (
        select(d.c.sha256)
        .join(e, e.c.position == d.c.position)
        .where(e.c.skpd == budget[0], e.c.tahun == budget[1])
        .order_by(d.c.position)
    )
    if point.position is not None:
        query = query.where(d.c.position <= point.position)
    return list(conn.execute(query).scalars())
