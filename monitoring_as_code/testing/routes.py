"""Routing tests: every alert reaches the receivers it must reach.

Each alert's label set (alertname plus its own labels) is evaluated on the
route tree by `routing.match_routes`. When a built alertmanager.yml is
given, the real `amtool config routes test --verify.receivers` evaluates it
too, so a route edit that silently moves an alert is caught by both.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from monitoring_as_code.model.alertmanager import Alertmanager
from monitoring_as_code.model.matchers import matches_all
from monitoring_as_code.model.project import Project
from monitoring_as_code.model.rules import AlertingRule
from monitoring_as_code.model.source import SourceLocation
from monitoring_as_code.routing import match_routes
from monitoring_as_code.tools import run_tool

AMTOOL_PARALLEL = 4


@dataclass
class RoutingProblem:
    message: str
    location: SourceLocation
    severity: str = "error"
    # The alert the problem is about; None for receivers and inhibit rules.
    # Two rules may share an alert name (a warning and a critical tier).
    alert: AlertingRule | None = None


@dataclass
class AlertRouting:
    alert: AlertingRule
    labels: dict[str, str]
    reached: list[str]
    expected: list[str] | None


@dataclass
class RoutingReport:
    alerts: list[AlertRouting] = field(default_factory=list)
    problems: list[RoutingProblem] = field(default_factory=list)


def alert_labels(alert: AlertingRule) -> dict[str, str]:
    return {"alertname": alert.name, **alert.all_labels()}


def expected_receivers(alert: AlertingRule, config: Alertmanager) -> list[str] | None:
    if alert.receivers is not None:
        return list(alert.receivers)
    if alert.severity is not None and alert.severity in config.severity_receivers:
        return list(config.severity_receivers[alert.severity])
    return None


def check_routing(project: Project, alertmanager_file: Path | None = None) -> RoutingReport:
    report = RoutingReport()
    config = project.alertmanager
    if config is None:
        return report
    for alert in project.alerts:
        labels = alert_labels(alert)
        matches = match_routes(config, labels)
        reached = []
        for match in matches:
            if match.receiver not in reached:
                reached.append(match.receiver)
        routing = AlertRouting(alert, labels, reached, expected_receivers(alert, config))
        report.alerts.append(routing)
        report.problems.extend(_alert_problems(routing, config, [m.path for m in matches]))
    report.problems.extend(_unreached_receivers(report, config))
    report.problems.extend(_inhibit_rules_apply(project, config))
    if alertmanager_file is not None:
        report.problems.extend(_compare_with_amtool(report, alertmanager_file, config))
    return report


def _alert_problems(routing: AlertRouting, config: Alertmanager, paths) -> list[RoutingProblem]:
    alert, problems = routing.alert, []
    reached = ", ".join(routing.reached)
    # Reaching the root receiver is a mistake unless the alert (or its
    # severity) is declared to go there, as info alerts often are.
    root_expected = routing.expected is not None and config.route.receiver_name in routing.expected
    if () in paths and not root_expected:
        problems.append(
            RoutingProblem(
                f"alert {alert.name!r} reaches only the root route's default receiver "
                f"{config.route.receiver_name!r}; add a route whose matchers select it",
                alert.location,
                alert=alert,
            )
        )
    if routing.expected is None:
        problems.append(
            RoutingProblem(
                f"alert {alert.name!r} declares no receivers and its severity "
                f"{alert.severity!r} has no default; pass receivers=[...] or set "
                "severity_receivers on the Alertmanager",
                alert.location,
                alert=alert,
            )
        )
    elif sorted(routing.expected) != sorted(routing.reached):
        problems.append(
            RoutingProblem(
                f"alert {alert.name!r} reaches {reached or 'no receiver'}, expected "
                f"{', '.join(routing.expected)}",
                alert.location,
                alert=alert,
            )
        )
    return problems


def _unreached_receivers(report: RoutingReport, config: Alertmanager) -> list[RoutingProblem]:
    reached = {name for routing in report.alerts for name in routing.reached}
    return [
        RoutingProblem(
            f"receiver {receiver.name!r} is reached by no alert",
            receiver.location,
            severity="warning",
        )
        for receiver in config.receivers
        if receiver.name not in reached
    ]


def _inhibit_rules_apply(project: Project, config: Alertmanager) -> list[RoutingProblem]:
    problems = []
    for rule in config.inhibit_rules:
        for side, matchers in (("source", rule.parsed_source), ("target", rule.parsed_target)):
            if not any(matches_all(matchers, alert_labels(a)) for a in project.alerts):
                problems.append(
                    RoutingProblem(
                        f"inhibit rule's {side} matchers "
                        f"{', '.join(str(m) for m in matchers)} match no alert",
                        rule.location,
                        severity="warning",
                    )
                )
    return problems


def _compare_with_amtool(
    report: RoutingReport, config_file: Path, config: Alertmanager
) -> list[RoutingProblem]:
    """Ask amtool about each distinct label set that routing can tell apart."""
    routed_labels = {
        matcher.name for route in config.route.walk() for matcher in route.parsed_matchers
    }
    distinct: dict[tuple, AlertRouting] = {}
    for routing in report.alerts:
        key = tuple(sorted((k, v) for k, v in routing.labels.items() if k in routed_labels))
        distinct.setdefault(key, routing)

    def ask(routing: AlertRouting):
        labels = [f"{key}={value}" for key, value in sorted(routing.labels.items())]
        args = ["config", "routes", "test", f"--config.file={config_file}"]
        if routing.expected:
            args.append(f"--verify.receivers={','.join(routing.expected)}")
        return routing, run_tool("amtool", [*args, *labels])

    problems = []
    with ThreadPoolExecutor(max_workers=AMTOOL_PARALLEL) as pool:
        for routing, run in pool.map(ask, distinct.values()):
            amtool_receivers = sorted(filter(None, run.stdout.strip().split(",")))
            if not amtool_receivers:
                # amtool could not load the config; `amtool check-config`
                # reports why, so one problem is enough.
                return [
                    RoutingProblem(
                        f"amtool could not evaluate the routes of {config_file.name}: "
                        f"{_last_error(run.stderr)}",
                        config.location,
                    )
                ]
            if amtool_receivers != sorted(routing.reached):
                problems.append(
                    RoutingProblem(
                        f"amtool routes alert {routing.alert.name!r} to "
                        f"{', '.join(amtool_receivers)}, but mac's evaluation gives "
                        f"{', '.join(routing.reached)}",
                        routing.alert.location,
                        alert=routing.alert,
                    )
                )
    return problems


def _last_error(stderr: str) -> str:
    """Return amtool's error message with its detail lines, on one line."""
    lines = stderr.splitlines()
    for index, line in enumerate(lines):
        if line.startswith("amtool: error:"):
            details = [line.removeprefix("amtool: error:").strip()]
            for detail in lines[index + 1 :]:
                if not detail.startswith((" ", "\t")):
                    break
                details.append(detail.strip())
            return " ".join(details)
    return " ".join(line.strip() for line in lines if line.strip()) or "no output"
