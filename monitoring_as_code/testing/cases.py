"""Alert test cases: input series, an evaluation time, the expected alerts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from monitoring_as_code.model.base import Definition
from monitoring_as_code.model.durations import DURATION_HINT, parse_duration
from monitoring_as_code.model.names import is_label_name, is_metric_name

# promtool's expanding notation: `a+bxn`, `a-bxn`, `axn`, `_`, `_xn`,
# `stale`, and plain numbers, separated by spaces.
_VALUE_TOKEN = re.compile(
    r"^(?:stale|_(?:x\d+)?|[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?"
    r"(?:[-+](?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)?(?:x\d+)?|[-+]?Inf|NaN)$"
)


@dataclass
class Series(Definition):
    """One input series in promtool's notation, e.g. values='0+60x30'."""

    name: str
    labels: dict[str, str] = field(default_factory=dict)
    values: str = ""
    # The shape counter() built the values from, for restarted(); else None.
    counter_shape: object = field(default=None, kw_only=True, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.name = str(self.name)  # accept catalog objects
        super().__post_init__()

    def validate(self) -> None:
        if not is_metric_name(self.name):
            raise self.error(
                f"invalid series name {self.name!r}", "use a metric or recording rule name"
            )
        for label in self.labels:
            if not is_label_name(label):
                raise self.error(
                    f"invalid label name {label!r} on series {self.name!r}",
                    "label names match [a-zA-Z_][a-zA-Z0-9_]*",
                )
        tokens = self.values.split()
        bad = [token for token in tokens if not _VALUE_TOKEN.match(token)]
        if not tokens or bad:
            raise self.error(
                f"invalid values {self.values!r} for series {self.name!r}",
                "write promtool's notation, such as '0+60x30' (start 0, add 60 "
                "each step, 30 steps), '5x10', '_' for a missing sample, 'stale'",
            )

    def selector(self) -> str:
        if not self.labels:
            return self.name
        inner = ", ".join(f'{key}="{_escape(value)}"' for key, value in sorted(self.labels.items()))
        return f"{self.name}{{{inner}}}"


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"')


@dataclass
class Alert(Definition):
    """An alert expected to fire: the labels the expression keeps, and the
    rendered annotations that contain templates.

    The alert's own labels (severity and `labels=`) and its annotations
    without templates are added when the case is compiled.
    """

    labels: dict[str, str] = field(default_factory=dict)
    annotations: dict[str, str] = field(default_factory=dict)


@dataclass
class AlertTest(Definition):
    """A test case: `series` evaluated at `at` must give exactly `alerts`."""

    name: str
    series: list[Series]
    at: str
    alerts: list[Alert] = field(default_factory=list)
    interval: str = "1m"

    def validate(self) -> None:
        if not self.name or not self.name.strip():
            raise self.error("test case has no name", "say what the case checks")
        for option in ("at", "interval"):
            value = getattr(self, option)
            try:
                parse_duration(value)
            except ValueError:
                raise self.error(
                    f"invalid {option} {value!r} in test case {self.name!r}", DURATION_HINT
                ) from None
        flat = []
        for item in self.series:
            flat.extend(item if isinstance(item, list) else [item])
        self.series = flat
        if not self.series:
            raise self.error(
                f"test case {self.name!r} has no input series",
                "give the series the alert's expression reads",
            )

    @property
    def fires(self) -> bool:
        return bool(self.alerts)


def fires(name: str, series: list, at: str, alerts: list[Alert], interval: str = "1m") -> AlertTest:
    """Build a case in which the alert fires at `at` with exactly `alerts`."""
    if not alerts:
        raise AlertTest(name, series, at, interval=interval).error(
            f"firing case {name!r} expects no alert", "list the expected alerts, or use quiet()"
        )
    return AlertTest(name, series, at, alerts, interval)


def quiet(name: str, series: list, at: str, interval: str = "1m") -> AlertTest:
    """Build a case in which the alert does not fire (or is still pending) at `at`."""
    return AlertTest(name, series, at, [], interval)
