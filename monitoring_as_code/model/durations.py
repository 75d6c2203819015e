"""Prometheus durations such as `5m`, `1h30m` or `250ms`."""

from __future__ import annotations

import functools
import re

# Units in the order Prometheus requires them, with their length in ms.
_UNITS = (
    ("y", 365 * 24 * 3600 * 1000),
    ("w", 7 * 24 * 3600 * 1000),
    ("d", 24 * 3600 * 1000),
    ("h", 3600 * 1000),
    ("m", 60 * 1000),
    ("s", 1000),
    ("ms", 1),
)

_DURATION = re.compile(
    "^" + "".join(rf"(?:(?P<{unit}>\d+){unit})?" for unit, _ in _UNITS) + "$"
)


def parse_duration(text: str) -> int:
    """Return the duration in milliseconds; raise ValueError if it is invalid."""
    if not isinstance(text, str):
        raise ValueError(f"invalid duration {text!r}")
    return _parse(text)


# Test cases parse the same few durations many thousand times.
@functools.lru_cache(maxsize=4096)
def _parse(text: str) -> int:
    if text == "0":
        return 0
    match = _DURATION.match(text)
    if match is None or not text:
        raise ValueError(f"invalid duration {text!r}")
    total = 0
    for unit, milliseconds in _UNITS:
        count = match.group(unit)
        if count is not None:
            total += int(count) * milliseconds
    return total


def format_duration(milliseconds: int) -> str:
    """Format milliseconds the way Prometheus prints durations (`1h30m`)."""
    if milliseconds == 0:
        return "0s"
    parts = []
    for unit, size in _UNITS:
        count, milliseconds = divmod(milliseconds, size)
        if count:
            parts.append(f"{count}{unit}")
    return "".join(parts)


DURATION_HINT = (
    "write a Prometheus duration: a number and a unit from ms, s, m, h, d, w, y, "
    "largest unit first, such as '30s', '5m' or '1h30m'"
)
