"""Grafana folders, dashboards, rows, panels, targets and variables.

These are plain descriptions; `compile/grafana.py` renders them to
dashboard JSON. Panel positions on Grafana's 24-column grid are computed
by `compile/layout.py` unless a panel gives `grid`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, ClassVar

from monitoring_as_code.model.base import Definition
from monitoring_as_code.model.datasources import PROMETHEUS, Datasource
from monitoring_as_code.model.durations import parse_duration
from monitoring_as_code.model.variables import (  # noqa: F401 - re-exported
    CustomVariable,
    DatasourceVariable,
    QueryVariable,
    Variable,
)
from monitoring_as_code.schemas import GRID_COLUMNS

_UID = re.compile(r"^[a-zA-Z0-9_-]{1,40}$")
_RELATIVE_TIME = re.compile(r"^now(-\d+[smhdwMy])?(/[smhdwMy])?$")


def _check_uid(definition: Definition, what: str, uid: object) -> None:
    if not isinstance(uid, str) or not _UID.match(uid):
        raise definition.error(
            f"invalid {what} uid {uid!r}",
            "a uid has 1 to 40 characters from letters, digits, '-' and '_'",
        )




@dataclass
class Folder(Definition):
    """A Grafana folder; `parent` nests it (Grafana 11 and later)."""

    uid: str
    title: str
    parent: Folder | None = field(default=None, kw_only=True)

    _registers = True

    def validate(self) -> None:
        _check_uid(self, "folder", self.uid)
        if not self.title or not self.title.strip():
            raise self.error(
                f"folder {self.uid!r} has no title", "give the folder the title Grafana shows"
            )
        ancestor, seen = self.parent, {self.uid}
        while ancestor is not None:
            if ancestor.uid in seen:
                raise self.error(
                    f"folder {self.uid!r} is its own ancestor",
                    "give it a parent that is not below it",
                )
            seen.add(ancestor.uid)
            ancestor = ancestor.parent


@dataclass
class Target(Definition):
    """A PromQL query of a panel."""

    expr: str
    legend: str = ""
    instant: bool = field(default=False, kw_only=True)
    format: str = field(default="time_series", kw_only=True)
    interval: str = field(default="", kw_only=True)
    hide: bool = field(default=False, kw_only=True)

    def validate(self) -> None:
        if not isinstance(self.expr, str) or not self.expr.strip():
            raise self.error(
                "panel target has an empty expression",
                "write the PromQL query of the target",
            )
        if self.format not in ("time_series", "table", "heatmap"):
            raise self.error(
                f"invalid target format {self.format!r}",
                "use 'time_series', 'table' or 'heatmap'",
            )


@dataclass(frozen=True)
class Threshold:
    """One step of a panel's thresholds; the first step has value None."""

    color: str
    value: float | None = None


@dataclass(frozen=True)
class Legend:
    display_mode: str = "list"  # list, table or hidden
    placement: str = "bottom"  # bottom or right
    calcs: tuple[str, ...] = ()


@dataclass(frozen=True)
class GridPos:
    """A position on the dashboard grid: 24 columns wide, rows of 30 px."""

    x: int
    y: int
    w: int
    h: int

    def to_json(self) -> dict[str, int]:
        return {"h": self.h, "w": self.w, "x": self.x, "y": self.y}


@dataclass
class Panel(Definition):
    """The options every panel type has."""

    title: str
    targets: list[Target] = field(default_factory=list)
    description: str = field(default="", kw_only=True)
    unit: str = field(default="", kw_only=True)
    decimals: int | None = field(default=None, kw_only=True)
    min: float | None = field(default=None, kw_only=True)
    max: float | None = field(default=None, kw_only=True)
    thresholds: list[Threshold] = field(default_factory=list, kw_only=True)
    datasource: Datasource = field(default=PROMETHEUS, kw_only=True)
    width: int = field(default=8, kw_only=True)
    height: int = field(default=8, kw_only=True)
    grid: GridPos | None = field(default=None, kw_only=True)
    suppress: dict[str, str] = field(default_factory=dict, kw_only=True)

    type: ClassVar[str] = ""
    _contained_in = "a Dashboard or Row"

    def validate(self) -> None:
        if not isinstance(self.title, str) or not self.title.strip():
            raise self.error("panel has no title", "give every panel a title")
        what = f"panel {self.title!r}"
        if self.type != "row" and not self.targets and not isinstance(self, RawPanel):
            raise self.error(f"{what} has no targets", "add at least one Target")
        for target in self.targets:
            if not isinstance(target, Target):
                raise self.error(
                    f"{what} has the target {target!r}, which is not a Target",
                    "wrap the query: Target('rate(...)', legend='...')",
                )
        if not 1 <= self.width <= GRID_COLUMNS or self.height < 1:
            raise self.error(
                f"{what} has size {self.width}x{self.height}",
                f"width is 1 to {GRID_COLUMNS} columns and height at least 1",
            )
        if self.thresholds and self.thresholds[0].value is not None:
            raise self.error(
                f"{what}: the first threshold step has a value",
                "start with Threshold('green') for the base colour, then "
                "Threshold('red', 0.9) and so on",
            )
        values = [step.value for step in self.thresholds[1:]]
        if any(value is None for value in values) or values != sorted(values):
            raise self.error(
                f"{what}: threshold values are not increasing: {values}",
                "list the steps after the base from lowest to highest value",
            )

    def options(self) -> dict[str, Any]:
        """Panel-type options merged into the rendered JSON."""
        return {}


