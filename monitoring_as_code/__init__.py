"""mac: monitoring as code for Prometheus, Alertmanager and Grafana.

Definition files import what they need from here:

    from monitoring_as_code import Counter, ScrapeJob, AlertingRule, RuleGroup

Names are resolved lazily so that `mac --help` does not import the model.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "monitoring_as_code.model.scrape": ["ScrapeJob", "PrometheusConfig"],
    "monitoring_as_code.model.catalog": [
        "Metric",
        "Counter",
        "Gauge",
        "Histogram",
        "Summary",
        "Info",
    ],
    "monitoring_as_code.model.rules": ["AlertingRule", "RecordingRule", "RuleGroup"],
    "monitoring_as_code.model.receivers": [
        "Receiver",
        "SlackConfig",
        "PagerDutyConfig",
        "EmailConfig",
        "WebhookConfig",
    ],
    "monitoring_as_code.model.alertmanager": [
        "Alertmanager",
        "Global",
        "Route",
        "InhibitRule",
        "TimeInterval",
    ],
    "monitoring_as_code.model.dashboards": [
        "Datasource",
        "PROMETHEUS",
        "Folder",
        "Dashboard",
        "Row",
        "Target",
        "Threshold",
        "Legend",
        "GridPos",
        "TimeSeriesPanel",
        "StatPanel",
        "GaugePanel",
        "BarGaugePanel",
        "TablePanel",
        "HeatmapPanel",
        "RawPanel",
        "DatasourceVariable",
        "QueryVariable",
        "CustomVariable",
    ],
}
_MODULE_OF = {name: module for module, names in _EXPORTS.items() for name in names}

__all__ = sorted(_MODULE_OF)


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'monitoring_as_code' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
