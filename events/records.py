"""A record's fields as a plain dict: what a table row, a JSON answer or a call's keyword
arguments carry of it.

Several records hand on some of their fields by name (an event's row, a verdict's JSON,
the connection's parameters); `fields_of` names them once, in the order the dict keeps.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def fields_of(record: object, names: Iterable[str]) -> dict[str, Any]:
    """The attributes (fields or properties) of `record` called `names`, in that order."""
    return {name: getattr(record, name) for name in names}
