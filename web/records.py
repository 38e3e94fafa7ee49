"""The ledger's own pages: the audit trail, the documents imported with their
reconciliation findings, and the integrity of the hash chain."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from web import views
from web.format import href
from web.page import Download, query, question, render, store_of, view_downloads
from web.store import asked, int_param, text_param

PER_PAGE = 100  # events on a page of the trail


def audit(request: Request) -> Response:
    """The trail, filtered as `pagu audit` filters it, a page at a time (by position)."""
    from projections.views.audit import KIND_GROUPS, audit_report

    params = request.query_params
    wanted = asked(params)
    after, before = int_param(params, "after"), int_param(params, "before")
    with store_of(request).connect() as conn:
        q = views.Question(conn, wanted, params, store=store_of(request))
        chosen, _ = views.audit_filter(q)
        report = audit_report(
            conn, chosen, after=after, before=None if after else before, limit=PER_PAGE + 1
        )
        built = views.audit(q)
        budget = q.budget if (wanted.skpd or wanted.tahun is not None) else None
    rows = report.rows
    more = len(rows) > PER_PAGE
    if before and not after:
        rows = rows[1:] if more else rows
        older, newer = more, True
    else:
        rows = rows[:PER_PAGE]
        older, newer = after is not None, more
    here = {k: v for k, v in query(request).items() if k not in ("after", "before")}
    return render(
        request,
        "audit.html",
        title="Jejak Audit",
        wanted=wanted,
        report=report,
        rows=rows,
        described=chosen.describe(),
        budget=budget,
        kinds=list(KIND_GROUPS),
        kinds_chosen=params.getlist("kind"),
        filters={
            name: text_param(params, name) or ""
            for name in ("actor", "stage", "kode", "since", "until")
        },
        previous=href("/audit", here, before=rows[0]["position"]) if older and rows else None,
        next=href("/audit", here, after=rows[-1]["position"]) if newer and rows else None,
        downloads=view_downloads(request, "audit", built, "Jejak audit (semua halaman)", here),
    )


def documents(request: Request) -> Response:
    from projections.views.documents import findings_report

    with question(request) as q:
        wanted, conn = q.wanted, q.conn
        built = views.documents(q)
        listing = built.report
        found = [(row, findings_report(conn, row["sha256"])) for row in listing.rows]
    downloads = view_downloads(request, "documents", built, "Dokumen", wanted.time_params())
    for row, _ in found:
        finding = views.findings(views.Question(conn, wanted, {"document": row["sha256"]}))
        downloads += view_downloads(
            request,
            "findings",
            finding,
            f"Temuan {row['sha256'][:8]}",
            {"document": row["sha256"], **wanted.time_params()},
        )
    return render(
        request,
        "documents.html",
        title=listing.title,
        wanted=wanted,
        point=q._point,
        listing=listing,
        found=found,
        downloads=downloads,
    )


def integrity(request: Request) -> Response:
    """`pagu verify`'s verdict and the head digest; with `digest`, whether the ledger
    still begins with exactly the history the auditor's digest covers."""
    params = request.query_params
    wanted = asked(params)
    digest = text_param(params, "digest", 100)
    closed = params.get("closed") in ("1", "on", "true")
    store = store_of(request)
    verdict = store.verdict(digest, closed and bool(digest))
    asked_params = {"digest": digest, "closed": "1" if closed and digest else None}
    command = ["pagu", "verify", "--format", "json"]
    if digest:
        command += ["--digest", digest, *(["--closed"] if closed else [])]
    import shlex

    return render(
        request,
        "integrity.html",
        title="Integritas Buku Besar",
        wanted=wanted,
        verdict=verdict,
        digest=digest or "",
        closed=closed,
        downloads=[
            Download(
                "Hasil verifikasi (JSON)",
                href("/download/verify.json", asked_params),
                shlex.join(command),
            )
        ],
    )
