"""The command line: registers the commands and maps every outcome to an exit code.

Exit codes: 0 done, nothing past --fail-on; 1 gaps past --fail-on; 2 bad input or usage;
3 internal error (a bug: set COMPLIANCE_DEBUG=1 for the traceback).
"""

from __future__ import annotations

import copy
import gc
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
from compliance.errors import UsageError

app = typer.Typer(
    add_completion=False,  # `compliance completion SHELL` prints the scripts instead
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Evaluate cloud providers against sovereignty and security referentials.",
)
for command in (
    evaluate.evaluate,
    validate.validate,
    explain.explain,
    compare.compare,
    changes.diff,
    changes.history,
    contradictions.contradictions,
    tailoring.tailoring,
    plan.plan,
    inventory.rules,
    facts.facts,
    facts.schema,
    init.init,
    completion.completion,
):
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
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Evaluate cloud providers against sovereignty and security referentials."""


def main() -> None:
    """Entry point: maps every outcome to its documented exit code, never a traceback."""
    sys.exit(_run())


def run() -> None:
    """The installed command: main(), then a fast exit once the output is flushed.

    Tearing the interpreter down (freeing every object, one by one) took a tenth of a run on
    the shipped data, and the garbage collector as much again, for objects that all live until
    the end: the heap is frozen once the command's modules are imported, and the process exits
    without teardown as soon as what it wrote has reached the files and streams."""
    gc.freeze()  # what is imported so far lives until the exit: never scanned again
    # What comes next (the command's modules, its classes, the inputs read) lives on as well,
    # and a young-generation collection every 700 allocations scanned it again and again (3 %
    # of a cached `evaluate`): one every 50,000 still frees cyclic garbage, for a few MB.
    gc.set_threshold(50_000, 10, 10)
    code = _run()
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # the reader left: nothing to report
        pass
    except OSError as exc:
        print(f"error: cannot write to standard output: {exc.strerror or exc}", file=sys.stderr)
        code = 2
    sys.stderr.flush()
    os._exit(code)


def _invoked(args: list[str]) -> typer.Typer:
    """The application as the command line needs it. Typer turns every registered command into
    a click command (their options, from their signatures) at each run: a quarter of the time
    of `--help`. Named first, a command (or group) is the one click runs, whatever its siblings
    are: the others are left out. The root's help and version get the commands' names and texts
    only (_listing). Anything else (another option first, an unknown name and its did-you-mean,
    a shell asking for completions) gets the whole application."""
    asking = completion.COMPLETE_VAR in os.environ  # a shell: the words are in its variables
    if not asking and (not args or args[0] in _ROOT_ONLY):
        return _listing()
    wanted = args[0] if args else None
    commands = [
        c
        for c in app.registered_commands
        if wanted == (c.name or typer.main.get_command_name(getattr(c.callback, "__name__", "")))
    ]
    groups = [g for g in app.registered_groups if wanted == g.name]
    if not commands and not groups:
        return app
    lean = copy.copy(app)
    lean.registered_commands, lean.registered_groups = commands, groups
    return lean


# Arguments that the root answers alone, whatever follows: its help and the version.
_ROOT_ONLY = ("-h", "--help", "--version")


def _listing() -> typer.Typer:
    """The application as its own help shows it: every command by its name and help, none with
    its options (the root's help lists commands and never shows their options). Building the
    options of sixteen commands, from their signatures, was a third of `compliance --help`. No
    command can run from it: what it holds stands in for the commands' names and texts only."""
    lean = copy.copy(app)
    lean.registered_commands = [copy.copy(c) for c in app.registered_commands]
    for info in lean.registered_commands:
        real = info.callback
        assert real is not None

        def stand_in() -> None:  # pragma: no cover - the root's help never runs a command
            raise AssertionError("a stand-in for the root's help only")

        stand_in.__name__, stand_in.__doc__ = real.__name__, real.__doc__
        info.callback = stand_in
    lean.registered_groups = [copy.copy(g) for g in app.registered_groups]
    for group in lean.registered_groups:
        assert group.typer_instance is not None
        inner = copy.copy(group.typer_instance)
        inner.registered_commands = []  # a group is listed by its own help text
        group.typer_instance = inner
    return lean


def _run() -> int:
    from compliance.errors import InvalidInput

    if completion.COMPLETE_VAR in os.environ:  # a completion script asking, not a user
        completion.enable()
    try:
        # Without standalone mode, typer returns the code of a typer.Exit instead of raising.
        code = _invoked(sys.argv[1:])(standalone_mode=False)
    except InvalidInput as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        if len(exc.problems) > 1:  # one problem is one line: the path and the cause
            print(f"{len(exc.problems)} problems found", file=sys.stderr)
        return 2
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except typer.Exit as exc:
        return exc.exit_code
    except typer.TyperException as exc:  # usage errors: unknown option, missing argument...
        show = getattr(exc, "show", None)
        show() if show else print(f"error: {exc.format_message()}", file=sys.stderr)
        return 2
    except (typer.Abort, KeyboardInterrupt):
        print("aborted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `compliance ... | head`: the reader left, nothing to report
        return 0
    except UnicodeEncodeError as exc:  # e.g. LANG=C: the terminal cannot show the text
        print(
            f"error: cannot write to standard output: its encoding ({exc.encoding}) cannot "
            "represent the text; set PYTHONIOENCODING=utf-8 or write to a file (--output)",
            file=sys.stderr,
        )
        return 2
    except OSError as exc:  # the system refused: a full disk, a closed stream... not our bug
        where = f"{exc.filename}: " if exc.filename else "standard output or error: "
        print(f"error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # a bug: say so, in one line, unless asked for the traceback
        if os.environ.get("COMPLIANCE_DEBUG"):
            raise
        print(
            f"internal error: {type(exc).__name__}: {exc} "
            "(set COMPLIANCE_DEBUG=1 for the traceback; please report it)",
            file=sys.stderr,
        )
        return 3
    return code if isinstance(code, int) else 0
