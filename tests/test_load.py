"""Loading definition folders, and errors raised while importing them."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from monitoring_as_code.errors import DefinitionErrors, ExitCode, UsageError
from monitoring_as_code.load import load_project
from tests.conftest import MINIMAL, write_definitions

JOB = """
from monitoring_as_code import Counter, ScrapeJob
api = ScrapeJob("api", ["api:8000"], exporter="application")
"""


def test_minimal_project_loads():
    project = load_project(MINIMAL)
    assert [metric.name for metric in project.metrics] == [
        "http_requests_total",
        "http_request_duration_seconds",
    ]
    assert [alert.name for alert in project.alerts] == ["HighErrorRate", "SlowRequests"]
    assert [board.uid for board in project.dashboards] == ["api-overview"]
    assert project.alertmanager is not None


def test_load_twice_in_one_process():
    first = load_project(MINIMAL)
    second = load_project(MINIMAL)
    assert len(first.metrics) == len(second.metrics) == 2
    assert first.metrics[0] is not second.metrics[0]


def test_missing_folder_is_usage_error(tmp_path: Path):
    with pytest.raises(UsageError) as caught:
        load_project(tmp_path / "nowhere")
    assert "not found" in str(caught.value)
    assert caught.value.exit_code == ExitCode.USAGE_ERROR


def test_invalid_definition_names_file_and_line(tmp_path: Path):
    folder = write_definitions(
        tmp_path / "defs",
        catalog=JOB + 'bad = Counter("requests", "Requests.", origin=api)\n',
    )
    with pytest.raises(DefinitionErrors) as caught:
        load_project(folder)
    [error] = caught.value.errors
    assert error.location.path.endswith("defs/catalog.py")
    assert error.location.line == 4
    assert "counter 'requests' does not end in '_total'" in error.message


def test_exception_in_definition_reported(tmp_path: Path):
    folder = write_definitions(
        tmp_path / "defs", catalog=JOB + "labels = ['a']\nlabels.missing()\n"
    )
    with pytest.raises(DefinitionErrors) as caught:
        load_project(folder)
    [error] = caught.value.errors
    assert error.location.line == 5
    assert "AttributeError" in error.message
    assert caught.value.exit_code == ExitCode.INVALID_DEFINITIONS


def test_unknown_keyword_reported(tmp_path: Path):
    folder = write_definitions(
        tmp_path / "defs",
        catalog=JOB + 'Counter("a_total", "A.", origin=api, lables=["x"])\n',
    )
    with pytest.raises(DefinitionErrors) as caught:
        load_project(folder)
    [error] = caught.value.errors
    assert "unexpected keyword argument 'lables'" in error.message
    assert error.location.line == 4


def test_syntax_error_reported(tmp_path: Path):
    folder = write_definitions(tmp_path / "defs", catalog="x = (\n")
    with pytest.raises(DefinitionErrors) as caught:
        load_project(folder)
    [error] = caught.value.errors
    assert error.message.startswith("syntax error")
    assert error.location.path.endswith("catalog.py")


def test_errors_in_several_files_all_reported(tmp_path: Path):
    folder = write_definitions(
        tmp_path / "defs",
        a=JOB + 'Counter("a", "A.", origin=api)\n',
        b=JOB.replace('"api"', '"api2"') + 'Counter("b", "B.", origin=api)\n',
    )
    with pytest.raises(DefinitionErrors) as caught:
        load_project(folder)
    assert [Path(e.location.path).name for e in caught.value.errors] == ["a.py", "b.py"]


def test_duplicate_metric_rejected(tmp_path: Path):
    folder = write_definitions(
        tmp_path / "defs",
        catalog=JOB
        + 'Counter("a_total", "A.", origin=api)\nCounter("a_total", "A.", origin=api)\n',
    )
    with pytest.raises(DefinitionErrors) as caught:
        load_project(folder)
    [error] = caught.value.errors
    assert "series 'a_total' of counter 'a_total' is already declared" in error.message
    assert error.location.line == 5


def test_inhibit_label_no_alert_carries(minimal_project: Path):
    routing = minimal_project / "routing.py"
    routing.write_text(routing.read_text().replace('"alertname", "service"]', '"alertname", "cluster"]'))
    with pytest.raises(DefinitionErrors) as caught:
        load_project(minimal_project)
    messages = [error.message for error in caught.value.errors]
    assert any("inhibit rule compares cluster" in message for message in messages)


def test_route_to_undeclared_receiver(minimal_project: Path):
    routing = minimal_project / "routing.py"
    routing.write_text(routing.read_text().replace("receivers=[team, pager]", "receivers=[team]"))
    with pytest.raises(DefinitionErrors) as caught:
        load_project(minimal_project)
    assert "route refers to receiver 'pager', which is not declared" in str(caught.value)


def test_inhibit_label_kept_by_expression(minimal_project: Path):
    """`job` is not an alert label, but the recording rule keeps it."""
    routing = minimal_project / "routing.py"
    routing.write_text(routing.read_text().replace('"alertname", "service"]', '"alertname", "job"]'))
    rules = minimal_project / "rules.py"
    rules.write_text(rules.read_text().replace(
        'f"histogram_quantile(0.95, sum by (le) (rate({latency.bucket}[5m]))) > 2"',
        'f"histogram_quantile(0.95, sum by (le, job) (rate({latency.bucket}[5m]))) > 2"',
    ))
    with pytest.raises(DefinitionErrors) as caught:
        load_project(minimal_project)
    messages = [error.message for error in caught.value.errors]
    # HighErrorRate sums `job` away; SlowRequests keeps it.
    assert any("source alert 'HighErrorRate'" in message for message in messages)
    assert not any("'SlowRequests'" in message for message in messages)


def test_invalid_promql_rejected(minimal_project: Path):
    rules = minimal_project / "rules.py"
    rules.write_text(rules.read_text().replace("[5m]))) > 2", "[5m]))) > > 2"))
    with pytest.raises(DefinitionErrors) as caught:
        load_project(minimal_project)
    [error] = caught.value.errors
    assert error.message.startswith("alert 'SlowRequests' has invalid PromQL (invalid promql query)")
    assert error.location.line == 44


def test_rule_outside_group_rejected(minimal_project: Path):
    rules = minimal_project / "rules.py"
    rules.write_text(rules.read_text() + '\nAlertingRule("Forgotten", "up == 0", severity="info")\n')
    with pytest.raises(DefinitionErrors) as caught:
        load_project(minimal_project)
    [error] = caught.value.errors
    assert error.message == (
        "AlertingRule 'Forgotten' is not in a RuleGroup, so it would be left out of the build"
    )
    assert error.hint == "add it to a RuleGroup, or delete it"


@pytest.mark.skipif(sys.version_info < (3, 11), reason="call spans need Python 3.11")
def test_unknown_keyword_line_in_long_call(tmp_path: Path):
    folder = write_definitions(
        tmp_path / "defs",
        catalog=JOB + 'Counter(\n    "a_total",\n    "A.",\n    origin=api,\n    lables=["x"],\n)\n',
    )
    with pytest.raises(DefinitionErrors) as caught:
        load_project(folder)
    [error] = caught.value.errors
    assert error.location.line == 8


@pytest.mark.skipif(sys.version_info < (3, 11), reason="call positions need Python 3.11")
def test_unknown_keyword_line_skips_nested_calls(tmp_path: Path):
    folder = write_definitions(
        tmp_path / "defs",
        dashboards=(
            "from monitoring_as_code import Row, Target, TimeSeriesPanel\n"
            "Row(\n"
            '    "Traffic",\n'
            "    [\n"
            '        TimeSeriesPanel("Rate", [Target("up")], unit="reqps"),\n'
            "    ],\n"
            '    unit="s",\n'
            ")\n"
        ),
    )
    with pytest.raises(DefinitionErrors) as caught:
        load_project(folder)
    [error] = caught.value.errors
    assert "unexpected keyword argument 'unit'" in error.message
    assert error.location.line == 7


@pytest.mark.skipif(sys.version_info < (3, 11), reason="call positions need Python 3.11")
def test_test_helper_keyword_typo_hinted(tmp_path: Path):
    folder = write_definitions(
        tmp_path / "defs",
        catalog=JOB
        + "from monitoring_as_code.testing import counter, quiet\n"
        + 'requests = Counter("a_total", "A.", origin=api)\n'
        + "case = quiet(\n"
        + '    "idle",\n'
        + "    [counter(requests)],\n"
        + '    att="5m",\n'
        + ")\n",
    )
    with pytest.raises(DefinitionErrors) as caught:
        load_project(folder)
    [error] = caught.value.errors
    assert error.location.line == 9
    assert error.hint == "did you mean at=...?"


def test_receiver_outside_config_rejected(minimal_project: Path):
    routing = minimal_project / "routing.py"
    routing.write_text(routing.read_text() + '\nReceiver("spare")\n')
    with pytest.raises(DefinitionErrors) as caught:
        load_project(minimal_project)
    assert "Receiver 'spare' is not in the Alertmanager config's receivers" in str(caught.value)


def test_misspelt_keyword_suggests_option(tmp_path: Path):
    folder = write_definitions(
        tmp_path / "defs",
        catalog=JOB + 'Counter("a_total", "A.", origin=api, lables=["x"])\n',
    )
    with pytest.raises(DefinitionErrors) as caught:
        load_project(folder)
    assert caught.value.errors[0].hint == "did you mean labels=...?"


def test_bad_duration_in_series_helper(tmp_path: Path):
    folder = write_definitions(
        tmp_path / "defs",
        catalog=JOB
        + "from monitoring_as_code.testing import gauge\n"
        + 'gauge("x", value=1, duration="1 h")\n',
    )
    with pytest.raises(DefinitionErrors) as caught:
        load_project(folder)
    [error] = caught.value.errors
    assert error.message == "invalid duration '1 h' in a test series"
    assert error.location.line == 5
