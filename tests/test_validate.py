"""`mac validate` against the real promtool and amtool, and dashboard checks."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from monitoring_as_code.errors import ExitCode
from monitoring_as_code.validate.dashboards import check_structure
from tests.conftest import MINIMAL

pytestmark = pytest.mark.skipif(
    shutil.which("promtool") is None or shutil.which("amtool") is None,
    reason="promtool and amtool are installed by .ci/run",
)


@pytest.fixture
def built(tmp_path: Path, run_mac) -> Path:
    out = tmp_path / "build"
    result = run_mac("build", "--definitions", str(MINIMAL), "--out", str(out))
    assert result.exit_code == 0, result.output
    return out


def _validate(run_mac, build: Path, *extra: str):
    return run_mac("validate", "--build", str(build), "--definitions", str(MINIMAL), *extra)


def test_valid_build_passes(built: Path, run_mac):
    result = _validate(run_mac, built)
    assert result.exit_code == 0, result.output
    assert f"{built} is valid (7 files checked)" in result.output


def test_rejected_rule_points_at_definition(built: Path, run_mac):
    rules = built / "prometheus/rules/api.yml"
    rules.write_text(rules.read_text().replace("> 2", "> > 2"))
    result = _validate(run_mac, built)
    assert result.exit_code == ExitCode.PROBLEMS_FOUND
    assert 'group "api", rule 3, "SlowRequests": could not parse expression' in result.output
    assert "(promtool/rules)" in result.output
    assert "minimal/rules.py:44\n  built as prometheus/rules/api.yml:22" in result.output


def test_every_problem_reported(built: Path, run_mac):
    rules = built / "prometheus/rules/api.yml"
    rules.write_text(rules.read_text().replace("> 2", "> > 2").replace("> 0.05", "> > 0.05"))
    config = built / "alertmanager/alertmanager.yml"
    config.write_text(config.read_text().replace("receiver: pager", "receiver: nobody"))
    result = _validate(run_mac, built, "--format", "json")
    problems = json.loads(result.stdout)["problems"]
    checks = sorted(p["check"] for p in problems if not p["check"].startswith("tests/"))
    assert checks == ["amtool/config", "promtool/rules", "promtool/rules"]
    # The alert tests load the same broken rule files and fail as well.
    assert any(p["check"] == "tests/alerts" for p in problems)
    assert result.exit_code == ExitCode.PROBLEMS_FOUND


def test_unknown_alertmanager_field(built: Path, run_mac):
    config = built / "alertmanager/alertmanager.yml"
    config.write_text(config.read_text().replace("  group_wait:", "  group_waitt:"))
    result = _validate(run_mac, built, "--format", "json")
    [problem] = [
        p for p in json.loads(result.stdout)["problems"] if p["check"] == "amtool/config"
    ]
    assert problem["message"] == "field group_waitt not found in type config.plain"
    assert problem["where"] == "10"


def test_missing_rule_file_in_config(built: Path, run_mac):
    config = built / "prometheus/prometheus.yml"
    config.write_text(config.read_text().replace("rules/*.yml", "missing/x.yml"))
    result = _validate(run_mac, built, "--format", "json")
    [problem] = json.loads(result.stdout)["problems"]
    assert problem["check"] == "promtool/config"
    assert problem["file"] == "prometheus/prometheus.yml"
    assert problem["message"] == (
        '"prometheus/missing/x.yml" does not point to an existing file'
    )


def test_schema_problem_reported(built: Path, run_mac):
    [path] = built.glob("grafana/dashboards/*/*.json")
    dashboard = json.loads(path.read_text())
    dashboard["panels"][0]["gridPos"]["w"] = "wide"
    dashboard.pop("schemaVersion")
    path.write_text(json.dumps(dashboard))
    result = _validate(run_mac, built, "--format", "json")
    problems = json.loads(result.stdout)["problems"]
    messages = {(p["check"], p["where"], p["message"]) for p in problems}
    assert ("grafana/schema", "", "'schemaVersion' is a required property") in messages
    assert ("grafana/schema", "panels[0].gridPos.w", "'wide' is not of type 'integer'") in messages


def test_panel_schema_errors_name_the_field(built: Path, run_mac):
    [path] = built.glob("grafana/dashboards/*/*.json")
    dashboard = json.loads(path.read_text())
    dashboard["panels"][0]["gridPos"]["w"] = 30
    dashboard["panels"][1]["type"] = ""
    path.write_text(json.dumps(dashboard))
    result = _validate(run_mac, built, "--format", "json")
    problems = {
        (p["where"], p["message"])
        for p in json.loads(result.stdout)["problems"]
        if p["check"] == "grafana/schema"
    }
    assert problems == {
        ("panels[0].gridPos.w", "30 is greater than the maximum of 24"),
        ("panels[1].type", "'' should be non-empty"),
    }


@pytest.mark.parametrize(
    "change",
    [
        lambda dashboard: [dashboard],
        lambda dashboard: {**dashboard, "templating": []},
        lambda dashboard: {**dashboard, "templating": {"list": ["x"]}},
        lambda dashboard: {**dashboard, "panels": [{**dashboard["panels"][0], "id": [1]}]},
    ],
    ids=["array", "templating-list", "variable-string", "panel-id-list"],
)
def test_misshapen_dashboard_reported(built: Path, run_mac, change):
    [path] = built.glob("grafana/dashboards/*/*.json")
    path.write_text(json.dumps(change(json.loads(path.read_text()))))
    result = _validate(run_mac, built, "--format", "json")
    assert result.exit_code == ExitCode.PROBLEMS_FOUND, result.output
    checks = {p["check"] for p in json.loads(result.stdout)["problems"]}
    assert checks == {"grafana/schema"}


def test_duplicate_dashboard_uid_reported(built: Path, run_mac):
    [path] = built.glob("grafana/dashboards/*/*.json")
    shutil.copy(path, path.with_name("copy.json"))
    result = _validate(run_mac, built, "--format", "json")
    [problem] = json.loads(result.stdout)["problems"]
    assert problem["check"] == "grafana/structure"
    assert problem["file"].endswith("copy.json")
    assert "is also the uid of" in problem["message"]


def test_folder_without_marker_rejected(tmp_path: Path, run_mac):
    result = _validate(run_mac, tmp_path)
    assert result.exit_code == ExitCode.USAGE_ERROR
    assert "was not written by `mac build` (it has no .mac-build file)" in result.output


def test_missing_build_files_reported(built: Path, run_mac):
    (built / "alertmanager/alertmanager.yml").unlink()
    result = _validate(run_mac, built, "--format", "json")
    missing = [p for p in json.loads(result.stdout)["problems"] if p["check"] == "build/missing"]
    assert [p["file"] for p in missing] == ["alertmanager/alertmanager.yml"]
    assert result.exit_code == ExitCode.PROBLEMS_FOUND

    (built / "prometheus/prometheus.yml").unlink()
    result = run_mac("validate", "--build", str(built), "--definitions", str(built / "none"))
    assert "prometheus/prometheus.yml is missing from" in result.output
    assert result.exit_code == ExitCode.PROBLEMS_FOUND


def test_missing_promtool_names_package(built: Path, run_mac, tmp_path: Path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "amtool").symlink_to(shutil.which("amtool"))
    monkeypatch.setenv("PATH", str(bin_dir))
    result = _validate(run_mac, built)
    assert result.exit_code == ExitCode.TOOL_ERROR
    assert "promtool not found on PATH; install the Debian package 'prometheus'" in result.output
    assert result.output.count("promtool not found") == 1
    assert "was not fully checked" in result.output


def test_missing_build_folder(tmp_path: Path, run_mac):
    result = run_mac("validate", "--build", str(tmp_path / "none"), "--definitions", str(MINIMAL))
    assert result.exit_code == ExitCode.USAGE_ERROR
    assert "run `mac build` first" in result.output


def _panel(panel_id, x, y, w=8, h=8, uid="${datasource}", expr="up"):
    return {
        "id": panel_id,
        "title": f"p{panel_id}",
        "type": "timeseries",
        "gridPos": {"x": x, "y": y, "w": w, "h": h},
        "datasource": {"type": "prometheus", "uid": uid},
        "targets": [{"refId": "A", "expr": expr}],
    }


def _dashboard(*panels):
    return {
        "templating": {"list": [{"name": "datasource", "type": "datasource"}]},
        "panels": list(panels),
    }


STRUCTURE_CASES = [
    ("valid", _dashboard(_panel(1, 0, 0), _panel(2, 8, 0)), []),
    ("duplicate-id", _dashboard(_panel(1, 0, 0), _panel(1, 8, 0)),
     ["panel 'p1' reuses id 1 of 'p1'"]),
    ("overlap", _dashboard(_panel(1, 0, 0), _panel(2, 4, 4)),
     ["panels 'p1' and 'p2' overlap"]),
    ("outside-grid", _dashboard(_panel(1, 20, 0, w=8)),
     ["lies outside the 24-column grid"]),
    ("unknown-variable", _dashboard(_panel(1, 0, 0, uid="${ds}")),
     ["uses datasource variable '${ds}', which the dashboard does not define"]),
    ("empty-expression", _dashboard(_panel(1, 0, 0, expr=" ")),
     ["target A of panel 'p1' has no expression"]),
]


@pytest.mark.parametrize(
    "dashboard, expected",
    [case[1:] for case in STRUCTURE_CASES],
    ids=[case[0] for case in STRUCTURE_CASES],
)
def test_dashboard_structure(dashboard, expected):
    messages = [problem.message for problem in check_structure(dashboard, "d.json")]
    assert len(messages) == len(expected), messages
    for message, fragment in zip(messages, expected):
        assert fragment in message


def test_validate_runs_tools_in_parallel(built: Path, monkeypatch):
    """All external checks are started before the first one is waited for."""
    from monitoring_as_code.validate import external, run

    events = []
    real_start, real_finish = external.start_tool, external.finish_tool
    monkeypatch.setattr(external, "start_tool", lambda *a, **k: events.append("start") or real_start(*a, **k))
    monkeypatch.setattr(external, "finish_tool", lambda p: events.append("finish") or real_finish(p))
    run.validate_build(built)
    assert events[:3] == ["start", "start", "start"]
    assert events.count("finish") == 3


def test_validate_runs_lint(tmp_path: Path, minimal_project: Path, run_mac):
    rules = minimal_project / "rules.py"
    rules.write_text(rules.read_text().replace(
        'f"sum by (job) (rate({requests_total}[5m]))"', '"sum by (job) (rate(http_requests_totl[5m]))"'
    ))
    out = tmp_path / "build"
    assert run_mac("build", "--definitions", str(minimal_project), "--out", str(out)).exit_code == 0
    result = run_mac("validate", "--build", str(out), "--definitions", str(minimal_project), "--format", "json")
    assert result.exit_code == ExitCode.PROBLEMS_FOUND
    [problem] = [p for p in json.loads(result.stdout)["problems"] if p["check"] == "promql/unknown-metric"]
    assert problem["severity"] == "error"
    assert "http_requests_totl" in problem["message"]
    assert problem["definition"].endswith("rules.py:17")


def test_platform_build_valid_strict(run_mac, monkeypatch):
    """The committed build of the platform's definitions passes every
    check, alert tests with coverage included, with no warning."""
    from tests.conftest import ROOT

    monkeypatch.chdir(ROOT)
    result = run_mac("validate", "--strict", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["problems"] == []
