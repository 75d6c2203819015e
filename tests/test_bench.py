"""The benchmark's generators, at a tiny scale, so that bench/ cannot rot.

The benchmark itself is not run here: speed is measured by bench/run.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.generate import generate_project
from bench.reference import generate_reference
from monitoring_as_code.load import load_project
from tests.conftest import ROOT

METRICS = 9
ALERTS = 5
DASHBOARDS = 3


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("bench") / "definitions"
    return generate_project(
        folder, metrics=METRICS, alerts=ALERTS, dashboards=DASHBOARDS
    )


def test_generated_definitions_load(generated: Path):
    project = load_project(generated)
    assert len(project.metrics) == METRICS
    assert len(project.alerts) == ALERTS
    assert len(project.dashboards) == DASHBOARDS
    assert all(len(alert.tests) == 2 for alert in project.alerts)
    assert all(len(board.panels) == 12 for board in project.dashboards)


def test_generated_definitions_build(generated: Path, tmp_path: Path, run_mac):
    out = tmp_path / "build"
    result = run_mac("build", "--definitions", str(generated), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert len(list((out / "prometheus" / "rules").glob("*.yml"))) == 1
    assert len(list((out / "prometheus" / "tests").glob("*.yml"))) == 1
    assert len(list((out / "grafana" / "dashboards").rglob("*.json"))) == DASHBOARDS


def test_grafanalib_reference_renders_same_dashboards(
    generated: Path, tmp_path: Path, run_mac
):
    built = tmp_path / "build"
    run_mac("build", "--definitions", str(generated), "--out", str(built))
    script = generate_reference(
        tmp_path / "reference", metrics=METRICS, dashboards=DASHBOARDS
    )
    rendered = tmp_path / "rendered"
    subprocess.run(
        [sys.executable, str(script), str(rendered)], cwd=script.parent, check=True
    )

    def summary(folder: Path) -> dict[str, tuple[str, int]]:
        boards = {}
        for path in folder.rglob("*.json"):
            model = json.loads(path.read_text())
            boards[f"{path.parent.name}/{model['uid']}"] = (
                model["title"],
                len(model["panels"]),
            )
        return boards

    assert summary(rendered) == summary(built / "grafana" / "dashboards")


def test_bench_help_lists_quick():
    result = subprocess.run(
        [sys.executable, "-m", "bench.run", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "--quick" in result.stdout
