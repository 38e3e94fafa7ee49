"""Predikat (kategori capaian) of an achievement rate, Permendagri 86/2017.

The regulation's table of categories (Lampiran, "Evaluasi terhadap Hasil Renja"):

    Sangat Tinggi   91 <= x        (91-100, and above 100)
    Tinggi          76 <= x <= 90
    Sedang          66 <= x <= 75
    Rendah          51 <= x <= 65
    Sangat Rendah         x <= 50

The bands are written in whole percent and leave gaps (90 < x < 91, ...). A computed
rate such as 90,5% falls in such a gap, so each band here runs from just above the
upper bound of the band below it up to and including its own upper bound:

    Sangat Tinggi   x > 90
    Tinggi          75 < x <= 90
    Sedang          65 < x <= 75
    Rendah          50 < x <= 65
    Sangat Rendah   x <= 50

Every whole number lands in the regulation's own band; between two whole numbers the
rate is never rounded (90,01% is Sangat Tinggi, 90% is Tinggi). A rate above 100% is
Sangat Tinggi (the regulation's top band is open upwards) and is kept, never capped;
the views flag it separately. A negative rate (only possible with bad data) is Sangat
Rendah. No rate, no predikat.
"""

from __future__ import annotations

from decimal import Decimal
from enum import Enum


class Predikat(Enum):
    SANGAT_TINGGI = "Sangat Tinggi"
    TINGGI = "Tinggi"
    SEDANG = "Sedang"
    RENDAH = "Rendah"
    SANGAT_RENDAH = "Sangat Rendah"

    def __str__(self) -> str:
        return self.value


# (exclusive lower bound, predikat), highest band first
_BANDS: tuple[tuple[Decimal, Predikat], ...] = (
    (Decimal(90), Predikat.SANGAT_TINGGI),
    (Decimal(75), Predikat.TINGGI),
    (Decimal(65), Predikat.SEDANG),
    (Decimal(50), Predikat.RENDAH),
)

# The regulation's bands as printed, for documentation and the form's legend.
LEGEND: tuple[tuple[str, Predikat], ...] = (
    ("≥ 91", Predikat.SANGAT_TINGGI),
    ("76 – 90", Predikat.TINGGI),
    ("66 – 75", Predikat.SEDANG),
    ("51 – 65", Predikat.RENDAH),
    ("≤ 50", Predikat.SANGAT_RENDAH),
)


def predikat(rate: Decimal | None) -> Predikat | None:
    """The category of an achievement rate in percent (None: no rate, no category)."""
    if rate is None or not rate.is_finite():
        return None
    for above, category in _BANDS:
        if rate > above:
            return category
    return Predikat.SANGAT_RENDAH


def predikat_text(rate: Decimal | None) -> str | None:
    """The category as the forms print it, or None."""
    found = predikat(rate)
    return None if found is None else found.value
