"""Hand-edited YAML read safely, with the position of every key and value.

Why not ``yaml.safe_load``: it keeps the last of two duplicate keys, reads ``NO`` (Norway) as
``False`` (YAML 1.1), and hands an alias bomb to whatever walks the result next. Here the document
is composed once with libyaml, then walked once, linearly, with a node budget; scalars are resolved
with the YAML 1.2 core schema (the one editors use), and every value keeps its line and column.
"""

from __future__ import annotations

import re
import sys
from decimal import Decimal

import yaml
from yaml.constructor import SafeConstructor
from yaml.resolver import BaseResolver

from compliance.errors import InvalidInput, Problem
from compliance.reading.document import Document, Path
from compliance.reading.files import STDIN, STDIN_NAME, decode, read_bytes

# A walk that expands aliases past this many nodes is refused: legitimate rule sets are a few
# tens of thousands of nodes; a 400-byte "billion laughs" file expands to hundreds of millions.
NODE_BUDGET = 1_000_000

_STR, _INT, _FLOAT, _BOOL, _NULL, _TS, _MAP, _SEQ, _MERGE = (
    f"tag:yaml.org,2002:{t}"
    for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "merge")
)


class _CoreResolver(BaseResolver):
    """YAML 1.2 core schema: only true/false are booleans, ``010`` is ten, ``1:20`` a string."""


