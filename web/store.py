"""The ledger as the web app sees it: its read model, opened read-only, and what each
request asks for (the budget, the two clocks).

The read model is opened as `cli.context.open_read_model(read_only=True)` opens it, so
nothing a request does can write: a read-only SQLite file (`mode=ro`) or PostgreSQL
sessions whose every transaction is read-only (and a role from `pagu db grant-reader`
works as well). It therefore never catches up by itself: every command that writes
brings it up to date, and a page says so when it answers from a read model behind the
log.
"""

from __future__ import annotations

import contextlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from events.errors import InvalidInput
from events.i18n import _

if TYPE_CHECKING:
    from ledger.integrity import Verdict
    from projections.readmodel import Connection
    from projections.timepoint import TimePoint


MEMO = 4096  # answers remembered (a budget's totals, the list of budgets)


@dataclass(frozen=True)
class Behind:
    position: int  # where the read model stands
    head: int  # the log's last position


class Store:
    """One per server process: a pool of read-only connections."""

    def __init__(self, db: str | None) -> None:
        from cli.context import open_read_model
        from ledger.storage import StoreLocation

        self.db = db
        self.location = StoreLocation.parse(db)
        self.read_model = open_read_model(db, read_only=True)
        self._verdicts: dict[tuple[int, str | None, bool], Verdict] = {}
        self._memo: OrderedDict[Any, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._verifying = threading.Lock()
        if not self.read_model.built():
            self.read_model.close()
            raise InvalidInput(
                _(
                    "the ledger at {display} has no read model yet: run any view once as its "
                    "owner (`pagu lines`) or `pagu projections rebuild`"
                ).format(display=self.location.display())
            ) from None

    def display(self) -> str:
        return self.location.display()

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        with self.read_model.connect(catch_up=False) as conn:
            yield conn

    def behind(self) -> Behind | None:
        """Where the read model stands when it is behind the log (None: up to date)."""
        position = self.read_model.projector.position()
        head = self.read_model.projector.source.head()
        return Behind(position, head) if position < head else None

    def position(self) -> int:
        return self.read_model.projector.position()

    def remembered(self, key: Any, compute: Callable[[], Any]) -> Any:
        """`compute()`, kept for the same key while the read model stays where it is
        (the key must name everything the answer depends on but the read model)."""
        key = (self.position(), key)
        with self._lock:
            if key in self._memo:
                self._memo.move_to_end(key)
                return self._memo[key]
        value = compute()
        with self._lock:
            self._memo[key] = value
            while len(self._memo) > MEMO:
                self._memo.popitem(last=False)
        return value

    def budgets(self, conn: Connection) -> list[tuple[str, int]]:
        """Every (SKPD, year) of the ledger (`projections.state.budgets`), remembered."""
        from projections.state import budgets

        found: list[tuple[str, int]] = self.remembered("budgets", lambda: budgets(conn))
        return found

    def verdict(self, digest: str | None = None, closed: bool = False) -> Verdict:
        """`pagu verify`'s answer, computed once per log head (and digest asked about):
        the chain only grows, so a verdict stands until the next event."""
        from ledger.integrity import Digest, verify_store

        held = Digest.parse(digest) if digest else None
        if closed and held is None:
            raise InvalidInput(_("closed needs a digest: the head the ledger was to end at"))
        key = (self.read_model.projector.source.head(), str(held) if held else None, closed)
        with self._verifying:  # one pass at a time: a second asker waits for the first's
            with self._lock:
                found = self._verdicts.get(key)
            if found is not None:
                return found
            verdict = verify_store(self.location, digest=held, closed=closed)
            with self._lock:
                if len(self._verdicts) > 32:
                    self._verdicts.clear()
                self._verdicts[key] = verdict
            return verdict

    def prepare_in_background(self, *work: Callable[[], Any]) -> None:
        """Work out now what is worth having ready before anyone asks: `work` (cheap),
        then the first verification, so that the integrity page (and the HTML report,
        which needs it) does not wait for a pass over the whole log."""

        def run() -> None:
            for job in (*work, self.verdict):
                # a failure here is the page's to report, when it asks again
                with contextlib.suppress(Exception):
                    job()

        threading.Thread(target=run, name="pagu-serve-verify", daemon=True).start()

    def close(self) -> None:
        self.read_model.close()


@dataclass(frozen=True)
class Asked:
    """The parts of a page's URL every page understands."""

    as_of: str | None
    effective: str | None
    skpd: str | None
    tahun: int | None

    @property
    def past(self) -> bool:
        return bool(self.as_of or self.effective)

    def time_params(self) -> dict[str, str]:
        return {
            key: value
            for key, value in (("as_of", self.as_of), ("effective", self.effective))
            if value
        }

    def budget_params(self) -> dict[str, str]:
        found = {"skpd": self.skpd} if self.skpd else {}
        return found | ({"year": str(self.tahun)} if self.tahun is not None else {})


def text_param(params: Any, name: str, limit: int = 200) -> str | None:
    """A query parameter as trimmed text; empty means absent. Long values are refused
    (nothing an auditor types is longer)."""
    value = params.get(name)
    if value is None:
        return None
    value = str(value).strip()
    if len(value) > limit:
        raise InvalidInput(
            _("{name}: longer than {limit} characters").format(name=name, limit=limit)
        )
    return value or None


def int_param(params: Any, name: str) -> int | None:
    value = text_param(params, name, 20)
    if value is None:
        return None
    if not value.isdigit():
        raise InvalidInput(
            _("{name}: not a whole number: {value!r}").format(name=name, value=value)
        )
    return int(value)


def asked(params: Any) -> Asked:
    return Asked(
        as_of=text_param(params, "as_of", 64),
        effective=text_param(params, "effective", 32),
        skpd=text_param(params, "skpd"),
        tahun=int_param(params, "year"),
    )


def time_point(conn: Connection, wanted: Asked) -> TimePoint:
    """The time point of the URL, resolved as the CLI resolves --as-of and --effective."""
    from cli.context import time_point as resolve

    return resolve(conn, wanted.as_of, wanted.effective)


def budget_of(
    conn: Connection, wanted: Asked, held: list[tuple[str, int]] | None = None
) -> tuple[str, int]:
    """The budget of the URL, chosen as the CLI's --skpd and --year choose it; `held`,
    the budgets known to be in the ledger, answers an exact name and year at once."""
    from projections.budgets import SeveralBudgets, choose_budget

    if held is not None and (wanted.skpd, wanted.tahun) in held:
        assert wanted.skpd is not None and wanted.tahun is not None
        return wanted.skpd, wanted.tahun
    try:
        return choose_budget(conn, wanted.skpd, wanted.tahun)
    except SeveralBudgets as problem:  # worded with the URL's parameters
        raise InvalidInput(problem.describe("skpd", "year")) from None
