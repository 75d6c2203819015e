"""`mac diff` on temporary git repositories: one test per kind of change."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from monitoring_as_code.cli import main
from monitoring_as_code.commands import diff as diff_command
from monitoring_as_code.diff.expressions import compare_expressions, referenced_names
from monitoring_as_code.diff.model import SECTIONS, ItemChange, ProjectDiff, Status
from monitoring_as_code.diff.render_markdown import COLLAPSE_LINES, render_markdown
from monitoring_as_code.diff.render_text import render_text

BASE = """\
from monitoring_as_code import (
    AlertingRule,
    Alertmanager,
    Counter,
    Dashboard,
    Receiver,
    RecordingRule,
    Route,
    RuleGroup,
    ScrapeJob,
    Target,
    TimeSeriesPanel,
    WebhookConfig,
)

api = ScrapeJob("api", ["api:8080"], exporter="application")
requests = Counter(
    "http_requests_total", "Requests served.", labels=("code",), origin=api
)

RuleGroup(
    "api",
    [
        RecordingRule(
            "job:http_requests:rate5m", f"sum by (job) (rate({requests}[5m]))"
        ),
        AlertingRule(
            "HighErrorRate",
            f'sum(rate({requests}{{code=~"5.."}}[5m])) > 0.05',
            for_="5m",
            severity="critical",
            summary="Many requests fail.",
        ),
        AlertingRule(
            "CrisisEscalationBacklog",
            f"sum(rate({requests}[1h])) < 1",
            severity="critical",
            labels={"team": "crisis"},
        ),
    ],
)


def hook(name):
    return Receiver(name, webhook=[WebhookConfig(f"http://{name}.example:9000/")])


Alertmanager(
    route=Route(
        "default",
        routes=[
            Route("critical-alerts", matchers=['severity="critical"']),
        ],
    ),
    receivers=[hook("default"), hook("critical-alerts"), hook("crisis-team")],
)

Dashboard(
    "api",
    "API",
    [TimeSeriesPanel("Requests", [Target("sum(job:http_requests:rate5m)")])],
)
"""

# The line of `AlertingRule(` that declares HighErrorRate, as errors report it.
HIGH_ERROR_RATE_LINE = BASE.splitlines().index('            "HighErrorRate",')


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """Create a git repository whose first commit has BASE as definitions/main.py."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-global-config"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for key in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{key}_NAME", "Test")
        monkeypatch.setenv(f"GIT_{key}_EMAIL", "test@example.org")
    monkeypatch.delenv("NO_COLOR", raising=False)
    root = tmp_path / "repo"
    root.mkdir()
    monkeypatch.chdir(root)
    git("init", "--quiet", "--initial-branch=main")
    (root / "definitions").mkdir()
    write(BASE)
    git("add", ".")
    git("commit", "--quiet", "-m", "Add definitions")
    return root


def git(*args: str) -> str:
    result = subprocess.run(["git", *args], capture_output=True, text=True, check=True)
    return result.stdout


def write(source: str) -> None:
    Path("definitions/main.py").write_text(source)


def edit(old: str, new: str) -> None:
    """Replace `old` in the working-tree definitions; it must occur in them."""
    source = Path("definitions/main.py").read_text()
    assert old in source
    write(source.replace(old, new))


def run_diff(*args: str):
    return CliRunner().invoke(main, ["diff", *args])


def section(output: str, title: str) -> list[str]:
    """Return the lines of one text section, from its title to the blank line."""
    lines = output.splitlines()
    start = lines.index(title)
    end = lines.index("", start) if "" in lines[start:] else len(lines)
    return lines[start:end]


# Kinds of change, through the CLI.


def test_route_edit_changes_receivers(repo):
    edit(
        '            Route("critical-alerts"',
        '            Route("crisis-team", matchers=[\'team="crisis"\']),\n'
        '            Route("critical-alerts"',
    )
    result = run_diff()
    assert result.exit_code == 0, result.output
    assert section(result.stdout, "Routing") == [
        "Routing",
        "  ~ CrisisEscalationBacklog: no longer reaches critical-alerts; "
        "now reaches crisis-team",
        "      receivers: critical-alerts → crisis-team",
    ]
    assert "Alerts" not in result.stdout.splitlines()
    assert section(result.stdout, "Alertmanager") == [
        "Alertmanager",
        '  + route team="crisis"',
        "      position: 1",
        "      receiver: crisis-team",
        '  ~ route severity="critical"',
        "      position: 1 → 2",
    ]


