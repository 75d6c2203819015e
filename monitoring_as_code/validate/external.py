"""Run promtool and amtool on a build and turn their output into problems.

The three checks run as parallel processes: `promtool check rules`,
`promtool check config` (which also reads every rule file it refers to)
and `amtool check-config`.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from monitoring_as_code.paths import ALERTMANAGER_FILE, PROMETHEUS_FILE, RULES_DIR
from monitoring_as_code.errors import ToolError
from monitoring_as_code.tools import finish_tool, start_tool
from monitoring_as_code.validate.problems import ValidationProblem

# promtool: `path: [line:col: ]message`, sometimes indented.
_PROMTOOL_LINE = re.compile(
    r"^\s*(?P<file>\S+\.ya?ml): (?:(?P<line>\d+):(?P<column>\d+): )?(?P<message>.+)$"
)
_PROMTOOL_CHECKING = re.compile(r"^\s*Checking (?P<file>\S+)\s*$")
_PROMTOOL_FAILED = re.compile(r"^\s*FAILED: (?P<message>\S.*)$")
_RULE_REF = re.compile(r'group "(?P<group>[^"]*)", rule (?P<index>\d+)')
# amtool: `Checking 'path'  FAILED: message`, then indented detail lines.
_AMTOOL_FAILED = re.compile(r"^Checking '(?P<file>[^']+)'\s+FAILED: (?P<message>.*)$")
_AMTOOL_DETAIL = re.compile(r"^\s+line (?P<line>\d+): (?P<message>.+)$")


@dataclass
class ExternalResults:
    problems: list[ValidationProblem] = field(default_factory=list)
    tool_errors: list[ToolError] = field(default_factory=list)


def start_external_checks(build: Path) -> dict[str, subprocess.Popen | ToolError]:
    """Start every external check that has a file to read."""
    started: dict[str, subprocess.Popen | ToolError] = {}
    rule_files = sorted((build / RULES_DIR).glob("*.yml"))
    jobs = []
    if rule_files:
        relative = [str(path.relative_to(build)) for path in rule_files]
        jobs.append(("promtool/rules", "promtool", ["check", "rules", *relative]))
    if (build / PROMETHEUS_FILE).exists():
        jobs.append(("promtool/config", "promtool", ["check", "config", PROMETHEUS_FILE]))
    if (build / ALERTMANAGER_FILE).exists():
        jobs.append(("amtool/config", "amtool", ["check-config", ALERTMANAGER_FILE]))
    for check, tool, args in jobs:
        try:
            started[check] = start_tool(tool, args, cwd=str(build))
        except ToolError as error:
            started[check] = error
    return started


def finish_external_checks(
    started: dict[str, subprocess.Popen | ToolError]
) -> ExternalResults:
    results = ExternalResults()
    for check, process in started.items():
        if isinstance(process, ToolError):
            results.tool_errors.append(process)
            continue
        run = finish_tool(process)
        if run.returncode == 0:
            continue
        parse = _parse_amtool if check.startswith("amtool") else _parse_promtool
        problems = parse(check, run.stdout + "\n" + run.stderr)
        if not problems:
            # Output in a form not recognised: show it whole, never drop it.
            problems = [ValidationProblem(check, run.args[-1], run.output)]
        results.problems.extend(problems)
    return results


def _parse_promtool(check: str, output: str) -> list[ValidationProblem]:
    problems: list[ValidationProblem] = []
    seen: set[tuple[str, str, str]] = set()
    current_file = ""
    for line in output.splitlines():
        checking = _PROMTOOL_CHECKING.match(line)
        if checking is not None:
            current_file = checking.group("file")
            continue
        failed = _PROMTOOL_FAILED.match(line)
        if failed is not None and current_file:
            problems.append(ValidationProblem(check, current_file, failed.group("message")))
            continue
        match = _PROMTOOL_LINE.match(line)
        if match is None or match.group("message").startswith(("SUCCESS", "FAILED")):
            continue
        where = match.group("line") or ""
        key = (match.group("file"), where, match.group("message"))
        if key in seen:
            continue
        seen.add(key)
        problems.append(
            ValidationProblem(check, match.group("file"), match.group("message"), where)
        )
    return problems


def _parse_amtool(check: str, output: str) -> list[ValidationProblem]:
    problems: list[ValidationProblem] = []
    current_file = ""
    for line in output.splitlines():
        failed = _AMTOOL_FAILED.match(line)
        if failed is not None:
            current_file = failed.group("file")
            message = failed.group("message").strip()
            if message and not message.endswith("unmarshal errors:"):
                problems.append(ValidationProblem(check, current_file, message))
            continue
        detail = _AMTOOL_DETAIL.match(line)
        if detail is not None and current_file:
            problems.append(
                ValidationProblem(
                    check, current_file, detail.group("message"), detail.group("line")
                )
            )
    return problems


def rule_reference(message: str) -> tuple[str, int] | None:
    """Return (group name, 1-based rule index) named in a promtool message."""
    match = _RULE_REF.search(message)
    if match is None:
        return None
    return match.group("group"), int(match.group("index"))
