"""A file's data, and where each of its keys and values is written: what every problem about an
input points at (``file:line:col``). Imports no parser: a file taken from the cache of validated
inputs is a document whose positions are read only if a problem asks for one."""

from __future__ import annotations

from compliance.errors import Problem

Path = tuple[str | int, ...]


class Document:
    """A parsed YAML file: plain data plus the (line, column) of every key and value path.

    Positions are only needed to report problems, so a valid file skips them: they are computed
    by a second walk the first time a problem asks for one. (Not a dataclass: see
    errors.Problem.)
    """

    def __init__(
        self,
        file: str,
        data: object,
        values: dict[Path, tuple[int, int]] | None = None,
        keys: dict[Path, tuple[int, int]] | None = None,
        # Kept until positions are computed; a file from the cache keeps its bytes, decoded only
        # then (the same bytes were decoded when the entry was made: they are UTF-8).
        text: str | bytes | None = None,
    ) -> None:
        self.file, self.data, self.text = file, data, text
        self.values = {} if values is None else values
        self.keys = {} if keys is None else keys

    def _positions(self) -> None:
        if self.text is not None:
            from compliance.reading.yamlfile import (
                read,  # the parser, only when a problem is located
            )

            text = self.text.decode("utf-8") if isinstance(self.text, bytes) else self.text
            positioned = read(text, self.file, positions=True)
            self.values, self.keys, self.text = positioned.values, positioned.keys, None
            if self.data is None:  # a document from the cache: its data were not kept either
                self.data = positioned.data

    def parsed(self) -> object:
        """The file's data, parsed now if the document came from the cache (which keeps the
        validated models, not the raw data): what reads the data of a valid file, such as the
        locations of SARIF and JUnit, reads the same with a cold or a warm cache."""
        self._positions()
        return self.data

    def position(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """Where ``path`` is written; falls back to the nearest written parent."""
        self._positions()
        table = self.keys if key else self.values
        while path:
            if path in table:
                return table[path]
            if path in self.values:
                return self.values[path]
            path = path[:-1]
        return self.values.get((), (1, 1))

    def problem(self, path: Path, message: str, *, key: bool = False) -> Problem:
        line, column = self.position(path, key=key)
        return Problem(self.file, line, column, message)
