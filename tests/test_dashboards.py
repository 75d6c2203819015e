"""Dashboard rendering: layout on the grid, panel JSON, variables, schema."""

from __future__ import annotations

import jsonschema
import pytest

import monitoring_as_code as mac
from monitoring_as_code.compile.grafana import render_dashboard
from monitoring_as_code.compile.layout import layout
from monitoring_as_code.schemas import dashboard_schema
from monitoring_as_code.errors import DefinitionError


def _panel(title: str, **options) -> mac.TimeSeriesPanel:
    return mac.TimeSeriesPanel(title, [mac.Target("up")], **options)


def _positions(dashboard: mac.Dashboard) -> list[tuple[str, int, int, int, int]]:
    return [
        (placed.panel.title, placed.grid.x, placed.grid.y, placed.grid.w, placed.grid.h)
        for placed in layout(dashboard)
    ]


def test_panels_flow_and_wrap():
    board = mac.Dashboard("d", "D", [_panel("a"), _panel("b", width=12), _panel("c", width=12)])
    assert _positions(board) == [
        ("a", 0, 0, 8, 8),
        ("b", 8, 0, 12, 8),
        ("c", 0, 8, 12, 8),
    ]


def test_line_height_is_tallest_panel():
    board = mac.Dashboard("d", "D", [_panel("a", height=4), _panel("b", height=10), _panel("c", width=24)])
    assert _positions(board)[2] == ("c", 0, 10, 24, 8)


def test_rows_start_new_line():
    board = mac.Dashboard(
        "d", "D", [_panel("a"), mac.Row("R", [_panel("b")]), mac.Row("S", [_panel("c")])]
    )
    assert _positions(board) == [
        ("a", 0, 0, 8, 8),
        ("R", 0, 8, 24, 1),
        ("b", 0, 9, 8, 8),
        ("S", 0, 17, 24, 1),
        ("c", 0, 18, 8, 8),
    ]


def test_collapsed_row_nests_panels():
    board = mac.Dashboard(
        "d", "D", [mac.Row("R", [_panel("a"), _panel("b")], collapsed=True), _panel("c")]
    )
    placed = layout(board)
    assert [item.panel.title for item in placed] == ["R", "c"]
    assert [child.panel.title for child in placed[0].children] == ["a", "b"]
    assert (placed[1].grid.x, placed[1].grid.y) == (0, 1)


def test_explicit_grid_kept():
    board = mac.Dashboard(
        "d", "D", [_panel("a", grid=mac.GridPos(4, 2, 10, 5)), _panel("b")]
    )
    assert _positions(board) == [("a", 4, 2, 10, 5), ("b", 0, 7, 8, 8)]


def test_ids_unique_and_sequential():
    board = mac.Dashboard(
        "d", "D", [mac.Row("R", [_panel("a")], collapsed=True), _panel("b"), mac.Row("S", [_panel("c")])]
    )
    rendered = render_dashboard(board)
    ids = [panel["id"] for panel in rendered["panels"]]
    ids += [child["id"] for panel in rendered["panels"] for child in panel.get("panels", [])]
    assert sorted(ids) == [1, 2, 3, 4, 5]


def test_raw_panel_passes_through():
    raw = mac.RawPanel("Notes", json={"type": "text", "options": {"content": "# On call", "mode": "markdown"}})
    rendered = render_dashboard(mac.Dashboard("d", "D", [raw]))
    [panel] = rendered["panels"]
    assert panel["type"] == "text"
    assert panel["options"] == {"content": "# On call", "mode": "markdown"}
    assert panel["gridPos"] == {"h": 8, "w": 8, "x": 0, "y": 0}
    assert panel["id"] == 1


def test_raw_panel_may_not_set_id():
    with pytest.raises(DefinitionError) as caught:
        mac.RawPanel("Notes", json={"type": "text", "id": 7})
    assert "raw panel 'Notes' sets 'id'" in caught.value.message


def test_thresholds_and_unit_in_field_config():
    stat = mac.StatPanel(
        "S", [mac.Target("up")], unit="percentunit",
        thresholds=[mac.Threshold("green"), mac.Threshold("red", 0.9)],
    )
    [panel] = render_dashboard(mac.Dashboard("d", "D", [stat]))["panels"]
    defaults = panel["fieldConfig"]["defaults"]
    assert defaults["unit"] == "percentunit"
    assert defaults["thresholds"] == {
        "mode": "absolute",
        "steps": [{"color": "green", "value": None}, {"color": "red", "value": 0.9}],
    }
    assert defaults["color"] == {"mode": "thresholds"}


def test_target_json_is_current():
    [panel] = render_dashboard(mac.Dashboard("d", "D", [_panel("a")]))["panels"]
    assert panel["targets"] == [
        {
            "datasource": {"type": "prometheus", "uid": "${datasource}"},
            "editorMode": "code",
            "expr": "up",
            "format": "time_series",
            "instant": False,
            "legendFormat": "",
            "range": True,
            "refId": "A",
        }
    ]


ALL_PANELS = [
    _panel("timeseries"),
    mac.StatPanel("stat", [mac.Target("up")]),
    mac.GaugePanel("gauge", [mac.Target("up")]),
    mac.BarGaugePanel("bargauge", [mac.Target("up")]),
    mac.TablePanel("table", [mac.Target("up", format="table", instant=True)]),
    mac.HeatmapPanel("heatmap", [mac.Target("sum by (le) (rate(x_bucket[5m]))", format="heatmap")]),
    mac.RawPanel("text", json={"type": "text"}),
]


def test_every_panel_type_matches_schema():
    board = mac.Dashboard(
        "all", "All",
        [mac.Row("Everything", ALL_PANELS), mac.Row("Hidden", [_panel("inside")], collapsed=True)],
        variables=[
            mac.QueryVariable("job", query="label_values(up, job)", multi=True, include_all=True),
            mac.CustomVariable("window", values=["5m", "1h"]),
        ],
    )
    rendered = render_dashboard(board)
    errors = list(jsonschema.Draft7Validator(dashboard_schema()).iter_errors(rendered))
    assert errors == []
    assert [panel["type"] for panel in rendered["panels"]] == [
        "row", "timeseries", "stat", "gauge", "bargauge", "table", "heatmap", "text", "row",
    ]


def test_datasource_variable_added_once():
    rendered = render_dashboard(mac.Dashboard("d", "D", [_panel("a")], variables=[mac.DatasourceVariable()]))
    names = [variable["name"] for variable in rendered["templating"]["list"]]
    assert names == ["datasource"]
