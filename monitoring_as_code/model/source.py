"""Source locations of definitions, captured when each object is created."""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass

_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@dataclass(frozen=True, order=True)
class SourceLocation:
    """A file and line in the definitions, shown as `path:line`."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


UNKNOWN = SourceLocation("<unknown>", 0)


# The working directory while definitions load, so that each of the many
# definitions they create does not ask the operating system for it.
_pinned_cwd: str | None = None


@contextlib.contextmanager
def working_directory_pinned() -> Iterator[None]:
    """Read the working directory once for the locations made in this block.

    For code that does not change the working directory while it runs,
    such as the loading of definition files.
    """
    global _pinned_cwd
    outer = _pinned_cwd
    _pinned_cwd = os.getcwd()
    try:
        yield
    finally:
        _pinned_cwd = outer


def caller_location() -> SourceLocation:
    """Return the first stack frame outside this package: the user's line."""
    frame = sys._getframe(1)
    while frame is not None:
        filename = frame.f_code.co_filename
        if not _is_internal(frame.f_code):
            cwd = _pinned_cwd or os.getcwd()
            return SourceLocation(_cached_display_path(cwd, filename), frame.f_lineno)
        frame = frame.f_back
    return UNKNOWN


_INTERNAL: dict[tuple[str, str], bool] = {}


def _is_internal(code) -> bool:
    """Whether a frame's code belongs to mac, cached per file and function
    name because every definition created walks the stack. (Hashing the code
    object itself hashes its whole body, which is slow for a large module.)"""
    key = (code.co_filename, code.co_name)
    internal = _INTERNAL.get(key)
    if internal is None:
        # dataclasses generates __init__ from source text, so its frames have
        # a pseudo file name such as "<string>".
        internal = (code.co_filename.startswith("<") and code.co_name == "__init__") or (
            os.path.abspath(code.co_filename).startswith(_PACKAGE_DIR + os.sep)
        )
        _INTERNAL[key] = internal
    return internal


@functools.lru_cache(maxsize=1024)
def _cached_display_path(cwd: str, filename: str) -> str:
    # Keyed by the working directory too, which a caller may change.
    return display_path(filename)


def display_path(filename: str) -> str:
    """Show paths under the working directory relative to it, as compilers do."""
    try:
        relative = os.path.relpath(filename)
    except ValueError:  # another drive on Windows
        return filename
    if relative.startswith(os.pardir + os.sep):
        return filename
    return relative
