"""What the commands read and write: rule sets, profiles and derogations from paths, dates,
and output files. Errors here are the user's (exit 2), never tracebacks."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from compliance.derogations import Derogation
    from compliance.formats import Format
    from compliance.load import LoadedProfile, LoadedRuleSet
    from compliance.models.mapping import Mapping


class UsageError(Exception):
    """A wrong argument: printed as 'error: ...' with exit code 2."""


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
    from compliance.timeline import parse_horizons

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


def rulesets(specs: list[str] | None, reconstructions: bool = False,
             mappings: list[Mapping] | None = None) -> list[tuple[LoadedRuleSet, str | None]]:
    """Rule sets from files or directories; FILE@REVISION selects a revision. A rule set that
    is a reconstruction or an illustration is loaded from a directory only with
    ``reconstructions`` (commands that name it, like diff and history); naming its file always
    loads it. With ``mappings``, the mappings found whose two rules are loaded are added to it."""
    from compliance.errors import InvalidInput
    from compliance.load import (
        LoadedMappings,
        cross_check,
        load_input,
        load_ruleset,
        yaml_files,
    )
    from compliance.revisions import check_revision

    loaded: list[tuple[LoadedRuleSet, str | None]] = []
    problems: list = []
    seen: set[str] = set()
    found_mappings: list[Mapping] = []
    for spec in specs or ["rules"]:
        path, _, revision = spec.partition("@")
        if not os.path.exists(path):
            raise UsageError(f"no such rule set file or directory: {path}")
        files = yaml_files([path])
        if not files:
            raise UsageError(f"no YAML file (*.yaml, *.yml) in {path}")
        for file in files:
            try:
                found = load_input(file, ("ruleset", "mappings"))
                if isinstance(found, LoadedMappings):
                    if mappings is not None:
                        found_mappings.extend(found.model.mappings)
                    continue
                if found is None:  # another kind: skipped in a directory, an error if named
                    if os.path.isdir(path):
                        continue
                    found = load_ruleset(file)
                ruleset = found
            except InvalidInput as exc:
                problems.extend(exc.problems)
                continue
            if (os.path.isdir(path) and not reconstructions
                    and ruleset.model.provenance != "published"):
                continue
            message = check_revision(ruleset, revision or None)
            if message:
                raise UsageError(message)
            # A file met in a directory and also named (e.g. FILE@REV) is loaded once: as named.
            key = os.path.realpath(file)
            if key in seen:
                if os.path.isdir(path):
                    continue
                loaded = [(r, rev) for r, rev in loaded if os.path.realpath(r.path) != key]
            seen.add(key)
            loaded.append((ruleset, revision or None))
    _raise_all(problems)
    if not loaded:
        raise UsageError("no rule set found (give --rules FILE or DIRECTORY)")
    _raise_all(cross_check([r for r, _ in loaded], []))
    if mappings is not None:
        ids = {c.rule.id for r, _ in loaded for c in r.rules}
        mappings.extend(m for m in found_mappings if m.source in ids and m.target in ids)
    return loaded


SUPPORT = "rules"  # the published rule sets: they resolve the {rule: ...} references of others


def with_support(specs: list[str] | None) -> tuple[list[tuple[LoadedRuleSet, str | None]],
                                                     list[tuple[LoadedRuleSet, str | None]]]:
    """The rule sets named (default: rules/), and the published ones of rules/ that they may
    reference without being analysed themselves (the HDH reconstruction cites SecNumCloud and
    HDS rules)."""
    from compliance.load import yaml_files

    specs = specs or [SUPPORT]
    pool = rulesets([*specs, SUPPORT] if os.path.isdir(SUPPORT) else specs)
    named = {os.path.realpath(f) for s in specs for f in yaml_files([s.partition("@")[0]])}
    return ([(r, rev) for r, rev in pool if os.path.realpath(r.path) in named],
            [(r, rev) for r, rev in pool if os.path.realpath(r.path) not in named])


def split_profiles(args: list[str] | None, providers: list[str] | None
                   ) -> tuple[list[str], list[str]]:
    """(rule set specs, profile files): `--providers a.yaml b.yaml` leaves b.yaml among the
    positional arguments, so the profiles found there go with the providers."""
    from compliance.load import kind_of

    specs, files = [], list(providers or [])
    for spec in args or []:
        path = spec.partition("@")[0]
        (files if os.path.isfile(path) and "@" not in spec and kind_of(path) == "profile"
         else specs).append(spec)
    return specs, files


def min_seal(values: list[str] | None) -> tuple[int | None, dict[str, int]]:
    """--min-seal 2 (overall) and --min-seal SOV-3=3 (per objective), checked."""
    overall: int | None = None
    per: dict[str, int] = {}
    for value in values or []:
        target, _, level = value.rpartition("=")
        if not level.isdigit() or not 0 <= int(level) <= 4:
            raise UsageError(f"--min-seal expects a level 0-4, or OBJECTIVE=LEVEL (SOV-3=3); "
                             f"got {value!r}")
        if target:
            per[target] = int(level)
        else:
            overall = int(level)
    return overall, per


def check_objectives(per: dict[str, int], loaded: list[tuple[LoadedRuleSet, str | None]]
                     ) -> None:
    from compliance.errors import did_you_mean

    ids = sorted({o.id for r, _ in loaded if r.model.grading for o in r.model.grading.objectives})
    for objective in per:
        if objective not in ids:
            raise UsageError(f"--min-seal: no objective '{objective}'"
                             + did_you_mean(objective, ids)
                             + (f" (objectives: {', '.join(ids)})" if ids else ""))


def weights(name: str | None, loaded: list[tuple[LoadedRuleSet, str | None]]) -> None:
    """--weights must name a weight set of a loaded graded rule set."""
    if name is None:
        return
    from compliance.errors import did_you_mean

    ids = sorted({w.id for r, _ in loaded if r.model.grading for w in r.model.grading.weights})
    if name not in ids:
        raise UsageError(f"--weights: no weight set '{name}'" + did_you_mean(name, ids)
                         + (f" (weight sets: {', '.join(ids)})" if ids
                            else " (no graded rule set is loaded)"))


def ruleset_by_name(spec: str, pool: list[tuple[LoadedRuleSet, str | None]]
                    ) -> tuple[LoadedRuleSet, str | None]:
    """RULESET@REV where RULESET is a file or the id of a rule set in ``pool``."""
    from compliance.errors import did_you_mean
    from compliance.revisions import check_revision

    name, _, revision = spec.partition("@")
    if os.path.isfile(name):
        found = rulesets([name])[0][0]
    else:
        matches = [r for r, _ in pool if r.model.id == name]
        if not matches:
            ids = [r.model.id for r, _ in pool]
            raise UsageError(f"no rule set '{name}'" + did_you_mean(name, ids)
                             + f" (loaded: {', '.join(ids)})")
        found = matches[0]
    message = check_revision(found, revision or None)
    if message:
        raise UsageError(message)
    return found, revision or None


def profiles(files: list[str]) -> list[LoadedProfile]:
    from compliance.errors import InvalidInput
    from compliance.files import check_sizes

    for file in files:
        if not os.path.isfile(file):
            raise UsageError(f"no such provider file: {file}")
    check_sizes(files)
    from compliance.load import load_input, load_profile

    loaded, problems = [], []
    for file in files:
        try:
            # Another kind of file is loaded as a profile, to say what is wrong with it.
            loaded.append(load_input(file, ("profile",)) or load_profile(file))
        except InvalidInput as exc:
            problems.extend(exc.problems)
    _raise_all(problems)
    return loaded


def derogations(specs: list[str] | None) -> list[Derogation]:
    """Derogation files named on the command line. None by default: a derogation is granted
    for one use of a provider (EMC2 on Azure), not to the provider for every buyer."""
    from compliance.derogations import load_derogation
    from compliance.errors import InvalidInput
    from compliance.load import yaml_files

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
    chosen = fmt or (format_of(named) if named else None) or Format.markdown
    if fmt is not None and named and not agrees(fmt, named):
        raise UsageError(f"--format {fmt.value} does not match --output {named} (a "
                         f"{format_of(named).value} file name); name it *"  # type: ignore[union-attr]
                         f"{SUFFIXES[fmt][0]} or drop --format")
    offered = RENDERERS[result]
    if chosen not in offered:
        asked = f"--format {chosen.value}" if fmt else f"--output {named} ({chosen.value})"
        raise UsageError(f"{asked}: this command writes "
                         + ", ".join(f.value for f in offered) + f", not {chosen.value}")
    return chosen


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
    import tempfile

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            os.chmod(temp, 0o644)
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError as exc:  # the user's path: a usage error, not a bug
        raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None
