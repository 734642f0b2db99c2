"""A cache of validated inputs, keyed by the content of each file, so that a run on unchanged
files skips parsing and validation (most of the time of `evaluate` on the shipped data); and of
the HTML templates' compiled code (:func:`templates`), which Jinja2 would otherwise compile at
every run (a tenth of `evaluate --format html`).

Only what is valid is stored, never a report: an entry holds the validated models of one file
(plain objects, models.base: reading them back needs no pydantic), after a label that says what
they are (kind and provenance: a reader that does not want them unpickles nothing more),
under the SHA-256 of its bytes, its file name (ids must equal file names), this package's code
and the libraries that built the entry. Editing the file, upgrading the package or changing its
code therefore misses, and the file is read and checked again. The only check that depends on
the day (a profile's ``as_of`` must not be in the future) can only turn from failing to passing
as days go by, so a valid entry stays valid.

Entries are written atomically (a temporary file in the cache directory, then a rename), so
concurrent runs see a whole entry or none. An entry is trusted only if its own SHA-256 checks
out and it unpickles; otherwise it is ignored and rebuilt. A cache that cannot be read or written
is no cache, never an error. Directory: ``$COMPLIANCE_CACHE_DIR``, else
``$XDG_CACHE_HOME/compliance``, else ``~/.cache/compliance``; ``COMPLIANCE_NO_CACHE=1`` turns it
off. The entries are pickles: the directory is created private to the user (mode 0700), and
whoever can write into it can run code as the user, as with any cache of Python objects.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import sys
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

_MAGIC = b"compliance-cache 2\n"
_DIGEST = hashlib.sha256().digest_size
_LENGTH = 4  # bytes of the label's length


def directory() -> Path | None:
    """Where entries live, or None when the cache is turned off."""
    if os.environ.get("COMPLIANCE_NO_CACHE", "") not in ("", "0"):
        return None
    explicit = os.environ.get("COMPLIANCE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "compliance"


@functools.cache  # once per process
def _code_fingerprint() -> bytes:
    """What built an entry: Python, and the files of this package and of pydantic, which
    checked it (path, size and modification time: any change of code misses)."""
    parts = [sys.version, *_sources(os.path.dirname(os.path.dirname(__file__)))]
    for name in ("pydantic", "pydantic_core"):
        spec = find_spec(name)
        if spec is not None and spec.origin:
            stat = os.stat(spec.origin)
            parts.append(f"{spec.origin}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).digest()


def _sources(directory: str) -> list[str]:
    """``path:size:mtime`` of every .py file under ``directory``, in a fixed order (os.scandir:
    a quarter of the time pathlib's rglob took, on every run)."""
    found = []
    for entry in sorted(os.scandir(directory), key=lambda e: e.name):
        if entry.is_dir() and entry.name != "__pycache__":
            found += _sources(entry.path)
        elif entry.name.endswith(".py"):
            stat = entry.stat()
            found.append(f"{entry.path}:{stat.st_size}:{stat.st_mtime_ns}")
    return found


def key(name: str, content: bytes) -> str:
    """The key of a file's entry: its name (not its directory) and its bytes."""
    digest = hashlib.sha256(_code_fingerprint())
    digest.update(os.path.basename(name).encode("utf-8", "surrogateescape") + b"\0")
    digest.update(content)
    return digest.hexdigest()


def get(entry: str, wanted: Callable[[Any], bool] | None = None) -> tuple[Any, Any] | None:
    """The label and the value stored under ``entry``, or None (absent, unreadable, corrupt:
    never trusted). When ``wanted`` says no to the label, the value is not read (None): the
    label (a few bytes, stored first) says what the entry holds, so an entry that is not
    needed costs no unpickling (a rule set that a directory load skips)."""
    where = directory()
    if where is None:
        return None
    try:
        with open(where / entry, "rb") as handle:
            blob = memoryview(handle.read())
    except OSError:
        return None
    head = len(_MAGIC) + _DIGEST
    if (
        blob[: len(_MAGIC)] != _MAGIC
        or hashlib.sha256(blob[head:]).digest() != blob[len(_MAGIC) : head]
    ):
        return None
    try:
        split = head + _LENGTH + int.from_bytes(blob[head : head + _LENGTH], "little")
        label = pickle.loads(blob[head + _LENGTH : split])
        if wanted is not None and not wanted(label):
            return label, None
        return label, pickle.loads(blob[split:])
    except Exception:  # a payload from another version of a library: rebuilt, never trusted
        return None


def put(entry: str, label: Any, value: Any) -> None:
    """Store ``value`` under ``entry``, after its ``label`` (see get), atomically; any failure
    leaves the cache as it was."""
    where = directory()
    if where is None:
        return
    from compliance.reading.files import replace_atomically

    first = pickle.dumps(label, protocol=pickle.HIGHEST_PROTOCOL)
    payload = (
        len(first).to_bytes(_LENGTH, "little")
        + first
        + pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    )
    blob = _MAGIC + hashlib.sha256(payload).digest() + payload
    try:
        where.mkdir(mode=0o700, parents=True, exist_ok=True)
        replace_atomically(str(where / entry), blob, 0o600, ".entry.")
    except OSError:
        pass


def templates() -> Any:
    """A Jinja2 bytecode cache kept in this cache: a template's compiled code under its name,
    the checksum of its source and the versions of Python and Jinja2 (an edited template or
    another version misses). Loading and storing go through :func:`get` and :func:`put`, so an
    entry is checked before it is trusted and a cache that fails is no cache, never an error."""
    import jinja2
    from jinja2.bccache import Bucket, BytecodeCache

    class Templates(BytecodeCache):
        @staticmethod
        def _entry(bucket: Bucket) -> str:
            parts = (jinja2.__version__, bucket.key, bucket.checksum)
            return key("jinja2-template", "\0".join(parts).encode())

        def load_bytecode(self, bucket: Bucket) -> None:
            hit = get(self._entry(bucket))
            code = hit[1] if hit else None
            if isinstance(code, bytes):
                bucket.bytecode_from_string(code)  # Jinja2 checks its own header again

        def dump_bytecode(self, bucket: Bucket) -> None:
            put(self._entry(bucket), None, bucket.bytecode_to_string())

    return Templates()
