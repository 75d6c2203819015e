"""Run `promtool test rules` on the built test files and read its report."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from monitoring_as_code.paths import TESTS_DIR
from monitoring_as_code.tools import finish_tool, start_tool

_FAILED_TEST = re.compile(r"^\s+name: (?P<name>.*),\s*$")
_FILE = re.compile(r"^Unit Testing:\s+(?P<file>\S+)")


@dataclass
class CaseFailure:
    """A failing promtool test: its name and promtool's explanation."""

    test_name: str
    file: str
    details: str


@dataclass
class PromtoolTestRun:
    files: list[str] = field(default_factory=list)
    failures: list[CaseFailure] = field(default_factory=list)
    # promtool output that is not about one test, such as a rule file
    # that does not load; empty when every file ran.
    errors: list[str] = field(default_factory=list)


def start_promtool_tests(build: Path):
    """Start promtool on every test file; return (files, process) or None."""
    files = sorted(path.name for path in (build / TESTS_DIR).glob("*.yml"))
    if not files:
        return None
    process = start_tool("promtool", ["test", "rules", *files], cwd=str(build / TESTS_DIR))
    return files, process


def finish_promtool_tests(started) -> PromtoolTestRun:
    if started is None:
        return PromtoolTestRun()
    files, process = started
    run = finish_tool(process)
    result = PromtoolTestRun(files=files)
    if run.returncode == 0:
        return result
    result.failures, result.errors = parse_test_output(run.stdout + "\n" + run.stderr)
    if not result.failures and not result.errors:
        result.errors.append(run.output)
    return result


def parse_test_output(output: str) -> tuple[list[CaseFailure], list[str]]:
    """Split promtool's report into failing tests and other errors.

    promtool prints `Unit Testing: FILE`, then for each failing test a
    block that starts with `name: NAME,` and runs to the next block.
    """
    failures: list[CaseFailure] = []
    errors: list[str] = []
    current_file = ""
    block: list[str] | None = None
    name = ""

    def close() -> None:
        if block is not None:
            failures.append(CaseFailure(name, current_file, "\n".join(block).rstrip()))

    for line in output.splitlines():
        file_match = _FILE.match(line)
        if file_match is not None:
            close()
            block = None
            current_file = file_match.group("file")
            continue
        name_match = _FAILED_TEST.match(line)
        if name_match is not None:
            close()
            name = name_match.group("name")
            block = []
            continue
        if block is not None:
            block.append(line)
        elif line.strip() and line.strip() not in ("FAILED:", "SUCCESS"):
            # A rule file that does not load fails every test file that
            # reads it, with the same line each time.
            if line.strip() not in errors:
                errors.append(line.strip())
    close()
    return failures, errors
