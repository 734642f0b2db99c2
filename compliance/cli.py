"""The command line: arguments in, files and exit codes out. Only wiring lives here.

Exit codes: 0 done, nothing past --fail-on; 1 gaps past --fail-on; 2 bad input or usage;
3 internal error (a bug: set COMPLIANCE_DEBUG=1 for the traceback).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from compliance import __version__
from compliance.formats import EXTENSIONS, Format

if TYPE_CHECKING:
    from compliance.load import LoadedProfile, LoadedRuleSet
    from compliance.results import Report

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    help="Evaluate cloud providers against sovereignty and security referentials.",
)

RulesOpt = Annotated[
    Optional[list[str]],
    typer.Option("--rules", "-r", help="Rule set file or directory; FILE@REVISION picks a "
                 "revision. Repeatable. Default: rules/."),
]
AtOpt = Annotated[
    Optional[str], typer.Option("--at", help="Evaluation date, YYYY-MM-DD. Default: today.")
]


class UsageError(Exception):
    """A wrong argument: printed as 'error: ...' with exit code 2."""


def _date(text: str | None) -> dt.date:
    if text is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--at expects a date as YYYY-MM-DD, got {text!r}") from None


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


def _load_rulesets(specs: list[str] | None) -> list[tuple[LoadedRuleSet, str | None]]:
    from compliance.errors import InvalidInput
    from compliance.load import cross_check, kind_of, load_ruleset, yaml_files
    from compliance.revisions import check_revision

    loaded, problems = [], []
    for spec in specs or ["rules"]:
        path, _, revision = spec.partition("@")
        if not os.path.exists(path):
            raise UsageError(f"no such rule set file or directory: {path}")
        for file in yaml_files([path]):
            try:
                if os.path.isdir(path) and kind_of(file) != "ruleset":
                    continue
                ruleset = load_ruleset(file)
            except InvalidInput as exc:
                problems.extend(exc.problems)
                continue
            message = check_revision(ruleset, revision or None)
            if message:
                raise UsageError(message)
            loaded.append((ruleset, revision or None))
    if problems:
        raise InvalidInput(problems)
    if not loaded:
        raise UsageError("no rule set found (give --rules FILE or DIRECTORY)")
    problems = cross_check([r for r, _ in loaded], [])
    if problems:
        raise InvalidInput(problems)
    return loaded


def _load_profiles(files: list[str]) -> list[LoadedProfile]:
    from compliance.errors import InvalidInput
    from compliance.load import load_profile

    loaded, problems = [], []
    for file in files:
        if not os.path.isfile(file):
            raise UsageError(f"no such provider file: {file}")
        try:
            loaded.append(load_profile(file))
        except InvalidInput as exc:
            problems.extend(exc.problems)
    if problems:
        raise InvalidInput(problems)
    return loaded


def _render(report: Report, fmt: Format) -> str:
    if fmt is Format.json:
        from compliance.formats import json as renderer
    else:
        from compliance.formats import markdown as renderer  # type: ignore[no-redef]
    return renderer.render(report)


def _write(text: str, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def _one_line(report: Report, where: str) -> str:
    c = report.summary.counts
    blocking = len(report.summary.blocking_gaps)
    return (f"{report.provider.id}: {c.met} met, {c.partial} partial, {c.gap} gap "
            f"({blocking} blocking), {c.unknown} unknown, {c.not_applicable} n/a"
            + (f", {c.waived} waived" if c.waived else "") + f" -> {where}")


def _exceeds(report: Report, fail_on: str) -> bool:
    if fail_on == "blocking":
        return bool(report.summary.blocking_gaps)
    if fail_on == "gap":
        return any(r.status in ("gap", "partial") for r in report.results)
    return False


@app.command()
def evaluate(
    providers: Annotated[list[str], typer.Argument(help="Provider profile YAML file(s).")],
    rules: RulesOpt = None,
    at: AtOpt = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Report format.")] = Format.markdown,
    output: Annotated[Optional[str], typer.Option(
        "--output", "-o", help="File, directory, or '-' for standard output. Default: "
        "reports/<provider-id>.<md|json>.")] = None,
    fail_on: Annotated[str, typer.Option(
        "--fail-on", help="Exit 1 when a blocking gap (blocking), any gap or partial (gap) "
        "is found; never: always exit 0.")] = "never",
    data_kind: Annotated[str, typer.Option(
        "--data-kind", help="Kind of data at stake: health, personal, sensitive, public, "
        "classified.")] = "health",
    layer: Annotated[Optional[list[str]], typer.Option(
        "--layer", help="Service layer in scope (IaaS, CaaS, PaaS, SaaS). Repeatable. "
        "Default: all.")] = None,
    service: Annotated[Optional[list[str]], typer.Option(
        "--service", help="Service id in scope. Repeatable. Default: the whole catalogue.")
    ] = None,
) -> None:
    """Evaluate provider profiles and write a gap report for each."""
    from compliance.evaluate import evaluate as run
    from compliance.results import Context

    if fail_on not in ("blocking", "gap", "never"):
        raise UsageError(f"--fail-on expects blocking, gap or never, got {fail_on!r}")
    layers = layer or ["IaaS", "CaaS", "PaaS", "SaaS"]
    for name in layers:
        if name not in ("IaaS", "CaaS", "PaaS", "SaaS"):
            raise UsageError(f"--layer expects IaaS, CaaS, PaaS or SaaS, got {name!r}")
    if data_kind not in ("health", "personal", "sensitive", "public", "classified"):
        raise UsageError(f"--data-kind expects health, personal, sensitive, public or "
                         f"classified, got {data_kind!r}")
    day = _date(at)
    rulesets = _load_rulesets(rules)
    profiles = _load_profiles(providers)
    single_file = output not in (None, "-") and Path(output).suffix in (".md", ".json")
    if (output == "-" or single_file) and len(profiles) > 1:
        raise UsageError("--output FILE or '-' takes one provider; give a directory instead")
    for loaded in profiles:
        known = {s.id for s in loaded.model.services}
        unknown = [s for s in service or [] if s not in known]
        if unknown:
            raise UsageError(f"{loaded.path}: no service {', '.join(unknown)} "
                             f"(services: {', '.join(sorted(known))})")
    failed = False
    for loaded in profiles:
        context = Context(data_kind=data_kind, layers=layers, services=service or [])
        report = run(rulesets, loaded.model, day, context)
        text = _render(report, fmt)
        if output == "-":
            sys.stdout.write(text)
        else:
            target = Path(output) if single_file else (
                Path(output or "reports") / f"{loaded.model.id}.{EXTENSIONS[fmt]}")
            _write(text, target)
            typer.echo(_one_line(report, str(target)))
        failed = failed or _exceeds(report, fail_on)
    if failed:
        raise typer.Exit(1)


@app.command()
def validate(
    paths: Annotated[list[str], typer.Argument(help="Files or directories to check.")],
) -> None:
    """Check rule sets, profiles and derogations; print every problem as file:line:col."""
    from compliance.errors import InvalidInput
    from compliance.load import (
        cross_check,
        kind_of,
        load_profile,
        load_ruleset,
        yaml_files,
    )

    files = yaml_files(paths)
    missing = [p for p in paths if not os.path.exists(p)]
    if missing:
        raise UsageError(f"no such file or directory: {', '.join(missing)}")
    problems, rulesets, profiles = [], [], []
    for file in files:
        try:
            kind = kind_of(file)
            if kind == "ruleset":
                rulesets.append(load_ruleset(file))
            elif kind == "profile":
                profiles.append(load_profile(file))
            else:
                from compliance.derogations import load_derogation

                load_derogation(file)
        except InvalidInput as exc:
            problems.extend(exc.problems)
    problems.extend(cross_check(rulesets, profiles))
    if problems:
        raise InvalidInput(problems)
    typer.echo(f"{len(files)} file{'s' if len(files) != 1 else ''} valid "
               f"({len(rulesets)} rule sets, {len(profiles)} profiles)")


@app.command()
def explain(
    rule_id: Annotated[str, typer.Argument(help="Rule id, e.g. SNC-19.6.a.")],
    provider: Annotated[str, typer.Argument(help="Provider profile YAML file.")],
    rules: RulesOpt = None,
    at: AtOpt = None,
) -> None:
    """Show a rule, its condition, and how it is decided for one provider."""
    import yaml

    from compliance.errors import did_you_mean
    from compliance.evaluate import evaluate_rule
    from compliance.catalogue import profile_scope
    from compliance.results import Context

    day = _date(at)
    rulesets = _load_rulesets(rules)
    (profile,) = _load_profiles([provider])
    found = [(r, c) for r, _ in rulesets for c in r.rules if c.rule.id == rule_id]
    if not found:
        ids = [c.rule.id for r, _ in rulesets for c in r.rules]
        raise UsageError(f"no rule '{rule_id}'" + did_you_mean(rule_id, ids))
    loaded, compiled = found[0]
    rule = compiled.rule
    result = evaluate_rule(compiled, loaded.model.id, profile_scope(profile.model, day),
                           profile.model, Context())
    condition = yaml.safe_dump(rule.model_dump(mode="json", by_alias=True,
                                               include={"condition"}, exclude_none=True),
                               sort_keys=False, allow_unicode=True)
    lines = [
        f"{rule.id}: {rule.title}  [{loaded.model.id} {', '.join(rule.clauses)}; "
        f"{rule.category}; {rule.severity}]",
        "", rule.summary, "", condition.rstrip(), "",
        f"{profile.model.name} at {day}: {result.status.upper()} ({result.reason})", "",
    ]
    for step in result.trace:
        test = step.op if step.expected is None else f"{step.op} {_plain(step.expected)}"
        value = _plain(step.actual)
        lines.append(f"  {step.fact} {test}: {value} -> "
                     f"{ {True: 'true', False: 'false', None: 'unknown'}[step.outcome] }"
                     + (f"  ({step.note})" if step.note else ""))
        for sid in step.sources:
            src = profile.model.sources[sid]
            lines.append(f"      source {sid}: {src.title} ({src.date}, {src.confidence}) "
                         f"{src.url or src.document}")
    typer.echo("\n".join(lines))


def _plain(value: object) -> str:
    if value is None:
        return "unknown"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(map(str, value)) + "]"
    return str(value)


@app.command()
def facts() -> None:
    """List every fact path a condition may use, with its type."""
    from compliance.catalogue import SCOPES
    from compliance.conditions import OPS_BY_TYPE

    for scope, specs in SCOPES.items():
        title = "Provider facts" if scope == "profile" else f"Facts of each {scope} item"
        typer.echo(f"{title}:")
        for name, spec in specs.items():
            kind = f"collection of {spec.items}" if spec.type == "collection" else spec.type
            derived = " (derived)" if spec.derived else ""
            typer.echo(f"  {name}  [{kind}]{derived}")
            typer.echo(f"      {spec.description}")
            if spec.choices:
                typer.echo(f"      values: {', '.join(map(str, spec.choices))}")
        typer.echo("")
    typer.echo("Operators by type:")
    for kind, ops in OPS_BY_TYPE.items():
        typer.echo(f"  {kind}: {', '.join(ops)}")


@app.command()
def schema(
    output: Annotated[str, typer.Option("--output", "-o", help="Directory to write into.")] = (
        "compliance/schemas"),
) -> None:
    """Write the JSON Schemas of rule sets, profiles, derogations and reports."""
    from compliance.schemas import write_all

    for path in write_all(Path(output)):
        typer.echo(f"wrote {path}")


def main() -> None:
    """Entry point: maps every outcome to its documented exit code, never a traceback."""
    from compliance.errors import InvalidInput

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
    except typer.Abort:
        print("aborted", file=sys.stderr)
        sys.exit(130)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # a bug: say so, in one line, unless asked for the traceback
        if os.environ.get("COMPLIANCE_DEBUG"):
            raise
        print(f"internal error: {type(exc).__name__}: {exc} "
              "(set COMPLIANCE_DEBUG=1 for the traceback; please report it)", file=sys.stderr)
        sys.exit(3)
    sys.exit(code if isinstance(code, int) else 0)
