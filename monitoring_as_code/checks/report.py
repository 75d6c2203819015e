"""Render a lint report as text for people or as JSON for programs."""

from __future__ import annotations

import json

from monitoring_as_code.checks.base import Problem, Severity
from monitoring_as_code.checks.run import LintReport

JSON_VERSION = 1
_INDENT = "    "


def render_problem(problem: Problem) -> str:
    """`severity: message (check)`, `path:line`, the expression with carets
    under the span, and the hint."""
    lines = [f"{problem.severity.value}: {problem.message} ({problem.check})"]
    place = str(problem.location)
    lines.append(f"  {place}, {problem.subject}" if problem.subject else f"  {place}")
    if problem.expr:
        lines.extend(_expression_lines(problem.expr, problem.span))
    if problem.suppressed is not None:
        lines.append(f"  suppressed: {problem.suppressed}")
    else:
        lines.append(f"  hint: {problem.hint}")
    return "\n".join(lines)


def _expression_lines(expr: str, span: tuple[int, int] | None) -> list[str]:
    """Indent the expression and put `^` under the span's first line."""
    lines = []
    offset = 0
    for line in expr.splitlines() or [""]:
        lines.append(_INDENT + line)
        end_of_line = offset + len(line)
        if span is not None and offset <= span[0] < max(end_of_line, offset + 1):
            start = span[0] - offset
            width = max(1, min(span[1], end_of_line) - span[0])
            lines.append(_INDENT + " " * start + "^" * width)
        offset = end_of_line + 1
    return lines


def summary(report: LintReport) -> str:
    """Count problems by severity, suppressed ones and expressions, in one line."""
    counts = []
    for severity in Severity:
        count = sum(1 for p in report.active if p.severity is severity)
        if count:
            noun = severity.value if count == 1 else f"{severity.value}s"
            if severity is Severity.INFO:
                noun = "info"
            counts.append(f"{count} {noun}")
    found = ", ".join(counts) if counts else "no problems"
    suppressed = len(report.suppressed)
    extra = f" ({suppressed} suppressed)" if suppressed else ""
    checked = report.checked_expressions
    noun = "expression" if checked == 1 else "expressions"
    return f"lint: {found}{extra} in {checked} {noun}"


def render_text(report: LintReport) -> str:
    """Active problems first, then the suppressed ones with their reasons."""
    blocks = [render_problem(problem) for problem in report.active]
    if report.suppressed:
        blocks.append("Suppressed:")
        blocks.extend(render_problem(problem) for problem in report.suppressed)
    return "\n\n".join(blocks)


def render_json(report: LintReport) -> str:
    data = {
        "version": JSON_VERSION,
        "checked_expressions": report.checked_expressions,
        "problems": [problem.to_json() for problem in report.active],
        "suppressed": [problem.to_json() for problem in report.suppressed],
    }
    return json.dumps(data, indent=2, sort_keys=True)
