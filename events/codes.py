"""Budget line codes (Permendagri 90/2019 nomenclature).

    1.06                bidang urusan: the Dinas as a whole
    1.06.01             program
    1.06.01.2.01        kegiatan   (the single digit marks 1 = province, 2 = kabupaten/kota)
    1.06.01.2.01.01     sub kegiatan (newer nomenclature writes 1.06.01.2.01.0001: the same line)

Real documents are sloppy (`01.06.07` for `1.06.07`), so parsing normalises what is
unambiguous and refuses everything else with a message that shows the input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from events.errors import InvalidInput
from events.i18n import _


class Level(Enum):
    """How deep a line sits in the hierarchy; values are the JSON spellings."""

    URUSAN = "urusan"
    PROGRAM = "program"
    KEGIATAN = "kegiatan"
    SUB_KEGIATAN = "sub_kegiatan"

    @classmethod
    def parse(cls, text: str) -> Level:
        key = text.strip().lower().replace(" ", "_").replace("-", "_")
        aliases = {"sub": cls.SUB_KEGIATAN, "subkegiatan": cls.SUB_KEGIATAN, "dinas": cls.URUSAN}
        if key in aliases:
            return aliases[key]
        for level in cls:
            if level.value == key:
                return level
        choices = ", ".join(level.value for level in cls)
        raise InvalidInput(
            _("unknown level {text!r}: use one of {choices} (or 'sub')").format(
                text=text, choices=choices
            )
        )


# segment patterns: urusan, bidang, program, unit (1 province / 2 kab-kota), kegiatan, sub
_SEGMENTS = (r"0?[1-9]", r"\d{2}", r"\d{2}", r"[12]", r"\d{2}", r"\d{2}|\d{4}")
_CODE_CHARS = re.compile(r"^[0-9.]+$")


@dataclass(frozen=True, order=True)
class Kode:
    """A canonical budget line code such as ``1.06.01.2.01.01``."""

    text: str

    @classmethod
    def parse(cls, raw: str) -> Kode:
        text = raw.strip().strip("\u200b").rstrip(".")
        parts = text.split(".")
        if (
            not text
            or not _CODE_CHARS.match(text)
            or len(parts) not in (2, 3, 5, 6)
            or not all(re.fullmatch(p, s) for p, s in zip(_SEGMENTS, parts, strict=False))
        ):
            raise InvalidInput(
                _(
                    "not a budget line code: {raw!r} (expected e.g. 1.06 for the Dinas, "
                    "1.06.01 program, 1.06.01.2.01 kegiatan, 1.06.01.2.01.01 sub kegiatan)"
                ).format(raw=raw)
            )
        parts[0] = parts[0].lstrip("0")  # 01.06.07 -> 1.06.07
        if len(parts) == 6:
            number = int(parts[5])
            if number == 0:
                raise InvalidInput(
                    _("not a budget line code: {raw!r} (sub kegiatan number 0)").format(raw=raw)
                )
            # 0001 -> 01: the same line in both nomenclatures; a number above 99 exists
            # only in the four-digit form, which is kept (0100, never 100)
            parts[5] = f"{number:02d}" if number <= 99 else f"{number:04d}"
        return cls(".".join(parts))

    @property
    def level(self) -> Level:
        return {2: Level.URUSAN, 3: Level.PROGRAM, 5: Level.KEGIATAN, 6: Level.SUB_KEGIATAN}[
            len(self.text.split("."))
        ]

    @property
    def parent(self) -> Kode | None:
        parts = self.text.split(".")
        keep = {2: 0, 3: 2, 5: 3, 6: 5}[len(parts)]
        return Kode(".".join(parts[:keep])) if keep else None

    @property
    def urusan(self) -> Kode:
        """The bidang urusan (the Dinas line) this code belongs to."""
        return Kode(".".join(self.text.split(".")[:2]))

    def ancestors(self) -> list[Kode]:
        """Parents from the nearest up to the Dinas line."""
        found: list[Kode] = []
        parent = self.parent
        while parent is not None:
            found.append(parent)
            parent = parent.parent
        return found

    def is_within(self, prefix: Kode) -> bool:
        return self == prefix or self.text.startswith(prefix.text + ".")

    def sort_key(self) -> tuple[int, ...]:
        return tuple(int(p) if p.isdigit() else -1 for p in self.text.split("."))

    def __str__(self) -> str:
        return self.text
