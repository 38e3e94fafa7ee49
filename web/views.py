"""Each view a page shows, built by the function its `pagu` command calls, with the
command line that prints the same thing: a download of a view is byte for byte what
that command writes with `--format csv|json` (`cli.output.render`)."""

from __future__ import annotations

import shlex
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from events.errors import InvalidInput
from events.i18n import _
from web.store import Asked, Store, budget_of, text_param, time_point

if TYPE_CHECKING:
    from projections.readmodel import Connection
    from projections.report import Report
    from projections.timepoint import TimePoint
    from projections.views.audit import AuditFilter
    from projections.views.seen import Seen


@dataclass
class Question:
    """One request's question: its connection and URL; the budget and the time point
    resolved once, when first needed (as the CLI resolves --skpd/--year and the clocks)."""

    conn: Connection
    wanted: Asked
    params: Any
    _budget: tuple[str, int] | None = None
    _point: TimePoint | None = None
    store: Store | None = None

    @property
    def budget(self) -> tuple[str, int]:
        if self._budget is None:
            held = self.store.budgets(self.conn) if self.store is not None else None
            self._budget = budget_of(self.conn, self.wanted, held)
        return self._budget

    @property
    def point(self) -> TimePoint:
        if self._point is None:
            self._point = time_point(self.conn, self.wanted)
        return self._point

    @property
    def seen(self) -> Seen:
        """The connection at the time point asked for, as a view is asked it."""
        from projections.views.seen import Seen

        return Seen(self.conn, self.point)

    def text(self, name: str, limit: int = 200) -> str | None:
        return text_param(self.params, name, limit)


@dataclass
class Built:
    """A view, built when its rows are first asked for (a page that only links to a
    download needs its command, not its rows)."""

    make: Callable[[], Report]
    argv: list[str] | None  # the pagu command printing the same rows (None: no command)
    _report: Report | None = field(default=None, repr=False)

    @property
    def report(self) -> Report:
        if self._report is None:
            self._report = self.make()
        return self._report

    def command(self, fmt: str) -> str | None:
        return None if self.argv is None else shlex.join(["pagu", *self.argv, "--format", fmt])


def time_argv(wanted: Asked) -> list[str]:
    found = ["--as-of", wanted.as_of] if wanted.as_of else []
    return found + (["--effective", wanted.effective] if wanted.effective else [])


def budget_argv(q: Question) -> list[str]:
    return ["--skpd", q.budget[0], "--year", str(q.budget[1]), *time_argv(q.wanted)]


def quarter_of(q: Question) -> Any:
    from events.periods import Quarter

    raw = q.text("quarter", 12)
    return Quarter.parse(raw) if raw else None


def _stage(q: Question, name: str) -> Any:
    from events.periods import Stage

    raw = q.text(name, 20)
    return Stage.parse(raw) if raw else None


def kode_of(q: Question) -> Any:
    from events.codes import Kode

    raw = q.text("kode", 40)
    if not raw:
        raise InvalidInput(_("kode: which line? (kode=1.06.04.2.01.05)"))
    return Kode.parse(raw)


def overview(q: Question) -> Built:
    from projections.views.overview import budget_overview

    return Built(lambda: budget_overview(q.conn, q.point, q.budget), None)


def compare(q: Question) -> Built:
    from projections.views.compare import compare_report

    return Built(lambda: compare_report(q.seen, q.budget), ["compare", *budget_argv(q)])


def apbd(q: Question) -> Built:
    from projections.views.apbd import apbd_report

    stage = _stage(q, "stage")
    extra = ["--stage", stage.value] if stage else []
    return Built(
        lambda: apbd_report(q.seen, q.budget, stage=stage),
        ["apbd", *extra, *budget_argv(q)],
    )


def realization(q: Question) -> Built:
    from events.periods import Stage
    from projections.views.realization import realization_report

    quarter, basis = quarter_of(q), _stage(q, "basis") or Stage.PERUBAHAN
    extra = ["--quarter", str(quarter.value)] if quarter else []
    return Built(
        lambda: realization_report(q.seen, q.budget, quarter=quarter, basis=basis),
        ["realization", *extra, "--basis", basis.value, *budget_argv(q)],
    )


