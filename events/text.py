"""Free text as people type it: who records a fact, why, on what authority, names.

Every run of whitespace (any Unicode space, tab or line break) becomes one space, and
invisible format characters (zero-width spaces and joiners, direction marks, the byte
order mark, soft hyphens: Unicode category Cf) are dropped, so that a reason of
"\\u200b" or a non-breaking space is seen for what it is: blank. Text that holds a NUL
or a lone surrogate (a byte of the command line that was not UTF-8) is refused: neither
can be stored as text in PostgreSQL, so the read side could not show it.
"""

from __future__ import annotations

import re
import unicodedata

from events.errors import InvalidInput
from events.i18n import _

UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def unstorable(text: str) -> str | None:
    """The first character of `text` that cannot be stored as text, or None."""
    found = UNSTORABLE.search(text)
    return found.group() if found else None


def plain_text(raw: str) -> str:
    """`raw` with whitespace collapsed and format characters removed; '' when nothing
    visible is left (control characters alone count as nothing visible)."""
    bad = unstorable(raw)
    if bad is not None:
        what = _("a NUL character") if bad == "\x00" else _("a byte that is not UTF-8")
        raise InvalidInput(
            _("{raw!r} contains {what}; write plain text").format(raw=raw, what=what)
        )
    kept = "".join(ch for ch in raw if unicodedata.category(ch) != "Cf")
    text = " ".join(kept.split())
    if not any(unicodedata.category(ch) != "Cc" and not ch.isspace() for ch in text):
        return ""
    return text
