"""Reading input files: the size limit, OS errors and the encoding, each as a located problem
(exit 2), never a traceback; and replacing a file atomically (reports, cache entries). Imports
nothing heavy: a cached run reads files without parsing."""

from __future__ import annotations

import contextlib
import errno
import os

from compliance.errors import InvalidInput, Problem, UsageError

# Files above this size are refused before they are read: hand-edited rule sets and profiles are
# well under 1 MB (the largest shipped file is 0.4 MB), while parsing a file of hundreds of MB
# would take minutes and gigabytes. COMPLIANCE_MAX_FILE_MB raises (or lowers) the limit.
MAX_FILE_MB = 5

STDIN, STDIN_NAME = "-", "<stdin>"  # as a path: standard input, so named in problems


def max_file_bytes() -> int:
    """The size limit in bytes: COMPLIANCE_MAX_FILE_MB if set (a positive number), else 5 MB."""
    text = os.environ.get("COMPLIANCE_MAX_FILE_MB", "")
    try:
        limit = float(text) if text else MAX_FILE_MB
    except ValueError:
        limit = -1
    if not limit > 0:
        raise UsageError(f"COMPLIANCE_MAX_FILE_MB expects a positive number of MB, got {text!r}")
    return int(limit * 1024 * 1024)


_RAISE = " (set COMPLIANCE_MAX_FILE_MB to raise it)"


def _mb(size: int) -> str:
    return f"{size / 1048576:.2f}".rstrip("0").rstrip(".")


def _too_big(path: str, size: int, limit: int) -> InvalidInput:
    return InvalidInput(
        [
            Problem(
                path, 1, 1, f"file is {_mb(size)} MB, above the limit of {_mb(limit)} MB" + _RAISE
            )
        ]
    )


def check_sizes(paths: list[str]) -> None:
    """Refuse oversized files before anything heavy is imported (read_bytes checks again, on
    the open file): a huge input is refused in the time it takes to start."""
    limit = max_file_bytes()
    for path in paths:
        try:
            size = os.stat(path).st_size
        except OSError:
            continue  # read_bytes reports it
        if size > limit:
            raise _too_big(path, size, limit)


def read_bytes(path: str) -> bytes:
    """A file's bytes; an unreadable or oversized file is a problem, not a traceback."""
    limit = max_file_bytes()
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > limit:
                raise _too_big(path, size, limit)
            data = handle.read(limit + 1)  # a file that grows while read is cut, then refused
    except OSError as exc:
        raise InvalidInput([Problem(path, 1, 1, f"cannot read: {exc.strerror or exc}")]) from None
    if len(data) > limit:
        raise InvalidInput(
            [Problem(path, 1, 1, f"file is above the limit of {_mb(limit)} MB" + _RAISE)]
        )
    return data


def decode(data: bytes, path: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInput([Problem(path, 1, 1, f"not UTF-8 text ({exc.reason})")]) from None


_NEW_FILE = (
    os.O_WRONLY
    | os.O_CREAT
    | os.O_EXCL
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def replace_atomically(target: str, data: bytes, mode: int, prefix: str) -> None:
    """``data`` written to a new file in ``target``'s directory (``prefix`` names it), then
    renamed over ``target``: a reader, or a concurrent run, sees the old file or the new one,
    never part of one, and an interruption leaves no truncated file behind. The new file is
    made as tempfile.mkstemp makes one (a random name, created only if it does not exist,
    readable by the user only until ``mode`` is set), without importing tempfile and random:
    5 million instructions, nearly 1 % of a run on one provider. OS errors are raised."""
    directory = os.path.dirname(target) or "."
    for _ in range(100):
        temp = os.path.join(directory, f"{prefix}{os.urandom(6).hex()}.tmp")
        try:
            fd = os.open(temp, _NEW_FILE, 0o600)
            break
        except FileExistsError:
            continue
    else:
        raise FileExistsError(errno.EEXIST, "no unused temporary file name", directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temp, mode)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