for _tag, _regexp, _first in (
    (_BOOL, r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    (_INT, r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (
        _FLOAT,
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    ),
    (_NULL, r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    (
        _TS,
        r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}"
        r"(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?$",
        "0123456789",
    ),
    (_MERGE, r"^<<$", "<"),
):
    _CoreResolver.add_implicit_resolver(_tag, re.compile(_regexp), list(_first))


if yaml.__with_libyaml__:
    from yaml._yaml import CParser  # libyaml's parser, as yaml.cyaml imports it

    class _Loader(CParser, _CoreResolver):
        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            _CoreResolver.__init__(self)

else:  # pragma: no cover - libyaml ships in the PyPI wheels; this is ~8x slower

    class _Loader(  # type: ignore[no-redef]
        yaml.reader.Reader,
        yaml.scanner.Scanner,
        yaml.parser.Parser,
        yaml.composer.Composer,
        _CoreResolver,
    ):
        def __init__(self, stream: str) -> None:
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            yaml.composer.Composer.__init__(self)
            _CoreResolver.__init__(self)


_timestamps = SafeConstructor()


def _pos(mark: yaml.Mark) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


class _Walker:
    def __init__(self, doc: Document, positions: bool) -> None:
        self.doc = doc
        self.positions = positions
        self.problems: list[Problem] = []
        self.budget = NODE_BUDGET
        self.active: set[int] = set()

    def fail(self, node: yaml.Node, message: str) -> None:
        self.problems.append(Problem(self.doc.file, *_pos(node.start_mark), message))

    def walk(self, node: yaml.Node, path: Path) -> object:
        self.budget -= 1
        if self.budget < 0:
            raise _Bomb(node)
        if self.positions:
            self.doc.values[path] = _pos(node.start_mark)
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if id(node) in self.active:
            self.fail(node, "an alias refers to a node that contains it (recursive alias)")
            return None
        self.active.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode) and node.tag == _SEQ:
                return [self.walk(item, path + (i,)) for i, item in enumerate(node.value)]
            if isinstance(node, yaml.MappingNode) and node.tag == _MAP:
                return self.mapping(node, path)
        finally:
            self.active.discard(id(node))
        self.fail(node, f"unsupported YAML tag {node.tag!r}: only plain maps, lists and scalars")
        return None

    def mapping(self, node: yaml.MappingNode, path: Path) -> dict[str, object]:
        out: dict[str, object] = {}
        seen: dict[str, yaml.Node] = {}
        merged: list[yaml.Node] = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                merged.extend(
                    value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
                )
                continue
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in (_STR, _INT):
                self.fail(key_node, "keys must be plain words (quote it)")
                continue
            key = str(key_node.value)
            if key in seen:
                line = seen[key].start_mark.line + 1
                self.fail(key_node, f"duplicate key '{key}' (first defined on line {line})")
                continue
            seen[key] = key_node
            if self.positions:
                self.doc.keys[path + (key,)] = _pos(key_node.start_mark)
            out[key] = self.walk(value_node, path + (key,))
        for source in merged:  # explicit keys win over merged ones, as in YAML's merge spec
            value = self.walk(source, path)
            if isinstance(value, dict):
                for key, item in value.items():
                    out.setdefault(key, item)
            else:
                self.fail(source, "a merge key '<<' needs a mapping")
        return out

    def scalar(self, node: yaml.ScalarNode) -> object:
        text, tag = node.value, node.tag
        if tag == _STR:
            return text
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return text.lower() == "true"
        if tag == _INT:
            return int(text, 0) if text[:2] in ("0o", "0x") else int(text, 10)
        if tag == _FLOAT:
            if "inf" in text.lower() or "nan" in text.lower():
                return float(text.replace(".", "", 1))
            # Exact, as typed: 12.5 + 26.5 must equal 39 when shares are summed against a cap.
            return Decimal(text)
        if tag == _TS:
            try:
                return _timestamps.construct_yaml_timestamp(node)
            except ValueError as exc:
                self.fail(node, f"not a valid date: {text!r} ({exc})")
                return None
        self.fail(node, f"unsupported YAML tag {tag!r}: only plain maps, lists and scalars")
        return None


class _Bomb(Exception):
    def __init__(self, node: yaml.Node) -> None:
        self.node = node


def _expanded_size(node: yaml.Node, memo: dict[int, int]) -> int:
    """Node count once aliases are expanded, memoised per node: linear in the file's size."""
    key = id(node)
    if key in memo:
        return memo[key]
    memo[key] = 1  # provisional: a recursive alias is reported by the walk, not counted here
    size = 1
    if isinstance(node, yaml.SequenceNode):
        size += sum(_expanded_size(item, memo) for item in node.value)
    elif isinstance(node, yaml.MappingNode):
        size += sum(_expanded_size(k, memo) + _expanded_size(v, memo) for k, v in node.value)
    if size > NODE_BUDGET:
        raise _Bomb(node)
    memo[key] = size
    return size


def read(text: str, file: str, positions: bool = False) -> Document:
    """Parse one YAML document; raise :class:`InvalidInput` with every problem found."""
    doc = Document(file, None, text=None if positions else text)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = _pos(mark) if mark else (1, 1)
        what = " ".join(x for x in (exc.context, exc.problem) if x)
        if "expected a single document" in what:
            what = "only one YAML document per file (remove the '---' separator)"
        raise InvalidInput([Problem(file, line, column, f"YAML syntax: {what}")]) from None
    except yaml.YAMLError as exc:
        raise InvalidInput([Problem(file, 1, 1, f"YAML: {exc}")]) from None
    finally:
        loader.dispose()
    if node is None:
        raise InvalidInput([Problem(file, 1, 1, "the file is empty")])
    walker = _Walker(doc, positions)
    try:
        if "*" in text:  # no '*' in the text means no alias, hence nothing to expand
            _expanded_size(node, {})
        doc.data = walker.walk(node, ())
    except _Bomb as bomb:
        raise InvalidInput(
            [
                Problem(
                    file,
                    *_pos(bomb.node.start_mark),
                    f"aliases expand past {NODE_BUDGET:,} nodes: refusing (alias bomb?)",
                )
            ]
        ) from None
    if walker.problems:
        raise InvalidInput(walker.problems)
    return doc


def read_file(path: str) -> Document:
    """Read and parse a file, or standard input for ``-``; an unreadable, oversized or non-UTF-8
    input is a problem, not a traceback."""
    if path == STDIN:
        return read(decode(sys.stdin.buffer.read(), STDIN_NAME), STDIN_NAME)
    return read(decode(read_bytes(path), path), path)
