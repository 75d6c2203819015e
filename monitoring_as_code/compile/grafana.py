"""Render dashboards to Grafana JSON through grafanalib.

This is the only module that imports grafanalib. grafanalib 0.7 builds the
panel and dashboard JSON. `schema.prune` then drops what the current
dashboard schema (v1, Grafana 12) no longer allows. The panel types whose
grafanalib JSON is of an older Grafana (gauge, bar gauge, heatmap) get their
current `options` here.
"""

from __future__ import annotations

import functools
from typing import Any

import grafanalib.core as gl

from monitoring_as_code.compile.layout import PlacedPanel, layout
from monitoring_as_code.compile.rules import normalize_expr
from monitoring_as_code.compile.schema import prune
from monitoring_as_code.model.dashboards import (
    BarGaugePanel,
    CustomVariable,
    Dashboard,
    DatasourceVariable,
    GaugePanel,
    HeatmapPanel,
    Panel,
    QueryVariable,
    RawPanel,
    Row,
    StatPanel,
    TablePanel,
    Target,
    TimeSeriesPanel,
    Variable,
)

# The dashboard schema version that Grafana 12 writes; Grafana migrates
# dashboards with a lower number when it loads them.
SCHEMA_VERSION = 41
_REF_IDS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def render_dashboard(dashboard: Dashboard) -> dict[str, Any]:
    """Return the dashboard JSON model, ready for file provisioning or the API."""
    variables = list(dashboard.variables)
    if not any(isinstance(v, DatasourceVariable) for v in variables):
        variables.insert(0, _default_datasource_variable())
    board = gl.Dashboard(
        title=dashboard.title,
        uid=dashboard.uid,
        description=dashboard.description,
        tags=sorted(dashboard.tags),
        time=gl.Time(dashboard.time_from, dashboard.time_to),
        timezone=dashboard.timezone,
        refresh=dashboard.refresh or None,
        editable=dashboard.editable,
        templating=gl.Templating(list=[_variable(v) for v in variables]),
    )
    data = board.to_json_data()
    data["panels"] = [_placed(item) for item in layout(dashboard)]
    data["schemaVersion"] = SCHEMA_VERSION
    data["id"] = None
    data["version"] = None
    data["annotations"] = {"list": [_BUILT_IN_ANNOTATIONS]}
    data["graphTooltip"] = 1  # shared crosshair across panels
    data["timepicker"] = {}
    # prune also turns the grafanalib objects left inside into plain data.
    return prune(data)


@functools.cache
def _default_datasource_variable() -> DatasourceVariable:
    # One shared instance: creating a definition records its source
    # location, which costs a walk of the call stack per dashboard.
    return DatasourceVariable()


# Grafana adds this annotation query to every dashboard it saves; writing
# it keeps a saved dashboard equal to the built one.
_BUILT_IN_ANNOTATIONS = {
    "builtIn": 1,
    "datasource": {"type": "grafana", "uid": "-- Grafana --"},
    "enable": True,
    "hide": True,
    "iconColor": "rgba(0, 211, 255, 1)",
    "name": "Annotations & Alerts",
    "type": "dashboard",
}


def _placed(item: PlacedPanel) -> dict[str, Any]:
    grid = gl.GridPos(h=item.grid.h, w=item.grid.w, x=item.grid.x, y=item.grid.y)
    if isinstance(item.panel, Row):
        row = gl.RowPanel(
            title=item.panel.title,
            gridPos=grid,
            collapsed=item.panel.collapsed,
            panels=[_placed(child) for child in item.children],
        )
        data = row.to_json_data()
        data["id"] = item.id
        return data
    data = _panel(item.panel, grid)
    data["id"] = item.id
    return data


def _targets(panel: Panel) -> list[_Json]:
    """Prometheus targets as Grafana 12's query editor saves them.

    grafanalib's Target adds fields of the old graph panel (`step`,
    `intervalFactor`, `metric`, `target`, `query`) that Grafana no longer
    reads, so only the current ones are kept.
    """
    targets = []
    for index, target in enumerate(panel.targets):
        data = gl.Target(
            expr=normalize_expr(target.expr),
            legendFormat=target.legend,
            refId=_REF_IDS[index],
            instant=target.instant,
            format=target.format,
            interval=target.interval,
            hide=target.hide,
            datasource=panel.datasource.to_json(),
        ).to_json_data()
        kept = {key: data[key] for key in _TARGET_KEYS}
        kept["range"] = not target.instant
        kept["editorMode"] = "code"
        if not target.interval:
            del kept["interval"]
        if not target.hide:
            del kept["hide"]
        targets.append(_Json(kept))
    return targets


_TARGET_KEYS = (
    "datasource",
    "expr",
    "format",
    "hide",
    "instant",
    "interval",
    "legendFormat",
    "refId",
)


def _common(panel: Panel, grid: gl.GridPos) -> dict[str, Any]:
    return {
        "title": panel.title,
        "description": panel.description or None,
        "dataSource": panel.datasource.to_json(),
        "targets": _targets(panel),
        "gridPos": grid,
    }


