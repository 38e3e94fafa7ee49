"""The budget pages: every budget, one budget's tree, its evaluation and its SPM."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from web import views
from web.page import budget_page, budget_params, question, render, store_of, view_downloads
from web.store import Store, asked, int_param

PER_PAGE = 10  # budgets on a page of the index: each is four views' totals


def index(request: Request) -> Response:
    """Every SKPD × year in the ledger with its totals."""
    wanted = asked(request.query_params)
    number = max(1, int_param(request.query_params, "page") or 1)
    with store_of(request).connect() as conn:
        q = views.Question(conn, wanted, request.query_params, store=store_of(request))
        point = q.point
        store = store_of(request)
        held = [b for b in store.budgets(conn) if wanted.tahun is None or b[1] == wanted.tahun]
        pages = max(1, -(-len(held) // PER_PAGE))
        number = min(number, pages)
        rows = page_of(store, conn, point, held, number)
    return render(
        request,
        "budgets.html",
        title="Anggaran",
        wanted=wanted,
        point=point,
        rows=rows,
        page_number=number,
        pages=pages,
        count=len(held),
    )


def page_of(
    store: Store, conn: Any, point: Any, held: list[tuple[str, int]], number: int
) -> list[dict[str, Any]]:
    """The totals of the budgets on page `number` of the index."""
    shown = held[(number - 1) * PER_PAGE : number * PER_PAGE]
    return [totals(store, conn, point, budget) for budget in shown]


def warm_up(store: Store) -> None:
    """The index's first page as it stands now, worked out ahead of the first visit
    (each budget costs four views; the answers are remembered until the log moves)."""
    from projections.timepoint import NOW

    with store.connect() as conn:
        page_of(store, conn, NOW, store.budgets(conn), 1)


def totals(store: Any, conn: Any, point: Any, budget: tuple[str, int]) -> dict[str, Any]:
    """A budget's totals, remembered while the read model stays where it is."""
    from projections.views.overview import budget_totals

    found: dict[str, Any] = store.remembered(
        ("totals", point.position, point.effective, budget),
        lambda: budget_totals(conn, point, budget),
    )
    return found


@dataclass
class Node:
    """A row of the budget tree and the rows under it."""

    row: dict[str, Any]
    children: list[Node] = field(default_factory=list)


def tree(rows: list[dict[str, Any]]) -> tuple[list[Node], list[dict[str, Any]]]:
    """Program → kegiatan → sub kegiatan from rows in code order (a code's parent is
    its prefix), and the total row(s) apart."""
    roots: list[Node] = []
    stack: list[Node] = []
    totals = []
    for row in rows:
        if row.get("level") in ("total", "subtotal") or not row.get("kode"):
            totals.append(row)
            continue
        node = Node(row)
        kode = str(row["kode"])
        while stack and not kode.startswith(str(stack[-1].row["kode"]) + "."):
            stack.pop()
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)
    return roots, totals


def budget(request: Request) -> Response:
    with question(request) as q:
        wanted = q.wanted
        built = views.overview(q)
        report = built.report
        sources = [
            (views.compare(q), "compare", "APBD-P (BAB III)"),
            (views.apbd(q), "apbd", "APBD berlaku"),
            (views.realization(q), "realization", "Realisasi"),
        ]
        chosen, point = q.budget, q.point
    params = budget_params(chosen, wanted)
    downloads = view_downloads(request, "overview", built, "Tabel ini", params)
    for source, name, label in sources:
        downloads += view_downloads(request, name, source, label, params)
    roots, totals = tree(report.rows)
    expand = request.query_params.get("open") == "all"
    return budget_page(
        request,
        "budget.html",
        wanted,
        point,
        chosen,
        report,
        downloads,
        roots=roots,
        totals=totals,
        expand=expand,
    )


def _table_page(request: Request, view: str, template: str, nav: str) -> Response:
    with question(request) as q:
        wanted = q.wanted
        built = views.VIEWS[view](q)
        report = built.report
        chosen, point = q.budget, q.point
    params = budget_params(chosen, wanted)
    if request.query_params.get("quarter"):
        params["quarter"] = request.query_params["quarter"]
    downloads = view_downloads(request, view, built, report.title, params)
    return budget_page(request, template, wanted, point, chosen, report, downloads, nav=nav)


def evaluate(request: Request) -> Response:
    return _table_page(request, "evaluate", "evaluate.html", "evaluate")


def spm(request: Request) -> Response:
    return _table_page(request, "spm", "table.html", "spm")
