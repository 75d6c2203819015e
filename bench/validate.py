"""`mac validate` against promtool and amtool run one after the other."""

from __future__ import annotations

import shutil
from pathlib import Path

from bench.measure import MAC, WORK, BenchError, Sample, ratios, run_process
from bench.report_model import Row, Section

TARGET = 1.0


def tool_commands(build: Path) -> list[list[str]]:
    """Return the three checks `mac validate` runs, with the same arguments."""
    rules = sorted(
        str(path.relative_to(build))
        for path in (build / "prometheus/rules").glob("*.yml")
    )
    commands = []
    if rules:
        commands.append(["promtool", "check", "rules", *rules])
    commands.append(["promtool", "check", "config", "prometheus/prometheus.yml"])
    commands.append(["amtool", "check-config", "alertmanager/alertmanager.yml"])
    return commands


def measure_validate(builds: dict[str, Path], repeat: int) -> Section:
    """Measure each build folder in `builds` (label -> folder)."""
    section = Section("Validate: mac against the tools run one after the other")
    missing = [tool for tool in ("promtool", "amtool") if shutil.which(tool) is None]
    for label, build in builds.items():
        name = f"`mac validate` ÷ promtool, promtool, amtool in sequence, {label}"
        if missing:
            section.skip(name, f"{', '.join(missing)} not found on PATH", "≤ 1.0×")
            continue
        if not (build / "prometheus/prometheus.yml").exists():
            section.skip(name, f"no build in {build}; its build failed", "≤ 1.0×")
            continue
        try:
            mac, tools = _rounds(build, repeat)
        except BenchError as error:
            section.skip(name, str(error), "≤ 1.0×")
            continue
        ratio = ratios(mac, tools)
        section.rows.append(
            Row(
                name,
                f"{mac.text('s')} vs {tools.text('s')}",
                ratio=ratio.text("×"),
                target="≤ 1.0×",
                met=ratio.median <= TARGET,
            )
        )
    section.notes.append(
        "`mac validate --build DIR` runs with a definitions folder that does not "
        "exist, so it checks the build only: the three tools in parallel plus "
        "the dashboard schema and structure checks, without alert tests. The "
        "reference runs `promtool check rules`, `promtool check config` and "
        f"`amtool check-config` in the build folder one after the other; {repeat} "
        "alternating rounds."
    )
    return section


def _rounds(build: Path, repeat: int) -> tuple[Sample, Sample]:
    no_definitions = WORK / "no-definitions"
    mac_argv = [MAC, "validate", "--build", build, "--definitions", no_definitions]
    commands = tool_commands(build)
    run_process(mac_argv)  # warm-up
    mac, tools = Sample(), Sample()
    for _ in range(repeat):
        tools.add(sum(run_process(command, cwd=build).seconds for command in commands))
        mac.add(run_process(mac_argv).seconds)
    return mac, tools
