"""Route-tree evaluation, checked against `amtool config routes test`."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

import monitoring_as_code as mac
from monitoring_as_code.compile.alertmanager import alertmanager_to_yaml
from monitoring_as_code.compile.output import dump_yaml
from monitoring_as_code.routing import match_routes, receivers_for


def _receiver(name: str) -> mac.Receiver:
    return mac.Receiver(name, webhook=[mac.WebhookConfig(f"http://127.0.0.1:9/{name}")])


RECEIVERS = {name: _receiver(name) for name in ("default", "pager", "slack", "crisis", "db", "night")}

CONFIG = mac.Alertmanager(
    route=mac.Route(
        "default",
        group_by=["alertname"],
        routes=[
            mac.Route(
                "pager",
                matchers=['severity="critical"'],
                continue_=True,
                routes=[mac.Route("crisis", matchers=['service="crisis-care"'])],
            ),
            mac.Route("slack", matchers=['severity=~"critical|warning"']),
            mac.Route(
                "db",
                matchers=['service="database"', 'severity!="info"'],
                group_by=["alertname", "instance"],
            ),
            mac.Route("night", matchers=['team!~"web|api"']),
        ],
    ),
    receivers=list(RECEIVERS.values()),
)

LABEL_SETS = {
    "critical-crisis": {"severity": "critical", "service": "crisis-care", "team": "web"},
    "critical-backend": {"severity": "critical", "service": "backend", "team": "api"},
    "warning": {"severity": "warning", "team": "web"},
    "database-warning": {"severity": "info", "service": "database", "team": "web"},
    "no-team": {"severity": "info"},
    "web-info": {"severity": "info", "team": "web"},
}

EXPECTED = {
    "critical-crisis": ["crisis", "slack"],
    "critical-backend": ["pager", "slack"],
    "warning": ["slack"],
    "database-warning": ["default"],
    "no-team": ["night"],
    "web-info": ["default"],
}


@pytest.mark.parametrize("name", sorted(LABEL_SETS))
def test_receivers_for(name):
    assert receivers_for(CONFIG, LABEL_SETS[name]) == EXPECTED[name]


def test_group_by_inherited():
    [match] = match_routes(CONFIG, {"service": "database", "severity": "warning", "team": "api"})
    assert match.receiver == "slack"
    assert match.group_by == ("alertname",)
    [match] = match_routes(CONFIG, {"service": "database", "team": "web", "severity": "page"})
    assert match.receiver == "db"
    assert match.group_by == ("alertname", "instance")
    assert match.path == (2,)


@pytest.mark.skipif(shutil.which("amtool") is None, reason="amtool is installed by .ci/run")
@pytest.mark.parametrize("name", sorted(LABEL_SETS))
def test_same_as_amtool(name, tmp_path: Path):
    config = tmp_path / "alertmanager.yml"
    config.write_bytes(dump_yaml(alertmanager_to_yaml(CONFIG)))
    labels = [f"{key}={value}" for key, value in LABEL_SETS[name].items()]
    result = subprocess.run(
        ["amtool", "config", "routes", "test", f"--config.file={config}", *labels],
        capture_output=True,
        text=True,
        check=True,
    )
    assert sorted(result.stdout.strip().split(",")) == sorted(receivers_for(CONFIG, LABEL_SETS[name]))
