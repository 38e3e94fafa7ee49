"""The lean decoding of catch-up (`projections.values`) gives what the domain event's
own fields would: event ids, sen, exact decimals, targets, provenance."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

import orjson
from hypothesis import given
from hypothesis import strategies as st

from events import storage_format
from events.codec import build_transcoder
from events.line import event_id_of
from events.sources import DocumentRef, Provenance
from events.targets import Target
from projections import values


def stored(value: object) -> object:
    """A value as eventsourcing's transcoder stores it, read back as plain JSON."""
    return orjson.loads(build_transcoder().encode({"v": value}))["v"]


@given(st.uuids(), st.integers(min_value=1, max_value=10**7))
def test_event_ids_are_those_of_the_event(stream: uuid.UUID, version: int) -> None:
    assert storage_format.EventIds().of(stream.hex, version) == str(event_id_of(stream, version))


@given(
    st.decimals(
        allow_nan=False, allow_infinity=False, places=2, min_value=-(10**15), max_value=10**15
    )
)
def test_sen_of_a_stored_amount(amount: Decimal) -> None:
    expected = int((amount * 100).to_integral_value())
    assert values.sen(stored(amount)["_data_"]) == expected  # type: ignore[index]


@given(st.decimals(allow_nan=False, allow_infinity=False, max_value=10**12, min_value=-(10**12)))
def test_any_stored_decimal(number: Decimal) -> None:
    text = stored(number)["_data_"]  # type: ignore[index]
    assert values.exact(text) == f"{number:f}"
    assert values.sen(text) == int((number * 100).to_integral_value())


def test_exponents_and_odd_spellings() -> None:
    assert values.exact("1E+3") == "1000"
    assert values.sen("1E+3") == 100000
    assert values.sen("-0.5") == -50
    assert values.sen("12.345") == 1234  # half-even, as Decimal rounds
    assert values.sen("12.355") == 1236
    assert values.sen(None) is None


@given(
    st.decimals(allow_nan=False, allow_infinity=False, places=3, max_value=10**9, min_value=0),
    st.sampled_from([None, "%", "Dokumen", "Desa / Kelurahan", "OH"]),
)
def test_targets(number: Decimal, unit: str | None) -> None:
    target = Target(number, unit)
    found = stored(target)
    assert values.target(found) == (f"{number:f}", unit)  # type: ignore[arg-type]
    assert values.target_text(found) == str(target)  # type: ignore[arg-type]
    assert values.target(None) == (None, None) and values.target_text(None) is None


def test_provenance_and_document() -> None:
    provenance = Provenance("ab" * 32, "BAB III", 17)
    assert values.provenance(stored(provenance)) == str(provenance)  # type: ignore[arg-type]
    document = DocumentRef("Perda 2/2024", date(2024, 8, 14))
    assert values.document(stored(document)) == ("Perda 2/2024", "2024-08-14")  # type: ignore[arg-type]
    assert values.document(None) == (None, None)


def test_stream_ids() -> None:
    stream = uuid.uuid4()
    assert values.dashed(stream.hex) == str(stream) == values.dashed(str(stream))
    assert values.stream_hex(stream) == stream.hex
    assert values.stream_hex(str(stream)) == stream.hex
    assert values.stream_hex(stream.hex) == stream.hex
