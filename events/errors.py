"""The one exception type that reaches users.

Every refusal in pagu (a malformed code, a garbled number, an unknown line) raises
`InvalidInput` with a message that names the problem and shows the bad input. The CLI
prints the message and exits non-zero; nothing else is ever shown to a user.
"""

from __future__ import annotations


class InvalidInput(ValueError):
    """Input that pagu refuses, with a message meant for the person who typed it."""
