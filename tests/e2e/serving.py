"""A real `pagu serve` process for the web tests, and a ledger worth serving.

The server is the installed command in a subprocess on a free port (`--port 0`: it
prints the port it bound), stopped by its pid at the end. The ledger holds the shared
document, then the README's pergeseran into 1.06.04.2.01.05 and a triwulan III entry,
recorded with reasons, legal bases and actor names that are HTML: every page must show
them as text.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from http.client import HTTPResponse
from pathlib import Path
from typing import Any

from tests.conftest import PG_URL, ROOT, SHARED_DOCUMENT, pagu

PAGU = str(Path(sys.executable).with_name("pagu"))
SKPD = "Dinas Sosial Kabupaten Kutai Kartanegara"
LINE = "1.06.04.2.01.05"
EVIL_REASON = '<script>alert("alasan")</script> Lomba tetap diadakan'
EVIL_BASIS = '"><img src=x onerror=alert(1)> Keputusan No. 900/412'
EVIL_ACTOR = "<b onmouseover=alert(2)>perencana</b>"
TREASURER = "bendahara"
EVIL = (EVIL_REASON, EVIL_BASIS, EVIL_ACTOR)


def build_ledger(url: str) -> None:
    steps = [
        ["import", str(SHARED_DOCUMENT), "--actor", "operator"],
        [
            "shift",
            "1.06.04.2.01.01",
            LINE,
            "50.000.000,00",
            "--reason",
            EVIL_REASON,
            "--doc",
            EVIL_BASIS,
            "--doc-date",
            "2024-09-02",
            "--effective",
            "2024-09-02",
            "--actor",
            EVIL_ACTOR,
        ],
        [
            "realize",
            LINE,
            "--quarter",
            "III",
            "--spent",
            "45.000.000",
            "--output",
            "24 Orang",
            "--cumulative",
            "--effective",
            "2024-09-30",
            "--actor",
            TREASURER,
        ],
    ]
    for step in steps:
        result = pagu("--db", url, *step)
        assert result.exit_code == 0, result.output


@contextmanager
def serving(db: str, *options: str) -> Iterator[str]:
    """`pagu serve --db DB --port 0 OPTIONS` running; yields its base URL."""
    with tempfile.TemporaryFile("w+") as log:  # the server's log, read if it fails
        yield from _run(db, options, log)


def _run(db: str, options: tuple[str, ...], log: Any) -> Iterator[str]:
    process = subprocess.Popen(
        [PAGU, "serve", "--db", db, "--port", "0", *options],
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        base = None
        deadline = time.monotonic() + 30
        while base is None and time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            found = re.search(r"Listening on (http://\S+/)", line)
            base = found.group(1) if found else None
        if base is None:
            log.seek(0)
            raise AssertionError(f"pagu serve did not start: {log.read()[-2000:]}")
        while time.monotonic() < deadline:  # until it answers
            try:
                get(base + "static/style.css")
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.05)
        yield base
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


OPENER = urllib.request.build_opener(_NoRedirect)


def request(
    url: str,
    method: str = "GET",
    *,
    data: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], str]:
    """(status, headers, body) of one request, redirects not followed."""
    sent = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        response: HTTPResponse = OPENER.open(sent, timeout=60)
    except urllib.error.HTTPError as refused:
        body = refused.read().decode("utf-8", "replace")
        return refused.code, {k.lower(): v for k, v in refused.headers.items()}, body
    with response:
        body = response.read().decode("utf-8", "replace")
        return response.status, {k.lower(): v for k, v in response.headers.items()}, body


def get(url: str, **kwargs: Any) -> tuple[int, dict[str, str], str]:
    return request(url, **kwargs)


@contextmanager
def reader_role(url: str) -> Iterator[str]:
    """The ledger at a PostgreSQL `url` as a role of `pagu db grant-reader`."""
    import psycopg

    from ledger.storage import StoreLocation

    role = f"pagu_web_{uuid.uuid4().hex[:8]}"
    admin = StoreLocation.parse(PG_URL).psycopg_kwargs()
    with psycopg.connect(**admin, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {role} LOGIN")
    try:
        granted = pagu("--db", url, "db", "grant-reader", role)
        assert granted.exit_code == 0, granted.output
        as_role = url.replace("postgresql://postgres@", f"postgresql://{role}@")
        assert as_role != url
        yield as_role
    finally:
        with psycopg.connect(**admin, autocommit=True) as conn:
            conn.execute(f"DROP OWNED BY {role}")
            conn.execute(f"DROP ROLE {role}")
