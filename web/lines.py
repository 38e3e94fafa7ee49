"""A line's page: why its pagu, target and location are what they are (`pagu why`), its
full history with corrected entries (`pagu history`), its realization per triwulan
(`pagu realization`), its notes, and a timeline of its events to step through."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from events.errors import InvalidInput
from web import views
from web.charts import quarter_chart
from web.format import href
from web.page import Download, budget_files, question, render, view_downloads

FIELDS = (("pagu", "Pagu"), ("target", "Target Kinerja"), ("location", "Lokasi"))


def _quarters(q: views.Question, kode: str) -> list[dict[str, Any]]:
    """The line's realization up to each triwulan recorded so far, as `pagu realization
    --quarter N` gives it (later quarters would only repeat the last one)."""
    from events.periods import Quarter
    from projections.facts import latest_quarter
    from projections.views.realization import realization_report

    last = latest_quarter(q.conn, q.point, q.budget) or 0
    found = []
    for quarter in Quarter:
        row: dict[str, Any] = {}
        if quarter.value <= last:
            report = realization_report(q.seen, q.budget, quarter=quarter)
            row = next((r for r in report.rows if r.get("kode") == kode), {})
        found.append(
            {
                "number": quarter.value,
                "name": quarter.name,
                "recorded": quarter.value <= last,
                "pagu": row.get("pagu"),
                "spent": row.get("spent"),
                "percent": row.get("serapan", row.get("spent_percent")),
                "output": row.get("output"),
                "output_percent": row.get("output_percent"),
                "flags": row.get("flags") or [],
            }
        )
    return found


def _timeline(
    events: list[dict[str, Any]], position: int | None, time: dict[str, str]
) -> dict[str, Any]:
    """Each event with a link to the line as the ledger knew it just after it was
    recorded; which of them the page is at, and the steps before and after."""
    moments: list[str] = []
    for event in events:
        moment = str(event.get("recorded_at") or "")
        if moment and moment not in moments:
            moments.append(moment)
    shown = [e for e in events if position is None or (e.get("position") or 0) <= position]
    current = str(shown[-1].get("recorded_at")) if shown and position is not None else None
    at = moments.index(current) if current in moments else None
    return {
        "events": events,
        "current": current,
        "previous": moments[at - 1] if at is not None and at > 0 else None,
        "next": (
            moments[at + 1]
            if at is not None and at + 1 < len(moments)
            else (moments[0] if position is not None and not shown and moments else None)
        ),
        "effective": time.get("effective"),
    }


def line(request: Request) -> Response:
    from projections.timepoint import NOW
    from projections.views.history import history_report
    from projections.views.why import why_report

    with question(request) as q:
        wanted, conn = q.wanted, q.conn
        kode = views.kode_of(q)
        chosen, point = q.budget, q.point
        everything = history_report(conn, chosen[0], chosen[1], kode, NOW)
        explained, missing = {}, None
        try:
            for name, _ in FIELDS:
                explained[name] = why_report(conn, chosen[0], chosen[1], kode, name, point)
            history = everything if point == NOW else history_report(conn, *chosen, kode, point)
            quarters = _quarters(q, kode.text)
        except InvalidInput as problem:  # not in the budget at this point in time
            missing, history, quarters = str(problem), None, []
        commands = {name: views.why(_with(q, field=name)) for name, _ in FIELDS}
        history_built = views.history(q)
    first = everything.rows[0] if everything.rows else {}
    params = {"skpd": chosen[0], "year": chosen[1], "kode": kode.text, **wanted.time_params()}
    downloads: list[Download] = []
    for name, label in FIELDS:
        downloads += view_downloads(
            request, "why", commands[name], f"Asal-usul {label}", params | {"field": name}
        )
    downloads += view_downloads(request, "history", history_built, "Riwayat", params)
    notes = [row for row in (history.rows if history else []) if row.get("kind") == "NoteAttached"]
    return render(
        request,
        "line.html",
        title=f"{kode.text} {first.get('nama', '')}".strip(),
        wanted=wanted,
        point=point,
        budget=chosen,
        kode=kode.text,
        nama=first.get("nama"),
        level=first.get("level"),
        fields=FIELDS,
        explained=explained,
        missing=missing,
        history=history,
        notes=notes,
        quarters=quarters,
        chart=quarter_chart(quarters) if quarters else None,
        timeline=_timeline(everything.rows, point.position, wanted.time_params()),
        line_href=lambda **more: href(
            "/line", {"skpd": chosen[0], "year": chosen[1], "kode": kode.text, **more}
        ),
        downloads=downloads + budget_files(chosen, wanted),
    )


class _Params(dict[str, str]):
    """Query parameters with some replaced (the form `views` reads them in)."""

    def getlist(self, key: str) -> list[str]:
        return [self[key]] if key in self else []


def _with(q: views.Question, **replaced: str) -> views.Question:
    params = _Params({key: q.params[key] for key in q.params} | replaced)
    return views.Question(q.conn, q.wanted, params, q._budget, q._point, q.store)
