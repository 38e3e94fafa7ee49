"""Reading a PostgreSQL server-side cursor a page ahead: while the verifier checks one
page of links, a thread fetches the next, so that the server's work (the join, the
payloads' hashes) overlaps the client's."""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Iterator
from typing import Any

PAGE = 5000  # rows a fetch asks for


def prefetched(cursor: Any) -> Iterator[tuple[Any, ...]]:
    """Rows of a server-side cursor, the next page fetched by a thread while this one is
    checked, so that the server's work (join, payload hashes) overlaps the client's."""
    pages: queue.Queue[Any] = queue.Queue(maxsize=2)
    stop = threading.Event()

    def fetch() -> None:
        try:
            while not stop.is_set():
                page = cursor.fetchmany(PAGE)
                pages.put(page)
                if not page:
                    return
        except BaseException as problem:  # noqa: BLE001 - handed to the reading thread
            pages.put(problem)

    worker = threading.Thread(target=fetch, name="pagu-verify-fetch", daemon=True)
    worker.start()
    try:
        while True:
            page = pages.get()
            if isinstance(page, BaseException):
                raise page
            if not page:
                return
            yield from page
    finally:
        stop.set()
        while worker.is_alive():  # unblock a fetcher waiting to hand over a page
            with contextlib.suppress(queue.Empty):
                pages.get(timeout=0.05)
        worker.join()
