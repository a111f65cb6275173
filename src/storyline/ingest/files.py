"""Paths to bytes: which files a path names, and at most `max_bytes` of each.

A directory is walked in sorted order, hidden names skipped, each real
directory once (a symlink loop costs one rejection, not one per level). Only
regular files are opened: a FIFO blocks its reader, and /dev/zero never ends.
What cannot be read is a `Rejection` with its code, never an exception.
"""

from __future__ import annotations

import errno
import gzip
import io
import os
import stat
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from storyline.errors import Rejected
from storyline.model import Rejection


def expand(path: Path, visited: dict[str, str]) -> Iterator[Path | Rejection]:
    """A path given as input: itself when a regular file, the files under it when a directory."""
    kind = file_kind(path)
    if isinstance(kind, Rejection):
        yield kind
    elif kind == "dir":
        yield from walk(path, visited)
    else:
        yield path


def walk(root: Path, visited: dict[str, str] | None = None) -> Iterator[Path | Rejection]:
    """Regular files under `root`, recursively, sorted, hidden names skipped.

    What cannot be read is yielded as a `Rejection`: special files, symlinks that
    lead nowhere, directories that cannot be listed, and a directory reached a
    second time (its real path is in `visited`), so a symlink loop costs one
    rejection, not one per level. An explicit stack, so depth is no recursion limit.
    """
    visited = {} if visited is None else visited
    first = _enter(root, visited)
    if isinstance(first, Rejection):
        yield first
        return
    stack = [first]
    while stack:
        p = next(stack[-1], None)
        if p is None:
            stack.pop()
            continue
        if p.name.startswith("."):
            continue
        kind = file_kind(p)
        if isinstance(kind, Rejection):
            yield kind
        elif kind == "dir":
            entered = _enter(p, visited)
            if isinstance(entered, Rejection):
                yield entered
            else:
                stack.append(entered)
        else:
            yield p


def _enter(directory: Path, visited: dict[str, str]) -> Iterator[Path] | Rejection:
    real = os.path.realpath(directory)
    if real in visited:
        return Rejection(
            str(directory),
            f"directory {real} was already read as {visited[real]} "
            "(a symlink loop, or a second link to it); read once",
            "E016",
        )
    visited[real] = str(directory)
    try:
        entries = sorted(directory.iterdir())
    except OSError as e:
        return Rejection(
            str(directory), f"directory could not be listed: {e.strerror or e}", "E018"
        )
    return iter(entries)


SPECIAL = {
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
}


def file_kind(path: Path) -> Literal["dir", "file"] | Rejection:
    """ "dir" or "file" (regular), else the rejection of the path; never opens it."""
    where = str(path)
    try:
        mode = os.stat(path).st_mode
    except OSError as e:
        if e.errno == errno.ELOOP:
            return Rejection(where, "symlink loops (it leads back to itself)", "E017")
        if os.path.islink(path):
            return Rejection(
                where, f"symlink points to {os.readlink(path)}, which does not exist", "E017"
            )
        if e.errno in (errno.ENOENT, errno.ENOTDIR):
            return Rejection(where, "path does not exist", "E008")
        return Rejection(where, f"file could not be read: {e.strerror or e}", "E011")
    except ValueError as e:  # a NUL character in the path
        return Rejection(where, f"path is not valid: {e}", "E008")
    if stat.S_ISDIR(mode):
        return "dir"
    if stat.S_ISREG(mode):
        return "file"
    what = SPECIAL.get(stat.S_IFMT(mode), "not a regular file")
    return Rejection(where, f"path is {what}; only regular files are read", "E015")


def read_bytes(path: Path, limit: int) -> bytes:
    """At most `limit` bytes of a regular file (unpacked when .gz); E004 when there are more.

    The size comes from reading, not from `stat` (/dev/zero and /proc files say 0),
    and a FIFO is never opened: opening one for reading blocks until a writer comes.
    """
    kind = file_kind(path)
    if isinstance(kind, Rejection):
        raise Rejected(kind.code, kind.reason)
    if kind != "file":
        raise Rejected("E015", "path is a directory, not a file")
    try:
        # O_NONBLOCK: should the path become a FIFO after the check, the open does not block
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
        with os.fdopen(fd, "rb") as f:
            st = os.fstat(f.fileno())
            mode = st.st_mode
            if not stat.S_ISREG(mode):
                what = SPECIAL.get(stat.S_IFMT(mode), "not a regular file")
                raise Rejected("E015", f"path is {what}; only regular files are read")
            data = f.read(limit + 1)
    except OSError as e:
        raise Rejected("E011", f"file could not be read: {e.strerror or e}") from e
    if len(data) > limit:
        size = f"{st.st_size:,} bytes, " if st.st_size > limit else ""  # stat may say 0
        raise Rejected(
            "E004", f"file is {size}over the limit of {limit:,} bytes (raise it with --max-bytes)"
        )
    if path.suffix.lower() == ".gz":
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as f:
                data = f.read(limit + 1)
        except (OSError, EOFError, zlib.error) as e:
            raise Rejected("E010", f"gzip file is corrupt: {e}") from e
        if len(data) > limit:
            raise Rejected(
                "E004", f"file unpacks to over {limit:,} bytes (raise the limit with --max-bytes)"
            )
    if not data.strip():
        raise Rejected("E001", "file is empty")
    return data
