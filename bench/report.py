"""The machine description and bench/RESULTS.md."""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

from bench.report_model import Section


def machine() -> list[tuple[str, str]]:
    """Facts about the machine and the tools that shape the figures."""
    cores = os.cpu_count() or 0
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cores
    facts = [
        ("CPU", _cpu_model()),
        ("cores", f"{cores} ({usable} usable by this process)"),
        ("memory", _memory()),
        ("OS", platform.platform()),
        ("Python", f"{platform.python_implementation()} {platform.python_version()}"),
        ("promtool", _tool_version("promtool")),
        ("amtool", _tool_version("amtool")),
    ]
    for package in ("grafanalib", "PyYAML", "orjson", "requests"):
        facts.append((package, _package_version(package)))
    return facts


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.partition(":")[2].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError):
        pass
    return "unknown"


def _tool_version(name: str) -> str:
    if shutil.which(name) is None:
        return "not found on PATH"
    run = subprocess.run(
        [name, "--version"], capture_output=True, text=True, check=False
    )
    lines = (run.stdout + run.stderr).strip().splitlines()
    return lines[0] if lines else "unknown"


def _package_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def write_results(
    path: Path,
    sections: list[Section],
    mode: str,
    command: str,
    seconds: float,
    load: tuple[float, float],
) -> None:
    """Write RESULTS.md: targets first, then every section in full."""
    lines = [
        "# Benchmark results",
        "",
        f"Written by `{command}` ({mode} run) on "
        f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC; the run took "
        f"{seconds / 60:.1f} minutes. bench/README.md explains each figure.",
        "Times are medians with the range of all repetitions in brackets; a ratio "
        "is taken within each round of alternating runs, and its range is over "
        "the rounds.",
        "",
        "## Machine",
        "",
        "| | |",
        "| --- | --- |",
    ]
    lines += [f"| {name} | {value} |" for name, value in machine()]
    start, end = load
    lines.append(
        f"| load average (1 min) | {start:.2f} at the start, {end:.2f} at the end |"
    )
    lines += [
        "",
        "## Targets",
        "",
        "| figure | ratio | target | |",
        "| --- | --- | --- | --- |",
    ]
    for section in sections:
        for row in section.rows:
            if row.target:
                figure = row.ratio or row.value
                lines.append(
                    f"| {row.name} | {figure} | {row.target} | {row.verdict} |"
                )
    for section in sections:
        lines += ["", f"## {section.title}", ""]
        lines += [
            "| figure | measured | ratio | target | |",
            "| --- | --- | --- | --- | --- |",
        ]
        for row in section.rows:
            cells = (row.name, row.value, row.ratio, row.target, row.verdict)
            lines.append("| " + " | ".join(cells) + " |")
        for note in section.notes:
            lines += ["", note]
    path.write_text("\n".join(lines) + "\n")
