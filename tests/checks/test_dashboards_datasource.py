from __future__ import annotations

import pytest

from monitoring_as_code.model.dashboards import (
    PROMETHEUS,
    Dashboard,
    Datasource,
    DatasourceVariable,
    QueryVariable,
    Target,
    TimeSeriesPanel,
)
from tests.checks.helpers import run

CHECK = "dashboards/datasource"


def _board(datasource, variables=()):
    panel = TimeSeriesPanel("P", [Target("up")], unit="short", datasource=datasource)
    return Dashboard("board", "Board", [panel], variables=list(variables))


@pytest.mark.parametrize(
    "datasource, variables",
    [
        (PROMETHEUS, []),
        (Datasource("prometheus", "${metrics}"), [DatasourceVariable("metrics")]),
        (Datasource("prometheus", "P1809F7CD0C75ACF3"), []),
        (Datasource("loki", "Loki Logs"), []),
    ],
    ids=["default-variable", "declared-variable", "uid", "other-type"],
)
def test_good_datasources(datasource, variables):
    assert run(CHECK, _board(datasource, variables)) == []


def test_undeclared_variable():
    problems = run(CHECK, _board(PROMETHEUS, [DatasourceVariable("metrics")]))
    assert [p.message for p in problems] == [
        "datasource variable $datasource is not declared in the dashboard"
    ]
    assert (
        problems[0].hint == "use ${metrics} or declare DatasourceVariable('datasource')"
    )


def test_name_instead_of_uid():
    problems = run(CHECK, _board(Datasource("prometheus", "Prometheus Prod")))
    assert [p.message for p in problems] == [
        "datasource 'Prometheus Prod' is neither a uid nor a datasource variable"
    ]
    assert problems[0].span == (0, len("Prometheus Prod"))


def test_variable_datasource():
    variable = QueryVariable(
        "job",
        query="label_values(up, job)",
        datasource=Datasource("prometheus", "$prom"),
    )
    board = Dashboard("board", "Board", [], variables=[variable])
    problems = run(CHECK, board)
    assert [p.subject for p in problems] == ["variable 'job' of dashboard 'board'"]
