"""Command validation (ledger.commands): raw strings in, value objects out, and one
clear message naming the option and the bad value for anything refused."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import create_engine, insert

from events import InvalidInput, Kode, Quarter, Stage, Target
from events.money import format_rupiah
from ledger.commands import AddLine, Command, Correct, Realize, Revise, Shift, parse

BASIS: dict[str, Any] = {
    "skpd": "Dinas Sosial",
    "tahun": 2024,
    "actor": "tester",
    "reason": "alasan",
    "doc": "SK 1",
    "doc_date": "2024-09-02",
    "effective": "2024-09-02",
}


def refusal(model: type[Command], **raw: Any) -> str:
    """The refusal as the CLI words it (its flags: cli.errors); the ledger's own
    wording names no flag."""
    from cli.errors import word

    with pytest.raises(InvalidInput) as caught:
        parse(model, **(BASIS | raw))
    message = word(caught.value)
    assert "validation error" not in message and "pydantic" not in message
    assert "\n" not in message
    assert "--" not in str(caught.value).replace("-->", ""), str(caught.value)
    return message


def test_raw_strings_become_value_objects() -> None:
    revise = parse(
        Revise,
        **BASIS,
        kode="1.06.04.2.01.0005",
        pagu="1.234.567,50",
        target="5  Dokumen",
        indicator="  Jumlah   dokumen ",
        stage="APBD-P",
    )
    assert revise.kode == Kode("1.06.04.2.01.05")
    assert revise.pagu == Decimal("1234567.50")
    assert revise.target == Target(Decimal("5"), "Dokumen")
    assert revise.indicator == "Jumlah dokumen"
    assert revise.stage is Stage.PERUBAHAN
    assert revise.effective == date(2024, 9, 2)
    assert revise.document is not None and str(revise.document) == "SK 1 (2024-09-02)"
    realize = parse(
        Realize, **(BASIS | {"reason": None}), kode="1.06.04.2.01.05", quarter="TW III", spent="1"
    )
    assert realize.quarter is Quarter.III and realize.why == "Realisasi triwulan III 2024"


def test_effective_defaults_to_today() -> None:
    raw = BASIS | {"effective": None}
    pair = {"from_kode": "1.06.04.2.01.01", "to_kode": "1.06.04.2.01.05", "amount": "1"}
    shift = parse(Shift, **raw, **pair, to_skpd="Dinas Sosial", to_tahun=2024)
    assert shift.effective == date.today()


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ({"pagu": "1.234"}, "--pagu: ambiguous"),
        ({"pagu": "abc"}, "--pagu: not an amount of rupiah: 'abc'"),
        ({"pagu": "-1"}, "--pagu cannot be negative"),
        ({"kode": "1.6"}, "KODE: not a budget line code: '1.6'"),
        ({"stage": "murni"}, "--stage: a revision is a pergeseran or a perubahan"),
        ({"stage": None}, "--stage is required"),
        ({"target": "lima"}, "--target: not a target: 'lima'"),
        ({"location": " "}, "--location: cannot be empty (got ' ')"),
        ({"pagu": None}, "nothing to revise"),
        ({"reason": None}, "--reason is required"),
        ({"reason": " "}, "--reason: cannot be blank (got ' ')"),
        ({"doc": None}, "--doc and --doc-date are required"),
        ({"doc_date": "kemarin"}, "--doc-date: not a date: 'kemarin'"),
        ({"effective": "31/02/2024"}, "--effective: not a date: '31/02/2024'"),
    ],
)
def test_revise_refusals_name_the_option_and_value(raw: dict[str, Any], says: str) -> None:
    defaults = {"kode": "1.06.04.2.01.05", "stage": "perubahan", "pagu": "1000"}
    assert says in refusal(Revise, **(defaults | raw))


def test_shift_realize_add_line_and_correct_refusals() -> None:
    pair = {"from_kode": "1.06.04.2.01.01", "to_kode": "1.06.04.2.01.05"}
    budget = {"to_skpd": "Dinas Sosial", "to_tahun": 2024}
    assert "AMOUNT" in refusal(Shift, **pair, **budget, amount="0")
    assert "AMOUNT: ambiguous" in refusal(Shift, **pair, **budget, amount="1,000")
    assert "same line" in refusal(
        Shift, **budget, amount="1", from_kode="1.06.01", to_kode="1.06.01"
    )
    other = refusal(Shift, **pair, amount="1", to_skpd="Dinas PU", to_tahun=2024)
    assert "within one SKPD's budget for one year" in other
    line = {"kode": "1.06.04.2.01.05"}
    assert "--quarter: not a quarter: '5'" in refusal(Realize, **line, quarter="5", spent="1")
    assert "--spent cannot be negative" in refusal(Realize, **line, quarter="1", spent="-1")
    assert "--allow-overrun needs --reason" in refusal(
        Realize, **line, quarter="3", spent="1", allow_overrun=True, reason=None
    )
    new = {"nama": "Baru", "indicator": "X", "target": "1 X", "stage": "perubahan"}
    assert "--pagu is required" in refusal(AddLine, kode="1.06.04.2.01.20", **new)
    assert "leave --pagu out" in refusal(AddLine, kode="1.06.04.2.09", **new, pagu="1")
    assert "Dinas line" in refusal(AddLine, kode="1.06", **new)
    correct = {"event_id": "6f0b3c1e-2d4a-5e8f-9a7b-1c2d3e4f5a6b", "line_id": "0" * 32}
    assert "--reason is required" in refusal(Correct, **correct, version=2, reason=None)


@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("10") ** 13, places=2))
def test_every_printed_amount_is_accepted_back(amount: Decimal) -> None:
    """What pagu prints (1.234.567,00) is what it accepts, and so are the plain forms."""
    raw = {"from_kode": "1.06.04.2.01.01", "to_kode": "1.06.04.2.01.05"} | {
        "to_skpd": "Dinas Sosial",
        "to_tahun": 2024,
    }
    for spelling in (format_rupiah(amount), f"{amount:f}"):
        assert parse(Shift, **BASIS, **raw, amount=spelling).amount == amount


def test_an_event_prefix_shared_by_two_events_is_refused() -> None:
    from projections import schema
    from projections.lookup import find_event

    engine = create_engine("sqlite://")
    schema.metadata.create_all(engine)
    row = {
        "line_id": "0" * 32,
        "version": 1,
        "skpd": "Dinas Sosial",
        "tahun": 2024,
        "kode": "1.06",
        "kind": "PaguSet",
        "recorded_at": "2024-09-02T00:00:00.000000+00:00",
        "effective": date(2024, 9, 2),
        "actor": "tester",
        "reason": "x",
        "change": "{}",
    }
    with engine.begin() as conn:
        conn.execute(
            insert(schema.event),
            [
                row | {"position": 1, "event_id": "abcdef12-0000-5000-8000-000000000001"},
                row | {"position": 2, "event_id": "abcdef12-9999-5000-8000-000000000002"},
            ],
        )
    with engine.connect() as conn:
        with pytest.raises(InvalidInput, match="matches several events"):
            find_event(conn, "abcdef12")
        assert find_event(conn, "ABCDEF12-9").position == 2
