"""Builders of the usual input series shapes for alert test cases.

Counts of samples are derived from durations and the case's interval
(1m unless the case sets another), so `duration="30m"` gives 31 samples
from 0m to 30m.
"""

from __future__ import annotations

from dataclasses import dataclass

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
    """Build a counter that grows at `per_second` from `start`."""
    steps = _steps(duration, interval)
    step = per_second * parse_duration(interval) / 1000
    values = f"{_number(start)}+{_number(step)}x{steps}"
    series = Series(str(metric), dict(labels or {}), values)
    series.counter_shape = _CounterShape(start, step, steps, interval)
    return series


@dataclass(frozen=True)
class _CounterShape:
    """The start, step and sample count counter() used, for restarted()."""

    start: float
    step: float
    steps: int
    interval: str


def restarted(series: list[Series], after: str) -> list[Series]:
    """Return counter `series` restarted from zero just after their sample
    at `after`, as when the process exporting them restarts.

    The first sample after the restart is one step, so no increment is lost
    and rate() and increase() read the same values as without the restart.
    """
    result = []
    for item in series:
        shape = getattr(item, "counter_shape", None)
        if shape is None:
            raise DefinitionError(
                f"series {item.name!r} was not built by counter()",
                caller_location(),
                "restart only the series that counter() returns",
            )
        index = _steps(after, shape.interval)
        if not 0 < index < shape.steps:
            raise DefinitionError(
                f"restart at {after!r} is outside the series' samples",
                caller_location(),
                "restart between the first and the last sample",
            )
        step = _number(shape.step)
        values = f"{_number(shape.start)}+{step}x{index} {step}+{step}x{shape.steps - index - 1}"
        result.append(Series(item.name, dict(item.labels), values))
    return result


def gauge(
    metric,
    labels: dict[str, str] | None = None,
    value: float = 0,
    duration: str = "30m",
    interval: str = "1m",
) -> Series:
    """Build a gauge that stays at `value`."""
    return Series(str(metric), dict(labels or {}), f"{_number(value)}x{_steps(duration, interval)}")


def disappears(
    metric,
    labels: dict[str, str] | None = None,
    value: float = 1,
    after: str = "5m",
    interval: str = "1m",
) -> Series:
    """Build a series at `value` until `after`, then gone (stale)."""
    return Series(
        str(metric), dict(labels or {}), f"{_number(value)}x{_steps(after, interval)} stale"
    )


def histogram_mix(
    metric,
    labels: dict[str, str] | None = None,
    observations: dict[float, float] | None = None,
    duration: str = "30m",
    interval: str = "1m",
    buckets: tuple[float, ...] | None = None,
) -> list[Series]:
    """Build a histogram that observes each key of `observations` at the
    rate given as its value, in observations per second.

    Whole-number rates keep the bucket rates, and so the quantiles computed
    from them, exact: {3: 19, 8: 1} puts the P95 exactly on the upper bound
    of the bucket that contains 3.
    """
    observations = observations or {}
    bounds = tuple(buckets or getattr(metric, "buckets", ()) or DEFAULT_BUCKETS)
    name = str(metric)
    base = dict(labels or {})
    result = []
    for bound in [*bounds, float("inf")]:
        per_second = sum(rate for value, rate in observations.items() if value <= bound)
        le = "+Inf" if bound == float("inf") else _number(bound)
        result.append(counter(f"{name}_bucket", {**base, "le": le}, per_second, duration, interval))
    total = sum(observations.values())
    observed = sum(value * rate for value, rate in observations.items())
    result.append(counter(f"{name}_count", base, total, duration, interval))
    result.append(counter(f"{name}_sum", base, observed, duration, interval))
    return result


def histogram(
    metric,
    labels: dict[str, str] | None = None,
    observe: float = 0.1,
    per_second: float = 1.0,
    duration: str = "30m",
    interval: str = "1m",
    buckets: tuple[float, ...] | None = None,
) -> list[Series]:
    """Build a histogram whose every observation equals `observe`.

    Buckets at or above `observe` grow at `per_second` and lower ones stay
    at zero. So `histogram_quantile` of any quantile falls inside the bucket
    that contains `observe`, between the next lower bound and its own bound.
    """
    return histogram_mix(metric, labels, {observe: per_second}, duration, interval, buckets)
