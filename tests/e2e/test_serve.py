"""pagu serve over HTTP, a real server process on SQLite and on PostgreSQL (there as a
role of `pagu db grant-reader`): read-only, security headers on every response, HTML
injection through reasons, legal bases and actor names, path traversal, SQL in query
parameters, downloads equal to the commands' output, logins."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import pytest

from tests.conftest import SHARED_DOCUMENT, pagu
from tests.e2e.serving import (
    EVIL,
    EVIL_ACTOR,
    LINE,
    SKPD,
    TREASURER,
    get,
    request,
    serving,
)
from tests.tampering import record_later_events

BUDGET = urlencode({"skpd": SKPD, "year": 2024})
PAGES = [
    "/",
    f"/budget?{BUDGET}&open=all",
    f"/line?{BUDGET}&kode={LINE}",
    f"/audit?{BUDGET}",
    f"/evaluate?{BUDGET}",
    f"/spm?{BUDGET}",
    "/documents",
    "/integrity",
]


def cli(url: str, *args: str) -> str:
    result = pagu("--db", url, *args)
    assert result.exit_code == 0, result.output
    return result.stdout


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parsed(body: str) -> Elements:
    found = Elements()
    found.feed(body)
    return found


def assert_secure_headers(headers: dict[str, str]) -> None:
    policy = headers["content-security-policy"]
    assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert "script-src" not in policy and "unsafe-inline" not in policy
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"


def test_every_page_answers_with_security_headers_and_no_script(served: tuple[str, str]) -> None:
    _, base = served[0], served[1].rstrip("/")
    for path in [*PAGES, "/static/style.css", "/no/such/page", "/line?kode=9.99"]:
        status, headers, body = get(base + path)
        assert status == (404 if path == "/no/such/page" else 400 if "9.99" in path else 200), (
            path,
            body[-400:],
        )
        assert_secure_headers(headers)
        if headers["content-type"].startswith("text/html"):
            tags = parsed(body).tags
            assert not [t for t, _ in tags if t in ("script", "iframe", "object", "embed")]
            assert not [a for _, a in tags if "style" in a], path  # inline style is refused
            assert "Traceback" not in body


def test_write_methods_answer_405_and_change_nothing(served: tuple[str, str]) -> None:
    url, base = served[0], served[1].rstrip("/")
    before = cli(url, "audit", "--format", "json")
    for method in ("POST", "PUT", "PATCH", "DELETE", "OPTIONS"):
        for path in ("/", f"/budget?{BUDGET}", "/download/compare.csv", "/login", "/nowhere"):
            status, headers, _ = request(base + path, method, data=b"kode=1.06&pagu=1")
            assert status == 405, (method, path)
            assert headers["allow"] == "GET, HEAD"
            assert_secure_headers(headers)
    assert cli(url, "audit", "--format", "json") == before


def test_reasons_bases_and_actors_are_text_never_markup(served: tuple[str, str]) -> None:
    _, base = served[0], served[1].rstrip("/")
    pages = [
        f"/line?{BUDGET}&kode={LINE}",
        f"/line?{BUDGET}&kode=1.06.04.2.01",  # a kegiatan: the steps of its sub kegiatan
        f"/audit?{BUDGET}&kode={LINE}",
        f"/audit?{urlencode({'actor': EVIL_ACTOR})}",
        f"/budget?{BUDGET}&open=all",
    ]
    for path in pages:
        status, _, body = get(base + path)
        assert status == 200, path
        for evil in EVIL:
            assert evil not in body, (path, evil)
        page = parsed(body)
        assert not [t for t, _ in page.tags if t in ("script", "img", "b")], path
        assert not [a for _, a in page.tags if any(key.startswith("on") for key in a)], path
        if path.startswith("/line") or "audit" in path:
            text = "".join(page.text)
            assert all(evil in text for evil in EVIL), path  # shown, as the text it is
    # the filter by that actor finds exactly their event
    _, _, body = get(base + f"/audit?{urlencode({'actor': EVIL_ACTOR, 'kode': '1.06.04.2.01'})}")
    assert len(re.findall(r'<tr class="lvl-sub_kegiatan"', body)) == 2  # shift: out and in


def test_static_files_cannot_be_left(served: tuple[str, str]) -> None:
    _, base = served[0], served[1].rstrip("/")
    attempts = [
        "/static/../pyproject.toml",
        "/static/%2e%2e/pyproject.toml",
        "/static/%2e%2e/%2e%2e/pyproject.toml",
        "/static/..%2f..%2fpyproject.toml",
        "/static/..%5c..%5cpyproject.toml",
        "/static/%2fetc%2fpasswd",
        "/static//etc/passwd",
        "/static/....//....//etc/passwd",
        "/static/templates/../app.py",
        "/static/../app.py",
        "/static/%252e%252e/app.py",
    ]
    for path in attempts:
        status, _, body = get(base + path)
        assert status in (400, 404), (path, status)
        assert "[build-system]" not in body and "root:" not in body and "import" not in body


def test_sql_in_query_parameters_is_data(served: tuple[str, str]) -> None:
    url, base = served[0], served[1].rstrip("/")
    before = cli(url, "audit", "--format", "json")
    budget = {"skpd": SKPD, "year": "2024"}
    asked = [
        ("/audit", {"actor": "' OR '1'='1"}, 200),
        ("/audit", {"actor": "x; DROP TABLE rm_event; --"}, 200),
        ("/audit", {"kode": "1.06' OR 1=1 --"}, 400),
        ("/audit", {"since": "2024-01-01' OR 1=1 --"}, 400),
        ("/audit", {"kind": "pagu); DELETE FROM rm_event; --"}, 400),
        ("/budget", {"skpd": "x' OR '1'='1", "year": "2024"}, 400),
        ("/budget", {"skpd": SKPD, "year": "2024 OR 1=1"}, 400),
        ("/line", budget | {"kode": "1.06'; DROP TABLE rm_line; --"}, 400),
        ("/", {"page": "1; DROP TABLE rm_line"}, 400),
        ("/budget", budget | {"as_of": "2024' OR '1'='1"}, 400),
        ("/integrity", {"digest": "1:' OR 1=1"}, 400),
    ]
    attempts = {f"{path}?{urlencode(params)}": status for path, params, status in asked}
    for path, expected in attempts.items():
        status, _, body = get(base + path)
        assert status == expected, (path, body[-300:])
        assert "Traceback" not in body and "storage error" not in body
        if path.startswith("/audit") and expected == 200:
            assert "Tidak ada peristiwa yang cocok" in body, path
    assert cli(url, "audit", "--format", "json") == before


def download(base: str, view: str, fmt: str, **params: Any) -> str:
    status, headers, body = get(f"{base}/download/{view}.{fmt}?{urlencode(params)}")
    assert status == 200, (view, body[-300:])
    assert headers["content-disposition"].startswith("attachment; filename=")
    return body


def test_downloads_are_what_the_commands_print(served: tuple[str, str]) -> None:
    url, base = served[0], served[1].rstrip("/")
    budget = {"skpd": SKPD, "year": "2024"}
    june = {"effective": "2024-06-30"}
    argv = ["--skpd", SKPD, "--year", "2024"]
    cases = [
        ("compare", budget, ["compare", *argv]),
        (
            "apbd",
            budget | june | {"stage": "murni"},
            ["apbd", "--stage", "murni", *argv, "--effective", "2024-06-30"],
        ),
        (
            "realization",
            budget | {"quarter": "2", "basis": "murni"},
            ["realization", "--quarter", "2", "--basis", "murni", *argv],
        ),
        ("evaluate", budget, ["evaluate", *argv]),
        ("spm", budget, ["spm", *argv]),
        (
            "why",
            budget | {"kode": LINE, "field": "target"},
            ["why", LINE, "--field", "target", *argv],
        ),
        ("history", budget | {"kode": LINE}, ["history", LINE, *argv]),
        ("audit", {"actor": TREASURER}, ["audit", "--actor", TREASURER]),
        ("documents", {}, ["documents"]),
        ("findings", {}, ["findings"]),
    ]
    for view, params, command in cases:
        for fmt in ("csv", "json"):
            assert download(base, view, fmt, **params) == cli(url, *command, "--format", fmt), (
                view,
                fmt,
            )
    verdict = json.loads(download(base, "verify", "json"))
    assert verdict["intact"] is True and verdict["events"] == 786
    assert download(base, "report", "html", **budget).startswith("<!DOCTYPE html>")
    status, headers, _ = get(f"{base}/download/workbook.xlsx?{urlencode(budget)}")
    assert status == 200 and headers["content-type"].startswith("application/vnd.openxml")


def test_integrity_page_checks_a_digest(served: tuple[str, str]) -> None:
    url, base = served[0], served[1].rstrip("/")
    held = cli(url, "digest").splitlines()[0]
    _, _, body = get(f"{base}/integrity")
    assert f'data-digest="{held}"' in body and 'data-intact="true"' in body
    _, _, body = get(f"{base}/integrity?{urlencode({'digest': held})}")
    assert 'id="digest-result"' in body and "Tidak ada yang dicatat sesudahnya" in body
    forged = held.split(":")[0] + ":" + "0" * 64
    _, _, body = get(f"{base}/integrity?{urlencode({'digest': forged})}")
    assert 'data-intact="false"' in body


def test_an_unknown_host_name_is_not_answered(served: tuple[str, str]) -> None:
    _, base = served[0], served[1].rstrip("/")
    status, headers, _ = get(base + "/", headers={"Host": "attacker.example"})
    assert status == 400
    assert_secure_headers(headers)


def test_the_store_is_opened_read_only(served: tuple[str, str]) -> None:
    """Whatever a request did, the connection it has cannot write: SQLite `mode=ro`,
    PostgreSQL read-only transactions, even for the ledger's owner."""
    from sqlalchemy.exc import DBAPIError

    from web.store import Store

    store = Store(served[0])
    try:
        with store.connect() as conn, pytest.raises(DBAPIError) as refused:
            conn.exec_driver_sql("DELETE FROM rm_event")
        assert re.search(r"readonly|read-only", str(refused.value))
    finally:
        store.close()


