"""What the synthetic projects contain, apart from how they are written.

The mac definitions and the plain grafanalib script are both generated from
these specs, so that the two describe the same metrics and dashboards.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

KINDS = ("counter", "gauge", "histogram")
PANELS_PER_DASHBOARD = 12
DASHBOARDS_PER_FOLDER = 50
GRID_COLUMNS = 24
INSTANCE = 'instance=~"$instance"'
INSTANCE_QUERY = 'label_values(up{job="service"}, instance)'

# Query templates in str.format syntax: `{metric}` is the metric name and
# doubled braces are literal ones.
RATE = "rate({metric}{{" + INSTANCE + "}}[$__rate_interval])"
BUCKET_RATE = "rate({metric}_bucket{{" + INSTANCE + "}}[$__rate_interval])"
ERRORS = (
    "sum(rate({metric}{{" + INSTANCE + ',status=~"5.."}}[$__rate_interval]))'
    " / sum(" + RATE + ")"
)


@dataclass(frozen=True)
class MetricSpec:
    """One catalog metric; its kind follows from its index."""

    index: int

    @property
    def kind(self) -> str:
        return KINDS[self.index % len(KINDS)]

    @property
    def variable(self) -> str:
        """The Python name the definitions give the metric."""
        return f"m{self.index:04d}"

    @property
    def name(self) -> str:
        stem = f"bench_component_{self.index:04d}"
        if self.kind == "counter":
            return f"{stem}_requests_total"
        if self.kind == "gauge":
            return f"{stem}_queue_depth"
        return f"{stem}_duration_seconds"


def metric_of_kind(kind: str, seed: int, catalog_size: int) -> MetricSpec:
    """Pick a metric of `kind` from the catalog, spreading seeds over it."""
    per_kind = catalog_size // len(KINDS)
    if per_kind == 0:
        raise ValueError(f"a catalog of {catalog_size} metrics has no {kind}")
    return MetricSpec(len(KINDS) * (seed % per_kind) + KINDS.index(kind))


@dataclass(frozen=True)
class TargetSpec:
    """A panel query.

    `template` is PromQL in `str.format` syntax, where `{metric}` is the
    metric name and literal braces are doubled.
    """

    template: str
    metric: MetricSpec
    legend: str = ""
    instant: bool = False
    format: str = "time_series"

    def promql(self) -> str:
        return self.template.format(metric=self.metric.name)

    def fstring_source(self) -> str:
        """Return the expression as an f-string literal over the catalog variable."""
        text = self.template.replace("{metric}", "{" + self.metric.variable + "}")
        return "f" + repr(text)


@dataclass(frozen=True)
class PanelSpec:
    kind: str  # stat, timeseries, gauge, bargauge, table or heatmap
    title: str
    targets: tuple[TargetSpec, ...]
    unit: str
    width: int
    height: int
    thresholds: tuple[tuple[str, float | None], ...] = ()
    x: int = 0
    y: int = 0


@dataclass(frozen=True)
class DashboardSpec:
    index: int
    panels: tuple[PanelSpec, ...]

    @property
    def uid(self) -> str:
        return f"bench-{self.index:04d}"

    @property
    def title(self) -> str:
        return f"Bench dashboard {self.index:04d}"

    @property
    def folder_index(self) -> int:
        return self.index // DASHBOARDS_PER_FOLDER


def folder_uid(folder_index: int) -> str:
    return f"bench-folder-{folder_index:02d}"


def folder_title(folder_index: int) -> str:
    return f"Bench folder {folder_index:02d}"


def dashboard_spec(index: int, catalog_size: int) -> DashboardSpec:
    """Describe twelve panels of six types, placed as mac's layout places them."""

    def metric(kind: str, slot: int) -> MetricSpec:
        return metric_of_kind(kind, index * PANELS_PER_DASHBOARD + slot, catalog_size)

    def target(template: str, kind: str, slot: int, **options) -> TargetSpec:
        return TargetSpec(template, metric(kind, slot), **options)

    rate = RATE
    bucket_rate = BUCKET_RATE
    errors = ERRORS
    by_instance = "({metric}{{" + INSTANCE + "}})"
    panels = [
        PanelSpec(
            "stat",
            "Request rate",
            (target(f"sum({rate})", "counter", 0),),
            "reqps",
            6,
            4,
        ),
        PanelSpec(
            "stat",
            "Error ratio",
            (target(errors, "counter", 1),),
            "percentunit",
            6,
            4,
            (("green", None), ("red", 0.05)),
        ),
        PanelSpec(
            "stat",
            "Queue depth",
            (target(f"max{by_instance}", "gauge", 2),),
            "short",
            6,
            4,
        ),
        PanelSpec(
            "stat",
            "P95 latency",
            (
                target(
                    f"histogram_quantile(0.95, sum by (le) ({bucket_rate}))",
                    "histogram",
                    3,
                ),
            ),
            "s",
            6,
            4,
        ),
        PanelSpec(
            "timeseries",
            "Requests by status",
            (target(f"sum by (status) ({rate})", "counter", 4, legend="{{status}}"),),
            "reqps",
            12,
            8,
        ),
        PanelSpec(
            "timeseries",
            "Requests by method",
            (target(f"sum by (method) ({rate})", "counter", 5, legend="{{method}}"),),
            "reqps",
            12,
            8,
        ),
        PanelSpec(
            "timeseries",
            "Queue depth range",
            (
                target(
                    f"max by (instance) {by_instance}",
                    "gauge",
                    6,
                    legend="max {{instance}}",
                ),
                target(
                    f"min by (instance) {by_instance}",
                    "gauge",
                    6,
                    legend="min {{instance}}",
                ),
            ),
            "short",
            12,
            8,
        ),
        PanelSpec(
            "timeseries",
            "Latency quantiles",
            (
                target(
                    f"histogram_quantile(0.5, sum by (le) ({bucket_rate}))",
                    "histogram",
                    7,
                    legend="p50",
                ),
                target(
                    f"histogram_quantile(0.99, sum by (le) ({bucket_rate}))",
                    "histogram",
                    7,
                    legend="p99",
                ),
            ),
            "s",
            12,
            8,
        ),
        PanelSpec(
            "gauge",
            "Queue fill",
            (target("max({metric})", "gauge", 8),),
            "short",
            6,
            6,
            (("green", None), ("orange", 50.0), ("red", 100.0)),
        ),
        PanelSpec(
            "bargauge",
            "Requests in the last hour",
            (
                target(
                    "sum by (status) (increase({metric}[1h]))",
                    "counter",
                    9,
                    legend="{{status}}",
                ),
            ),
            "short",
            6,
            6,
        ),
        PanelSpec(
            "table",
            "Busiest methods",
            (
                target(
                    "topk(10, sum by (method) (rate({metric}[5m])))",
                    "counter",
                    10,
                    instant=True,
                    format="table",
                ),
            ),
            "reqps",
            12,
            6,
        ),
        PanelSpec(
            "heatmap",
            "Latency distribution",
            (
                target(
                    f"sum by (le) ({bucket_rate})", "histogram", 11, format="heatmap"
                ),
            ),
            "s",
            24,
            8,
        ),
    ]
    return DashboardSpec(index, tuple(_flow(panels)))


def _flow(panels: list[PanelSpec]) -> list[PanelSpec]:
    """Place panels left to right, wrapping when a panel does not fit."""
    placed = []
    x = y = line_height = 0
    for panel in panels:
        if x + panel.width > GRID_COLUMNS:
            x, y, line_height = 0, y + line_height, 0
        placed.append(replace(panel, x=x, y=y))
        x += panel.width
        line_height = max(line_height, panel.height)
    return placed
