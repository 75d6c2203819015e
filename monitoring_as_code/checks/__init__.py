"""Lint checks over the model: one module per check, each with a stable ID.

A check module is named after its ID (`promql/rate-on-gauge` is in
`promql_rate_on_gauge.py`), explains in its docstring why the check exists,
and registers its class with `@register`. `lint_project` runs them all.
"""

from __future__ import annotations

from monitoring_as_code.checks import (  # noqa: F401 - each import registers a check
    alerts_annotations,
    alerts_comparison,
    alerts_rate_threshold,
    alerts_template_label,
    dashboards_datasource,
    dashboards_panel_unit,
    dashboards_rate_interval,
    labels_privacy,
    lint_suppress,
    promql_histogram_quantile,
    promql_rate_on_gauge,
    promql_rate_window,
    promql_regexp,
    promql_suffix_type,
    promql_syntax,
    promql_unknown_label,
    promql_unknown_metric,
    promql_vector_matching,
    rules_duplicate,
    rules_recording_name,
)
from monitoring_as_code.checks.base import REGISTRY, Check, Problem, Severity
from monitoring_as_code.checks.run import LintReport, lint_project

__all__ = ["REGISTRY", "Check", "LintReport", "Problem", "Severity", "lint_project"]
