"""Run alert test cases and routing tests, and collect one result per alert."""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from monitoring_as_code.compile import compile_project
from monitoring_as_code.paths import ALERTMANAGER_FILE
from monitoring_as_code.compile.tests import promtool_test_name, shared_alert_names
from monitoring_as_code.compile.writer import write_build
from monitoring_as_code.model.project import Project
from monitoring_as_code.model.source import SourceLocation
from monitoring_as_code.testing.coverage import CoverageGap, coverage_gaps
from monitoring_as_code.testing.promtool import (
    PromtoolTestRun,
    finish_promtool_tests,
    start_promtool_tests,
)
from monitoring_as_code.testing.routes import RoutingProblem, RoutingReport, check_routing


@dataclass
class FailedCase:
    alert: str
    case: str
    location: SourceLocation
    details: str


@dataclass
class AlertResult:
    name: str
    location: SourceLocation
    cases: int
    failed: list[FailedCase] = field(default_factory=list)
    receivers: list[str] = field(default_factory=list)
    gap: CoverageGap | None = None
    # True when promtool could not run the cases, as when a rule file
    # does not load.
    not_run: bool = False
    routing_problems: list[RoutingProblem] = field(default_factory=list)


@dataclass
class AlertTestReport:
    alerts: list[AlertResult] = field(default_factory=list)
    other_routing_problems: list[RoutingProblem] = field(default_factory=list)
    # promtool errors that are not about one case, such as a rule file that
    # does not load, with the definition they name when it is known.
    promtool_errors: list[tuple[str, SourceLocation]] = field(default_factory=list)
    strict: bool = False

    def count(self, kind: str) -> int:
        return sum(1 for problem in self.problems() if problem[0] == kind)

    def problems(self) -> list[tuple[str, str, SourceLocation, str]]:
        """Return every problem as (severity, message, location, details)."""
        found = []
        for result in self.alerts:
            for case in result.failed:
                found.append(("error", f"case {case.case!r} of alert {case.alert!r} failed",
                              case.location, case.details))
            if result.gap is not None:
                severity = "error" if self.strict else "warning"
                found.append((severity, result.gap.message, result.gap.location, ""))
            for problem in result.routing_problems:
                found.append((problem.severity, problem.message, problem.location, ""))
        for problem in self.other_routing_problems:
            found.append((problem.severity, problem.message, problem.location, ""))
        for error, location in self.promtool_errors:
            found.append(("error", error, location, ""))
        return found

    @property
    def ok(self) -> bool:
        return self.count("error") == 0


def run_tests(project: Project, build: Path | None = None, strict: bool = False) -> AlertTestReport:
    """Run the tests on `build`, or on a fresh build in a temporary folder."""
    if build is not None:
        return _run(project, Path(build), strict)
    with tempfile.TemporaryDirectory(prefix="mac-test-") as scratch:
        out = Path(scratch) / "build"
        write_build(compile_project(project), out)
        return _run(project, out, strict)


def _run(project: Project, build: Path, strict: bool) -> AlertTestReport:
    started = start_promtool_tests(build)
    alertmanager_file = build / ALERTMANAGER_FILE
    routing = check_routing(project, alertmanager_file if alertmanager_file.exists() else None)
    promtool_run = finish_promtool_tests(started)
    return _collect(project, promtool_run, routing, strict)


def _collect(project: Project, run: PromtoolTestRun, routing: RoutingReport, strict: bool) -> AlertTestReport:
    report = AlertTestReport(
        strict=strict, promtool_errors=[(error, _locate(error, project)) for error in run.errors]
    )
    failures = {failure.test_name: failure for failure in run.failures}
    gaps = {gap.alert: gap for gap in coverage_gaps(project)}
    reached = {id(item.alert): item.reached for item in routing.alerts}
    shared = shared_alert_names(project)
    for alert in project.alerts:
        result = AlertResult(alert.name, alert.location, len(alert.tests))
        result.not_run = bool(run.errors)
        for case in alert.tests:
            failure = failures.pop(promtool_test_name(alert, case, alert.name in shared), None)
            if failure is not None:
                result.failed.append(FailedCase(alert.name, case.name, case.location, failure.details))
        result.receivers = reached.get(id(alert), [])
        result.gap = gaps.get(alert.name)
        result.routing_problems = [p for p in routing.problems if p.alert is alert]
        report.alerts.append(result)
    report.other_routing_problems = [p for p in routing.problems if p.alert is None]
    for name, failure in failures.items():  # a test whose alert is not known
        report.promtool_errors.append(
            (f"{failure.file}: test {name!r} failed\n{failure.details}", _UNKNOWN)
        )
    return report


_UNKNOWN = SourceLocation("<promtool>", 0)


def _locate(error: str, project: Project) -> SourceLocation:
    """Find the rule a promtool error names (`group "g", rule 3`)."""
    from monitoring_as_code.validate.external import rule_reference

    reference = rule_reference(error)
    if reference is None:
        return _UNKNOWN
    stem = re.search(r"rules/([^/:]+)\.yml", error)
    rule = project.find_rule(*reference, file=stem.group(1) if stem else None)
    return _UNKNOWN if rule is None else rule.location