def test_receiver_field_change_named(repo):
    edit(
        'hook("crisis-team")]',
        'Receiver("crisis-team", webhook=[WebhookConfig("http://crisis-team.example:9000/", '
        'max_alerts=5)])]',
    )
    result = run_diff()
    assert section(result.stdout, "Alertmanager") == [
        "Alertmanager",
        "  ~ receiver crisis-team",
        "      webhook_configs[0].max_alerts added: 5",
    ]


def test_threshold_change(repo):
    edit("> 0.05", "> 0.1")
    result = run_diff()
    assert section(result.stdout, "Alerts") == [
        "Alerts",
        "  ~ HighErrorRate",
        "      threshold: > 0.05 → > 0.1",
        "      expression:",
        '        - sum(rate(http_requests_total{code=~"5.."}[5m])) > 0.05',
        '        + sum(rate(http_requests_total{code=~"5.."}[5m])) > 0.1',
    ]
    assert "Routing" not in result.stdout.splitlines()


def test_range_window_change_lists_users(repo):
    edit("(rate({requests}[5m]))", "(rate({requests}[10m]))")
    result = run_diff()
    assert section(result.stdout, "Recording rules") == [
        "Recording rules",
        "  ~ job:http_requests:rate5m",
        "      range: [5m] → [10m]",
        "      expression:",
        "        - sum by (job) (rate(http_requests_total[5m]))",
        "        + sum by (job) (rate(http_requests_total[10m]))",
        "      used by: panel api / Requests",
    ]


def test_renamed_alert(repo):
    edit('"HighErrorRate"', '"HighHTTPErrorRate"')
    result = run_diff()
    assert section(result.stdout, "Alerts") == [
        "Alerts",
        "  ~ HighErrorRate → HighHTTPErrorRate (renamed)",
    ]
    assert "Routing" not in result.stdout.splitlines()


def test_removed_alert(repo):
    source = Path("definitions/main.py").read_text()
    start = source.index('        AlertingRule(\n            "CrisisEscalationBacklog"')
    end = source.index("        ),\n", start) + len("        ),\n")
    write(source[:start] + source[end:])
    result = run_diff()
    assert section(result.stdout, "Alerts") == [
        "Alerts",
        "  - CrisisEscalationBacklog",
    ]


def test_added_alert_shows_receivers(repo):
    edit(
        "    ],\n)\n\n\ndef hook",
        "        AlertingRule(\n"
        '            "ApiDown", "up{job=\\"api\\"} == 0", severity="warning"\n'
        "        ),\n"
        "    ],\n)\n\n\ndef hook",
    )
    result = run_diff()
    assert section(result.stdout, "Alerts") == [
        "Alerts",
        "  + ApiDown",
        '      expression: up{job="api"} == 0',
        "      severity: warning",
        "      receivers: default",
    ]


def test_panel_query_change(repo):
    edit(
        'Target("sum(job:http_requests:rate5m)")',
        'Target("sum by (code) (rate(http_requests_total[5m]))")',
    )
    result = run_diff()
    assert section(result.stdout, "Dashboards") == [
        "Dashboards",
        "  ~ api: API",
        "      ~ Requests",
        "          query A:",
        "            - sum(job:http_requests:rate5m)",
        "            + sum by (code) (rate(http_requests_total[5m]))",
    ]


def test_metric_label_change(repo):
    edit('labels=("code",)', 'labels=("code", "method")')
    result = run_diff()
    assert section(result.stdout, "Metrics") == [
        "Metrics",
        "  ~ http_requests_total",
        "      label added: method",
        "      used by: alert HighErrorRate, alert CrisisEscalationBacklog, "
        "recording rule job:http_requests:rate5m, "
        "panel api / Requests (via job:http_requests:rate5m)",
    ]


def test_reformatted_expression_is_no_change(repo):
    edit("> 0.05", ">   0.05")
    result = run_diff("--exit-code")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "no changes"


def test_unchanged_tree_exit_code(repo):
    commit = git("rev-parse", "HEAD").strip()
    result = run_diff("--exit-code")
    assert result.exit_code == 0, result.output
    assert (
        result.stdout
        == f"comparing HEAD ({commit[:7]}) with the working tree\nno changes\n"
    )


def test_changes_exit_code(repo):
    edit("> 0.05", "> 0.1")
    assert run_diff().exit_code == 0
    assert run_diff("--exit-code").exit_code == 1


def test_missing_base_ref(repo):
    result = run_diff("--base", "no-such-branch")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"error: base ref 'no-such-branch' not found in {repo.resolve()}; pass an "
        "existing branch, tag or commit to --base, or fetch it first "
        "(git fetch origin)\n"
    )


def test_not_a_repository(tmp_path, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "definitions").mkdir()
    (tmp_path / "definitions" / "main.py").write_text(BASE)
    result = run_diff()
    assert result.exit_code == 4
    assert result.stderr.startswith("error: definitions is not in a git repository")


