"""Every quantity is bounded where it is parsed, through the real CLI on SQLite and
PostgreSQL: the largest value accepted is recorded and every view shows it; one step
beyond is refused with one message and the ledger exactly as it was. Nothing the write
side accepts can break the read side (a property test over random accepted values)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from events.money import MAX_QUANTITY, MAX_RUPIAH, format_number, format_rupiah
from events.targets import Target
from tests.conftest import pagu
from tests.ledger_state import BASIS, Snapshot, as_json, ok, pagu_by_kode, refused

SUB = "1.06.04.2.01.05"  # pagu 83.804.000 after the APBD-P, target 24 Orang
OTHER = "1.06.04.2.01.01"
NEW = "1.06.04.2.01.20"
MAX = "1.000.000.000.000.000,00"  # Rp 10^15: the largest amount
OVER = "1.000.000.000.000.000,01"
REVISE = ["--stage", "perubahan", *BASIS]
Q4 = ["--quarter", "4", "--effective", "2024-12-31"]
OVERRUN = ["--allow-overrun", "--reason", "angka uji batas"]
NEW_LINE = ["add-line", NEW, "Sub Baru", "--indicator", "Jumlah", "--target", "1 Dokumen"]
NEW_LINE += ["--stage", "perubahan"]
EVERY_VIEW = [  # tables format every figure; JSON views compute differences and sums
    ["lines", "--format", "table"],
    ["apbd", "--stage", "murni"],
    ["compare"],
    ["evaluate", "--format", "table"],
    ["realization", "--quarter", "4", "--format", "table"],
    ["history", SUB, "--format", "table"],
    ["why", SUB],
    ["why", SUB, "--field", "target"],
    ["audit", "--kode", SUB],
]


def every_view_works(url: str) -> None:
    for view in EVERY_VIEW:
        args = view if "--format" in view else [*view, "--format", "json"]
        result = pagu("--db", url, *args)
        assert result.exit_code == 0, f"{view}: {result.output[-500:]}"
    verified = pagu("--db", url, "verify")
    assert verified.exit_code == 0, verified.output


def test_money_at_its_bound(imported: str, tmp_path: Path) -> None:
    before = Snapshot.of(imported)
    beyond = "beyond the largest accepted, 1.000.000.000.000.000,00"
    for args in (
        ["revise", SUB, "--pagu", OVER, *REVISE],
        [*NEW_LINE, "--pagu", OVER, *BASIS],
        ["realize", SUB, *Q4, "--spent", OVER, *OVERRUN],
        ["shift", OTHER, SUB, OVER, *BASIS],
        # what bricked a ledger (issue 15): just over 2^63 sen, 1e17, 30 nines
        ["revise", SUB, "--pagu", "92233720368547759", *REVISE],
        ["realize", SUB, *Q4, "--spent", "9" * 30, *OVERRUN],
    ):
        refused(imported, before, *args, says=beyond)
    for args in (
        [*NEW_LINE, "--pagu", "1e17", *BASIS],
        ["realize", SUB, *Q4, "--spent", "1e17", *OVERRUN],
    ):
        refused(imported, before, *args, says="exponent notation")

    ok("--db", imported, "revise", SUB, "--pagu", MAX, *REVISE)
    ok("--db", imported, *NEW_LINE, "--pagu", MAX, *BASIS)
    ok("--db", imported, "realize", SUB, *Q4, "--spent", MAX, "--cumulative", *OVERRUN)
    assert pagu_by_kode(imported)[SUB] == pagu_by_kode(imported)[NEW] == MAX_RUPIAH
    # a shift that would take a line past the bound is refused like any amount
    before = Snapshot.of(imported)
    refused(imported, before, "shift", OTHER, SUB, "1", *BASIS, says="beyond the largest")
    every_view_works(imported)
    spent = as_json("--db", imported, "realization", "--quarter", "4")
    assert {r["kode"]: r["spent"] for r in spent}[SUB] == f"{MAX_RUPIAH:.2f}"
    assert MAX in ok("--db", imported, "history", SUB)
    written = pagu("--db", imported, "export", "json", "-o", str(tmp_path / "out"))
    assert written.exit_code == 0, written.output


def test_targets_and_outputs_at_their_bounds(imported: str) -> None:
    before = Snapshot.of(imported)
    for option, args in (
        ("--target", ["revise", SUB, *REVISE, "--target"]),
        ("--output", ["realize", SUB, *Q4, "--output"]),
    ):
        for value, says in (
            ("1.000.000.000.000.000,0001 Orang", "beyond the largest accepted"),
            ("0,00001 Orang", "more than 4 decimal places"),
            ("9" * 40 + " Orang", "beyond the largest accepted"),
            ("9" * 400 + " Orang", "400 characters long"),
            ("1e9 Orang", "exponent notation"),
        ):
            output = refused(imported, before, *args, value, says=says)
            assert output.startswith(f"Error: {option}: "), output
    largest = f"{format_number(MAX_QUANTITY)} Orang"
    ok("--db", imported, "revise", SUB, *REVISE, "--target", "0,0001 Orang")
    ok("--db", imported, "realize", SUB, *Q4, "--output", largest, "--cumulative")
    every_view_works(imported)
    rows = {r["kode"]: r for r in as_json("--db", imported, "realization", "--quarter", "4")}
    assert (rows[SUB]["target"], rows[SUB]["output"]) == ("0.0001 Orang", f"{MAX_QUANTITY} Orang")


# ---- what is accepted is projected: a property test over the real store and read model --

AMOUNTS = st.decimals(min_value=0, max_value=MAX_RUPIAH, places=2, allow_nan=False)
NUMBERS = st.decimals(min_value=0, max_value=MAX_QUANTITY, places=4, allow_nan=False)
UNITS = st.sampled_from(["Orang", "%", "Dokumen", "Orang/Bulan", "Desa / Kelurahan", None])


def spelt(amount: Decimal, how: int) -> str:
    """An amount in one of the spellings people use."""
    return (format_rupiah(amount), f"{amount:f}", f"Rp {format_rupiah(amount)}")[how]


@settings(
    max_examples=4,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    pagu_=AMOUNTS, target=NUMBERS, unit=UNITS, spent=AMOUNTS, output=NUMBERS, how=st.integers(0, 2)
)
@example(MAX_RUPIAH, MAX_QUANTITY, "Orang", MAX_RUPIAH, MAX_QUANTITY, 0)
@example(Decimal("0.01"), Decimal("0.0001"), "%", Decimal("0.01"), Decimal("0.0001"), 1)
@example(Decimal("0.00"), Decimal("0"), None, Decimal("0.00"), Decimal("0"), 2)
@example(Decimal("1.50"), Decimal("1.025"), "Orang", Decimal("2"), Decimal("0.025"), 0)
def test_every_accepted_quantity_is_projected(
    imported: str,
    pagu_: Decimal,
    target: Decimal,
    unit: str | None,
    spent: Decimal,
    output: Decimal,
    how: int,
) -> None:
    """Random values inside the bounds, spelt as people spell them, go through the real
    CLI into the event store, are projected, and come back out of the views exactly."""
    aimed = str(Target(target, unit))  # Indonesian style, as pagu prints it
    revised = pagu("--db", imported, "revise", SUB, "--pagu", spelt(pagu_, how), *REVISE,
                   "--target", aimed)  # fmt: skip
    assume("nothing to revise" not in revised.output)  # the same values drawn twice
    assert revised.exit_code == 0, revised.output
    realized = pagu(
        *["--db", imported, "realize", SUB, *Q4, "--spent", spelt(spent, how)],
        *["--output", str(Target(output, unit)), "--cumulative", *OVERRUN],
    )
    assert realized.exit_code == 0, realized.output

    assert pagu_by_kode(imported)[SUB] == pagu_
    rows = {r["kode"]: r for r in as_json("--db", imported, "realization", "--quarter", "4")}
    assert Decimal(rows[SUB]["spent"]) == spent
    number = rows[SUB]["output"].partition(" ")[0]
    assert Decimal(number.rstrip("%")) == output
    history = as_json("--db", imported, "history", SUB)
    pagu_row = next(r for r in reversed(history) if r["kind"].startswith("Pagu"))
    target_row = next(r for r in reversed(history) if r["kind"].startswith("Target"))
    assert Decimal(pagu_row["change"]["new"]) == pagu_
    assert target_row["change"]["new"] == aimed
    assert Target.parse(target_row["change"]["new"]) == Target(target, unit)
    shown = pagu("--db", imported, "evaluate")  # a table: every figure formatted, divided
    assert shown.exit_code == 0, shown.output
