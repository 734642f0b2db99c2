"""`compliance completion`: the shell completion script, printed (not installed)."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from compliance.commands import examples

# The variable the scripts set when they ask `compliance` for completions (click's convention).
COMPLETE_VAR = "_COMPLIANCE_COMPLETE"


class Shell(str, Enum):
    bash = "bash"
    zsh = "zsh"
    fish = "fish"


def enable() -> None:
    """Register the shells' completion classes: only when a script asks for completions, so
    that start-up does not pay for them (typer does it for every run with add_completion)."""
    from typer._completion_classes import completion_init

    completion_init()


@examples(
    ("Bash: add this line to ~/.bashrc", 'eval "$(compliance completion bash)"'),
    (
        "Zsh: the same line in ~/.zshrc; fish: save the script as "
        "~/.config/fish/completions/compliance.fish",
        "compliance completion fish",
    ),
)
def completion(
    shell: Annotated[Shell, typer.Argument(help="The shell to complete in.")],
) -> None:
    """Print the completion script of a shell: commands, options and their choices, and file
    names where a file goes."""
    # typer 0.28 (pinned) keeps its scripts in a private module; its --install-completion would
    # add them to every start-up, and writes into the user's shell files.
    from typer._completion_shared import get_completion_script

    typer.echo(
        get_completion_script(prog_name="compliance", complete_var=COMPLETE_VAR, shell=shell.value)
    )
