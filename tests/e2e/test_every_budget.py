"""`--skpd all`: every budget of a ledger in one report, through the real `pagu` command,
on a SQLite file and on PostgreSQL. The ledger holds two budgets: the shared document
as its own SKPD (2024) and, with its years moved on and its SKPD left unsaid, as another
SKPD's for 2025, with one pagu revised so that the two totals differ."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SHARED_DOCUMENT, location_for, pagu
from tests.ledger_state import document_variant

DINSOS = "Dinas Sosial Kabupaten Kutai Kartanegara"
OTHER = "Dinas Lain"
MURNI_TOTAL = Decimal("44596627447.00")
PERUBAHAN_TOTAL = Decimal("50009023965.00")
REVISED_LINE = "1.06.01.2.01.01"


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def two_budgets(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    directory = tmp_path_factory.mktemp("every")
    other = document_variant(directory, year=2025, unnamed=True)
    with location_for(request.param, directory) as url:
        for extra in ([str(SHARED_DOCUMENT)], [str(other), "--skpd", OTHER]):
            result = pagu("--db", url, "import", *extra)
            assert result.exit_code == 0, result.output
        revise = pagu(
            "--db", url, "revise", REVISED_LINE, "--pagu", "1234567,89", "--stage", "perubahan",
            "--reason", "test", "--doc", "SK 1/2025", "--doc-date", "2025-09-01",
                "--effective", "2025-09-01",
                "--skpd", OTHER, "--year", "2025",
        )  # fmt: skip
        assert revise.exit_code == 0, revise.output
        yield url


def rows_of(url: str, *args: str) -> list[dict[str, Any]]:
    result = pagu("--db", url, *args, "--format", "json")
    assert result.exit_code == 0, result.output
    found: list[dict[str, Any]] = json.loads(result.output)
    return found


def money(value: str | None) -> Decimal:
    return Decimal(value) if value is not None else Decimal(0)


def only(rows: list[dict[str, Any]], level: str) -> list[dict[str, Any]]:
    return [row for row in rows if row["level"] == level]


BUDGETS = [(OTHER, 2025), (DINSOS, 2024)]


@pytest.mark.parametrize(
    ("view", "keys"),
    [
        (["apbd"], ["pagu"]),
        (["apbd", "--stage", "murni"], ["pagu"]),
        (["lines"], ["pagu"]),
        (["compare"], ["murni_pagu", "perubahan_pagu", "difference", "forward_pagu"]),
        (["realization", "--quarter", "2"], ["pagu", "spent"]),
    ],
)
def test_one_grand_total_the_sum_of_the_budgets(
    two_budgets: str, view: list[str], keys: list[str]
) -> None:
    every = rows_of(two_budgets, *view, "--skpd", "all")
    [grand] = only(every, "total")  # one total row: nothing to count twice
    assert every[-1] is grand and grand["skpd"] is None and grand["tahun"] is None
    subtotals = only(every, "subtotal")
    assert [(row["skpd"], row["tahun"]) for row in subtotals] == BUDGETS
    for key in keys:
        assert money(grand[key]) == sum(money(row[key]) for row in subtotals), key
    for (skpd, tahun), subtotal in zip(BUDGETS, subtotals, strict=True):
        alone = rows_of(two_budgets, *view, "--skpd", skpd, "--year", str(tahun))
        [total] = only(alone, "total")
        for key in keys:  # each subtotal is that budget's own total
            assert money(subtotal[key]) == money(total[key]), (skpd, key)
        # and its rows are that budget's rows, each carrying its SKPD and year
        mine = [r for r in every if (r["skpd"], r["tahun"]) == (skpd, tahun)]
        assert mine[:-1] == [r for r in alone if r["level"] not in ("total", "urusan")]
        assert mine[-1] is not None and mine[-1]["level"] == "subtotal"


def test_the_shared_document_totals_do_not_move(two_budgets: str) -> None:
    for stage, expected in (("murni", MURNI_TOTAL), ("perubahan", PERUBAHAN_TOTAL)):
        rows = rows_of(two_budgets, "apbd", "--skpd", "all", "--year", "2024", "--stage", stage)
        [subtotal] = only(rows, "subtotal")
        [grand] = only(rows, "total")
        assert money(grand["pagu"]) == money(subtotal["pagu"]) == expected
        assert {row["tahun"] for row in rows[:-1]} == {2024}
    both = only(rows_of(two_budgets, "apbd", "--skpd", "all"), "subtotal")
    assert money(both[0]["pagu"]) != money(both[1]["pagu"])  # the revision is there


def test_realization_rate_of_the_grand_total(two_budgets: str) -> None:
    rows = rows_of(two_budgets, "realization", "--skpd", "all", "--quarter", "2")
    [grand] = only(rows, "total")
    rate = money(grand["spent"]) * 100 / money(grand["pagu"])
    assert Decimal(grand["spent_percent"]) == rate.quantize(Decimal("0.01"))
    assert {row["quarter"] for row in rows} == {2}


def test_table_and_csv_name_each_budget(two_budgets: str) -> None:
    table = pagu("--db", two_budgets, "apbd", "--skpd", "all", "--level", "program")
    assert table.exit_code == 0, table.output
    assert table.output.count("TOTAL SEMUA SKPD") == 1
    assert f"TOTAL {OTHER.upper()} TAHUN 2025" in table.output
    assert "50.009.023.965,00" in table.output  # the 2024 budget's subtotal
    assert "(2 budgets: 2 SKPD, Tahun 2024-2025)" in table.output
    csv = pagu("--db", two_budgets, "compare", "--skpd", "ALL", "--format", "csv")
    assert csv.exit_code == 0, csv.output
    header, *lines = csv.output.splitlines()
    assert header.startswith("SKPD,Tahun,Kode,")
    assert "APBD (Sebelum Perubahan)" in header  # two years: no single year in headings
    assert sum(line.startswith(",,,TOTAL SEMUA SKPD") for line in lines) == 1


def test_refusals_stay_clear(two_budgets: str, tmp_path: Path) -> None:
    for args, message in (
        (["apbd", "--skpd", "all", "--year", "2023"], "no budget for 2023"),
        (["evaluate", "--skpd", "all"], "answers one budget at a time"),
        (["spm", "--skpd", "all"], "answers one budget at a time"),
        (["apbd"], "choose with --skpd and --year"),
    ):
        result = pagu("--db", two_budgets, *args)
        assert result.exit_code != 0
        assert message in result.output, result.output
        assert "Traceback" not in result.output
    revise = pagu("--db", two_budgets, "revise", REVISED_LINE, "--pagu", "1", "--skpd", "all")
    assert revise.exit_code != 0 and "answers one budget at a time" in revise.output
    empty = pagu("--db", str(tmp_path / "none.db"), "apbd", "--skpd", "all")
    assert empty.exit_code != 0 and "no ledger" in empty.output


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"stage": "murni"},
        {"level": "kegiatan"},
        {"year": "2025"},
        {"as_of": "2000-01-01"},  # before anything: no rows at all
        {"effective": "2024-06-30"},
    ],
)
def test_apbd_json_of_every_budget_is_its_rows_encoded(
    two_budgets: str, options: dict[str, str]
) -> None:
    """`apbd --skpd all --format json` writes its rows as text straight from the read
    model: byte for byte what the rows `apbd_all` builds render as."""
    from cli.context import open_read_model, time_point
    from cli.output import render_json
    from events.codes import Level
    from events.periods import Stage
    from projections.budgets import choose_all
    from projections.views.apbd import apbd_all
    from projections.views.seen import Seen

    flags = [f"--{key.replace('_', '-')}={value}" for key, value in options.items()]
    result = pagu("--db", two_budgets, "apbd", "--skpd", "all", *flags, "--format", "json")
    assert result.exit_code == 0, result.output
    read_model = open_read_model(two_budgets)
    try:
        with read_model.connect() as conn:
            year = options.get("year")
            point = time_point(conn, options.get("as_of"), options.get("effective"))
            level = Level.parse(options["level"]) if "level" in options else None
            report = apbd_all(
                Seen(conn, point, level=level),
                choose_all(conn, int(year) if year else None),
                stage=Stage.parse(options["stage"]) if "stage" in options else None,
            )
    finally:
        read_model.close()
    assert result.output == render_json(report.rows) + "\n"
    if not options:
        assert '"no": 2' in result.output  # a line with two indicators is among them
