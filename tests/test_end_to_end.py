"""From definitions to a notification, through real Prometheus and Alertmanager.

The test builds a small project and starts Prometheus and Alertmanager from
Debian's packages on 127.0.0.1 with the built files. An alert fires on a
scrape target that is down, and the test waits for Alertmanager to deliver
it to a webhook the test serves. Both servers are stopped afterwards.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests

from monitoring_as_code.compile import compile_project
from monitoring_as_code.compile.writer import write_build
from monitoring_as_code.load import load_project
from tests.conftest import write_definitions

# Debian names the Alertmanager server binary prometheus-alertmanager.
ALERTMANAGER = shutil.which("prometheus-alertmanager") or shutil.which("alertmanager")
PROMETHEUS = shutil.which("prometheus")

pytestmark = pytest.mark.skipif(
    PROMETHEUS is None or ALERTMANAGER is None,
    reason="Prometheus and Alertmanager are installed by .ci/run",
)

DEADLINE_SECONDS = 60


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


DEFINITIONS = '''
from monitoring_as_code import (
    Alertmanager, AlertingRule, Gauge, PrometheusConfig, Receiver, Route,
    RuleGroup, ScrapeJob, WebhookConfig,
)

PrometheusConfig(
    scrape_interval="1s", evaluation_interval="1s",
    alertmanagers=["127.0.0.1:{am_port}"],
)
# Nothing listens on the target, so its `up` is 0.
down = ScrapeJob("down", ["127.0.0.1:{closed_port}"], exporter="application")
up = Gauge("up", "1 when the last scrape succeeded.", origin=down)

RuleGroup("availability", [
    AlertingRule(
        "TargetDown", f"{{up}} == 0", severity="critical",
        labels={{"service": "test"}},
        summary="{{{{ $labels.job }}}} is down",
    ),
], interval="1s")

team = Receiver("team", webhook=[WebhookConfig("http://127.0.0.1:{closed_port}/team")])
pager = Receiver("pager", webhook=[WebhookConfig("http://127.0.0.1:{hook_port}/pager")])
Alertmanager(
    route=Route(
        team, group_by=["alertname"], group_wait="1s", group_interval="1s",
        repeat_interval="1h",
        routes=[Route(pager, matchers=['severity="critical"'])],
    ),
    receivers=[team, pager],
)
'''


class _Webhook(BaseHTTPRequestHandler):
    received: list[tuple[str, dict]] = []

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.received.append((self.path, json.loads(body)))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def webhook():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Webhook)
    _Webhook.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _start(args: list[str], log: Path) -> subprocess.Popen:
    handle = log.open("w")
    return subprocess.Popen(args, stdout=handle, stderr=subprocess.STDOUT)


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _wait_for(description: str, probe, logs: list[Path]):
    deadline = time.monotonic() + DEADLINE_SECONDS
    while time.monotonic() < deadline:
        try:
            value = probe()
        except requests.RequestException:
            value = None
        if value:
            return value
        time.sleep(0.5)
    tails = "\n".join(f"--- {log.name}\n{log.read_text()[-2000:]}" for log in logs)
    pytest.fail(f"timed out waiting for {description}\n{tails}")


def test_alert_reaches_receiver(tmp_path: Path, webhook):
    am_port, prom_port, closed_port = _free_port(), _free_port(), _free_port()
    hook_port = webhook.server_address[1]
    definitions = write_definitions(
        tmp_path / "definitions",
        monitoring=DEFINITIONS.format(
            am_port=am_port, closed_port=closed_port, hook_port=hook_port
        ),
    )
    build = tmp_path / "build"
    write_build(compile_project(load_project(definitions)), build)

    am_log, prom_log = tmp_path / "alertmanager.log", tmp_path / "prometheus.log"
    alertmanager = _start(
        [
            ALERTMANAGER,
            f"--config.file={build / 'alertmanager/alertmanager.yml'}",
            f"--storage.path={tmp_path / 'am-data'}",
            f"--web.listen-address=127.0.0.1:{am_port}",
            "--cluster.listen-address=",
        ],
        am_log,
    )
    prometheus = _start(
        [
            PROMETHEUS,
            f"--config.file={build / 'prometheus/prometheus.yml'}",
            f"--storage.tsdb.path={tmp_path / 'prom-data'}",
            f"--web.listen-address=127.0.0.1:{prom_port}",
        ],
        prom_log,
    )
    logs = [am_log, prom_log]
    try:
        rules = _wait_for(
            "Prometheus to load the rules",
            lambda: requests.get(f"http://127.0.0.1:{prom_port}/api/v1/rules", timeout=2)
            .json()["data"]["groups"],
            logs,
        )
        assert [group["name"] for group in rules] == ["availability"]
        assert rules[0]["rules"][0]["name"] == "TargetDown"

        _wait_for("the webhook notification", lambda: _Webhook.received, logs)
        path, notification = _Webhook.received[0]
        assert path == "/pager"
        assert notification["receiver"] == "pager"
        [alert] = notification["alerts"]
        assert alert["labels"]["alertname"] == "TargetDown"
        assert alert["labels"]["severity"] == "critical"
        assert alert["labels"]["job"] == "down"
        assert alert["annotations"]["summary"] == "down is down"
    finally:
        _stop(prometheus)
        _stop(alertmanager)
