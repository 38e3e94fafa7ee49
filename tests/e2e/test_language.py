"""pagu in Indonesian by default and in English on request, through the real CLI.

The rest of the suite runs with PAGU_LANG=en (tests/conftest.py); here it is unset to
hear the default, then set (PAGU_LANG=en) or overridden (--lang en, before or after the
command's name). Each refusal is the same refusal in either language: one clear
message, the same exit status, no traceback, and the ledger as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SHARED_DOCUMENT, pagu
from tests.ledger_state import BASIS, Snapshot

SUB = "1.06.04.2.01.05"
STAGE = ["--stage", "perubahan"]
INDONESIAN: dict[str, str | None] = {"PAGU_LANG": None}  # unset: the default
ENGLISH: dict[str, str | None] = {"PAGU_LANG": "en"}


def speak(language: str, *args: str) -> tuple[int, str]:
    """Run pagu in `language` (id: the default; en: PAGU_LANG=en; en-flag: --lang en)."""
    if language == "id":
        done = pagu(*args, env=INDONESIAN)
    elif language == "en":
        done = pagu(*args, env=ENGLISH)
    else:  # the option wins over the environment
        done = pagu("--lang", "en", *args, env={"PAGU_LANG": "id"})
    assert "Traceback" not in done.output, done.output
    assert done.exception is None or isinstance(done.exception, SystemExit), done.output
    return done.exit_code, done.output


def refusals(db: str, broken: Path) -> list[tuple[list[str], str, str]]:
    """(arguments, the Indonesian words, the English words) of one refusal each."""
    on = ["--db", db]
    return [
        (
            [*on, "revise", "1.06.x", "--pagu", "1000", *STAGE, *BASIS],
            "bukan kode baris anggaran: '1.06.x'",
            "not a budget line code: '1.06.x'",
        ),
        (
            [*on, "revise", "1.06.09.2.01.01", "--pagu", "1000", *STAGE, *BASIS],
            "baris 1.06.09.2.01.01 tidak ditemukan untuk Dinas Sosial",
            "unknown line 1.06.09.2.01.01 for Dinas Sosial",
        ),
        (
            [*on, "revise", SUB, "--pagu=-5000", *STAGE, *BASIS],
            "--pagu tidak boleh negatif",
            "--pagu cannot be negative",
        ),
        (
            [*on, "revise", SUB, "--pagu", "12abc", *STAGE, *BASIS],
            "--pagu: bukan jumlah rupiah: '12abc'",
            "--pagu: not an amount of rupiah: '12abc'",
        ),
        (
            [*on, "realize", SUB, "--quarter", "5", "--spent", "1000"],
            "bukan triwulan: '5' (gunakan 1-4 atau I-IV)",
            "not a quarter: '5' (use 1-4 or I-IV)",
        ),
        (
            [*on, "realize", SUB, "--quarter", "2", "--spent", "999999999999"],
            "yang berlaku pada 2024-06-30; bila memang demikian, catat dengan --allow-overrun",
            "in force on 2024-06-30; if that is really so, record it with --allow-overrun",
        ),
        (
            [*on, "revise", SUB, "--stage", "final", "--pagu", "1000", *BASIS],
            "tahap 'final' tidak dikenal",
            "unknown stage 'final'",
        ),
        (
            ["--db", str(broken.with_name("nowhere.db")), "lines"],
            "tidak ditemukan: jalankan `pagu init` atau `pagu import FILE` lebih dahulu",
            "no ledger at",
        ),
        (
            [*on, "import", str(broken)],
            "tidak dapat diimpor; tidak ada yang dicatat",
            "cannot be imported; nothing was recorded",
        ),
    ]


def test_refusals_in_both_languages(imported: str, tmp_path: Path) -> None:
    broken = tmp_path / "broken.txt"  # the document cut short: no BAB III, no date
    broken.write_text(SHARED_DOCUMENT.read_text(encoding="utf-8")[:3000], encoding="utf-8")
    before = Snapshot.of(imported)
    for args, indonesian, english in refusals(imported, broken):
        status, said = speak("id", *args)
        assert status == 1 and indonesian in said and "Kesalahan:" in said, (args, said)
        assert english not in said, said
        for language in ("en", "en-flag"):
            status, said = speak(language, *args)
            assert status == 1 and english in said and "Error:" in said, (args, said)
            assert indonesian not in said, said
    assert Snapshot.of(imported) == before


def test_unknown_language_is_one_clear_refusal(tmp_path: Path) -> None:
    for done in (
        pagu("--lang", "fr", "--db", str(tmp_path / "x.db"), "lines"),
        pagu("--db", str(tmp_path / "x.db"), "lines", env={"PAGU_LANG": "klingon"}),
    ):
        assert done.exit_code == 2, done.output
        assert "unknown language" in done.output and "bahasa tidak dikenal" in done.output
        assert "Traceback" not in done.output
    assert not (tmp_path / "x.db").exists()


@pytest.mark.parametrize(
    ("args", "indonesian", "english"),
    [
        (
            ["--help"],
            ["Penggunaan: ", "Perintah:", "Daftar baris anggaran dengan pagu saat ini."],
            ["Usage: ", "Commands:", "List budget lines with their current pagu."],
        ),
        (
            ["realize", "--help"],
            [
                "Catat realisasi suatu triwulan",
                "Triwulan (wajib).",
                "[bawaan: table]",
                "Tampilkan pesan ini lalu keluar.",
            ],
            [
                "Record a triwulan's realization",
                "Triwulan (required).",
                "[default: table]",
                "Show this message and exit.",
            ],
        ),
    ],
)
def test_help_in_both_languages(args: list[str], indonesian: list[str], english: list[str]) -> None:
    for language, words, others in (("id", indonesian, english), ("en", english, indonesian)):
        status, said = speak(language, *args)
        assert status == 0
        flat = " ".join(said.split())
        for word in words:
            assert word in flat, (language, word, said)
        for word in others:
            assert word not in flat, (language, word, said)
    # --lang after the command's name, and before --help, is heard too
    done = pagu(*args[:-1], "--lang", "en", args[-1], env=INDONESIAN)
    assert done.exit_code == 0 and english[0] in done.output, done.output


def test_import_summary_in_both_languages(tmp_path: Path) -> None:
    """`pagu import`: the summary and its reconciliation findings (made in English, the
    language they are recorded in) in the language in use."""
    for language, words in (
        ("id", ["Peristiwa:", "Laporan rekonsiliasi (56 temuan):", "[unit_typo] baris",
                "salah ketik dari 'Laporan'"]),
        ("en", ["Events  :", "Reconciliation report (56 findings):", "[unit_typo] line",
                "a misspelling of 'Laporan'"]),
    ):  # fmt: skip
        db = str(tmp_path / f"{language}.db")
        status, said = speak(language, "--db", db, "import", "--dry-run", str(SHARED_DOCUMENT))
        assert status == 0, said
        for word in words:
            assert word in said, (language, word, said)


def test_flags_notes_and_findings_in_both_languages(imported: str) -> None:
    """A view's flags and notes are made when shown; the reconciliation findings were
    recorded (in English, the language of the record) and are translated when shown."""
    on = ["--db", imported]
    views = [
        (
            [*on, "evaluate", "--quarter", "2", "--format", "csv"],
            ["dihitung sebagai satu (salah ketik)", "capaian di atas 100% ("],
            ["counted as one (a misspelling)", "achievement above 100% ("],
        ),
        (
            [*on, "findings", "--format", "csv"],
            ["kode tidak tercetak; disimpulkan 1.06.05 dari nama yang sama di Tabel 1",
             "mencetak satuan 'Larpoan', salah ketik dari 'Laporan'"],
            ["no code printed; inferred 1.06.05 from same name in Tabel 1",
             "prints the unit 'Larpoan', a misspelling of 'Laporan'"],
        ),
        (
            [*on, "lines", "--level", "program"],
            ["semua yang tercatat, nilai terakhir"],
            ["everything recorded, latest values"],
        ),
    ]  # fmt: skip
    for args, indonesian, english in views:
        for language, words, others in (("id", indonesian, english), ("en", english, indonesian)):
            status, said = speak(language, *args)
            assert status == 0, said
            for word in words:
                assert word in said, (language, word, said)
            for word in others:
                assert word not in said, (language, word, said)


def test_the_treasurers_quarter_and_the_clock_refuse_in_both_languages(
    imported: str, tmp_path: Path
) -> None:
    """Issue 17 (realize --from, note) and the ledger's time zone (init --tz, PAGU_TZ):
    each refusal in either language, one message, nothing written."""
    rows = tmp_path / "rows.csv"
    rows.write_text(
        f"kode,triwulan,realisasi keuangan\n1.06.99.2.01.01,III,1000\n{SUB},5,1000\n",
        encoding="utf-8",
    )
    on = ["--db", imported]
    cases = [
        (
            [*on, "realize", "--from", str(rows)],
            ["2 baris ditolak, tidak ada yang dicatat:",
             "baris 2, kode: baris 1.06.99.2.01.01 tidak ditemukan di Dinas Sosial",
             "baris 3, triwulan: bukan triwulan: '5'"],
            ["2 rows refused, nothing was recorded:",
             "row 2, kode: unknown line 1.06.99.2.01.01 in Dinas Sosial",
             "row 3, triwulan: not a quarter: '5'"],
        ),
        (
            [*on, "note", SUB, "Dana terlambat cair", "--kind", "alasan"],
            ["Nilai tidak sah untuk '--kind'", "bukan salah satu dari"],
            ["Invalid value for '--kind'", "is not one of"],
        ),
        (
            [*on, "note", SUB, "  ", "--kind", "penghambat"],
            ["tidak boleh kosong"],
            ["cannot be empty"],
        ),
        (
            ["--db", str(tmp_path / "mars.db"), "init", "--tz", "Mars/Base"],
            ["bukan zona waktu: 'Mars/Base' (tulis nama IANA seperti Asia/Makassar"],
            ["not a time zone: 'Mars/Base' (write an IANA name such as Asia/Makassar"],
        ),
    ]  # fmt: skip
    before = Snapshot.of(imported)
    for args, indonesian, english in cases:
        for language, words, others in (("id", indonesian, english), ("en", english, indonesian)):
            status, said = speak(language, *args)
            assert status != 0, (language, args, said)
            flat = " ".join(said.split())
            for word in words:
                assert word in flat, (language, word, said)
            for word in others:
                assert word not in flat, (language, word, said)
    assert not (tmp_path / "mars.db").exists()
    for language, words in (("id", "PAGU_TZ: bukan zona waktu: 'Nowhere'"),
                            ("en", "PAGU_TZ: not a time zone: 'Nowhere'")):  # fmt: skip
        done = pagu(
            *on, "history", SUB, env={**(INDONESIAN if language == "id" else ENGLISH),
                                      "PAGU_TZ": "Nowhere"},
        )  # fmt: skip
        assert done.exit_code != 0 and words in done.output, (language, done.output)
        assert "Traceback" not in done.output
    assert Snapshot.of(imported) == before
