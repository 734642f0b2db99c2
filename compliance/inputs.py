"""What the commands read and write: rule sets, profiles and derogations from paths, dates,
and output files. Errors here are the user's (exit 2), never tracebacks."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from compliance.errors import UsageError
from compliance.reading import packaged

if TYPE_CHECKING:
    from compliance.formats import Format
    from compliance.models.mapping import Mapping
    from compliance.reading.derogations import Derogation
    from compliance.reading.load import LoadedProfile, LoadedRuleSet


def date(text: str | None, option: str = "--at") -> dt.date:
    if text is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{option} expects a date as YYYY-MM-DD, got {text!r}") from None


def horizons(text: str | None) -> list[int]:
    if text is None:
        return []
    from compliance.engine.timeline import parse_horizons

    try:
        return parse_horizons(text)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def choice(values: list[str] | None, allowed: tuple[str, ...], option: str) -> list[str]:
    for value in values or []:
        if value not in allowed:
            raise UsageError(f"{option} expects one of {', '.join(allowed)}, got {value!r}")
    return list(values or [])


def _raise_all(problems: list) -> None:
    if problems:
        from compliance.errors import InvalidInput

        raise InvalidInput(problems)


RuleSets = list[tuple["LoadedRuleSet", str | None]]


class Selection(NamedTuple):
    """The rule sets a command works on, and those loaded only to resolve references."""

    targets: RuleSets
    support: RuleSets


def rule_sets(
    rules: list[str] | None,
    add: list[str] | None = None,
    *,
    reconstructions: bool = False,
    mappings: list[Mapping] | None = None,
    needs: Iterable[str] = (),
    graded: bool = False,
) -> Selection:
    """What every command loads. Targets: the rule sets named with ``--rules`` (replacing the
    default) or else the packaged ones, plus those named with ``--add-rules``. Support: the
    packaged published rule sets that are not targets, loaded only when a target's
    ``{rule: ...}`` reference, or a rule id in ``needs``, is defined by no target (the HDH
    reconstruction cites SecNumCloud and HDS rules), or when a ``graded`` rule set is needed
    and no target is one (tailoring's --sovereign-seal asks the EU framework). With
    ``mappings``, the mappings found whose two rules are targets are added to it."""
    default = packaged.rules_directory()
    if not rules:
        _note_local_rules(default)
    targets = _load([*(rules or [default]), *(add or [])], reconstructions, mappings)
    support = support_for([r for r, _ in targets], needs, graded)
    from compliance.reading.load import cross_check

    _raise_all(cross_check([r for r, _ in targets + support], []))
    return Selection(targets, support)


def support_for(
    targets: list[LoadedRuleSet], needs: Iterable[str] = (), graded: bool = False
) -> RuleSets:
    """The packaged published rule sets other than ``targets``, when a target's {rule: ...}
    reference, or a rule id in ``needs``, is defined by no target, or when ``graded`` and no
    target is a graded rule set; else none."""
    defined = {c.rule.id for r in targets for c in r.rules}
    wanted = {rule for r in targets for _, rule in r.references} | set(needs)
    lacking = graded and not any(r.model.grading for r in targets)
    if not wanted - defined and not lacking:
        return []
    ids = {r.model.id for r in targets}
    return [
        (r, None)
        for r, _ in _load([packaged.rules_directory()], False, None)
        if r.model.id not in ids
    ]


def rulesets(
    specs: list[str] | None, reconstructions: bool = False, mappings: list[Mapping] | None = None
) -> RuleSets:
    """The rule sets named (the packaged ones when ``specs`` is None), checked together."""
    from compliance.reading.load import cross_check

    loaded = _load(specs or [packaged.rules_directory()], reconstructions, mappings)
    _raise_all(cross_check([r for r, _ in loaded], []))
    return loaded


def _note_local_rules(default: str) -> None:
    """A ./rules that is not the packaged one is not read: say so, once, on standard error."""
    if os.path.isdir("rules") and not os.path.samefile("rules", default):
        print(
            f"note: the rule sets are the installed package's ({default}); ./rules is read "
            "only when named: --rules rules",
            file=sys.stderr,
        )


def resolve_rule_set(spec: str) -> str:
    """A --rules value: an existing file or directory, else the id of a packaged rule set."""
    path, at, revision = spec.partition("@")
    if os.path.exists(path):
        return spec
    from compliance.reading.load import yaml_files

    packaged_files = {Path(f).stem: f for f in yaml_files([packaged.rules_directory()])}
    if path in packaged_files:
        return packaged_files[path] + at + revision
    from compliance.errors import did_you_mean

    raise UsageError(
        f"no such rule set file, directory or packaged id: {path}"
        + did_you_mean(path, list(packaged_files))
        + "; `compliance rules` lists the packaged rule sets"
    )


def _load(specs: list[str], reconstructions: bool, mappings: list[Mapping] | None) -> RuleSets:
    """Rule sets from files, directories or packaged ids; FILE@REVISION selects a revision. A
    rule set that is a reconstruction or an illustration is loaded from a directory only with
    ``reconstructions`` (commands that name it, like diff and history); naming its file always
    loads it."""
    from compliance.engine.revisions import check_revision
    from compliance.errors import InvalidInput
    from compliance.reading.load import (
        LoadedMappings,
        LoadedRuleSet,
        load_input,
        load_ruleset,
        yaml_files,
    )

    loaded: RuleSets = []
    problems: list = []
    seen: set[str] = set()
    found_mappings: list[Mapping] = []
    for spec in map(resolve_rule_set, specs):
        path, _, revision = spec.partition("@")
        files = yaml_files([path])
        if not files:
            raise UsageError(f"no YAML file (*.yaml, *.yml) in {path}")
        # From a directory, a rule set that is not published is left out unless asked for:
        # load_input tells it by its cache entry's label, without reading it whole.
        from_directory = os.path.isdir(path)
        skip = from_directory and not reconstructions
        for file in files:
            try:
                found = load_input(file, ("ruleset", "mappings"), published_only=skip)
                if isinstance(found, LoadedMappings):
                    if mappings is not None:
                        found_mappings.extend(found.model.mappings)
                    continue
                # Another kind, or a rule set left out: skipped in a directory, an error if named.
                if found is None:
                    if from_directory:
                        continue
                    found = load_ruleset(file)
                assert isinstance(found, LoadedRuleSet)  # of the kinds asked, the other
                ruleset = found
            except InvalidInput as exc:
                problems.extend(exc.problems)
                continue
            message = check_revision(ruleset, revision or None)
            if message:
                raise UsageError(message)
            # A file met in a directory and also named (e.g. FILE@REV) is loaded once: as named.
            key = os.path.realpath(file)
            if key in seen:
                if from_directory:
                    continue
                loaded = [(r, rev) for r, rev in loaded if os.path.realpath(r.path) != key]
            seen.add(key)
            loaded.append((ruleset, revision or None))
    _raise_all(problems)
    if not loaded:
        raise UsageError("no rule set found (give --rules FILE or DIRECTORY)")
    if mappings is not None:
        ids = {c.rule.id for r, _ in loaded for c in r.rules}
        mappings.extend(m for m in found_mappings if m.source in ids and m.target in ids)
    return loaded


def split_profiles(
    args: list[str] | None, providers: list[str] | None
) -> tuple[list[str], list[str]]:
    """(rule set specs, profile files): `--providers a.yaml b.yaml` leaves b.yaml among the
    positional arguments, so the profiles found there go with the providers."""
    from compliance.reading.load import kind_of

    specs: list[str] = []
    files = list(providers or [])
    for spec in args or []:
        path = spec.partition("@")[0]
        (
            files
            if os.path.isfile(path) and "@" not in spec and kind_of(path) == "profile"
            else specs
        ).append(spec)
    return specs, files


def min_seal(values: list[str] | None) -> tuple[int | None, dict[str, int]]:
    """--min-seal 2 (overall) and --min-seal SOV-3=3 (per objective), checked."""
    overall: int | None = None
    per: dict[str, int] = {}
    for value in values or []:
        target, _, level = value.rpartition("=")
        if not level.isdigit() or not 0 <= int(level) <= 4:
            raise UsageError(
                f"--min-seal expects a level 0-4, or OBJECTIVE=LEVEL (SOV-3=3); got {value!r}"
            )
        if target:
            per[target] = int(level)
        else:
            overall = int(level)
    return overall, per


def check_objectives(per: dict[str, int], loaded: list[tuple[LoadedRuleSet, str | None]]) -> None:
    from compliance.errors import did_you_mean

    ids = sorted({o.id for r, _ in loaded if r.model.grading for o in r.model.grading.objectives})
    for objective in per:
        if objective not in ids:
            raise UsageError(
                f"--min-seal: no objective '{objective}'"
                + did_you_mean(objective, ids)
                + (f" (objectives: {', '.join(ids)})" if ids else "")
            )


def weights(name: str | None, loaded: list[tuple[LoadedRuleSet, str | None]]) -> None:
    """--weights must name a weight set of a loaded graded rule set."""
    if name is None:
        return
    from compliance.errors import did_you_mean

    ids = sorted({w.id for r, _ in loaded if r.model.grading for w in r.model.grading.weights})
    if name not in ids:
        raise UsageError(
            f"--weights: no weight set '{name}'"
            + did_you_mean(name, ids)
            + (f" (weight sets: {', '.join(ids)})" if ids else " (no graded rule set is loaded)")
        )


def ruleset_by_name(
    spec: str, pool: list[tuple[LoadedRuleSet, str | None]]
) -> tuple[LoadedRuleSet, str | None]:
    """RULESET@REV where RULESET is a file or the id of a rule set in ``pool``."""
    from compliance.engine.revisions import check_revision
    from compliance.errors import did_you_mean

    name, _, revision = spec.partition("@")
    if os.path.isfile(name):
        found = _load([name], True, None)[0][0]
    else:
        matches = [r for r, _ in pool if r.model.id == name]
        if not matches:
            ids = [r.model.id for r, _ in pool]
            raise UsageError(
                f"no rule set '{name}'" + did_you_mean(name, ids) + f" (loaded: {', '.join(ids)})"
            )
        found = matches[0]
    message = check_revision(found, revision or None)
    if message:
        raise UsageError(message)
    return found, revision or None


def profiles(files: list[str]) -> list[LoadedProfile]:
    """Provider profiles from files, or one from standard input ('-')."""
    from compliance.errors import InvalidInput
    from compliance.reading.files import STDIN, check_sizes

    if files.count(STDIN) > 1:
        raise UsageError("standard input ('-') can be read once: give one profile there")
    for file in files:
        if file != STDIN and not os.path.isfile(file):
            raise UsageError(f"no such provider file: {file}")
    check_sizes(files)
    from compliance.reading.load import LoadedProfile, load_input, load_profile

    loaded: list[LoadedProfile] = []
    problems = []
    for file in files:
        try:
            # Another kind of file is loaded as a profile, to say what is wrong with it.
            found = None if file == STDIN else load_input(file, ("profile",))
            assert found is None or isinstance(found, LoadedProfile)  # the kind asked
            loaded.append(found or load_profile(file))
        except InvalidInput as exc:
            problems.extend(exc.problems)
    _raise_all(problems)
    return loaded


def derogations(specs: list[str] | None) -> list[Derogation]:
    """Derogation files named on the command line. None by default: a derogation is granted
    for one use of a provider (EMC2 on Azure), not to the provider for every buyer."""
    if not specs:
        return []
    from compliance.errors import InvalidInput
    from compliance.reading.derogations import load_derogation
    from compliance.reading.load import yaml_files

    loaded, problems = [], []
    for spec in specs or []:
        if not os.path.exists(spec):
            raise UsageError(f"no such derogation file or directory: {spec}")
        files = yaml_files([spec])
        if not files:
            raise UsageError(f"no YAML file (*.yaml, *.yml) in {spec}")
        for file in files:
            try:
                loaded.append(load_derogation(file))
            except InvalidInput as exc:
                problems.extend(exc.problems)
    _raise_all(problems)
    return loaded


def output_format(result: str, fmt: Format | None, output: str | None) -> Format:
    """The format to write a ``result`` (a type of RENDERERS) in: ``--format``, else the one
    ``--output``'s suffix stands for, else Markdown. A suffix of another format, or a format the
    result has no renderer for, is a usage error."""
    from compliance.formats import RENDERERS, SUFFIXES, Format, agrees, format_of

    named = output if output not in (None, "-") else None
    suffix = format_of(named) if named else None
    chosen = fmt or suffix or Format.markdown
    if fmt is not None and named and suffix is not None and not agrees(fmt, named):
        raise UsageError(
            f"--format {fmt.value} does not match --output {named} (a "
            f"{suffix.value} file name); name it *"
            f"{SUFFIXES[fmt][0]} or drop --format"
        )
    offered = RENDERERS[result]
    if chosen not in offered:
        asked = f"--format {chosen.value}" if fmt else f"--output {named} ({chosen.value})"
        raise UsageError(
            f"{asked}: this command writes "
            + ", ".join(f.value for f in offered)
            + f", not {chosen.value}"
        )
    return chosen


def is_directory(output: str) -> bool:
    """Whether --output names a directory: an existing one, or a path ending in '/'."""
    return os.path.isdir(output) or output.endswith(("/", os.sep))


def report_paths(output: str | None, ids: list[str], extension: str) -> list[str]:
    """Where each provider's report goes: standard output ('-'), the file named, or
    <id>.<extension> in a directory: reports/ by default, else the one named, which is an
    existing directory or a path ending in '/'. Any other name is a file: never a directory
    nobody asked for."""
    if output is not None and not is_directory(output):
        if len(ids) > 1:
            where, example = ("standard output", "reports") if output == "-" else ("a file", output)
            raise UsageError(
                f"--output {output}: {len(ids)} providers, and {where} takes one "
                "report; give a directory: an existing one, or a path ending in "
                f"'/' to create it (--output {example}/)"
            )
        return [output]
    return [os.path.join(output or "reports", f"{id_}.{extension}") for id_ in ids]


def emit(text: str, output: str | None) -> None:
    """Write to a file, or to standard output when ``output`` is None or '-'."""
    if output in (None, "-"):
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except BrokenPipeError:  # the reader left: the CLI exits quietly
            raise
        except OSError as exc:  # a full disk, a closed terminal...
            raise UsageError(f"cannot write to standard output: {exc.strerror or exc}") from None
        return
    target = Path(output)
    if target.is_dir():
        raise UsageError(f"--output {output}: is a directory; give a file name")
    # Atomically: a reader (or a concurrent run) sees the old report or the new one, never half
    # of one, and an interruption leaves no truncated file behind.
    from compliance.reading.files import replace_atomically

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        replace_atomically(str(target), text.encode("utf-8"), 0o644, f".{target.name}.")
    except OSError as exc:  # the user's path: a usage error, not a bug
        raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None
