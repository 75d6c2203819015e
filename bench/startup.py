"""`mac --help` start-up against a bare Python start-up."""

from __future__ import annotations

import re

from bench.measure import (
    MAC,
    PYTHON,
    BenchError,
    Sample,
    differences,
    ratios,
    run_process,
)
from bench.report_model import Row, Section

TARGET_MS = 60.0
# Modules that `mac --help` must not import: each is needed by one command.
HEAVY_MODULES = (
    "grafanalib",
    "yaml",
    "orjson",
    "jsonschema",
    "requests",
    "promql_parser",
)
_IMPORT_LINE = re.compile(r"^import time:\s+\d+ \|\s+\d+ \|\s*(?P<module>\S+)$")


def measure_startup(repeat: int) -> Section:
    section = Section("Start-up")
    mac, bare = Sample(), Sample()
    try:
        for _ in range(2):  # warm-up: bytecode cache and file cache
            run_process([MAC, "--help"])
            run_process([PYTHON, "-c", "pass"])
        for _ in range(repeat):
            bare.add(run_process([PYTHON, "-c", "pass"]).seconds)
            mac.add(run_process([MAC, "--help"]).seconds)
        heavy = heavy_imports()
    except BenchError as error:
        section.skip(
            "`mac --help` − `python -c pass`", str(error), f"≤ {TARGET_MS:g} ms"
        )
        return section

    extra = differences(mac, bare)
    ratio = ratios(mac, bare).text("×", digits=1)
    section.rows.append(
        Row(
            "`mac --help` − `python -c pass`",
            f"{mac.text('ms', 1000, 0)} vs {bare.text('ms', 1000, 0)}",
            ratio=f"+{extra.text('ms', 1000, 0)}; {ratio}",
            target=f"≤ +{TARGET_MS:g} ms",
            met=extra.median * 1000 <= TARGET_MS,
        )
    )
    section.rows.append(
        Row(
            "heavy modules imported by `mac --help` (python -X importtime)",
            ", ".join(heavy) if heavy else "none",
            target="none",
            met=not heavy,
        )
    )
    section.notes.append(
        f"{repeat} alternating runs of each. The modules checked are "
        f"{', '.join(HEAVY_MODULES)}."
    )
    return section


def heavy_imports() -> list[str]:
    """Return the top-level heavy modules that `mac --help` imports."""
    run = run_process([PYTHON, "-X", "importtime", MAC, "--help"])
    imported = set()
    for line in run.stdout.splitlines():
        match = _IMPORT_LINE.match(line)
        if match is not None:
            imported.add(match.group("module").partition(".")[0])
    return sorted(imported & set(HEAVY_MODULES))
