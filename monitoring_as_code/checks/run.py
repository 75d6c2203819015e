"""Run the registered checks over a project and collect a report."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from monitoring_as_code.checks.base import REGISTRY, Problem, Severity
from monitoring_as_code.checks.context import LintContext
from monitoring_as_code.errors import ExitCode
from monitoring_as_code.model.project import Project


@dataclass
class LintReport:
    """Every problem found, suppressed ones included, in file order."""

    problems: list[Problem] = field(default_factory=list)
    checked_expressions: int = 0

    @property
    def active(self) -> list[Problem]:
        """Problems that count: those no `suppress` entry silences."""
        return [problem for problem in self.problems if problem.suppressed is None]

    @property
    def suppressed(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.suppressed is not None]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.active if p.severity is Severity.ERROR]

    @property
    def exit_code(self) -> ExitCode:
        return ExitCode.PROBLEMS_FOUND if self.errors else ExitCode.OK


def lint_project(project: Project, checks: Iterable[str] | None = None) -> LintReport:
    """Run the checks with the given IDs (default: all) over `project`."""
    selected = sorted(REGISTRY) if checks is None else list(checks)
    unknown = [check_id for check_id in selected if check_id not in REGISTRY]
    if unknown:
        raise KeyError(f"unknown check IDs: {', '.join(unknown)}")
    context = LintContext(project)
    problems: list[Problem] = []
    for check_id in selected:
        check = REGISTRY[check_id]()
        problems.extend(check.check_project(context))
        for query in context.queries:
            problems.extend(check.check_query(query, context))
    problems.sort(key=Problem.sort_key)
    return LintReport(problems, len(context.queries))
