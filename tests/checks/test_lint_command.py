"""`mac lint` end to end: output, exit codes and formats."""

from __future__ import annotations

import json

from monitoring_as_code.errors import ExitCode
from tests.conftest import FIXTURES, MINIMAL, write_definitions

CATALOG = """
from monitoring_as_code import Counter, Gauge, ScrapeJob

api = ScrapeJob("api", ["api:8000"], exporter="application")
requests_total = Counter("http_requests_total", "Requests.", labels=["status"], origin=api)
queue_depth = Gauge("queue_depth", "Items waiting.", origin=api)
"""

RULES = """
from monitoring_as_code import AlertingRule, RuleGroup

RuleGroup("api", [
    AlertingRule(
        "QueueGrowing",
        "rate(queue_depth[5m]) > 1",
        severity="warning",
        summary="The queue grows",
        runbook_url="https://runbooks.example.org/QueueGrowing",
        suppress={SUPPRESS},
    ),
])
"""


def _project(tmp_path, suppress="{}"):
    return write_definitions(
        tmp_path / "definitions",
        catalog=CATALOG,
        rules=RULES.replace("{SUPPRESS}", suppress),
    )


def test_clean_project(run_mac):
    result = run_mac("lint", "--definitions", str(MINIMAL))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "lint: no problems in 6 expressions\n"


def test_error_exits_1(run_mac, tmp_path):
    folder = _project(tmp_path)
    result = run_mac("lint", "--definitions", str(folder))
    assert result.exit_code == ExitCode.PROBLEMS_FOUND
    assert result.stdout.splitlines() == [
        "error: rate() of gauge 'queue_depth' (promql/rate-on-gauge)",
        f"  {folder}/rules.py:5, alert 'QueueGrowing'",
        "    rate(queue_depth[5m]) > 1",
        "    ^^^^",
        "  hint: read the gauge directly, or use deriv() for its slope and delta() "
        "for its change over a window",
    ]
    assert result.stderr == "lint: 1 error in 1 expression\n"


def test_suppressed_error_exits_0(run_mac, tmp_path):
    folder = _project(
        tmp_path, suppress='{"promql/rate-on-gauge": "queue_depth counts up only"}'
    )
    result = run_mac("lint", "--definitions", str(folder))
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "Suppressed:"
    assert "  suppressed: queue_depth counts up only" in result.stdout.splitlines()
    assert result.stderr == "lint: no problems (1 suppressed) in 1 expression\n"


def test_warnings_only_exit_0(run_mac):
    result = run_mac("lint", "--definitions", str(FIXTURES / "guide_original"))
    assert result.exit_code == 0
    assert "warning: " in result.stdout
    assert "error: " not in result.stdout


def test_json_format(run_mac, tmp_path):
    folder = _project(tmp_path)
    result = run_mac("lint", "--definitions", str(folder), "--format", "json")
    assert result.exit_code == ExitCode.PROBLEMS_FOUND
    data = json.loads(result.stdout)
    assert data["version"] == 1
    assert [(p["check"], p["line"], p["span"]) for p in data["problems"]] == [
        ("promql/rate-on-gauge", 5, [0, 4])
    ]
    assert data["suppressed"] == []


def test_definition_error_exits_3(run_mac, tmp_path):
    folder = write_definitions(
        tmp_path / "definitions", broken="raise ValueError('boom')\n"
    )
    result = run_mac("lint", "--definitions", str(folder))
    assert result.exit_code == ExitCode.INVALID_DEFINITIONS
    assert "importing broken.py failed: ValueError: boom" in result.stderr


def test_no_colour_without_terminal(run_mac, tmp_path, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    result = run_mac("lint", "--definitions", str(_project(tmp_path)))
    assert "\x1b[" not in result.stdout


def test_help_has_an_example(run_mac):
    result = run_mac("lint", "--help")
    assert "mac lint --definitions definitions --format json" in result.stdout
