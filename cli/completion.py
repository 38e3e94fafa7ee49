"""pagu completion bash|zsh: print the shell completion script; and what TAB offers
beyond click's own (commands, options, choices): the line codes of the ledger in use,
stages, quarters and event kinds.

Codes come from the read model, read only (nothing is created, caught up or written),
and any trouble (no ledger yet, a server down, a model not built) completes nothing
rather than printing an error into the shell."""

from __future__ import annotations

from typing import Any

import click
from click.shell_completion import CompletionItem

INSTALL = {
    "bash": 'eval "$(pagu completion bash)"      # add to ~/.bashrc',
    "zsh": 'eval "$(pagu completion zsh)"       # add to ~/.zshrc (after compinit)',
}
STAGES = ("murni", "pergeseran", "perubahan")
QUARTERS = ("1", "2", "3", "4", "I", "II", "III", "IV")


def _given(ctx: click.Context, name: str) -> Any:
    """A parameter given on this command or on the group before it."""
    while ctx is not None:
        value = ctx.params.get(name)
        if value is not None:
            return value
        ctx = ctx.parent  # type: ignore[assignment]
    return None


def complete_kode(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    """The codes of the ledger starting with what was typed, each with its name."""
    try:
        return _codes(ctx, incomplete)
    except Exception:  # noqa: BLE001 - completion fails silently, never into the shell
        return []


def _codes(ctx: click.Context, incomplete: str) -> list[CompletionItem]:
    from ledger.storage import StoreLocation
    from projections.completion import codes_starting

    location = StoreLocation.parse(_given(ctx, "db"))
    names = codes_starting(location, incomplete, _given(ctx, "tahun"))
    return [CompletionItem(kode, help=nama) for kode, nama in names.items()]


def _starting(choices: tuple[str, ...], incomplete: str) -> list[CompletionItem]:
    typed = incomplete.casefold()
    return [CompletionItem(choice) for choice in choices if choice.casefold().startswith(typed)]


def complete_stage(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    return _starting(STAGES, incomplete)


def complete_quarter(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    return _starting(QUARTERS, incomplete)


def complete_kind(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    """Event families (pagu, shift, ...) and event names (PaguRevised, ...); after a
    comma, the next one."""
    from projections.views.audit import KIND_GROUPS, KINDS

    head, _, last = incomplete.rpartition(",")
    prefix = f"{head}," if head else ""
    choices = (*sorted(KIND_GROUPS), *sorted(KINDS))
    exact = [choice for choice in choices if choice.startswith(last)]  # Pagu: the names
    found = exact or [item.value for item in _starting(choices, last)]
    return [CompletionItem(prefix + choice) for choice in found]


@click.command()
@click.argument("shell", type=click.Choice(sorted(INSTALL)))
def completion(shell: str) -> None:
    """Print the completion script for bash or zsh: commands, options and choices
    complete with TAB, and so do line codes (from the ledger in use: --db, PAGU_DB or
    ./pagu.db), stages, quarters (1-4, I-IV) and event kinds (audit --kind).

    \b
    bash:  eval "$(pagu completion bash)"   # in ~/.bashrc
    zsh:   eval "$(pagu completion zsh)"    # in ~/.zshrc, after compinit
    """
    from click.shell_completion import get_completion_class

    from cli.main import cli

    completer_class = get_completion_class(shell)
    assert completer_class is not None
    completer = completer_class(cli, {}, "pagu", "_PAGU_COMPLETE")
    click.echo(completer.source())