@dataclass
class TimeSeriesPanel(Panel):
    legend: Legend = field(default_factory=Legend, kw_only=True)
    stacking: str = field(default="none", kw_only=True)  # none, normal, percent
    fill_opacity: int = field(default=10, kw_only=True)

    type: ClassVar[str] = "timeseries"


@dataclass
class StatPanel(Panel):
    reduce: str = field(default="lastNotNull", kw_only=True)
    color_mode: str = field(default="value", kw_only=True)
    graph_mode: str = field(default="area", kw_only=True)
    width: int = field(default=6, kw_only=True)
    height: int = field(default=4, kw_only=True)

    type: ClassVar[str] = "stat"


@dataclass
class GaugePanel(Panel):
    reduce: str = field(default="lastNotNull", kw_only=True)
    width: int = field(default=6, kw_only=True)
    height: int = field(default=6, kw_only=True)

    type: ClassVar[str] = "gauge"


@dataclass
class BarGaugePanel(Panel):
    reduce: str = field(default="lastNotNull", kw_only=True)
    orientation: str = field(default="horizontal", kw_only=True)
    display_mode: str = field(default="gradient", kw_only=True)

    type: ClassVar[str] = "bargauge"


@dataclass
class TablePanel(Panel):
    width: int = field(default=12, kw_only=True)

    type: ClassVar[str] = "table"


@dataclass
class HeatmapPanel(Panel):
    """Histogram buckets over time; targets use `format='heatmap'`."""

    width: int = field(default=12, kw_only=True)

    type: ClassVar[str] = "heatmap"

    def validate(self) -> None:
        super().validate()
        for target in self.targets:
            if target.format != "heatmap":
                raise self.error(
                    f"heatmap panel {self.title!r} has a target with format "
                    f"{target.format!r}",
                    "pass format='heatmap' to the Target so that Grafana "
                    "reads the le label as buckets",
                )


@dataclass
class RawPanel(Panel):
    """Panel JSON given as is, for panel types mac does not model."""

    json: dict[str, Any] = field(default_factory=dict, kw_only=True)

    type: ClassVar[str] = "raw"

    def validate(self) -> None:
        super().validate()
        if not isinstance(self.json.get("type"), str):
            raise self.error(
                f"raw panel {self.title!r} has no 'type'",
                "give the panel plugin id, for example {'type': 'text', ...}",
            )
        for key in ("id", "gridPos"):
            if key in self.json:
                raise self.error(
                    f"raw panel {self.title!r} sets {key!r}",
                    f"mac assigns {key!r}; pass grid=GridPos(...) to place it",
                )


@dataclass
class Row(Definition):
    """A row header; the panels listed follow it on the grid."""

    title: str
    panels: list[Panel] = field(default_factory=list)
    collapsed: bool = field(default=False, kw_only=True)

    type: ClassVar[str] = "row"
    _contained_in = "a Dashboard"


@dataclass
class Dashboard(Definition):
    """A Grafana dashboard, written to build/grafana/dashboards/."""

    uid: str
    title: str
    panels: list[Panel | Row]
    folder: Folder | None = field(default=None, kw_only=True)
    tags: list[str] = field(default_factory=list, kw_only=True)
    description: str = field(default="", kw_only=True)
    variables: list[Variable] = field(default_factory=list, kw_only=True)
    time_from: str = field(default="now-6h", kw_only=True)
    time_to: str = field(default="now", kw_only=True)
    refresh: str = field(default="1m", kw_only=True)
    timezone: str = field(default="browser", kw_only=True)
    editable: bool = field(default=True, kw_only=True)

    _registers = True

    def validate(self) -> None:
        _check_uid(self, "dashboard", self.uid)
        if not self.title or not self.title.strip():
            raise self.error(
                f"dashboard {self.uid!r} has no title", "give the dashboard a title"
            )
        for option in ("time_from", "time_to"):
            value = getattr(self, option)
            if not _RELATIVE_TIME.match(value):
                raise self.error(
                    f"invalid {option} {value!r} on dashboard {self.uid!r}",
                    "write a relative time such as 'now-6h' or 'now'",
                )
        if self.refresh:
            try:
                parse_duration(self.refresh)
            except ValueError:
                raise self.error(
                    f"invalid refresh {self.refresh!r} on dashboard {self.uid!r}",
                    "write an interval such as '30s' or '1m', or '' for none",
                ) from None
        names = [variable.name for variable in self.variables]
        duplicates = sorted({name for name, count in Counter(names).items() if count > 1})
        if duplicates:
            raise self.error(
                f"dashboard {self.uid!r} declares variables more than once: "
                f"{', '.join(duplicates)}",
                "give each variable a unique name",
            )
        for item in self.panels:
            if not isinstance(item, (Panel, Row)):
                raise self.error(
                    f"dashboard {self.uid!r} contains {item!r}, which is not a "
                    "panel or row",
                    "list panels such as TimeSeriesPanel(...) and Row(...) objects",
                )

    def all_panels(self) -> list[Panel]:
        """Return every panel, rows flattened, in declaration order."""
        panels: list[Panel] = []
        for item in self.panels:
            if isinstance(item, Row):
                panels.extend(item.panels)
            else:
                panels.append(item)
        return panels
