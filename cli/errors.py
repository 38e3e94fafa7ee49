"""The ledger's and the read side's refusals, worded with the CLI's own names.

The ledger and projections raise domain errors that carry their data (the fields a
refusal is about, the store that is missing, the budgets to choose from); this is the
one place that words them with the `pagu` command's flags, arguments and commands.
Every other refusal is shown as its message.
"""

from __future__ import annotations

from events.errors import InvalidInput
from events.i18n import N_, _

# A command's fields as the command line spells them; any other field `f_g` is `--f-g`.
ARGUMENTS = {
    "kode": "KODE",
    "nama": "NAME",
    "event_id": "EVENT_ID",
    "from_kode": "FROM",
    "to_kode": "TO",
    "amount": "AMOUNT",
    "text": "TEXT",
    "tahun": "--year",
    "to_tahun": "--to-year",
}


# What a user does, as the `pagu` commands that do it.
COMMANDS = {
    "import": "`pagu import`",
    "add_murni": "`pagu add-line --stage murni`",
}


def command(action: str) -> str:
    return COMMANDS.get(action) or f"`pagu {action.replace('_', '-')}`"


def flag(field: str) -> str:
    """How the command line spells a command's field."""
    return ARGUMENTS.get(field) or "--" + field.replace("_", "-")


def word(problem: InvalidInput) -> str:
    """A refusal as the user of the `pagu` command reads it."""
    from ledger.errors import NoLedger, Refusal
    from ledger.line import Overrun
    from ledger.service import WriteUncertain
    from projections.budgets import NoBudget, SeveralBudgets
    from projections.lookup import NoSuchEvent, NotAnEventId, SeveralEvents

    if isinstance(problem, Refusal):
        return problem.worded(flag, command)
    if isinstance(problem, Overrun):
        return _(
            "{problem}; if that is really so, record it with --allow-overrun and a reason"
        ).format(problem=problem)
    if isinstance(problem, NoLedger):
        return problem.describe(N_("run `pagu init` or `pagu import FILE` first"))
    if isinstance(problem, WriteUncertain):
        return problem.describe(N_("look for it (`pagu audit --since today`)"))
    if isinstance(problem, NoBudget):
        return problem.describe(N_("run `pagu import FILE` first"))
    if isinstance(problem, SeveralBudgets):
        return problem.describe("--skpd", "--year")
    if isinstance(problem, NotAnEventId):
        return "EVENT_ID: " + problem.describe(N_("`pagu history` and `pagu audit`"))
    if isinstance(problem, NoSuchEvent | SeveralEvents):
        return f"EVENT_ID: {problem}"
    return str(problem)
