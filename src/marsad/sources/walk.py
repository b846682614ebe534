"""What an ingested folder holds: the files to read, and what is left out and why.

A folder from a crawl or an untrusted upload can hold things that are not documents:
a FIFO that blocks the reader forever, a device that never ends, a link to a file
elsewhere on the machine (whose content would become searchable and shown on the
web), or the very archive being written. Only regular files inside the folder are
read; everything else is left out with a reason the caller can show, and links that
leave the folder are followed only when asked (`follow_links`).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

from marsad.sources.base import Input, Skipped, failed, safe_name

__all__ = ["file_kind", "walk"]

_KINDS = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))


def file_kind(mode: int) -> str:
    """What a non-regular file is, in words, from its `st_mode`."""
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def _inside(target: str, root: str) -> bool:
    return os.path.commonpath([target, root]) == root


def _link_out(path: Path, target: str) -> Skipped:
    return Skipped(safe_name(str(path)), "link", f"a link to {safe_name(target)!r}, outside the folder: "
                                                 "not followed (--follow-links follows it)")


def _entry(path: Path, root: str, follow_links: bool, exclude: frozenset[str]) -> Path | Input | Skipped:
    try:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            target = os.path.realpath(path)
            if not follow_links and not _inside(target, root):
                return _link_out(path, target)
            info = os.stat(path)
    except OSError as error:
        return failed(str(path), error.strerror or str(error))
    if not stat.S_ISREG(info.st_mode):
        return Skipped(safe_name(str(path)), "special", f"not a regular file but {file_kind(info.st_mode)}")
    if os.path.realpath(path) in exclude:
        return Skipped(safe_name(str(path)), "archive", "a file of the archive being written to")
    return path


def walk(folder: Path, *, follow_links: bool = False, exclude: frozenset[str] = frozenset()
         ) -> Iterator[Path | Input | Skipped]:
    """Files under `folder` to read (in name order, hidden ones skipped), failures to list,
    and what is left out; `exclude` holds real paths never to read (the archive's files)."""
    root, visited, errors = os.path.realpath(folder), set(), []
    for top, dirs, files in os.walk(folder, onerror=errors.append, followlinks=follow_links):
        dirs.sort()
        if follow_links:
            real = os.path.realpath(top)
            if real in visited:  # a link loop: this folder was read already
                dirs.clear()
                continue
            visited.add(real)
        else:
            for name in dirs:
                target = os.path.realpath(Path(top) / name)
                if os.path.islink(Path(top) / name) and not _inside(target, root):
                    yield _link_out(Path(top) / name, target)
        for name in sorted(files):
            if not name.startswith("."):
                yield _entry(Path(top) / name, root, follow_links, exclude)
    for error in errors:
        yield failed(str(error.filename), error.strerror or str(error))
