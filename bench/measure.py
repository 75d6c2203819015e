"""Run programs and summarise repeated measurements.

Every process runs with the same environment: Python's default bytecode
caching, with the cache kept under bench/.work/pycache so that the
repository is not written to. A subject and its reference are run
alternately, and each ratio is taken within one round, so that a slow
moment of a shared machine affects both sides of a ratio alike.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / ".work"
PYTHON = Path(sys.executable)
MAC = PYTHON.parent / "mac"

# A fixed amount of pure-Python work, run in every round of the build
# measurements. Dividing a time by it gives a figure that can be compared
# across runs and machines, which absolute times on a shared machine cannot.
CALIBRATION = (
    "import json\n"
    "rows = [{'id': i, 'name': f'row {i}', 'tags': ['a', 'b', str(i % 7)]} "
    "for i in range(20000)]\n"
    "for _ in range(5):\n"
    "    rows = json.loads(json.dumps(rows, sort_keys=True))\n"
    "    rows.sort(key=lambda row: (row['tags'][2], -row['id']))\n"
)


class BenchError(Exception):
    """A measurement could not be taken, for the reason in the message."""


@dataclass
class ProcessRun:
    seconds: float  # wall time
    max_rss_kib: int  # peak resident set size of the process and its children
    stdout: str


def bench_env(**extra: str) -> dict[str, str]:
    """Return the environment of every measured process."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(WORK / "pycache")
    env["NO_COLOR"] = "1"
    env.update(extra)
    return env


def run_process(
    argv: list[str | Path], cwd: Path | None = None, env: dict[str, str] | None = None
) -> ProcessRun:
    """Run a program to completion; raise BenchError when it fails.

    The process is reaped with wait4 so that its own peak memory is read,
    not the maximum over every child this process ever had.
    """
    args = [str(arg) for arg in argv]
    with tempfile.TemporaryFile() as output:
        start = time.perf_counter()
        process = subprocess.Popen(
            args,
            cwd=cwd,
            env=env or bench_env(),
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        output.seek(0)
        text = output.read().decode(errors="replace")
    if process.returncode != 0:
        command = " ".join(
            Path(args[0]).name if i == 0 else a for i, a in enumerate(args)
        )
        raise BenchError(
            f"`{command}` failed with exit code {process.returncode}: "
            f"{text.strip()[-800:]}"
        )
    return ProcessRun(seconds, usage.ru_maxrss, text)


@dataclass
class Sample:
    """Repeated measurements of one quantity."""

    values: list[float] = field(default_factory=list)

    def add(self, value: float) -> None:
        self.values.append(value)

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def low(self) -> float:
        return min(self.values)

    @property
    def high(self) -> float:
        return max(self.values)

    def text(self, unit: str = "s", scale: float = 1.0, digits: int = 2) -> str:
        """Median with the range, such as `1.23 s (1.20–1.31)`."""
        median, low, high = (
            value * scale for value in (self.median, self.low, self.high)
        )
        space = "" if unit in ("×", "") else " "
        return f"{median:.{digits}f}{space}{unit} ({low:.{digits}f}–{high:.{digits}f})"


def ratios(subject: Sample, reference: Sample) -> Sample:
    """Subject divided by reference, round by round."""
    if len(subject.values) != len(reference.values):
        raise ValueError("ratios need one reference value per subject value")
    return Sample(
        [s / r for s, r in zip(subject.values, reference.values, strict=True)]
    )


def differences(subject: Sample, reference: Sample) -> Sample:
    """Subject minus reference, round by round."""
    return Sample(
        [s - r for s, r in zip(subject.values, reference.values, strict=True)]
    )


def calibrate() -> float:
    """Run the calibration workload once; return its wall time in seconds."""
    return run_process([PYTHON, "-c", CALIBRATION]).seconds
