"""build/alertmanager/alertmanager.yml."""

from __future__ import annotations

from monitoring_as_code.compile.output import dump_yaml
from monitoring_as_code.model.alertmanager import Alertmanager, InhibitRule, Route
from monitoring_as_code.model.project import Project
from monitoring_as_code.paths import ALERTMANAGER_FILE



def alertmanager_to_yaml(config: Alertmanager) -> dict:
    data: dict = {
        "global": config.global_.to_config(),
        "route": _route(config.route),
    }
    if config.inhibit_rules:
        data["inhibit_rules"] = [_inhibit(rule) for rule in config.inhibit_rules]
    data["receivers"] = [receiver.to_config() for receiver in config.receivers]
    if config.time_intervals:
        data["time_intervals"] = [
            {"name": interval.name, "time_intervals": interval.intervals}
            for interval in config.time_intervals
        ]
    if config.templates:
        data["templates"] = list(config.templates)
    return data


def _route(route: Route) -> dict:
    data: dict = {}
    if route.receiver_name is not None:
        data["receiver"] = route.receiver_name
    if route.parsed_matchers:
        data["matchers"] = [str(matcher) for matcher in route.parsed_matchers]
    if route.group_by is not None:
        data["group_by"] = list(route.group_by)
    for key in ("group_wait", "group_interval", "repeat_interval"):
        value = getattr(route, key)
        if value is not None:
            data[key] = value
    if route.mute_time_intervals:
        data["mute_time_intervals"] = list(route.mute_time_intervals)
    if route.active_time_intervals:
        data["active_time_intervals"] = list(route.active_time_intervals)
    if route.continue_:
        data["continue"] = True
    if route.routes:
        data["routes"] = [_route(child) for child in route.routes]
    return data


def _inhibit(rule: InhibitRule) -> dict:
    return {
        "source_matchers": [str(matcher) for matcher in rule.parsed_source],
        "target_matchers": [str(matcher) for matcher in rule.parsed_target],
        "equal": list(rule.equal),
    }


def compile_alertmanager(project: Project) -> dict[str, bytes]:
    if project.alertmanager is None:
        return {}
    return {ALERTMANAGER_FILE: dump_yaml(alertmanager_to_yaml(project.alertmanager))}
