"""Find the data source uids that built dashboards name and Grafana lacks.

A reference is any `"datasource": {"uid": ...}` object in the dashboard
JSON: panels, queries, variables and annotations. Variables such as
`${datasource}` and Grafana's built-in sources are not data source uids.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from monitoring_as_code.grafana.artifacts import BuiltDashboard

# Pseudo data sources that every Grafana has.
BUILT_IN_UIDS = frozenset(
    {"-- Grafana --", "-- Mixed --", "-- Dashboard --", "grafana"}
)


def datasource_uids(model: Any) -> set[str]:
    """Return the fixed data source uids that a dashboard JSON refers to."""
    return {uid for uid in _references(model) if _is_fixed_uid(uid)}


def missing_datasources(
    dashboards: Iterable[BuiltDashboard], known: set[str]
) -> list[tuple[str, str]]:
    """Return (dashboard uid, data source uid) for each unknown reference."""
    missing = []
    for dashboard in dashboards:
        for uid in sorted(datasource_uids(dashboard.model) - known):
            missing.append((dashboard.uid, uid))
    return missing


def _references(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        reference = value.get("datasource")
        if isinstance(reference, dict) and isinstance(reference.get("uid"), str):
            yield reference["uid"]
        for item in value.values():
            yield from _references(item)
    elif isinstance(value, list):
        for item in value:
            yield from _references(item)


def _is_fixed_uid(uid: str) -> bool:
    return bool(uid) and "$" not in uid and uid not in BUILT_IN_UIDS
