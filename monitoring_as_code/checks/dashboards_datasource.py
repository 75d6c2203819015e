"""dashboards/datasource: a panel or variable whose datasource is neither a
declared datasource variable nor a datasource uid.

Grafana looks a datasource up by uid. A display name such as `Prometheus`
in the uid field works on the machine where the dashboard was made and
shows "datasource not found" elsewhere, and a `${name}` that no datasource
variable of the dashboard defines is never replaced. mac adds a
`datasource` variable to dashboards that declare none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from monitoring_as_code.checks.base import Check, Problem, Severity, register
from monitoring_as_code.checks.context import LintContext, definition_problem
from monitoring_as_code.model.dashboards import Dashboard, DatasourceVariable

# Grafana's uids: letters, digits, '-' and '_', at most 40 characters.
_UID = re.compile(r"^[a-zA-Z0-9_-]{1,40}$")


def _datasource_variables(dashboard: Dashboard) -> set[str]:
    names = {v.name for v in dashboard.variables if isinstance(v, DatasourceVariable)}
    return names or {"datasource"}


@register
class DatasourceReference(Check):
    id = "dashboards/datasource"
    severity = Severity.ERROR

    def check_project(self, context: LintContext) -> Iterator[Problem]:
        for dashboard in context.project.dashboards:
            declared = _datasource_variables(dashboard)
            users = [
                (panel, f"panel {panel.title!r}") for panel in dashboard.all_panels()
            ]
            users += [
                (variable, f"variable {variable.name!r}")
                for variable in dashboard.variables
                if hasattr(variable, "datasource")
            ]
            for definition, subject in users:
                datasource = definition.datasource
                if datasource.type != "prometheus":
                    continue
                problem = self._check(datasource, declared)
                if problem is None:
                    continue
                message, hint = problem
                yield definition_problem(
                    self,
                    definition,
                    f"{subject} of dashboard {dashboard.uid!r}",
                    message,
                    hint,
                    expr=datasource.uid,
                    span=(0, len(datasource.uid)),
                )

    def _check(self, datasource, declared: set[str]) -> tuple[str, str] | None:
        variable = datasource.variable
        if variable is not None:
            if variable in declared:
                return None
            return (
                f"datasource variable ${variable} is not declared in the dashboard",
                f"use ${{{sorted(declared)[0]}}} or declare "
                f"DatasourceVariable({variable!r})",
            )
        if "$" in datasource.uid or not _UID.match(datasource.uid):
            return (
                f"datasource {datasource.uid!r} is neither a uid nor a datasource "
                "variable",
                "use PROMETHEUS (the ${datasource} variable) or the datasource's "
                "uid from Grafana's connection settings",
            )
        return None