def evaluate(q: Question) -> Built:
    from projections.views.evaluate import evaluate_report

    quarter = quarter_of(q)
    extra = ["--quarter", str(quarter.value)] if quarter else []
    return Built(
        lambda: evaluate_report(q.seen, q.budget, quarter=quarter),
        ["evaluate", *extra, *budget_argv(q)],
    )


def spm(q: Question) -> Built:
    from projections.views.spm import spm_report

    return Built(lambda: spm_report(q.seen, q.budget), ["spm", *budget_argv(q)])


def why(q: Question) -> Built:
    from projections.views.why import why_report

    kode, field_name = kode_of(q), q.text("field", 20) or "pagu"
    return Built(
        lambda: why_report(q.conn, q.budget[0], q.budget[1], kode, field_name, q.point),
        ["why", kode.text, "--field", field_name, *budget_argv(q)],
    )


def history(q: Question) -> Built:
    from projections.views.history import history_report

    kode = kode_of(q)
    return Built(
        lambda: history_report(q.conn, q.budget[0], q.budget[1], kode, q.point),
        ["history", kode.text, *budget_argv(q)],
    )


def audit_filter(q: Question) -> tuple[AuditFilter, list[str]]:
    """The trail's filters from the URL, as `pagu audit`'s options read them. The page's
    `as_of` is the trail's `until` (the earlier of the two when both are given); its
    `effective` does not apply: the trail is what the ledger learned, in that order."""
    from events.periods import parse_timestamp
    from projections.views.audit import AuditFilter

    since, until = q.text("since", 64), q.text("until", 64)
    as_of = q.wanted.as_of
    if as_of and (until is None or parse_timestamp(as_of) < parse_timestamp(until)):
        until = as_of
    actor, stage, kode = q.text("actor"), q.text("stage", 20), q.text("kode", 40)
    kinds = [kind for kind in q.params.getlist("kind") if kind.strip()][:20]
    chosen = AuditFilter.asked(
        since=since, until=until, actor=actor, stage=stage, kode=kode, kinds=kinds
    )
    argv: list[str] = []
    for option, value in (
        ("--since", since),
        ("--until", until),
        ("--actor", actor),
        ("--stage", chosen.stage),
        ("--kode", chosen.kode),
    ):
        if value:
            argv += [option, value]
    for kind in kinds:
        argv += ["--kind", kind]
    if q.wanted.skpd or q.wanted.tahun is not None:
        chosen.budget = q.budget
        argv += ["--skpd", q.budget[0], "--year", str(q.budget[1])]
    return chosen, argv


def audit(q: Question) -> Built:
    from projections.views.audit import audit_report

    chosen, argv = audit_filter(q)
    return Built(lambda: audit_report(q.conn, chosen), ["audit", *argv])


def documents(q: Question) -> Built:
    from projections.views.bundle import documents_of
    from projections.views.documents import documents_report

    if not q.wanted.as_of:
        return Built(lambda: documents_report(q.conn), ["documents"])

    def known_then() -> Report:
        # `pagu documents` has no --as-of: keep the documents recorded by then, as
        # `pagu export --as-of` does for its Dokumen sheet
        report = documents_report(q.conn)
        held = {(row["skpd"], row["tahun"]) for row in report.rows}
        known = {sha for budget in held for sha in documents_of(q.conn, q.point, budget)}
        report.rows = [row for row in report.rows if row["sha256"] in known]
        report.notes.append(q.point.describe())
        return report

    return Built(known_then, None)


def findings(q: Question) -> Built:
    from projections.views.documents import findings_report

    document = q.text("document", 64)
    return Built(
        lambda: findings_report(q.conn, document),
        ["findings", *(["--document", document] if document else [])],
    )


VIEWS: dict[str, Callable[[Question], Built]] = {
    "overview": overview,
    "compare": compare,
    "apbd": apbd,
    "realization": realization,
    "evaluate": evaluate,
    "spm": spm,
    "why": why,
    "history": history,
    "audit": audit,
    "documents": documents,
    "findings": findings,
}
