"""Every refusal of the appending commands, through the real CLI on SQLite and
PostgreSQL: one clear message, exit code 1, and the ledger exactly as it was (the same
events, the same head of the hash chain, the same audit index, the same lines view)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import SHARED_DOCUMENT, pagu
from tests.ledger_state import BASIS, DOC, Snapshot, as_json, document_variant, ok, refused

SUB = "1.06.04.2.01.05"  # pagu 83.804.000 after the APBD-P
OTHER = "1.06.04.2.01.01"  # pagu 3.368.500.590
NEW_IN_APBDP = "1.06.01.2.07.02"  # registered at perubahan, effective 2024-08-14


def test_revise_refusals(imported: str) -> None:
    before = Snapshot.of(imported)
    stage = ["--stage", "perubahan"]
    cases = [
        (["revise", "1.06.09.2.01.01", "--pagu", "1000", *stage, *BASIS], "unknown line 1.06.09"),
        (["revise", "1.06.x", "--pagu", "1000", *stage, *BASIS], "KODE: not a budget line code"),
        (["revise", SUB, *stage, *BASIS], "nothing to revise: give --pagu"),
        (["revise", SUB, "--pagu", "1000", *BASIS], "--stage is required"),
        (["revise", SUB, "--pagu", "1000", "--stage", "murni", *BASIS], "--stage: a revision"),
        (["revise", SUB, "--pagu", "1000", "--stage", "final", *BASIS], "unknown stage 'final'"),
        (["revise", SUB, "--pagu", "1.234", *stage, *BASIS], "--pagu: ambiguous"),
        (["revise", SUB, "--pagu", "1,234,567.00", *stage, *BASIS], "write it plainly"),
        (["revise", SUB, "--pagu", "12abc", *stage, *BASIS], "--pagu: not an amount of rupiah"),
        (["revise", SUB, "--pagu=-5000", *stage, *BASIS], "--pagu cannot be negative"),
        (["revise", SUB, "--pagu", "83.804.000,00", *stage, *BASIS], "pagu is already"),
        (["revise", SUB, "--target", "24 Orang", *stage, *BASIS], "already reads 24 Orang"),
        (["revise", SUB, "--target", "banyak", *stage, *BASIS], "--target: not a target"),
        (["revise", SUB, "--indicator", "  ", *stage, *BASIS], "--indicator: cannot be empty"),
        (["revise", SUB, "--indicator-no", "0", "--target", "1 Orang", *stage, *BASIS], "from 1"),
        (["revise", "1.06.04.2.01", "--pagu", "1000", *stage, *BASIS], "is a kegiatan"),
        (["revise", SUB, "--pagu", "1000", *stage, *DOC], "--reason is required"),
        (["revise", SUB, "--pagu", "1000", *stage, "--reason", "x"], "--doc and --doc-date"),
        (
            ["revise", SUB, "--pagu", "1000", *stage, "--reason", "x", "--doc", "SK 1"],
            "--doc and --doc-date are required",
        ),
        (
            ["revise", SUB, "--pagu", "1", *stage, *_with(BASIS, "--doc-date", "2024-31-12")],
            "--doc-date: not a date: '2024-31-12'",
        ),
        (
            ["revise", SUB, "--pagu", "1", *stage, *_with(BASIS, "--effective", "2025-01-01")],
            "after the 2024 budget year ended",
        ),
        (
            ["revise", SUB, "--pagu", "1", *stage, *_without(BASIS, "--effective")],
            "after the 2024 budget year ended",  # the default, today, is after 2024
        ),
        (
            [
                "revise",
                NEW_IN_APBDP,
                "--pagu",
                "1",
                *stage,
                *_dated(BASIS, "2024-07-01"),
            ],
            "before 1.06.01.2.07.02 entered the budget (2024-08-14)",
        ),
        (["revise", SUB, "--pagu", "1", *stage, *BASIS, "--skpd", "Dinas PU"], "no budget for"),
    ]
    _refuse_all(imported, before, cases)


def test_shift_refusals(imported: str) -> None:
    before = Snapshot.of(imported)
    cases = [
        (["shift", SUB, SUB, "1000", *BASIS], "FROM and TO are the same line"),
        (["shift", SUB, OTHER, "0", *BASIS], "AMOUNT: the amount to shift must be more than zero"),
        (["shift", SUB, OTHER, *BASIS, "--", "-1000"], "must be more than zero"),
        (["shift", SUB, OTHER, "1.000", *BASIS], "AMOUNT: ambiguous"),
        (["shift", SUB, OTHER, "1,000", *BASIS], "AMOUNT: ambiguous"),
        (["shift", SUB, OTHER, "83.804.000,01", *BASIS], "below zero"),
        (["shift", "1.06.04.2.01.99", OTHER, "1000", *BASIS], "unknown line 1.06.04.2.01.99"),
        (["shift", SUB, "1.06.04.2.01.99", "1000", *BASIS], "unknown line 1.06.04.2.01.99"),
        (["shift", "1.06.04.2.01", OTHER, "1000", *BASIS], "1.06.04.2.01 is a kegiatan"),
        (["shift", SUB, "1.06.04", "1000", *BASIS], "1.06.04 is a program"),
        (["shift", SUB, OTHER, "1000", *_without(BASIS, "--reason")], "--reason is required"),
        (["shift", SUB, OTHER, "1000", *_without(BASIS, "--doc")], "--doc and --doc-date"),
        (
            ["shift", SUB, OTHER, "1000", *_with(BASIS, "--effective", "2024-13-01")],
            "--effective: not a date",
        ),
        (
            ["shift", SUB, NEW_IN_APBDP, "1000", *_dated(BASIS, "2024-06-30")],
            "before 1.06.01.2.07.02 entered the budget",
        ),
    ]
    _refuse_all(imported, before, cases)


def test_shift_between_budgets_is_refused(store_url: str, tmp_path: Path) -> None:
    """Lines of different SKPD, or of different years, never exchange money."""
    other_skpd, other_year = "Dinas Sosial Kabupaten Lain", "2025"
    ok("--db", store_url, "import", str(SHARED_DOCUMENT))
    ok("--db", store_url, "import", str(document_variant(tmp_path, pemda="LAIN")))
    ok("--db", store_url, "import", str(document_variant(tmp_path, year=2025)))
    before = Snapshot.of(store_url)
    home = ["--skpd", "Kutai Kartanegara", "--year", "2024"]
    cases = [
        (
            ["shift", SUB, OTHER, "1000", *BASIS, *home, "--to-skpd", other_skpd],
            f"{OTHER} in {other_skpd} 2024",
        ),
        (
            ["shift", SUB, OTHER, "1000", *BASIS, *home, "--to-year", other_year],
            "a pergeseran moves money within one SKPD's budget for one year",
        ),
        (["shift", SUB, OTHER, "1000", *BASIS], "the ledger holds several budgets"),
        (["shift", SUB, OTHER, "1000", *BASIS, "--skpd", "Sosial"], "choose with --skpd"),
    ]
    _refuse_all(store_url, before, cases)


def test_realize_refusals(imported: str) -> None:
    before = Snapshot.of(imported)
    when = ["--effective", "2024-09-30"]
    cases = [
        (["realize", SUB, "--quarter", "5", "--spent", "1000", *when], "--quarter: not a quarter"),
        (["realize", SUB, "--quarter", "0", "--spent", "1000", *when], "not a quarter: '0'"),
        (["realize", SUB, "--quarter", "V", "--spent", "1000", *when], "not a quarter: 'V'"),
        (["realize", SUB, "--spent", "1000", *when], "--quarter is required"),
        (["realize", "1.06.04.2.01.99", "--quarter", "3", "--spent", "1", *when], "unknown line"),
        (["realize", SUB, "--quarter", "3", "--spent=-1000", *when], "--spent cannot be negative"),
        (["realize", SUB, "--quarter", "3", "--output=-3 Orang", *when], "cannot be negative"),
        (["realize", SUB, "--quarter", "3", "--spent", "1.000", *when], "--spent: ambiguous"),
        (["realize", SUB, "--quarter", "3", *when], "give --spent, --output or both"),
        (
            ["realize", SUB, "--quarter", "3", "--spent", "83.804.000,01", *when],
            "beyond the pagu of 83.804.000,00",
        ),
        (
            ["realize", SUB, "--quarter", "3", "--spent", "90000000", "--allow-overrun", *when],
            "--allow-overrun needs --reason",
        ),
        (
            ["realize", SUB, "--quarter", "IV", "--spent", "1000", "--effective", "2024-09-30"],
            "outside triwulan IV of 2024 (2024-10-01 to 2024-12-31)",
        ),
        (
            ["realize", SUB, "--quarter", "II", "--spent", "1000", "--effective", "2024-07-01"],
            "outside triwulan II of 2024 (2024-04-01 to 2024-06-30)",
        ),
        (
            ["realize", "1.06.04.2.01", "--quarter", "3", "--spent", "1000", *when],
            "record money spent on its sub kegiatan",
        ),
        (
            ["realize", SUB, "--quarter", "3", "--spent", "1", "--doc-date", "2024-09-30", *when],
            "--doc-date needs --doc",
        ),
    ]
    _refuse_all(imported, before, cases)


def test_add_line_refusals(imported: str) -> None:
    new_basis = _with(BASIS, "--effective", "2024-09-02")
    line = ["--indicator", "Jumlah dokumen", "--target", "2 Dokumen", "--stage", "perubahan"]
    before = Snapshot.of(imported)
    cases = [
        (
            ["add-line", SUB, "Nama", *line, "--pagu", "1000", *new_basis],
            f"{SUB} already exists in Dinas Sosial Kabupaten Kutai Kartanegara 2024",
        ),
        (
            ["add-line", "1.06.04.2.09.01", "Nama", *line, "--pagu", "1000", *new_basis],
            "its parent 1.06.04.2.09 does not exist",
        ),
        (
            ["add-line", "1.06.08.2.01", "Kegiatan Baru", *line, *new_basis],
            "its parent 1.06.08 does not exist",
        ),
        (["add-line", "1.06", "Dinas", *line, *new_basis], "1.06 is a Dinas line"),
        (["add-line", "1.06.04.2.01.20", "Nama", *line, *new_basis], "--pagu is required"),
        (
            ["add-line", "1.06.04.2.09", "Nama", *line, "--pagu", "1000", *new_basis],
            "leave --pagu out",
        ),
        (
            [
                "add-line",
                "1.06.04.2.01.20",
                "Nama",
                "--target",
                "1 Orang",
                "--stage",
                "murni",
                "--pagu",
                "1000",
                *new_basis,
            ],
            "--indicator is required",
        ),
        (
            [
                "add-line",
                "1.06.04.2.01.20",
                "Nama",
                "--indicator",
                "X",
                "--target",
                "1 Orang",
                "--pagu",
                "1000",
                *new_basis,
            ],
            "--stage is required",
        ),
        (["add-line", "1.06.04.2.01.20", " ", *line, "--pagu", "1", *new_basis], "NAME: cannot"),
        (
            [
                "add-line",
                "1.06.04.2.01.20",
                "Nama",
                *line,
                "--pagu",
                "1",
                "--effective",
                "2024-09-02",
            ],
            "--reason is required",
        ),
        (
            ["add-line", "1.06.04.2.01.20", "Nama", *line, "--pagu", "1.5.0", *new_basis],
            "--pagu: not an amount",
        ),
        (
            [
                "add-line",
                "1.06.04.2.01.20",
                "Nama",
                *line,
                "--pagu",
                "1",
                *_with(BASIS, "--effective", "2025-02-01"),
            ],
            "after the 2024 budget year ended",
        ),
    ]
    _refuse_all(imported, before, cases)
    # A kegiatan that enters at the APBD-P cannot have a sub kegiatan in the murni budget,
    # nor one effective before the kegiatan itself.
    ok(
        *["--db", imported, "add-line", "1.06.04.2.09", "Kegiatan Baru", *line],
        *_with(BASIS, "--effective", "2024-09-02"),
    )
    before = Snapshot.of(imported)
    sub = ["add-line", "1.06.04.2.09.01", "Sub Baru", "--indicator", "X", "--target", "1 Orang"]
    cases = [
        (
            [*sub, "--pagu", "1000", "--stage", "murni", *BASIS],
            "its parent 1.06.04.2.09 entered the budget at perubahan",
        ),
        (
            [
                *sub,
                "--pagu",
                "1000",
                "--stage",
                "perubahan",
                *_dated(BASIS, "2024-09-01"),
            ],
            "before its parent 1.06.04.2.09 entered the budget (2024-09-02)",
        ),
    ]
    _refuse_all(imported, before, cases)


def test_correct_refusals(imported: str) -> None:
    history = as_json("--db", imported, "history", SUB)
    by_kind = {row["kind"]: row["event_id"] for row in history}
    shifted = as_json("--db", imported, "shift", SUB, OTHER, "1000", *BASIS)
    ok("--db", imported, "correct", shifted[0]["event_id"], "--reason", "salah baris")
    corrections = as_json("--db", imported, "audit", "--kind", "correction")
    documents = as_json("--db", imported, "audit", "--kind", "DocumentImported")
    before = Snapshot.of(imported)
    reason = ["--reason", "salah"]
    cases = [
        (["correct", "0000000000", *reason], "no event whose id starts with '0000000000'"),
        (["correct", by_kind["PaguRevised"][:7], *reason], "at least its first 8 characters"),
        (["correct", "not-an-id-at-all", *reason], "is not an event id"),
        (["correct", by_kind["PaguRevised"]], "--reason is required"),
        (["correct", by_kind["LineRegistered"], *reason], "LineRegistered event cannot be"),
        (["correct", documents[0]["event_id"][:8], *reason], "DocumentImported event cannot be"),
        (["correct", shifted[0]["event_id"], *reason], "already been corrected"),
        (["correct", shifted[1]["event_id"], *reason], "already been corrected"),
        (["correct", corrections[0]["event_id"], *reason], "EntryCorrected event cannot be"),
    ]
    _refuse_all(imported, before, cases)


def test_a_missing_ledger_is_refused_by_every_command(tmp_path: Path) -> None:
    db = str(tmp_path / "none.db")
    for args in (
        ["revise", SUB, "--pagu", "1", "--stage", "perubahan", *BASIS],
        ["shift", SUB, OTHER, "1", *BASIS],
        ["realize", SUB, "--quarter", "3", "--spent", "1"],
        ["add-line", "1.06.04.2.01.20", "X", "--indicator", "X", "--target", "1 X"],
        ["correct", "12345678", "--reason", "x"],
        ["history", SUB],
        ["why", SUB],
        ["audit"],
    ):
        result = pagu("--db", db, *args)
        assert result.exit_code == 1 and "no ledger at" in result.output, (args, result.output)


def _refuse_all(url: str, before: Snapshot, cases: list[tuple[list[str], str | None]]) -> None:
    for args, says in cases:
        refused(url, before, *args, says=says or "Error: ")


def _with(basis: list[str], option: str, value: str) -> list[str]:
    found = list(basis)
    found[found.index(option) + 1] = value
    return found


def _dated(basis: list[str], day: str) -> list[str]:
    """The basis signed and in effect on `day` (a legal basis is never dated after the
    change it authorises takes effect)."""
    return _with(_with(basis, "--doc-date", day), "--effective", day)


def _without(basis: list[str], option: str) -> list[str]:
    found = list(basis)
    at = found.index(option)
    del found[at : at + 2]
    if option == "--doc":
        at = found.index("--doc-date")
        del found[at : at + 2]
    return found


def test_ambiguous_amounts_show_how_to_write_them(imported: str) -> None:
    before = Snapshot.of(imported)
    for amount in ("1.234", "1,234", "Rp 1.234", "12.34.56", "1,234,567.00"):
        for command in (["shift", SUB, OTHER, amount], ["realize", SUB, "--quarter", "3"]):
            args = [*command, *BASIS] if command[0] == "shift" else [*command, "--spent", amount]
            output = refused(imported, before, *args, says=amount)
            # the message shows how to write it
            assert "(1234 or 1234.50)" in output or "1.234.567,00" in output, output


def test_import_cannot_file_a_document_under_another_budget(imported: str, tmp_path: Path) -> None:
    """--year and --skpd supply what a document does not state; they never override it
    (a 2024 document once became 968 events of 2025)."""
    before = Snapshot.of(imported)
    document = str(SHARED_DOCUMENT)
    for args, says in (
        (["import", document, "--year", "2025"], "states its fiscal year, 2024"),
        (["import", document, "--skpd", "Dinas Lain"], "states its SKPD"),
        (["import", document, "--skpd", "Dinas Sosial Kabupaten Lain"], "states its SKPD"),
        (["import", document, "--actor", "\u200b"], "--actor: who records this cannot be"),
        (["import", document, "--year", "1066"], "--year"),
    ):
        result = pagu("--db", imported, *args)
        assert result.exit_code in (1, 2) and says in result.output, (args, result.output)
        assert Snapshot.of(imported) == before, f"{args} changed the ledger"
    same = ok("--db", imported, "import", document, "--year", "2024", "--skpd", "DINAS SOSIAL "
              "Kabupaten Kutai  Kartanegara")  # fmt: skip
    assert "nothing new" in same
    unnamed = str(document_variant(tmp_path, unnamed=True))
    refused_ = pagu("--db", imported, "import", unnamed)
    assert refused_.exit_code == 1 and "give --skpd" in refused_.output
    ok("--db", imported, "import", unnamed, "--skpd", "Dinas Sosial Kabupaten Lain")
    held = as_json("--db", imported, "lines", "--skpd", "Kabupaten Lain")
    assert held[-1]["pagu"] == "50009023965.00"


def test_what_was_accepted_though_wrong(imported: str) -> None:
    """Blank who/why/authority (any Unicode space or invisible character), a legal basis
    dated after its own effect or in an absurd year, an indicator the line does not have."""
    before = Snapshot.of(imported)
    revise = ["revise", SUB, "--pagu", "1000", "--stage", "perubahan"]
    cases: list[tuple[list[str], str | None]] = []
    for blank in ("\u200b", "\u00a0\u2003\ufeff\u2060"):  # more in tests/unit
        cases += [
            ([*revise, *_with(BASIS, "--reason", blank)], "--reason: cannot be blank"),
            ([*revise, *_with(BASIS, "--doc", blank)], "--doc: cannot be blank"),
            ([*revise, *BASIS, "--actor", blank], "--actor: cannot be blank"),
            (["shift", SUB, OTHER, "1", *_with(BASIS, "--reason", blank)], "cannot be blank"),
            (["realize", SUB, "--quarter", "3", "--spent", "1", "--reason", blank], "blank"),
            (["correct", "12345678", "--reason", blank], None),
        ]
    cases += [
        ([*revise, *_with(BASIS, "--doc-date", "9999-12-31")], "outside the years"),
        ([*revise, *_with(BASIS, "--doc-date", "0001-01-01")], "outside the years"),
        ([*revise, *_with(BASIS, "--doc-date", "2024-09-03")], "is after --effective"),
        (["shift", SUB, OTHER, "1", *_with(BASIS, "--doc-date", "2024-12-31")], "after"),
        (
            [*revise, *_with(BASIS, "--doc-date", "2099-01-01")],
            "--doc-date 2099-01-01 is in the future",
        ),
        (
            ["realize", SUB, "--quarter", "3", "--spent", "1", "--effective", "9999-12-31"],
            "outside the years",
        ),
        (
            ["revise", SUB, "--indicator-no", "99", "--target", "1 Orang", *revise[4:], *BASIS],
            f"{SUB} has indicator 1: --indicator-no 99 is none of them; give one of them, or 2",
        ),
        (
            ["revise", SUB, "--indicator-no", "2", "--target", "1 Orang", *revise[4:], *BASIS],
            "--indicator-no 2 adds an indicator",
        ),
        (["revise", SUB, *revise[2:], *BASIS, "--target", "1e9 Orang"], "exponent notation"),
    ]
    _refuse_all(imported, before, cases)
