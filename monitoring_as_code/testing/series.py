"""Builders of the usual input series shapes for alert test cases.

Counts of samples are derived from durations and the case's interval
(1m unless the case sets another), so `duration="30m"` gives 31 samples
from 0m to 30m.
"""

from __future__ import annotations

from monitoring_as_code.errors import DefinitionError
from monitoring_as_code.model.durations import DURATION_HINT, parse_duration
from monitoring_as_code.model.source import caller_location
from monitoring_as_code.testing.cases import Series

DEFAULT_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)


def _steps(duration: str, interval: str) -> int:
    durations = []
    for value in (duration, interval):
        try:
            durations.append(parse_duration(value))
        except ValueError:
            raise DefinitionError(
                f"invalid duration {value!r} in a test series", caller_location(), DURATION_HINT
            ) from None
    return durations[0] // durations[1]


def _number(value: float) -> str:
    return repr(float(value)).removesuffix(".0") if float(value).is_integer() else repr(value)


def counter(
    metric,
    labels: dict[str, str] | None = None,
    per_second: float = 1.0,
    duration: str = "30m",
    interval: str = "1m",
    start: float = 0,
) -> Series:
    """A counter growing at `per_second` from `start`."""
    steps = _steps(duration, interval)
    step = per_second * parse_duration(interval) / 1000
    values = f"{_number(start)}+{_number(step)}x{steps}"
    return Series(str(metric), dict(labels or {}), values)


def gauge(
    metric,
    labels: dict[str, str] | None = None,
    value: float = 0,
    duration: str = "30m",
    interval: str = "1m",
) -> Series:
    """A gauge holding `value`."""
    return Series(str(metric), dict(labels or {}), f"{_number(value)}x{_steps(duration, interval)}")


def disappears(
    metric,
    labels: dict[str, str] | None = None,
    value: float = 1,
    after: str = "5m",
    interval: str = "1m",
) -> Series:
    """A series present with `value` until `after`, then gone (stale)."""
    return Series(
        str(metric), dict(labels or {}), f"{_number(value)}x{_steps(after, interval)} stale"
    )


def histogram(
    metric,
    labels: dict[str, str] | None = None,
    observe: float = 0.1,
    per_second: float = 1.0,
    duration: str = "30m",
    interval: str = "1m",
    buckets: tuple[float, ...] | None = None,
) -> list[Series]:
    """Series of a histogram whose every observation equals `observe`.

    Buckets at or above `observe` grow at `per_second`, lower ones stay at
    zero, so `histogram_quantile` of any quantile falls inside the bucket
    that holds `observe`: between the next lower bound and its own bound.
    """
    bounds = tuple(buckets or getattr(metric, "buckets", ()) or DEFAULT_BUCKETS)
    name = str(metric)
    base = dict(labels or {})
    result = []
    for bound in [*bounds, float("inf")]:
        rate = per_second if observe <= bound else 0.0
        le = "+Inf" if bound == float("inf") else _number(bound)
        result.append(counter(f"{name}_bucket", {**base, "le": le}, rate, duration, interval))
    result.append(counter(f"{name}_count", base, per_second, duration, interval))
    result.append(counter(f"{name}_sum", base, per_second * observe, duration, interval))
    return result
