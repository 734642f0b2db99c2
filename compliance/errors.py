"""Problems found in input files, as values; one exception carries them to the CLI; a wrong
argument is a usage error."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import NamedTuple


# No dataclasses among what every run defines: a dataclass writes and compiles its methods when
# it is defined (about 2 M instructions, 1 to 2 ms, each, on every run). Small immutable values
# are NamedTuples, as here; mutable records (Scope, Document, Plan...) are plain classes.
class Problem(NamedTuple):
    """One located problem: printed as ``file:line:col: message`` (lines and columns from 1),
    sorted by place."""

    file: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


class UsageError(Exception):
    """A wrong argument (an option's value, a command line): printed as 'error: ...', exit 2."""


class InvalidInput(Exception):
    """Raised with every problem of the inputs at once; the CLI prints them and exits 2."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__("\n".join(map(str, self.problems)))


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ``" (did you mean 'x'?)"`` suffix when a close choice exists, else ``""``."""
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
