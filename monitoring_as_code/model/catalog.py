"""The metric catalog: every series the rules and panels may refer to."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from monitoring_as_code.model.base import Definition
from monitoring_as_code.model.names import is_label_name, is_metric_name
from monitoring_as_code.model.scrape import ScrapeJob

# Labels every scraped series carries from its target.
TARGET_LABELS = ("job", "instance")

_HISTOGRAM_SUFFIXES = ("_bucket", "_sum", "_count")
_SUMMARY_SUFFIXES = ("_sum", "_count")


@dataclass
class Metric(Definition):
    """A metric family as its exporter exposes it.

    `str(metric)` is the metric name, so expressions can be written as
    f-strings over catalog objects: `f"rate({http_requests_total}[5m])"`.
    `suppress` maps a lint check ID to the written reason for silencing it.
    """

    name: str
    help: str
    labels: tuple[str, ...] = field(default=(), kw_only=True)
    unit: str = field(default="", kw_only=True)
    origin: ScrapeJob = field(kw_only=True)
    suppress: dict[str, str] = field(default_factory=dict, kw_only=True)

    kind: ClassVar[str] = "untyped"
    _registers = True

    def __str__(self) -> str:
        return self.name

    def __post_init__(self) -> None:
        self.labels = tuple(self.labels)
        super().__post_init__()

    @property
    def all_labels(self) -> frozenset[str]:
        """Declared labels plus the target labels added at scrape time."""
        return frozenset(self.labels) | frozenset(TARGET_LABELS) | frozenset(
            self.origin.labels
        )

    def series(self) -> dict[str, frozenset[str]]:
        """Map each series name of this family to the labels it carries."""
        return {self.name: self.all_labels}

    def validate(self) -> None:
        self._check_name()
        self._check_help()
        self._check_labels()
        self._check_unit()
        self._check_suppressions()
        if not isinstance(self.origin, ScrapeJob):
            raise self.error(
                f"metric {self.name!r} has origin {self.origin!r}, not a ScrapeJob",
                "pass origin=<the ScrapeJob whose targets export the metric>",
            )

    def _check_name(self) -> None:
        if not is_metric_name(self.name):
            raise self.error(
                f"invalid metric name {self.name!r}",
                "metric names match [a-zA-Z_:][a-zA-Z0-9_:]*",
            )
        if ":" in self.name:
            raise self.error(
                f"metric name {self.name!r} contains ':'",
                "colons are reserved for recording rules; use '_' in "
                "exported metric names",
            )
        self._check_suffix()

    def _check_suffix(self) -> None:
        for suffix, owner in (
            ("_total", "Counter"),
            ("_bucket", "Histogram"),
            ("_sum", "Histogram or Summary"),
            ("_count", "Histogram or Summary"),
            ("_info", "Info"),
        ):
            if self.name.endswith(suffix):
                raise self.error(
                    f"{self.kind} {self.name!r} ends in the reserved suffix "
                    f"{suffix!r}",
                    f"{suffix!r} belongs to {owner} series; rename the metric "
                    f"or declare it as a {owner.split()[0]}",
                )

    def _check_suppressions(self) -> None:
        for check_id, reason in self.suppress.items():
            if not isinstance(reason, str) or not reason.strip():
                raise self.error(
                    f"suppression of {check_id!r} on metric {self.name!r} has no "
                    "reason",
                    "write why the check does not apply: "
                    "suppress={'check/id': 'reason'}",
                )

    def _check_help(self) -> None:
        if not isinstance(self.help, str) or not self.help.strip():
            raise self.error(
                f"metric {self.name!r} has no help text",
                "describe what the metric measures in one sentence",
            )

    def _check_labels(self) -> None:
        seen: set[str] = set()
        for label in self.labels:
            if not is_label_name(label):
                raise self.error(
                    f"invalid label name {label!r} on metric {self.name!r}",
                    "label names match [a-zA-Z_][a-zA-Z0-9_]* and do not "
                    "start with '__'",
                )
            if label in seen:
                raise self.error(
                    f"label {label!r} listed twice on metric {self.name!r}",
                    "list each label once",
                )
            if label in self.reserved_labels():
                raise self.error(
                    f"label {label!r} on {self.kind} {self.name!r} is reserved",
                    f"the {label!r} label is added by the client library; "
                    "remove it from the label list",
                )
            seen.add(label)

    def reserved_labels(self) -> tuple[str, ...]:
        return ()

    def _check_unit(self) -> None:
        if not self.unit:
            return
        base = self.name.removesuffix("_total").removesuffix("_info")
        if not base.endswith("_" + self.unit):
            raise self.error(
                f"metric {self.name!r} has unit {self.unit!r} but its name does "
                f"not end in '_{self.unit}'",
                f"name it '{base}_{self.unit}' or drop the unit, as the "
                "OpenMetrics naming rules ask",
            )


@dataclass
class Counter(Metric):
    """A monotonically increasing count; its name ends in `_total`.

    Counters of third-party exporters are declared as the exporter exposes
    them: postgres_exporter, for one, names counters without `_total`
    (`pg_stat_database_xact_commit`). The suffix is required only of the
    application's own counters, whose names the team chooses.
    """

    kind: ClassVar[str] = "counter"

    def _check_suffix(self) -> None:
        exported_elsewhere = (
            isinstance(self.origin, ScrapeJob) and self.origin.exporter != "application"
        )
        if exported_elsewhere and not self.name.endswith("_total"):
            return
        if not self.name.endswith("_total"):
            raise self.error(
                f"counter {self.name!r} does not end in '_total'",
                f"name it '{self.name}_total'",
            )
        base = self.name.removesuffix("_total")
        for suffix in ("_bucket", "_sum", "_count", "_info", "_total"):
            if base.endswith(suffix):
                raise self.error(
                    f"counter {self.name!r} has the reserved suffix {suffix!r} "
                    "before '_total'",
                    "rename the counter",
                )


@dataclass
class Gauge(Metric):
    """A value that goes up and down."""

    kind: ClassVar[str] = "gauge"


@dataclass
class Histogram(Metric):
    """Observations in cumulative buckets: `_bucket{le}`, `_sum`, `_count`."""

    buckets: tuple[float, ...] = field(default=(), kw_only=True)

    kind: ClassVar[str] = "histogram"

    @property
    def bucket(self) -> str:
        return self.name + "_bucket"

    @property
    def sum(self) -> str:
        return self.name + "_sum"

    @property
    def count(self) -> str:
        return self.name + "_count"

    def series(self) -> dict[str, frozenset[str]]:
        labels = self.all_labels
        return {
            self.bucket: labels | {"le"},
            self.sum: labels,
            self.count: labels,
        }

    def reserved_labels(self) -> tuple[str, ...]:
        return ("le",)

    def validate(self) -> None:
        super().validate()
        buckets = list(self.buckets)
        if buckets != sorted(buckets) or len(set(buckets)) != len(buckets):
            raise self.error(
                f"buckets of histogram {self.name!r} are not strictly increasing: "
                f"{buckets}",
                "list bucket upper bounds from smallest to largest, each once",
            )


@dataclass
class Summary(Metric):
    """Observations as `_sum`, `_count` and optional `{quantile}` series."""

    kind: ClassVar[str] = "summary"

    @property
    def sum(self) -> str:
        return self.name + "_sum"

    @property
    def count(self) -> str:
        return self.name + "_count"

    def series(self) -> dict[str, frozenset[str]]:
        labels = self.all_labels
        return {
            self.name: labels | {"quantile"},
            self.sum: labels,
            self.count: labels,
        }

    def reserved_labels(self) -> tuple[str, ...]:
        return ("quantile",)


@dataclass
class Info(Metric):
    """Constant `1` series whose labels carry facts; its name ends in `_info`."""

    kind: ClassVar[str] = "info"

    def _check_suffix(self) -> None:
        if not self.name.endswith("_info"):
            raise self.error(
                f"info metric {self.name!r} does not end in '_info'",
                f"name it '{self.name}_info'",
            )
