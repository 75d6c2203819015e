"""Evaluate an Alertmanager route tree for a label set.

The walk follows Alertmanager's dispatcher. The root route matches every
alert. A node's children are tried in order, and a matching child ends the
search among its siblings unless it sets `continue`. When no child matches,
the node itself receives the alert. The same function
serves routing tests, `mac diff` and docs, and tests compare it with
`amtool config routes test`.
"""

from __future__ import annotations

from dataclasses import dataclass

from monitoring_as_code.model.alertmanager import Alertmanager, Route
from monitoring_as_code.model.matchers import matches_all


@dataclass(frozen=True)
class RouteMatch:
    """A route that takes the alert, with the options it inherited."""

    route: Route
    receiver: str
    group_by: tuple[str, ...]
    path: tuple[int, ...]  # child indexes from the root, () for the root


def match_routes(config: Alertmanager, labels: dict[str, str]) -> list[RouteMatch]:
    """Return the routes that receive an alert with `labels`, in order."""
    root = config.route
    return _match(root, labels, root.receiver_name or "", tuple(root.group_by or ()), ())


def receivers_for(config: Alertmanager, labels: dict[str, str]) -> list[str]:
    """Return the receiver names an alert reaches, without repeats, in order."""
    names: list[str] = []
    for match in match_routes(config, labels):
        if match.receiver not in names:
            names.append(match.receiver)
    return names


def _match(
    route: Route,
    labels: dict[str, str],
    receiver: str,
    group_by: tuple[str, ...],
    path: tuple[int, ...],
) -> list[RouteMatch]:
    receiver = route.receiver_name or receiver
    if route.group_by is not None:
        group_by = tuple(route.group_by)
    matches: list[RouteMatch] = []
    for index, child in enumerate(route.routes):
        if not matches_all(child.parsed_matchers, labels):
            continue
        matches.extend(_match(child, labels, receiver, group_by, path + (index,)))
        if not child.continue_:
            break
    if not matches:
        matches.append(RouteMatch(route, receiver, group_by, path))
    return matches
