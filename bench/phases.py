"""The time of one `mac build` per phase: imports, load, compile, write.

`python -m bench.phases DEFINITIONS OUT` runs the steps of `mac build` in
that order in a fresh process and prints their times as JSON. Run it once
per repetition, so that every figure includes a cold start of its own.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from bench.measure import PYTHON, ROOT, WORK, BenchError, Sample, run_process
from bench.report_model import Row, Section

PHASES = ("imports", "load", "compile", "write")


def measure_phases(definitions: Path, label: str, repeat: int) -> Section:
    section = Section(f"Build phases: {label}")
    out = WORK / "out" / f"phases-{definitions.name}"
    argv = [PYTHON, "-m", "bench.phases", definitions, out]
    samples = {phase: Sample() for phase in PHASES}
    try:
        run_process(argv, cwd=ROOT)  # warm-up
        for _ in range(repeat):
            result = json.loads(run_process(argv, cwd=ROOT).stdout.splitlines()[-1])
            for phase in PHASES:
                samples[phase].add(result[phase])
    except BenchError as error:
        section.skip("phases", str(error))
        return section
    total = sum(sample.median for sample in samples.values())
    for phase, sample in samples.items():
        share = f"{sample.median / total:.0%} of the phases"
        section.rows.append(Row(phase, sample.text("s", digits=3), share))
    section.notes.append(
        "Measured inside one process per repetition with `time.perf_counter`: "
        "the imports done before loading (the command line, the loader and "
        "grafanalib), `load_project`, `compile_project` and `write_build`; "
        f"{repeat} repetitions. Other modules are imported in the phase that "
        "first needs them. The start-up of the interpreter and its exit are not "
        "in these figures."
    )
    return section


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("definitions", type=Path)
    parser.add_argument("out", type=Path)
    options = parser.parse_args()

    started = time.perf_counter()
    import monitoring_as_code.cli  # noqa: F401 - the command line, as `mac` loads it
    import monitoring_as_code.compile.dashboards
    import monitoring_as_code.compile.grafana  # noqa: F401 - imported by the compile
    from monitoring_as_code.compile import compile_project
    from monitoring_as_code.compile.writer import write_build
    from monitoring_as_code.load import load_project

    times = {"imports": time.perf_counter() - started}

    started = time.perf_counter()
    project = load_project(options.definitions)
    times["load"] = time.perf_counter() - started

    started = time.perf_counter()
    artifacts = compile_project(project)
    times["compile"] = time.perf_counter() - started

    started = time.perf_counter()
    write_build(artifacts, options.out)
    times["write"] = time.perf_counter() - started
    print(json.dumps(times))


if __name__ == "__main__":
    main()
