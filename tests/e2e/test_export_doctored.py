"""Offline verification rejects a doctored export (issue 15, item 13): anything after
the end line, a line that is not JSON, a missing or second end line, an end line that
does not count what the file holds; with or without --digest and --closed, exit 2 with
the reason."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from ledger.chain import chain_hash, event_hash
from tests.conftest import SHARED_DOCUMENT, location_for, pagu


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def exported(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Path, str]]:
    """The shared document's log exported (once per backend) and its digest."""
    folder = tmp_path_factory.mktemp("export")
    with location_for(request.param, folder) as url:
        assert pagu("--db", url, "import", str(SHARED_DOCUMENT)).exit_code == 0
        digest = pagu("--db", url, "digest").output.splitlines()[0]
        path = folder / "log.jsonl"
        assert pagu("--db", url, "export-log", str(path)).exit_code == 0
        yield path, digest


def forged_after(lines: list[str]) -> str:
    """A link that follows the last one with correct hashes: an event appended."""
    last = json.loads(lines[-2])
    record = dict(last, position=last["position"] + 1, version=last["version"] + 1)
    record["payload"] = last["payload"].replace('"actor":"tester"', '"actor":"bupati"')
    import hashlib

    payload = hashlib.sha256(record["payload"].encode()).hexdigest()
    record["event_hash"] = event_hash(
        record["position"], record["stream"], record["version"], record["topic"],
        record["recorded_at"], payload,
    )  # fmt: skip
    record["chain_hash"] = chain_hash(last["chain_hash"], record["event_hash"])
    return json.dumps(record)


def doctored(lines: list[str], how: str) -> list[str]:
    body, end = lines[:-1], lines[-1]
    return {
        "an event after the end": [*lines, forged_after(lines)],
        "a link repeated after the end": [*lines, lines[-2]],
        "bad JSON after the end": [*lines, '{"position": 784, "payload": "'],
        "a second end line": [*lines, end],
        "no end line": body,
        "bad JSON instead of the end": [*body, "{not json"],
        "an end line that miscounts": [
            *body,
            json.dumps(dict(json.loads(end), links=json.loads(end)["links"] + 1)),
        ],
        "an end line with another head": [
            *body,
            json.dumps(dict(json.loads(end), head="783:" + "0" * 64)),
        ],
    }[how]


HOW = [
    "an event after the end",
    "a link repeated after the end",
    "bad JSON after the end",
    "a second end line",
    "no end line",
    "bad JSON instead of the end",
    "an end line that miscounts",
    "an end line with another head",
]


@pytest.mark.parametrize("how", HOW)
@pytest.mark.parametrize("options", ["alone", "digest", "closed"])
def test_a_doctored_export_is_rejected(
    exported: tuple[Path, str], how: str, options: str, tmp_path: Path
) -> None:
    path, digest = exported
    lines = path.read_text(encoding="utf-8").splitlines()
    changed = tmp_path / "doctored.jsonl"
    changed.write_text("\n".join(doctored(lines, how)) + "\n", encoding="utf-8")
    extra = {"alone": [], "digest": ["--digest", digest]}
    extra["closed"] = [*extra["digest"], "--closed"]
    result = pagu("verify", "--log", str(changed), *extra[options])
    assert result.exit_code == 2, result.output
    assert "DAMAGED    :" in result.output and "Traceback" not in result.output
    found = json.loads(pagu("verify", "--log", str(changed), "--format", "json").output)
    assert found["intact"] is False and found["damage"]["field"] == "file"


def test_the_untouched_export_still_passes(exported: tuple[Path, str]) -> None:
    path, digest = exported
    result = pagu("verify", "--log", str(path), "--digest", digest, "--closed")
    assert result.exit_code == 0, result.output
