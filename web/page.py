"""What every page has: the point in time it answers at (and the control to change it),
whether the read model is behind the log, who is logged in, its downloads."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import HTMLResponse

from web.format import href
from web.store import Asked, Store, asked

if TYPE_CHECKING:
    from projections.timepoint import TimePoint
    from web.views import Built, Question

TIME_KEYS = ("as_of", "effective")
PAGING_KEYS = ("page", "after", "before")


@dataclass(frozen=True)
class Download:
    label: str
    url: str
    command: str | None = None  # the pagu command printing exactly this file


def store_of(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


@contextmanager
def question(request: Request) -> Iterator[Question]:
    """The page's question (its query), on one connection of the app's store."""
    from web.views import Question

    store = store_of(request)
    with store.connect() as conn:
        yield Question(conn, asked(request.query_params), request.query_params, store=store)


def query(request: Request) -> dict[str, str]:
    """The page's query, one value a key (the first), for links that keep it."""
    return {key: request.query_params[key] for key in request.query_params}


def view_downloads(
    request: Request, view: str, built: Built, label: str, params: Mapping[str, Any]
) -> list[Download]:
    """CSV and JSON of one view of the page, with the command each one equals."""
    return [
        Download(
            f"{label} ({fmt.upper()})", href(f"/download/{view}.{fmt}", params), built.command(fmt)
        )
        for fmt in ("csv", "json")
    ]


def budget_params(budget: tuple[str, int], wanted: Asked) -> dict[str, Any]:
    """The query of a page about `budget` at the time point asked for."""
    return {"skpd": budget[0], "year": budget[1], **wanted.time_params()}


def budget_page(
    request: Request,
    template: str,
    wanted: Asked,
    point: TimePoint,
    budget: tuple[str, int],
    report: Any,
    downloads: list[Download],
    **context: Any,
) -> HTMLResponse:
    """A page about one budget's report: the downloads end with the budget's files."""
    return render(
        request,
        template,
        title=report.title,
        wanted=wanted,
        point=point,
        budget=budget,
        report=report,
        downloads=downloads + budget_files(budget, wanted),
        **context,
    )


def budget_files(budget: tuple[str, int], wanted: Asked) -> list[Download]:
    """The budget's Excel workbook (`pagu export xlsx`) and HTML report (`pagu report`)."""
    import shlex

    params = budget_params(budget, wanted)
    argv = ["--skpd", budget[0], "--year", str(budget[1])]
    argv += ["--as-of", wanted.as_of] if wanted.as_of else []
    argv += ["--effective", wanted.effective] if wanted.effective else []
    return [
        Download(
            "Buku kerja Excel (xlsx)",
            href("/download/workbook.xlsx", params),
            shlex.join(["pagu", "export", "xlsx", *argv, "-o", "anggaran.xlsx"]),
        ),
        Download(
            "Laporan HTML",
            href("/download/report.html", params),
            shlex.join(["pagu", "report", *argv, "-o", "laporan.html"]),
        ),
    ]


def render(
    request: Request,
    template: str,
    *,
    title: str,
    wanted: Asked,
    point: TimePoint | None = None,
    downloads: Iterable[Download] = (),
    status: int = 200,
    **context: Any,
) -> HTMLResponse:
    page = request.app.state.env.get_template(template).render(
        title=title,
        wanted=wanted,
        point=point,
        past=wanted.past,
        downloads=list(downloads),
        **_frame(request, store_of(request)),
        **context,
    )
    return HTMLResponse(page, status_code=status)


def _frame(request: Request, store: Store | None) -> dict[str, Any]:
    """What the frame of every page reads besides its title: the query that links and
    the time control keep, the session's user, and the store's name and whether its read
    model is behind (an error page has no query, no store and no notice)."""
    session = request.scope.get("session") or {}
    here = query(request) if store is not None else {}
    return {
        "behind": store.behind() if store is not None else None,
        "hidden": {k: v for k, v in here.items() if k not in TIME_KEYS and k not in PAGING_KEYS},
        "here": here,
        "path": request.url.path,
        "user": session.get("user"),
        "csrf": session.get("csrf"),
        "source": store.display() if store is not None else None,
    }


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    """A refusal or a failure in one sentence (never a traceback)."""
    page = request.app.state.env.get_template("error.html").render(
        title={400: "Permintaan tidak dapat dijawab", 404: "Tidak ditemukan"}.get(
            status, "Kesalahan"
        ),
        status=status,
        message=message,
        wanted=Asked(None, None, None, None),
        downloads=[],
        **_frame(request, None),
    )
    return HTMLResponse(page, status_code=status)
