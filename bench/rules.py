"""mac's compile of the rule files against libyaml's C dumper.

`python -m bench.rules DEFINITIONS --repeat N` loads the definitions and
alternates, N times, mac's `compile_rules` with `yaml.dump(...,
Dumper=yaml.CSafeDumper)` of the same data structure (the rule groups as
`group_to_yaml` returns them, built once beforehand), and prints the times
as JSON. It runs in a process of its own so that the model of one scale
does not weigh on the other measurements.
"""

from __future__ import annotations

import argparse
import gc
import json
import time
from collections import defaultdict

from bench.measure import PYTHON, ROOT, BenchError, Sample, ratios, run_process
from bench.report_model import Row, Section

TARGET = 1.3


def measure_rules(definitions, alerts: int, repeat: int) -> Section:
    section = Section(f"Rule files of {alerts:,} alerts: mac against libyaml")
    name = f"`compile_rules` ÷ `yaml.dump(Dumper=CSafeDumper)`, {alerts:,} alerts"
    try:
        run = run_process(
            [PYTHON, "-m", "bench.rules", definitions, "--repeat", str(repeat)],
            cwd=ROOT,
        )
    except BenchError as error:
        section.skip(name, str(error), f"≤ {TARGET}×")
        return section
    result = json.loads(run.stdout.strip().splitlines()[-1])
    mac, libyaml = Sample(result["mac"]), Sample(result["libyaml"])
    ratio = ratios(mac, libyaml)
    section.rows.append(
        Row(
            name,
            f"{mac.text('s')} vs {libyaml.text('s')}",
            ratio=ratio.text("×"),
            target=f"≤ {TARGET}×",
            met=ratio.median <= TARGET,
        )
    )
    section.notes.append(
        f"In one process after loading the definitions ({result['load']:.1f} s), "
        f"{repeat} alternating runs; {result['files']} rule files. "
        "Both sides use the same dump options (block style, no key sorting, "
        "width 100, indent 2) and run with the loaded model frozen out of the "
        "garbage collector, as `compile_project` does. mac's side also builds "
        "the rule dictionaries and writes literal blocks for multi-line "
        "strings; the reference gets the dictionaries ready-made."
    )
    return section


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("definitions")
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()

    import yaml

    from monitoring_as_code.compile.rules import compile_rules, group_to_yaml
    from monitoring_as_code.load import load_project

    started = time.perf_counter()
    project = load_project(options.definitions)
    load_seconds = time.perf_counter() - started

    by_file = defaultdict(list)
    for group in project.groups:
        by_file[group.file].append(group)
    documents = [
        {"groups": [group_to_yaml(group) for group in groups]}
        for _, groups in sorted(by_file.items())
    ]

    def dump_reference() -> None:
        for document in documents:
            yaml.dump(
                document,
                Dumper=yaml.CSafeDumper,
                sort_keys=False,
                default_flow_style=False,
                allow_unicode=True,
                width=100,
                indent=2,
            )

    gc.freeze()
    compile_rules(project)  # warm-up: first calls compile regular expressions
    dump_reference()
    mac, libyaml = [], []
    for _ in range(options.repeat):
        started = time.perf_counter()
        compile_rules(project)
        mac.append(time.perf_counter() - started)

        started = time.perf_counter()
        dump_reference()
        libyaml.append(time.perf_counter() - started)
    result = {
        "mac": mac,
        "libyaml": libyaml,
        "load": load_seconds,
        "files": len(documents),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
