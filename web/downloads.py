"""Downloads: each view's CSV and JSON exactly as its command prints them, the Excel
workbook of `pagu export xlsx`, the HTML report of `pagu report`, and `pagu verify`'s
JSON."""

from __future__ import annotations

import json
import re
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from events.errors import InvalidInput
from events.i18n import _
from web import views
from web.page import question, store_of
from web.store import text_param

TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html; charset=utf-8",
}
# the report's own policy: its style is inline, and it loads nothing
REPORT_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"


def _file_name(*parts: object) -> str:
    """An ASCII file name from its parts (an SKPD's name, a year, a view)."""
    text = "-".join(str(part) for part in parts if part not in (None, ""))
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-")[:120] or "pagu"


def _attachment(body: bytes | str, name: str, fmt: str, **headers: str) -> Response:
    return Response(
        body,
        media_type=TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"', **headers},
    )


def download(request: Request) -> Response:
    view, _dot, fmt = str(request.path_params["name"]).rpartition(".")
    if (view, fmt) == ("workbook", "xlsx"):
        return workbook(request)
    if (view, fmt) == ("report", "html"):
        return report(request)
    if (view, fmt) == ("verify", "json"):
        return verification(request)
    if view not in views.VIEWS or fmt not in ("csv", "json"):
        raise HTTPException(404, _("no download {name!r}").format(name=request.path_params["name"]))
    from cli.output import render

    with question(request) as q:
        wanted = q.wanted
        built = views.VIEWS[view](q)
        body = render(built.report, fmt) + "\n"  # what the command prints, newline and all
        budget = q._budget
    extra = (q.text("kode", 40), q.text("field", 20)) if view in ("why", "history") else ()
    name = _file_name(view, *(budget or ()), *extra, wanted.as_of, wanted.effective)
    return _attachment(body, name, fmt)


def workbook(request: Request) -> Response:
    """`pagu export xlsx`: every view of the budget, a sheet each."""
    from cli.xlsx import Sheet, write_workbook
    from projections.views.bundle import every_view

    with question(request) as q:
        wanted, conn = q.wanted, q.conn
        budget, exported = q.budget, every_view(conn, q.point, q.budget)
    with tempfile.TemporaryDirectory(prefix="pagu-serve-") as directory:
        target = Path(directory) / "workbook.xlsx"
        write_workbook(
            target,
            [Sheet(view.sheet, view.report, view.rollups) for view in exported],
            title=f"{budget[0]} Tahun {budget[1]}",
        )
        body = target.read_bytes()
    return _attachment(body, _file_name(*budget, wanted.as_of, wanted.effective), "xlsx")


def report(request: Request) -> Response:
    """`pagu report`: refused on a damaged ledger; without `as_of`, the figures of
    exactly the events the digest covers (as the command does)."""
    from cli.htmlreport import render_page
    from projections.views.summary import summary

    verdict = store_of(request).verdict()
    if verdict.damage is not None:
        raise InvalidInput(
            _("refusing to report on a damaged ledger: {describe}").format(
                describe=verdict.damage.describe()
            )
        )
    if verdict.head is None:
        raise InvalidInput(_("the ledger holds no events yet: there is nothing to report"))
    with question(request) as q:
        wanted = q.wanted
        figures = summary(q.conn, q.point.pinned(verdict.head.position), q.budget)
        budget = q.budget
    page = render_page(figures, verdict, generated=datetime.now(UTC))
    name = _file_name("laporan", *budget, wanted.as_of, wanted.effective)
    return _attachment(page, name, "html", **{"Content-Security-Policy": REPORT_POLICY})


def verification(request: Request) -> Response:
    """`pagu verify --format json [--digest D [--closed]]`."""
    digest = text_param(request.query_params, "digest", 100)
    closed = request.query_params.get("closed") in ("1", "on", "true")
    verdict = store_of(request).verdict(digest, closed and bool(digest))
    body = json.dumps(verdict.as_dict(), indent=2, ensure_ascii=False) + "\n"
    return _attachment(body, "verify", "json")
