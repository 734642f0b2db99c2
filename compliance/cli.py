"""The command line: registers the commands and maps every outcome to an exit code.

Exit codes: 0 done, nothing past --fail-on; 1 gaps past --fail-on; 2 bad input or usage;
3 internal error (a bug: set COMPLIANCE_DEBUG=1 for the traceback).
"""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from compliance import __version__
from compliance.commands import (
    changes,
    compare,
    completion,
    contradictions,
    epilog,
    evaluate,
    explain,
    facts,
    init,
    interop,
    inventory,
    plan,
    tailoring,
    validate,
)
from compliance.inputs import UsageError

app = typer.Typer(
    add_completion=False,  # `compliance completion SHELL` prints the scripts instead
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Evaluate cloud providers against sovereignty and security referentials.",
)
for command in (evaluate.evaluate, validate.validate, explain.explain, compare.compare,
                changes.diff, changes.history, contradictions.contradictions,
                tailoring.tailoring, plan.plan, inventory.rules, facts.facts, facts.schema,
                init.init, completion.completion):
    app.command(epilog=epilog(command))(command)
for name, group in (("import", interop.import_app), ("export", interop.export_app)):
    for info in group.registered_commands:
        info.epilog = epilog(info.callback)  # type: ignore[arg-type]
    app.add_typer(group, name=name)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"compliance {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Evaluate cloud providers against sovereignty and security referentials."""


def main() -> None:
    """Entry point: maps every outcome to its documented exit code, never a traceback."""
    from compliance.errors import InvalidInput

    if completion.COMPLETE_VAR in os.environ:  # a completion script asking, not a user
        completion.enable()
    try:
        # Without standalone mode, typer returns the code of a typer.Exit instead of raising.
        code = app(standalone_mode=False)
    except InvalidInput as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        count = len(exc.problems)
        print(f"{count} problem{'s' if count != 1 else ''} found", file=sys.stderr)
        sys.exit(2)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(2)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.TyperException as exc:  # usage errors: unknown option, missing argument...
        show = getattr(exc, "show", None)
        show() if show else print(f"error: {exc.format_message()}", file=sys.stderr)
        sys.exit(2)
    except (typer.Abort, KeyboardInterrupt):
        print("aborted", file=sys.stderr)
        sys.exit(130)
    except BrokenPipeError:  # `compliance ... | head`: the reader left, nothing to report
        sys.exit(0)
    except Exception as exc:  # a bug: say so, in one line, unless asked for the traceback
        if os.environ.get("COMPLIANCE_DEBUG"):
            raise
        print(f"internal error: {type(exc).__name__}: {exc} "
              "(set COMPLIANCE_DEBUG=1 for the traceback; please report it)", file=sys.stderr)
        sys.exit(3)
    sys.exit(code if isinstance(code, int) else 0)
