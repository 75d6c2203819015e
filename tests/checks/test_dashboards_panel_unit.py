from __future__ import annotations

import pytest

from monitoring_as_code.model.dashboards import (
    Dashboard,
    RawPanel,
    Row,
    StatPanel,
    TablePanel,
    Target,
    TimeSeriesPanel,
)
from tests.checks.helpers import run

CHECK = "dashboards/panel-unit"


def _board(*panels):
    return Dashboard("board", "Board", list(panels))


@pytest.mark.parametrize(
    "panel",
    [
        TimeSeriesPanel("Requests", [Target("up")], unit="reqps"),
        StatPanel("Count", [Target("up")], unit="none"),
        TablePanel("Targets", [Target("up")]),
        RawPanel("Notes", json={"type": "text"}),
    ],
    ids=["timeseries", "stat-none", "table", "raw"],
)
def test_panel_with_unit_or_without_numbers(panel):
    assert run(CHECK, _board(panel)) == []


def test_panel_without_unit():
    problems = run(
        CHECK, _board(Row("Row", [StatPanel("Active users", [Target("up")])]))
    )
    assert [p.message for p in problems] == ["the panel has no unit"]
    assert problems[0].subject == "panel 'Active users' of dashboard 'board'"
    assert problems[0].expr == ""


def test_panel_suppression():
    panel = TimeSeriesPanel("Mixed", [Target("up")], suppress={CHECK: "mixed units"})
    problems = run(CHECK, _board(panel))
    assert [p.suppressed for p in problems] == ["mixed units"]
