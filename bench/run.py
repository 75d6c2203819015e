"""Run the benchmark and write bench/RESULTS.md.

.venv/bin/python -m bench.run            # full run, about 4 minutes
.venv/bin/python -m bench.run --quick    # smaller scales, under a minute
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench import builds
from bench.generate import generate_project
from bench.measure import ROOT, WORK
from bench.phases import measure_phases
from bench.push import measure_push
from bench.reference import generate_reference
from bench.report import write_results
from bench.report_model import Section
from bench.rules import measure_rules
from bench.startup import measure_startup
from bench.validate import measure_validate

log = logging.getLogger("bench")


@dataclass(frozen=True)
class Scale:
    """The sizes and repetitions of one kind of run."""

    metrics: int
    dashboards: tuple[int, int]  # the small and the large set; the large is 10×
    alerts: tuple[int, int]
    repeat: int  # rounds of the fast measurements
    slow_repeat: int  # rounds of the large alert build
    startup_repeat: int
    push_repeat: int


FULL = Scale(2000, (50, 500), (1000, 10000), 9, 3, 20, 3)
QUICK = Scale(200, (5, 50), (100, 1000), 2, 2, 5, 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Benchmark mac and write bench/RESULTS.md."
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="smaller scales and fewer repetitions, for use while developing",
    )
    parser.add_argument(
        "--out",
        type=Path,
        help="results file (default: bench/RESULTS.md for a full run, "
        "bench/.work/RESULTS-quick.md for a quick one)",
    )
    options = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="bench: %(message)s")

    scale = QUICK if options.quick else FULL
    mode = "quick" if options.quick else "full"
    default_out = (
        WORK / "RESULTS-quick.md" if options.quick else ROOT / "bench/RESULTS.md"
    )
    out = options.out or default_out
    started = time.perf_counter()
    load_before = os.getloadavg()[0]
    sections = run(scale)
    seconds = time.perf_counter() - started
    command = "python -m bench.run" + (" --quick" if options.quick else "")
    load = (load_before, os.getloadavg()[0])
    write_results(out, sections, mode, command, seconds, load)
    log.info("wrote %s after %.0f s", out, seconds)
    return 0


def run(scale: Scale) -> list[Section]:
    """Generate the projects and take every measurement, in order."""
    projects = generate(scale)
    log.info("start-up: %d rounds", scale.startup_repeat)
    sections = [measure_startup(scale.startup_repeat)]
    sections += measure_builds(scale, projects)

    large_boards = scale.dashboards[1]
    log.info("phases of the build of %d dashboards", large_boards)
    definitions = projects[f"dashboards-{large_boards}"]
    label = f"{large_boards} dashboards"
    sections.append(measure_phases(definitions, label, scale.repeat))

    large_alerts = scale.alerts[1]
    log.info("rule files of %d alerts against libyaml", large_alerts)
    definitions = projects[f"alerts-{large_alerts}"]
    sections.append(measure_rules(definitions, large_alerts, scale.repeat))

    log.info("validate")
    builds_to_check = {
        "definitions/ (the platform)": WORK / "out" / "platform",
        f"{large_alerts:,} alerts": WORK / "out" / f"alerts-{large_alerts}",
    }
    sections.append(measure_validate(builds_to_check, scale.repeat))

    log.info("push of %d dashboards", large_boards)
    definitions = projects[f"dashboards-{large_boards}"]
    sections.append(measure_push(definitions, large_boards, scale.push_repeat))
    return sections


def measure_builds(scale: Scale, projects: dict[str, Path]) -> list[Section]:
    small_boards, large_boards = scale.dashboards
    small_alerts, large_alerts = scale.alerts
    reference = f"grafanalib-{large_boards}"
    labels = {"platform": "`mac build`, definitions/ (the platform)"}
    subjects = [builds.mac_build("platform", ROOT / "definitions")]
    for count in scale.dashboards:
        name = f"dashboards-{count}"
        labels[name] = f"`mac build`, {count} dashboards"
        subjects.append(builds.mac_build(name, projects[name]))
    labels[reference] = f"plain grafanalib script, {large_boards} dashboards"
    subjects.append(builds.grafanalib_script(reference, projects[reference]))
    for count in scale.alerts:
        name = f"alerts-{count}"
        labels[name] = f"`mac build`, {count:,} alerts"
        slow = count == large_alerts
        subjects.append(builds.mac_build(name, projects[name], slow=slow))

    log.info(
        "builds: %d rounds, %d with the large alert set",
        scale.repeat,
        scale.slow_repeat,
    )
    rounds = builds.run_rounds(subjects, scale.repeat, scale.slow_repeat)

    targets = Section("Build: rendering cost and linearity")
    targets.rows += [
        builds.render_row(
            rounds, f"dashboards-{large_boards}", reference, large_boards
        ),
        builds.linearity_row(
            rounds,
            f"alerts-{small_alerts}",
            f"alerts-{large_alerts}",
            f"{large_alerts:,} ÷ {small_alerts:,} alerts",
        ),
        builds.linearity_row(
            rounds,
            f"dashboards-{small_boards}",
            f"dashboards-{large_boards}",
            f"{large_boards} ÷ {small_boards} dashboards",
        ),
    ]
    targets.notes.append(
        "Linearity pairs the two builds of the same round. Both sides load the "
        f"same {scale.metrics:,}-metric catalog and pay the same start-up, which "
        "the larger set does not multiply."
    )
    return [builds.build_section(rounds, labels), targets]


def generate(scale: Scale) -> dict[str, Path]:
    """Write every synthetic project under bench/.work/projects/."""
    folder = WORK / "projects"
    projects = {}
    for count in scale.dashboards:
        log.info("generating %d dashboards", count)
        name = f"dashboards-{count}"
        projects[name] = generate_project(
            folder / name, metrics=scale.metrics, alerts=0, dashboards=count
        )
    for count in scale.alerts:
        log.info("generating %d alerts", count)
        name = f"alerts-{count}"
        projects[name] = generate_project(
            folder / name, metrics=scale.metrics, alerts=count, dashboards=0
        )
    large = scale.dashboards[1]
    projects[f"grafanalib-{large}"] = generate_reference(
        folder / f"grafanalib-{large}", metrics=scale.metrics, dashboards=large
    )
    return projects


if __name__ == "__main__":
    sys.exit(main())
