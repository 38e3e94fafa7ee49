"""Text pagu did not write itself, made safe to show.

An actor, a reason, a legal basis, a location, a document's title or an indicator can
hold anything: a terminal escape (`ESC ] 0 ; title BEL` retitles the terminal, `ESC [ 2 J`
clears it), a C1 control, a bidi override that shows `gnp.exe` as `exe.png`, or a lone
surrogate that no encoder accepts. Every text output escapes them visibly, as Python's
repr() does (`\\x1b`, `\\u202e`): a reader sees that something is there, and nothing acts.

- `clean(text)`: for messages and plain text (new lines and tabs kept);
- `clean_cell(text)`: for a table cell (new lines, tabs and the like become spaces, so a
  value cannot draw rows of its own);
- `json_safe(text)`: for JSON already encoded: the same characters as `\\uXXXX` escapes,
  which decode to the very same string (JSON escapes C0 itself);
- `SafeStream`: the backstop around stdout and stderr for anything else.

Spreadsheets have their own trap (formulas): see `cli.output.csv_text` and `cli.xlsx`.
"""

from __future__ import annotations

import re
from typing import Any, TextIO

# Every character of Unicode's categories Cc (controls), Cf (format: bidi embeddings,
# overrides and isolates, zero-width spaces, BOM, tags), Zl and Zp (line and paragraph
# separators) and Cs (surrogates), except tab and line feed (kept by `clean`) and the
# zero-width (non-)joiners that Indic and Arabic scripts and emoji need. Written out
# because computing it from unicodedata at start-up costs half a second;
# tests/unit/test_safe.py checks it against this Python's Unicode database.
_C0 = "\x00-\x08\x0b-\x1f"  # C0 controls but tab and line feed
_OTHER = (
    "\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b"
    "\u200e\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ud800-\udfff\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f"
)
UNSAFE_CLASS = _C0 + _OTHER
_UNSAFE = re.compile(f"[{UNSAFE_CLASS}]")
_UNSAFE_OR_SPACING = re.compile(f"[{UNSAFE_CLASS}\t\n]")
_LAYOUT = frozenset("\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\u2028\u2029")  # breaks, spacing
# The backstop lets through a progress bar's carriage return on stderr, and CRLF line
# ends on stdout (CSV for Excel).
_STDERR_UNSAFE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f{_OTHER}]")
_STDOUT_UNSAFE = re.compile(  # and a byte-order mark, which starts CSV for Excel
    f"\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f{_OTHER.replace(chr(0xFEFF), '')}]"
)
_JSON_UNSAFE = re.compile(f"[{_OTHER}]")  # JSON's encoder escapes C0 itself


def escape_char(char: str) -> str:
    """`\\x1b`, `\\u202e`, `\\U000e0041`: as repr() writes it."""
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _escaped(match: re.Match[str]) -> str:
    return escape_char(match.group())


def _cell_char(match: re.Match[str]) -> str:
    char = match.group()
    return " " if char in _LAYOUT else escape_char(char)


def clean(text: str) -> str:
    """Text with every control, format and surrogate character escaped, except new
    lines and tabs (a message's own layout)."""
    if _UNSAFE.search(text) is None:  # the common case: nothing to do, no copy
        return text
    return _UNSAFE.sub(_escaped, text)


def clean_cell(text: str) -> str:
    """A one-cell value: line breaks and other spacing controls become spaces, every
    other control, format and surrogate character is escaped."""
    if _UNSAFE_OR_SPACING.search(text) is None:
        return text
    return _UNSAFE_OR_SPACING.sub(_cell_char, text)


def clean_value(value: Any) -> Any:
    """`clean_cell` of a string; anything else as it is."""
    return clean_cell(value) if isinstance(value, str) else value


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000  # beyond the BMP: a surrogate pair, as JSON spells it
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def json_safe(encoded: str) -> str:
    """JSON text with C1, bidi, format and surrogate characters written as `\\uXXXX`.

    They can stand only inside strings (JSON's own syntax is ASCII), and an escape
    decodes to the same character, so the data is unchanged. (The encoder escapes C0.)"""
    if _JSON_UNSAFE.search(encoded) is None:
        return encoded
    return _JSON_UNSAFE.sub(_json_escape, encoded)


def stdout_text(text: str) -> str:
    """What the stdout backstop lets through (for text that bypasses it: the pager)."""
    if _STDOUT_UNSAFE.search(text) is None:
        return text
    return _STDOUT_UNSAFE.sub(_escaped, text)


class SafeStream:
    """A text stream that escapes, at the last moment, whatever control characters
    reached it anyway: the backstop for every command's output, click's messages
    included. Tables are cleaned cell by cell before layout; this only catches what a
    command forgot."""

    def __init__(self, stream: TextIO, *, allow_carriage_return: bool = False) -> None:
        self._stream = stream
        self._unsafe = _STDERR_UNSAFE if allow_carriage_return else _STDOUT_UNSAFE

    def write(self, text: str) -> int:
        if isinstance(text, str) and self._unsafe.search(text) is not None:
            text = self._unsafe.sub(_escaped, text)
        return self._stream.write(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:  # encoding, errors, buffer, isatty, flush...
        return getattr(self._stream, name)
