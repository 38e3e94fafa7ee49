"""Taking a document in: reading its file safely, and whose budget it is.

The file is read with a size limit and must be UTF-8 text without NUL bytes, so that a
PDF, a disk image or /dev/zero is refused at once instead of filling memory. The SKPD and
the fiscal year are the ones the document states; `import --skpd/--year` only supply what
it does not state, and are refused where they contradict it (a 2024 document once became
968 events of 2025 that way).
"""

from __future__ import annotations

from pathlib import Path

from events.errors import InvalidInput
from events.i18n import _
from events.periods import check_year
from events.text import plain_text

MAX_DOCUMENT_BYTES = 32 * 1024 * 1024  # a converted Renja is a few hundred kilobytes


class DocumentError(InvalidInput):
    """The document cannot be imported; the message lists where it broke."""


def read_text(path: Path) -> tuple[bytes, str]:
    """The file's bytes and its text: UTF-8, no NUL (a binary file), at most 32 MB."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_DOCUMENT_BYTES + 1)
    except OSError as problem:
        raise DocumentError(
            _("cannot read {path}: {strerror}").format(path=path, strerror=problem.strerror)
        ) from None
    if b"\x00" in raw:
        raise DocumentError(
            _(
                "{path} is not a text document (it holds NUL bytes, as binary files do): "
                "convert the PDF to text first"
            ).format(path=path)
        )
    if len(raw) > MAX_DOCUMENT_BYTES:
        raise DocumentError(
            _("{path} is larger than {limit} MB: not a Renja document").format(
                path=path, limit=MAX_DOCUMENT_BYTES // 2**20
            )
        )
    try:
        return raw, raw.decode("utf-8")
    except UnicodeDecodeError as problem:
        raise DocumentError(
            _("{path} is not UTF-8 text (byte {start})").format(path=path, start=problem.start)
        ) from None


def _same(a: str, b: str) -> bool:
    return plain_text(a).casefold() == plain_text(b).casefold()


def stated_or_given(
    file_name: str,
    skpd: str | None,
    tahun: int | None,
    *,
    name: str | None,
    pemda: str | None,
    year: int | None,
) -> tuple[str | None, int | None]:
    """The SKPD and year: as the document states them (its Dinas `name`, its `pemda`,
    its `year`), or as given where it does not. An option that contradicts the document
    is refused; --skpd may complete a name the document states only in part (its Dinas
    without its pemda, or the reverse)."""
    stated = " ".join(x for x in (name or "", pemda or "") if x)
    found = stated or None
    if skpd is not None:
        given = plain_text(skpd)
        if not given:
            raise DocumentError(_("--skpd cannot be blank"))
        if not stated:
            found = given
        elif not _same(given, stated):
            whole = name and pemda  # else the option may complete the name
            if whole or plain_text(stated).casefold() not in given.casefold():
                raise DocumentError(
                    _(
                        "--skpd {skpd!r}: {file_name} states its SKPD, {stated!r}; --skpd is "
                        "only for a document that does not (leave it out)"
                    ).format(skpd=skpd, file_name=file_name, stated=stated)
                )
            found = given  # the document's name, completed
    if year is not None:
        check_year(year, _("the document's fiscal year"))
    if tahun is not None:
        check_year(tahun)
        if year is not None and year != tahun:
            raise DocumentError(
                _(
                    "--year {tahun}: {file_name} states its fiscal year, {year}; --year is "
                    "only for a document that does not (leave it out)"
                ).format(tahun=tahun, file_name=file_name, year=year)
            )
        year = tahun
    return found, year
