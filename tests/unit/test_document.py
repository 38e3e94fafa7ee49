"""Reading the real document: every row, the messy parts, and the reconciliation report."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from events import Kode, Level, Quarter, Target
from ledger.importer.document import DocumentError, read_document
from ledger.importer.reconcile import reconcile
from tests.conftest import EXAMPLE_DOCUMENT, SHARED_DOCUMENT


@pytest.fixture(scope="module")
def doc():  # type: ignore[no-untyped-def]
    return read_document(SHARED_DOCUMENT)


def test_reads_every_line_of_the_apbd_p_table(doc) -> None:  # type: ignore[no-untyped-def]
    levels = Counter(row.kode.level for row in doc.budget_rows)
    assert levels == {Level.PROGRAM: 7, Level.KEGIATAN: 18, Level.SUB_KEGIATAN: 61}
    subs = [r for r in doc.budget_rows if r.kode.level is Level.SUB_KEGIATAN]
    assert sum(r.murni_pagu or 0 for r in subs) == Decimal("44596627447.00")
    assert sum(r.perubahan_pagu or 0 for r in subs) == Decimal("50009023965.00")
    assert doc.skipped == []


def test_document_facts(doc) -> None:  # type: ignore[no-untyped-def]
    assert doc.skpd == "Dinas Sosial Kabupaten Kutai Kartanegara"
    assert (doc.tahun, doc.date.isoformat(), doc.forward_year) == (2024, "2024-08-14", 2025)
    assert doc.urusan == Kode("1.06")
    assert doc.realization_quarter is Quarter.II
    dinas = doc.dinas_realization
    assert dinas.spent == Decimal("16358726962.00")
    assert dinas.physical_percent == Decimal("52.7")
    assert len(doc.evaluation_rows) == 86 and len(doc.spm_rows) == 5
    assert doc.spm_rows[0].realizations == {"2022": Decimal("95.48"), "2023": Decimal("100")}


def test_codes_written_sloppily_are_normalised(doc) -> None:  # type: ignore[no-untyped-def]
    program = next(r for r in doc.budget_rows if r.kode == Kode("1.06.07"))
    assert program.line_no == 464  # printed as 01.06.07


def test_rows_without_code_are_inferred_and_reported(doc) -> None:  # type: ignore[no-untyped-def]
    inferred = {i.line_no: i.kode.text for i in doc.inferred}
    assert inferred == {
        445: "1.06.05",
        447: "1.06.05.2.01",
        448: "1.06.05.2.01.01",
        449: "1.06.05.2.02",
        450: "1.06.05.2.02.01",
        451: "1.06.05.2.02.02",
        452: "1.06.05.2.02.03",
        453: "1.06.05.2.02.04",
    }
    # the same name twice (kegiatan and sub kegiatan) lands on the right codes
    by_code = {r.kode.text: r for r in doc.budget_rows}
    assert by_code["1.06.05.2.02"].perubahan_pagu == Decimal("9942700000.00")
    assert by_code["1.06.05.2.02.02"].perubahan_pagu == Decimal("369850000.00")


def test_continuation_row_is_a_second_indicator(doc) -> None:  # type: ignore[no-untyped-def]
    program = next(r for r in doc.budget_rows if r.kode == Kode("1.06.05"))
    assert [i.murni_target for i in program.indicators] == [
        Target(Decimal(100), "%"),
        Target(Decimal(85), "%"),
    ]
    assert program.indicators[1].forward_target == Target(Decimal(98), "%")
    evaluation = next(r for r in doc.evaluation_rows if r.kode == Kode("1.06.05"))
    assert evaluation.extra_indicators == [program.indicators[1].murni_indicator]


def test_tabel_1_pages_with_different_layouts_read_the_same(doc) -> None:  # type: ignore[no-untyped-def]
    first_page = next(r for r in doc.evaluation_rows if r.kode == Kode("1.06.01.2.01.01"))
    later_page = next(r for r in doc.evaluation_rows if r.kode == Kode("1.06.04.2.01.12"))
    assert (first_page.target, first_page.realization, first_page.printed_rate) == (
        Target(Decimal(5), "Dokumen"),
        Target(Decimal(3), "Dokumen"),
        Decimal(60),
    )
    assert (later_page.realization, later_page.printed_rate) == (
        Target(Decimal(892), "Orang"),
        Decimal(892),
    )


def test_reconciliation_lists_every_inconsistency_and_nothing_else(doc) -> None:  # type: ignore[no-untyped-def]
    findings = reconcile(doc)
    by_kind: dict[str, list[str]] = {}
    for f in findings:
        by_kind.setdefault(f.kind, []).append(f.kode or "TOTAL")
    assert set(by_kind) == {
        "inferred_code",
        "parent_total",
        "name_conflict",
        "indicator_conflict",
        "target_conflict",
        "unit_conflict",
        "unit_typo",
    }
    # murni, perubahan and the difference add up everywhere; only forward estimates do not
    assert all("perkiraan maju" in f.message for f in findings if f.kind == "parent_total")
    assert sorted(by_kind["parent_total"]) == sorted(
        [
            "1.06.01",
            "1.06.01.2.02",
            "1.06.01.2.03",
            "1.06.01.2.06",
            "1.06.01.2.09",
            "1.06.02",
            "1.06.02.2.03",
            "1.06.04",
            "1.06.04.2.01",
            "1.06.04.2.02",
            "1.06.05",
            "1.06.05.2.01",
            "1.06.05.2.02",
            "1.06.06",
            "1.06.06.2.02",
            "TOTAL",
        ]
    )
    assert by_kind["name_conflict"] == [
        "1.06.03.2.01",
        "1.06.03.2.01.01",
        "1.06.04.2.01.01",
        "1.06.04.2.01.02",
    ]
    assert "1.06.06.2.01.01" in by_kind["indicator_conflict"]  # Perumahan vs Permakanaan
    assert len(by_kind["indicator_conflict"]) == 8
    assert len(by_kind["target_conflict"]) == 7
    assert len(by_kind["unit_conflict"]) == 11
    # a misspelt unit is a finding of its own, not a unit of its own (Paekt is Paket)
    assert sorted(by_kind["unit_typo"]) == ["1.06.01.2.02.07", "1.06.01.2.06.07"]
    typos = {f.printed: f.computed for f in findings if f.kind == "unit_typo"}
    assert typos == {"Larpoan": "Laporan", "Paekt": "Paket"}
    total = next(f for f in findings if f.kind == "parent_total" and f.kode is None)
    assert (total.printed, total.computed) == ("43263312074.00", "39484496674.00")


def test_the_bundled_example_reads_the_same_as_the_document(doc) -> None:  # type: ignore[no-untyped-def]
    example = read_document(EXAMPLE_DOCUMENT)
    assert [(r.kode, r.murni_pagu, r.perubahan_pagu) for r in example.budget_rows] == [
        (r.kode, r.murni_pagu, r.perubahan_pagu) for r in doc.budget_rows
    ]

    def essence(findings):  # type: ignore[no-untyped-def]
        return [(f.kind, f.kode, f.printed, f.computed) for f in findings]

    assert essence(reconcile(example)) == essence(reconcile(doc))


def _broken(tmp_path: Path, edit) -> Path:  # type: ignore[no-untyped-def]
    lines = SHARED_DOCUMENT.read_text(encoding="utf-8").split("\n")
    path = tmp_path / "broken.txt"
    path.write_text("\n".join(edit(lines)), encoding="utf-8")
    return path


def test_a_document_cut_half_way_says_where_it_broke(tmp_path: Path) -> None:
    path = _broken(tmp_path, lambda lines: lines[:430])
    with pytest.raises(DocumentError) as refused:
        read_document(path)
    assert "line 430 (BAB III)" in str(refused.value) and "truncated" in str(refused.value)


def test_a_garbled_number_names_line_and_column(tmp_path: Path) -> None:
    def garble(lines: list[str]) -> list[str]:
        lines[427] = lines[427].replace("3.235.700.590,00", "3.235.7OO.590,00", 1)
        return lines

    with pytest.raises(DocumentError) as refused:
        read_document(_broken(tmp_path, garble))
    message = str(refused.value)
    assert "line 428 (BAB III): column 'murni_pagu'" in message and "3.235.7OO.590,00" in message


def test_a_row_cut_short_is_an_error(tmp_path: Path) -> None:
    def cut(lines: list[str]) -> list[str]:
        lines[429] = "\t".join(lines[429].split("\t")[:5])
        return lines

    with pytest.raises(
        DocumentError, match=r"line 430 \(BAB III\): row has 5 columns, the table has 13"
    ):
        read_document(_broken(tmp_path, cut))


def test_not_a_document(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(b"\xff\xfe garbage")
    with pytest.raises(DocumentError, match="not UTF-8"):
        read_document(path)
    path.write_text("hello\nworld\n")
    with pytest.raises(DocumentError, match="no APBD-P table"):
        read_document(path)


def _replaced(tmp_path: Path, line: int, old: str, new: str) -> Path:
    def edit(lines: list[str]) -> list[str]:
        assert old in lines[line - 1]
        lines[line - 1] = lines[line - 1].replace(old, new, 1)
        return lines

    return _broken(tmp_path, edit)


@pytest.mark.parametrize(
    ("written", "says"),
    [
        ("３.２３５.７００.５９０,００", "the digit '３' (U+FF13)"),  # full-width
        ("٣.٢٣٥.٧٠٠.٥٩٠,٠٠", "the digit '٣' (U+0663)"),  # Arabic-Indic
        ("(0,00)", "negative zero"),
        ("3.235.700.590.000.000,00", "beyond the largest accepted"),
        ("3,2357e9", "exponent notation"),
    ],
)
def test_money_a_document_cannot_mean_names_line_and_column(
    tmp_path: Path, written: str, says: str
) -> None:
    path = _replaced(tmp_path, 428, "3.235.700.590,00", written)
    with pytest.raises(DocumentError) as refused:
        read_document(path)
    message = str(refused.value)
    assert "line 428 (BAB III): column 'murni_pagu'" in message and says in message, message


def test_a_target_a_document_cannot_mean_names_line_and_column(tmp_path: Path) -> None:
    path = _replaced(tmp_path, 428, "\t800 Orang\t", "\t８００ Orang\t")
    with pytest.raises(DocumentError, match=r"line 428 \(BAB III\): column 'murni_target'"):
        read_document(path)


def test_a_document_dated_a_day_that_does_not_exist(tmp_path: Path) -> None:
    path = _replaced(tmp_path, 35, "14 Agustus 2024", "31 Februari 2024")
    with pytest.raises(DocumentError, match=r"line 35 \(Teks\).*no such day"):
        read_document(path)


def test_a_document_dated_outside_its_year(tmp_path: Path) -> None:
    def edit(lines: list[str]) -> list[str]:
        return [line.replace("14 Agustus 2024", "14 Agustus 2025") for line in lines]

    with pytest.raises(DocumentError, match="dated 2025-08-14, outside its fiscal year 2024"):
        read_document(_broken(tmp_path, edit))


def test_options_supply_only_what_the_document_does_not_state(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match=r"--year 2025: .* states its fiscal year, 2024"):
        read_document(SHARED_DOCUMENT, tahun=2025)
    with pytest.raises(DocumentError, match=r"--skpd 'Dinas Lain': .* states its SKPD"):
        read_document(SHARED_DOCUMENT, skpd="Dinas Lain")
    same = read_document(SHARED_DOCUMENT, skpd="dinas sosial  KABUPATEN kutai kartanegara")
    assert (same.skpd, same.tahun) == ("Dinas Sosial Kabupaten Kutai Kartanegara", 2024)
    assert read_document(SHARED_DOCUMENT, tahun=2024).tahun == 2024

    def unnamed(lines: list[str]) -> list[str]:
        drop = ("PEMERINTAH KABUPATEN", "**DINAS SOSIAL**", "Perangkat Daerah\t:")
        return ["" if line.startswith(drop) else line for line in lines]

    path = _broken(tmp_path, unnamed)
    with pytest.raises(DocumentError, match="cannot tell which SKPD this is: give --skpd"):
        read_document(path)
    assert read_document(path, skpd="Dinas Lain").skpd == "Dinas Lain"
    with pytest.raises(DocumentError, match="--skpd cannot be blank"):
        read_document(path, skpd="\u200b")


def test_binary_and_oversized_files_are_refused_without_reading_them_whole(
    tmp_path: Path,
) -> None:
    binary = tmp_path / "scan.pdf"
    binary.write_bytes(b"%PDF-1.7\n\x00\x01\x02" + bytes(range(256)))
    with pytest.raises(DocumentError, match="not a text document"):
        read_document(binary)
    for device in ("/dev/zero", "/dev/urandom"):
        with pytest.raises(DocumentError, match="not a text document"):
            read_document(Path(device))
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as out:
        out.truncate(33 * 1024 * 1024)  # sparse, and all NUL: refused as binary
    with pytest.raises(DocumentError, match="not a text document"):
        read_document(huge)
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * (32 * 1024 * 1024 + 1))
    with pytest.raises(DocumentError, match="larger than 32 MB"):
        read_document(big)