def test_base_without_definitions_folder(repo):
    git("mv", "definitions", "monitoring")
    git("commit", "--quiet", "-m", "Move the definitions")
    result = run_diff("--definitions", "monitoring", "--base", "HEAD~1")
    assert result.stdout.splitlines()[1] == (
        "The definitions folder monitoring does not exist at HEAD~1, so every "
        "definition counts as added."
    )
    assert section(result.stdout, "Alerts") == [
        "Alerts",
        "  + HighErrorRate",
        '      expression: sum(rate(http_requests_total{code=~"5.."}[5m])) > 0.05',
        "      for: 5m",
        "      severity: critical",
        "      receivers: critical-alerts",
        "  + CrisisEscalationBacklog",
        "      expression: sum(rate(http_requests_total[1h])) < 1",
        "      severity: critical",
        "      receivers: critical-alerts",
    ]


def test_invalid_base_names_side(repo):
    edit(
        'severity="critical",\n            summary',
        'severity="urgent",\n            summary',
    )
    git("commit", "--quiet", "-am", "Break the definitions")
    edit('severity="urgent"', 'severity="critical"')
    result = run_diff()
    assert result.exit_code == 3
    assert result.stderr.splitlines()[:2] == [
        "error: the definitions in base ref HEAD are invalid:",
        f"HEAD:definitions/main.py:{HIGH_ERROR_RATE_LINE}: "
        "unknown severity 'urgent' on alert 'HighErrorRate'",
    ]


def test_worktree_removed_after_base_error(repo, tmp_path, monkeypatch):
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    edit(
        'severity="critical",\n            summary',
        'severity="urgent",\n            summary',
    )
    git("commit", "--quiet", "-am", "Break the definitions")
    edit('severity="urgent"', 'severity="critical"')
    assert run_diff().exit_code == 3
    assert len(git("worktree", "list").splitlines()) == 1
    assert list(temporary.iterdir()) == []


