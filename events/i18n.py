"""The language pagu speaks: Indonesian by default, English on request.

Source strings (msgids) are English; the Indonesian catalog lives beside this module in
locale/id/LC_MESSAGES/pagu.po, compiled to pagu.mo (`make messages`). Only the standard
library's gettext runs here: Babel is a development tool (extraction, compilation), never
imported by pagu itself, so that `pagu --help` stays fast.

The language is chosen once per run: `--lang id|en`, else PAGU_LANG, else Indonesian.
Messages are translated when they are made (`_`, `ngettext`); strings made at import time
(constants, option help) are marked with `N_` and translated where they are shown, or
made lazily (`lazy`), so that a process that changes language (the tests) sees the new
one.
"""

from __future__ import annotations

import gettext
import os
import re
from functools import cache, lru_cache
from pathlib import Path

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"
DOMAIN = "pagu"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
ENVIRONMENT = "PAGU_LANG"

_language: str | None = None
_catalog: gettext.NullTranslations = gettext.NullTranslations()


class UnknownLanguage(ValueError):
    """A language pagu has no catalog for (said in both languages: which one is wanted
    is unknown)."""

    def __init__(self, wanted: str, source: str) -> None:
        super().__init__(
            f"bahasa tidak dikenal {wanted!r} ({source}): gunakan id atau en / "
            f"unknown language {wanted!r} ({source}): use id or en"
        )


def _normalise(wanted: str) -> str:
    # "id_ID.UTF-8", "EN", "en-US" -> "id", "en": a locale name is fine, its region is not
    # needed (there is one Indonesian and one English).
    return re.split(r"[_.@-]", wanted.strip().lower(), maxsplit=1)[0]


def set_language(wanted: str | None = None, source: str = "--lang") -> str:
    """Speak `wanted` (id or en); None: PAGU_LANG, else Indonesian. Returns the language.

    Raises UnknownLanguage for anything else."""
    global _language, _catalog
    if wanted is None or not wanted.strip():
        wanted, source = os.environ.get(ENVIRONMENT, "") or DEFAULT_LANGUAGE, ENVIRONMENT
    language = _normalise(wanted)
    if language not in LANGUAGES:
        raise UnknownLanguage(wanted, source)
    _language = language
    _catalog = _load(language)
    return language


def reset(language: str | None) -> None:
    """Go back to a language saved from `chosen()` (None: choose again on next use)."""
    global _language, _catalog
    _language = language
    _catalog = _load(language) if language else gettext.NullTranslations()


def chosen() -> str | None:
    """The language chosen so far, if any (for `reset`)."""
    return _language


def current_language() -> str:
    """The language in use (chosen from PAGU_LANG on first use when nobody chose)."""
    if _language is None:
        try:
            set_language(None)
        except UnknownLanguage:
            set_language(DEFAULT_LANGUAGE)
    assert _language is not None
    return _language


@cache
def _load(language: str) -> gettext.NullTranslations:
    if language == "en":  # the msgids themselves
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)


def _(message: str) -> str:
    """`message` (English) in the current language."""
    if _language is None:
        current_language()
    return _catalog.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural of a message, for `n`, in the current language."""
    if _language is None:
        current_language()
    return _catalog.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark `message` for the catalog without translating it yet (a constant made at import
    time, translated with `_` where it is shown)."""
    return message


class lazy:
    """A message translated each time it is turned into text (for constants that are
    shown as they are: a note, a flag's wording)."""

    __slots__ = ("message",)

    def __init__(self, message: str) -> None:
        self.message = message

    def __str__(self) -> str:
        return _(self.message)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __repr__(self) -> str:
        return repr(str(self))

    def __eq__(self, other: object) -> bool:
        return str(self) == str(other) if isinstance(other, str | lazy) else NotImplemented

    def __hash__(self) -> int:
        return hash(self.message)

    def __add__(self, other: str) -> str:
        return str(self) + other

    def __radd__(self, other: str) -> str:
        return other + str(self)

    def format(self, *args: object, **kwargs: object) -> str:
        return str(self).format(*args, **kwargs)


_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(![rsa])?(:[^{}]*)?\}")


def _pattern(msgid: str) -> re.Pattern[str] | None:
    """A regular expression matching what `msgid.format(...)` gives, with a named group
    per placeholder; None for a message without placeholders."""
    pieces: list[str] = []
    seen: set[str] = set()
    end = 0
    for match in _PLACEHOLDER.finditer(msgid):
        pieces.append(re.escape(msgid[end : match.start()].replace("{{", "{").replace("}}", "}")))
        name = match[1]
        pieces.append(f"(?P={name})" if name in seen else f"(?P<{name}>.+?)")
        seen.add(name)
        end = match.end()
    if not seen:
        return None
    pieces.append(re.escape(msgid[end:].replace("{{", "{").replace("}}", "}")))
    return re.compile("".join(pieces), re.DOTALL)


@lru_cache(maxsize=1)
def _recorded_patterns() -> list[tuple[re.Pattern[str], str, str]]:
    catalog = _load("id")
    messages: dict[object, str] = getattr(catalog, "_catalog", {})
    found = []
    for key, translated in messages.items():
        if not isinstance(key, str) or not key or not translated:
            continue
        pattern = _pattern(key)
        if pattern is not None and "{" in translated:
            found.append((pattern, key, translated))
    # the most literal text first: the most specific message wins
    found.sort(key=lambda item: -len(_PLACEHOLDER.sub("", item[1])))
    return found


def _fill(template: str, values: dict[str, str]) -> str:
    def value(match: re.Match[str]) -> str:
        return values.get(match[1], match[0])

    return _PLACEHOLDER.sub(value, template)


def translate_recorded(text: str) -> str:
    """A message recorded in the ledger (in English, the language of the record), in the
    current language: a reconciliation finding stored at import shows in Indonesian too.

    The message is matched against the catalog's messages with placeholders; the values
    it held are put into the translation. Text that matches none stays as it is."""
    if current_language() == "en" or not text:
        return text
    exact = _catalog.gettext(text)
    if exact != text:
        return exact
    for pattern, _msgid, translated in _recorded_patterns():
        match = pattern.fullmatch(text)
        if match is not None:
            values = {name: translate_recorded(value) for name, value in match.groupdict().items()}
            return _fill(translated, values)
    return text
