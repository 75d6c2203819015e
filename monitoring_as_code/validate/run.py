"""Run every check of `mac validate` and collect the problems."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from monitoring_as_code.paths import MARKER, PROMETHEUS_FILE, RULES_DIR
from monitoring_as_code.errors import ToolError, UsageError
from monitoring_as_code.validate.dashboards import check_dashboards
from monitoring_as_code.validate.external import (
    finish_external_checks,
    rule_reference,
    start_external_checks,
)
from monitoring_as_code.validate.problems import ValidationProblem

if TYPE_CHECKING:  # the model is imported only when definitions are loaded
    from monitoring_as_code.model.project import Project


@dataclass
class ValidationReport:
    problems: list[ValidationProblem] = field(default_factory=list)
    tool_errors: list[ToolError] = field(default_factory=list)
    checked_files: int = 0

    @property
    def errors(self) -> list[ValidationProblem]:
        return [problem for problem in self.problems if problem.severity == "error"]


def validate_build(
    build: Path,
    project: Project | None = None,
    strict: bool = False,
    started: dict | None = None,
) -> ValidationReport:
    """Check `build` with promtool, amtool and the dashboard checks.

    The external tools run as processes while the dashboards are checked in
    this one, so the wall time is about that of the slowest tool. With the
    project, alert test cases, routing tests and lint run too. `started`
    contains external checks the caller started earlier, from
    `start_external_checks(build)`.
    """
    build = Path(build)
    if not build.is_dir():
        raise UsageError(f"build folder {str(build)!r} not found; run `mac build` first")
    if not (build / MARKER).is_file():
        raise UsageError(
            f"{str(build)!r} was not written by `mac build` (it has no {MARKER} "
            "file); pass the build folder with --build"
        )
    report = ValidationReport()
    files = {
        path.relative_to(build).as_posix() for path in build.rglob("*") if path.is_file()
    }
    report.checked_files = len(files - {MARKER})
    report.problems.extend(_missing_files(build, files, project))

    if started is None:
        started = start_external_checks(build)
    if project is None:
        report.problems.extend(check_dashboards(build))
        external = finish_external_checks(started)
    else:
        # The alert tests spend most of their time waiting for promtool, so
        # they run in a thread while this one checks dashboards and lints.
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=1) as pool:
            tests = pool.submit(_alert_tests, project, build, strict)
            report.problems.extend(check_dashboards(build))
            report.problems.extend(_lint(project))
            external = finish_external_checks(started)
            report.problems.extend(tests.result())
    report.problems.extend(external.problems)
    report.tool_errors.extend(external.tool_errors)

    if project is not None:
        report.problems = [_locate(problem, project) for problem in report.problems]
    report.problems = _without_repeats(report.problems)
    report.problems.sort(key=lambda p: (p.file, _natural(p.where), p.check, p.message))
    return report


def _missing_files(
    build: Path, files: set[str], project: Project | None
) -> list[ValidationProblem]:
    """Report the files the build lacks: those the definitions compile to,
    or without definitions prometheus.yml, which every build has."""
    if project is None:
        expected = [PROMETHEUS_FILE]
    else:
        from monitoring_as_code.compile import compile_project

        expected = list(compile_project(project))
    return [
        ValidationProblem(
            "build/missing",
            name,
            f"{name} is missing from {build}; run `mac build`",
        )
        for name in expected
        if name not in files
    ]


def _without_repeats(problems: list[ValidationProblem]) -> list[ValidationProblem]:
    """Drop a problem already reported by another check.

    `promtool check config` checks the rule files again, so every problem
    of a rule file would otherwise appear twice.
    """
    seen: set[tuple[str, str, str]] = set()
    unique = []
    for problem in sorted(problems, key=lambda p: p.check, reverse=True):
        key = (problem.file, problem.where, problem.message)
        if key not in seen:
            seen.add(key)
            unique.append(problem)
    return unique


def _alert_tests(project: Project, build: Path, strict: bool) -> list[ValidationProblem]:
    from monitoring_as_code.testing.run import run_tests

    try:
        tests = run_tests(project, build, strict)
    except ToolError:
        # A missing promtool or amtool is already among the tool errors of
        # the external checks, which read the same files.
        return []
    return [
        ValidationProblem(
            "tests/alerts",
            "prometheus/tests",
            message + ("\n" + details if details else ""),
            definition=location,
            severity=severity,
        )
        for severity, message, location, details in tests.problems()
    ]


def _lint(project: Project) -> list[ValidationProblem]:
    """Lint problems that count (not suppressed), as validation problems."""
    from monitoring_as_code.checks import lint_project

    return [
        ValidationProblem(
            problem.check,
            "definitions",
            f"{problem.message}\n  {problem.expr}\n  hint: {problem.hint}"
            if problem.expr
            else f"{problem.message}\n  hint: {problem.hint}",
            definition=problem.location,
            severity=problem.severity.value,
        )
        for problem in lint_project(project).active
    ]


def _natural(where: str) -> tuple:
    """Sort key of a line number or JSON path: `panels[2]` before `panels[10]`."""
    parts = re.split(r"(\d+)", where)
    return tuple(int(part) if index % 2 else part for index, part in enumerate(parts))


def _locate(problem: ValidationProblem, project: Project) -> ValidationProblem:
    """Attach the definition's location to a promtool problem about a rule."""
    if not problem.file.startswith(RULES_DIR):
        return problem
    reference = rule_reference(problem.message)
    if reference is None:
        return problem
    rule = project.find_rule(*reference, file=Path(problem.file).stem)
    if rule is None:
        return problem
    return replace(problem, definition=rule.location)