def test_git_missing(repo, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs"))
    result = run_diff()
    assert result.exit_code == 4
    assert result.stderr.startswith("error: git not found: install git")


def test_invalid_head_names_side(repo):
    edit(
        'severity="critical",\n            summary',
        'severity="urgent",\n            summary',
    )
    result = run_diff()
    assert result.exit_code == 3
    assert result.stderr.splitlines()[:2] == [
        "error: the definitions in the working tree are invalid:",
        f"definitions/main.py:{HIGH_ERROR_RATE_LINE}: "
        "unknown severity 'urgent' on alert 'HighErrorRate'",
    ]


def test_leaves_checkout_alone(repo):
    edit("> 0.05", "> 0.1")
    Path("untracked.txt").write_text("keep me\n")
    git("add", "untracked.txt")
    status_before = git("status", "--porcelain")
    branches_before = git("branch", "--list")
    run_diff("--base", "HEAD")
    edit(
        'severity="critical",\n            summary',
        'severity="urgent",\n            summary',
    )
    assert run_diff().exit_code == 3
    assert git("status", "--porcelain") == status_before
    assert git("branch", "--list") == branches_before
    assert len(git("worktree", "list").splitlines()) == 1


# Output formats.


def test_markdown_output(repo):
    edit("> 0.05", "> 0.1")
    edit('labels=("code",)', 'labels=("code", "method")')
    commit = git("rev-parse", "HEAD").strip()
    result = run_diff("--format", "markdown")
    lines = result.stdout.splitlines()
    assert lines[:10] == [
        "## mac diff",
        "",
        f"Comparing `HEAD` (`{commit[:7]}`) with the working tree.",
        "",
        "| Section | Added | Removed | Renamed | Changed |",
        "| --- | ---: | ---: | ---: | ---: |",
        "| Alerts | 0 | 0 | 0 | 1 |",
        "| Metrics | 0 | 0 | 0 | 1 |",
        "",
        "### Alerts",
    ]
    alerts = "\n".join(lines[10:21])
    assert alerts == (
        "\n"
        "- **changed** `HighErrorRate`\n"
        "  - threshold: `> 0.05` → `> 0.1`\n"
        "  - expression:\n"
        "\n"
        "    ```diff\n"
        '    - sum(rate(http_requests_total{code=~"5.."}[5m])) > 0.05\n'
        '    + sum(rate(http_requests_total{code=~"5.."}[5m])) > 0.1\n'
        "    ```\n"
        "\n"
        "### Metrics"
    )
    assert "  - label added: `method`" in lines
    assert "\n\n\n" not in result.stdout


def test_markdown_no_changes(repo):
    result = run_diff("--format", "markdown")
    assert result.stdout.splitlines()[-1] == (
        "No changes to alerts, routing, rules, dashboards or metrics."
    )


def test_markdown_collapses_long_section():
    result = ProjectDiff("main", "working tree")
    result.sections["alerts"] = [
        ItemChange(f"Alert{index}", Status.REMOVED)
        for index in range(COLLAPSE_LINES + 1)
    ]
    result.sections["metrics"] = [ItemChange("up", Status.REMOVED)]
    lines = render_markdown(result).splitlines()
    assert "<summary><strong>Alerts</strong>: 31 changes</summary>" in lines
    assert lines[-1] == "- **removed** `up`"
    assert "### Metrics" in lines
    assert "### Alerts" not in lines


def test_json_schema(repo):
    edit("> 0.05", "> 0.1")
    result = run_diff("--format", "json")
    data = json.loads(result.stdout)

    assert set(data) == {
        "version",
        "base",
        "head",
        "changed",
        "notes",
        "summary",
        *SECTIONS,
    }
    assert data["version"] == 1
    assert data["base"]["ref"] == "HEAD"
    assert data["base"]["commit"] == git("rev-parse", "HEAD").strip()
    assert data["head"] == "working tree"
    assert data["changed"] is True

    assert set(data["summary"]) == {*SECTIONS, "panels"}
    assert data["summary"]["alerts"] == {
        "added": 0,
        "removed": 0,
        "renamed": 0,
        "changed": 1,
    }

    [alert] = data["alerts"]
    assert set(alert) == {
        "name",
        "status",
        "old_name",
        "summary",
        "fields",
        "used_by",
        "children",
    }
    assert alert["status"] == "changed"
    assert alert["fields"][0]["details"] == [
        {"name": "threshold", "before": "> 0.05", "after": "> 0.1", "details": []}
    ]


def test_text_colour(repo, monkeypatch):
    edit("> 0.05", "> 0.1")
    result = run_diff()
    assert "\x1b[" not in result.stdout

    class Terminal:
        def isatty(self):
            return True

    monkeypatch.setattr(sys, "stdout", Terminal())
    assert diff_command._use_color() is True
    monkeypatch.setenv("NO_COLOR", "1")
    assert diff_command._use_color() is False


def test_render_text_colour_codes():
    result = ProjectDiff("main", "working tree")
    result.sections["alerts"] = [ItemChange("Gone", Status.REMOVED)]
    assert "\x1b[31m-\x1b[0m Gone" in render_text(result, color=True)
    assert "  - Gone" in render_text(result, color=False).splitlines()


# Expression comparison.


@pytest.mark.parametrize(
    ("before", "after", "details"),
    [
        pytest.param(
            "a > 0.05", "a > 0.1", [("threshold", "> 0.05", "> 0.1")], id="threshold"
        ),
        pytest.param(
            "0.5 < a", "0.7 < a", [("threshold", "0.5 <", "0.7 <")], id="reversed"
        ),
        pytest.param(
            "a > bool 1",
            "a > bool 2",
            [("threshold", "> bool 1", "> bool 2")],
            id="bool",
        ),
        pytest.param(
            "rate(a[5m])", "rate(a[10m])", [("range", "[5m]", "[10m]")], id="window"
        ),
        pytest.param(
            "max_over_time(a[1h:5m])",
            "max_over_time(a[1h:1m])",
            [("range", "[1h:5m]", "[1h:1m]")],
            id="subquery",
        ),
        pytest.param("rate(a[5m]) > 1", "rate(b[5m]) > 1", [], id="metric-only"),
    ],
)
def test_expression_callouts(before, after, details):
    change = compare_expressions("expression", before, after)
    assert change is not None
    assert [(d.name, d.before, d.after) for d in change.details] == details


def test_expression_whitespace_is_equal():
    assert (
        compare_expressions("expression", "sum(rate(a[5m]))", " sum( rate(a[5m]) )\n")
        is None
    )


def test_referenced_names_with_grafana_variable():
    names = referenced_names("sum(rate(job:http:rate5m[$__rate_interval]))")
    assert "job:http:rate5m" in names
    assert "job:http" not in names


def test_panel_variable_window_callout():
    change = compare_expressions(
        "query A", "rate(a[$__rate_interval])", "rate(a[$__interval])"
    )
    assert change is not None
    assert [(d.name, d.before, d.after) for d in change.details] == [
        ("range", "[$__rate_interval]", "[$__interval]")
    ]


def test_variable_threshold_change_is_a_change():
    change = compare_expressions("query A", "a > $low", "a > $high")
    assert change is not None
    assert change.details == ()