def _panel(panel: Panel, grid: gl.GridPos) -> dict[str, Any]:
    if isinstance(panel, RawPanel):
        data = dict(panel.json)
        data.setdefault("title", panel.title)
        data["gridPos"] = grid.to_json_data()
        if panel.targets:
            data["targets"] = [target.to_json_data() for target in _targets(panel)]
            data.setdefault("datasource", panel.datasource.to_json())
        return data

    common = _common(panel, grid)
    if isinstance(panel, TimeSeriesPanel):
        data = gl.TimeSeries(
            **common,
            unit=panel.unit,
            legendDisplayMode=panel.legend.display_mode,
            legendPlacement=panel.legend.placement,
            legendCalcs=list(panel.legend.calcs),
            stacking={"mode": panel.stacking, "group": "A"},
            fillOpacity=panel.fill_opacity,
            tooltipMode="multi",
        ).to_json_data()
    elif isinstance(panel, StatPanel):
        data = gl.Stat(
            **common,
            format=panel.unit,
            colorMode=panel.color_mode,
            graphMode=panel.graph_mode,
            reduceCalc=panel.reduce,
        ).to_json_data()
    elif isinstance(panel, TablePanel):
        data = gl.Table(**common, unit=panel.unit).to_json_data()
    elif isinstance(panel, (GaugePanel, BarGaugePanel, HeatmapPanel)):
        data = gl.Panel(**common).panel_json({})
        data.update(_newer_panel(panel))
    else:
        raise TypeError(f"no renderer for panel type {type(panel).__name__}")
    _field_config(panel, data)
    return data


def _newer_panel(panel: Panel) -> dict[str, Any]:
    """JSON of panel types whose grafanalib form predates Grafana 8."""
    reduce_options = {
        "calcs": [getattr(panel, "reduce", "lastNotNull")],
        "fields": "",
        "values": False,
    }
    if isinstance(panel, GaugePanel):
        return {
            "type": "gauge",
            "options": {
                "reduceOptions": reduce_options,
                "showThresholdLabels": False,
                "showThresholdMarkers": True,
                "orientation": "auto",
            },
        }
    if isinstance(panel, BarGaugePanel):
        return {
            "type": "bargauge",
            "options": {
                "reduceOptions": reduce_options,
                "orientation": panel.orientation,
                "displayMode": panel.display_mode,
                "showUnfilled": True,
            },
        }
    return {
        "type": "heatmap",
        "options": {
            "calculate": False,  # the buckets are already in the data
            "cellGap": 1,
            "color": {"mode": "scheme", "scheme": "Oranges", "steps": 64},
            "yAxis": {"unit": panel.unit or None},
            "tooltip": {"mode": "single", "yHistogram": True},
            "legend": {"show": True},
            "rowsFrame": {"layout": "auto"},
        },
    }


def _field_config(panel: Panel, data: dict[str, Any]) -> None:
    """Set unit, limits and thresholds the way current Grafana stores them."""
    field_config = data.setdefault("fieldConfig", {})
    defaults = field_config.setdefault("defaults", {})
    field_config.setdefault("overrides", [])
    if panel.unit:
        defaults["unit"] = panel.unit
    for key in ("min", "max", "decimals"):
        value = getattr(panel, key)
        if value is not None:
            defaults[key] = value
    if panel.thresholds:
        defaults["thresholds"] = {
            "mode": "absolute",
            "steps": [{"color": s.color, "value": s.value} for s in panel.thresholds],
        }
    else:
        defaults["thresholds"] = {
            "mode": "absolute",
            "steps": [{"color": "green", "value": None}],
        }
    defaults.setdefault("mappings", [])
    if panel.thresholds and isinstance(panel, (StatPanel, GaugePanel, BarGaugePanel)):
        defaults["color"] = {"mode": "thresholds"}


def _variable_json(data: dict[str, Any]) -> _Json:
    """Wrap a variable's JSON as current Grafana stores it.

    grafanalib's Template writes fields of Grafana 6 (`tags`, `useTags`)
    and no datasource reference, so variables are written here.
    """
    if not data.get("current"):
        data.pop("current", None)
    return _Json(data)


def _variable(variable: Variable) -> _Json:
    if isinstance(variable, DatasourceVariable):
        return _variable_json(
            {
                "type": "datasource",
                "name": variable.name,
                "label": variable.label,
                "query": variable.plugin,
                "hide": 2 if variable.hide else 0,
                "current": {},
                "options": [],
                "refresh": 1,
                "regex": "",
            }
        )
    if isinstance(variable, QueryVariable):
        return _variable_json(
            {
                "type": "query",
                "name": variable.name,
                "label": variable.label or variable.name,
                "datasource": variable.datasource.to_json(),
                "definition": variable.query,
                # The v1 schema admits a string query; Grafana's Prometheus
                # editor reads it as a classic query such as label_values().
                "query": variable.query,
                "hide": 2 if variable.hide else 0,
                "multi": variable.multi,
                "includeAll": variable.include_all,
                "allValue": variable.all_value,
                "regex": variable.regex,
                "refresh": 1 if variable.refresh == "load" else 2,
                "sort": variable.sort,
                "current": {},
                "options": [],
            }
        )
    if isinstance(variable, CustomVariable):
        return _variable_json(
            {
                "type": "custom",
                "name": variable.name,
                "label": variable.label or variable.name,
                "query": ",".join(variable.values),
                "hide": 2 if variable.hide else 0,
                "multi": variable.multi,
                "includeAll": variable.include_all,
                "current": {},
                "options": [
                    {"selected": index == 0, "text": value, "value": value}
                    for index, value in enumerate(variable.values)
                ],
            }
        )
    raise TypeError(f"no renderer for variable type {type(variable).__name__}")


class _Json:
    """Plain JSON placed where grafanalib expects one of its objects."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def to_json_data(self) -> dict[str, Any]:
        return self.data