def test_serving_beyond_loopback_needs_accounts(tmp_path: Path, sqlite_url: str) -> None:
    assert pagu("--db", sqlite_url, "init").exit_code == 0
    refused = pagu("--db", sqlite_url, "serve", "--host", "0.0.0.0")
    assert refused.exit_code == 1
    assert "--host 0.0.0.0" in refused.output and "--accounts" in refused.output
    bad = tmp_path / "accounts.txt"
    bad.write_text("auditor:plaintext-password\n")
    refused = pagu("--db", sqlite_url, "serve", "--host", "0.0.0.0", "--accounts", str(bad))
    assert refused.exit_code == 1 and "line 1" in refused.output and "argon2" in refused.output


def test_with_accounts_every_page_needs_a_login(sqlite_url: str, tmp_path: Path) -> None:
    assert pagu("--db", sqlite_url, "import", str(SHARED_DOCUMENT)).exit_code == 0
    from click.testing import CliRunner

    from cli.main import cli as command

    made = CliRunner().invoke(command, ["serve", "--hash-password"], input="s3cret pw\ns3cret pw\n")
    assert made.exit_code == 0, made.output
    hashed = made.stdout.strip().splitlines()[-1]
    assert hashed.startswith("$argon2id$")
    accounts = tmp_path / "accounts.txt"
    accounts.write_text(f"# who may read\nauditor:{hashed}\n")
    record_later_events(sqlite_url, 2)  # through the service: the read model is left behind
    with serving(sqlite_url, "--accounts", str(accounts)) as base:
        for path in [*PAGES, "/download/compare.csv"]:
            status, headers, _ = get(base.rstrip("/") + path)
            assert status == 303 and headers["location"].startswith("/login?next="), path
        assert get(base + "static/style.css")[0] == 200
        status, headers, form = get(base + "login")
        assert status == 200
        cookie = headers["set-cookie"].split(";")[0]
        token = re.search(r'name="csrf" value="([^"]+)"', form)
        assert token is not None
        login = {"username": "auditor", "next": "/budget", "csrf": token.group(1)}
        wrong = urlencode(login | {"password": "guess"}).encode()
        assert request(base + "login", "POST", data=wrong, headers={"Cookie": cookie})[0] == 401
        forged = urlencode(login | {"password": "s3cret pw", "csrf": "x"}).encode()
        assert request(base + "login", "POST", data=forged, headers={"Cookie": cookie})[0] == 401
        right = urlencode(login | {"password": "s3cret pw"}).encode()
        status, headers, _ = request(base + "login", "POST", data=right, headers={"Cookie": cookie})
        assert status == 303 and headers["location"] == "/budget"
        assert "httponly" in headers["set-cookie"].lower()
        assert "samesite=lax" in headers["set-cookie"].lower()
        session = headers["set-cookie"].split(";")[0]
        status, _, body = get(base + "budget", headers={"Cookie": session})
        assert status == 200 and "auditor" in body
        assert "Read model berada di posisi log 783 dari 785" in body  # it cannot catch up
        assert request(base + "budget", "POST", headers={"Cookie": session})[0] == 405
        status, _, _ = get(base + "login?" + urlencode({"next": "//evil.example/"}))
        assert status == 200
        assert 'value="/"' in get(base + "login?next=" + quote("//evil.example/"))[2]


def test_the_trail_pages_through_every_event_in_order(served: tuple[str, str]) -> None:
    url, base = served[0], served[1].rstrip("/")
    expected = [row["event_id"] for row in json.loads(cli(url, "audit", "--format", "json"))]
    seen: list[str] = []
    path: str | None = "/audit"
    first_page: list[str] = []
    while path is not None:
        status, _, body = get(base + path.replace("&amp;", "&"))
        assert status == 200
        found = re.findall(r'<td class=" nowrap " title="([0-9a-f-]{36})">', body)
        assert 0 < len(found) <= 100
        first_page = first_page or found
        seen += found
        following = re.search(r'<a href="([^"]+)" rel="next">', body)
        path = following.group(1) if following else None
        if path is None:  # the last page: its "previous" link leads back one page
            back = re.search(r'<a href="([^"]+)" rel="prev">', body)
            assert back is not None
            _, _, before = get(base + back.group(1).replace("&amp;", "&"))
            ids = re.findall(r'<td class=" nowrap " title="([0-9a-f-]{36})">', before)
            assert ids == seen[-len(found) - 100 : -len(found)]
    assert seen == expected and len(first_page) == 100
