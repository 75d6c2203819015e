"""`mac build` at each scale, the plain grafanalib script, and the
calibration workload, measured in alternating rounds."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bench.measure import (
    MAC,
    PYTHON,
    WORK,
    BenchError,
    Sample,
    calibrate,
    ratios,
    run_process,
)
from bench.report_model import Row, Section

RENDER_TARGET = 0.6
LINEARITY_TARGET = 11.0
MIB = 1024.0


@dataclass
class Subject:
    """One program measured in the build rounds."""

    name: str
    argv: list[str | Path]
    cwd: Path | None = None
    slow: bool = False  # measured only in the first `slow_repeat` rounds
    wall: Sample = field(default_factory=Sample)
    rss_kib: Sample = field(default_factory=Sample)
    error: str = ""


def mac_build(name: str, definitions: Path, slow: bool = False) -> Subject:
    out = WORK / "out" / name
    argv = [MAC, "build", "--definitions", definitions, "--out", out]
    return Subject(name, argv, slow=slow)


def grafanalib_script(name: str, script: Path) -> Subject:
    out = WORK / "out" / name
    return Subject(name, [PYTHON, script, out], cwd=script.parent)


@dataclass
class BuildRounds:
    subjects: dict[str, Subject]
    calibration: Sample
    slow_calibration: Sample  # the calibration of the rounds with slow subjects


def run_rounds(subjects: list[Subject], repeat: int, slow_repeat: int) -> BuildRounds:
    """Warm up every subject once, then time `repeat` rounds of all of them.

    The warm-up fills the bytecode cache, as on any machine where mac ran
    before. A subject that fails is recorded and left out of later rounds.
    """
    for subject in subjects:
        _run(subject, timed=False)
    calibration, slow_calibration = Sample(), Sample()
    for round_index in range(repeat):
        seconds = calibrate()
        calibration.add(seconds)
        if round_index < slow_repeat:
            slow_calibration.add(seconds)
        for subject in subjects:
            if not subject.slow or round_index < slow_repeat:
                _run(subject, timed=True)
    return BuildRounds({s.name: s for s in subjects}, calibration, slow_calibration)


def _run(subject: Subject, timed: bool) -> None:
    if subject.error:
        return
    try:
        run = run_process(subject.argv, cwd=subject.cwd)
    except BenchError as error:
        subject.error = str(error)
        return
    if timed:
        subject.wall.add(run.seconds)
        subject.rss_kib.add(run.max_rss_kib)


def build_section(rounds: BuildRounds, labels: dict[str, str]) -> Section:
    """Tabulate each build: wall time, ratio to the calibration, peak memory."""
    section = Section("Build: wall time and peak memory")
    for name, label in labels.items():
        subject = rounds.subjects[name]
        if subject.error:
            section.skip(label, subject.error)
            continue
        calibration = rounds.slow_calibration if subject.slow else rounds.calibration
        peak = subject.rss_kib.text("MiB", 1 / MIB, 0)
        ratio = ratios(subject.wall, calibration).text("×", digits=1)
        section.rows.append(
            Row(label, f"{subject.wall.text('s')}; peak {peak}", f"{ratio} calibration")
        )
    section.notes.append(
        "Calibration: a fixed pure-Python workload (`CALIBRATION` in "
        "bench/measure.py) run once in every round; its median was "
        f"{rounds.calibration.text('s')}. Each build writes over the output of "
        "its previous round, as repeated builds during development do."
    )
    return section


def render_row(rounds: BuildRounds, mac_name: str, script_name: str, count: int) -> Row:
    """mac's build of the large dashboard set against the grafanalib script."""
    mac, script = rounds.subjects[mac_name], rounds.subjects[script_name]
    name = f"`mac build` of {count} dashboards ÷ plain grafanalib script"
    if mac.error or script.error:
        return Row(name, f"not measured: {mac.error or script.error}", target="≤ 0.6×")
    ratio = ratios(mac.wall, script.wall)
    return Row(
        name,
        f"{mac.wall.text('s')} vs {script.wall.text('s')}",
        ratio=ratio.text("×"),
        target=f"≤ {RENDER_TARGET}×",
        met=ratio.median <= RENDER_TARGET,
    )


def linearity_row(rounds: BuildRounds, small: str, large: str, description: str) -> Row:
    """Divide the time of 10× the definitions by the time of 1×, per round."""
    name = f"`mac build` linearity, {description}"
    target = f"≤ {LINEARITY_TARGET:g}×"
    first, second = rounds.subjects[small], rounds.subjects[large]
    if first.error or second.error:
        return Row(name, f"not measured: {first.error or second.error}", target=target)
    paired = Sample(first.wall.values[: len(second.wall.values)])
    ratio = ratios(second.wall, paired)
    return Row(
        name,
        f"{second.wall.text('s')} vs {paired.text('s')}",
        ratio=ratio.text("×", digits=1),
        target=target,
        met=ratio.median <= LINEARITY_TARGET,
    )
