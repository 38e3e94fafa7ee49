"""pagu completion bash|zsh: print the shell completion script."""

from __future__ import annotations

import click

INSTALL = {
    "bash": 'eval "$(pagu completion bash)"      # add to ~/.bashrc',
    "zsh": 'eval "$(pagu completion zsh)"       # add to ~/.zshrc (after compinit)',
}


@click.command()
@click.argument("shell", type=click.Choice(sorted(INSTALL)))
def completion(shell: str) -> None:
    """Print the completion script for bash or zsh: commands, options and choices
    (stages, quarters, formats) complete with TAB.

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
