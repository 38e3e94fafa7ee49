"""Files pagu writes (a template, a workbook, a report, CSV/JSON files, an exported log)
never take the place of a database: not the ledger in use, not another SQLite ledger,
and not through a link (which may point at one). An ordinary file of the name is
replaced, as `-o` promises."""

from __future__ import annotations

from pathlib import Path

from events.errors import InvalidInput
from events.i18n import _
from ledger.storage import StoreLocation

SQLITE_HEADER = b"SQLite format 3\x00"


def output_file(path: Path, db: str | StoreLocation | None) -> Path:
    """`path`, checked as a file a command may write; refused with one message when it
    is a link, the ledger `db` (or its -wal/-shm), or any SQLite database."""
    if path.is_symlink():
        raise InvalidInput(
            _("{path} is a link: pagu writes files only where they are named").format(path=path)
        )
    target = path.resolve()
    location = db if isinstance(db, StoreLocation) else StoreLocation.parse(db)
    if location.is_sqlite and location.path is not None:
        ledger = location.path.resolve()
        if target in (ledger, ledger.with_name(ledger.name + "-wal"),
                      ledger.with_name(ledger.name + "-shm")):  # fmt: skip
            raise InvalidInput(
                _("{path} is the ledger itself: name another file to write").format(path=path)
            )
    if target.is_file():
        try:
            with target.open("rb") as existing:
                head = existing.read(len(SQLITE_HEADER))
        except OSError:
            head = b""
        if head == SQLITE_HEADER:
            raise InvalidInput(
                _(
                    "{path} is a database (a pagu ledger?): pagu does not write over it; "
                    "name another file"
                ).format(path=path)
            )
    return path
