"""`mac push` to the fake Grafana against a sequential loop of uploads.

Every request to the fake waits LATENCY seconds first. The reference is a
plain loop of `requests.post` to /api/dashboards/db, one dashboard after
the other, run as `python -m bench.push --loop URL BUILD` so that, like
`mac push`, it runs in a process of its own while the fake serves from this
one.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from pathlib import Path

from bench.measure import (
    MAC,
    PYTHON,
    ROOT,
    WORK,
    BenchError,
    Sample,
    bench_env,
    ratios,
    run_process,
)
from bench.report_model import Row, Section

LATENCY = 0.02
FIRST_PUSH_TARGET = 0.2
CHANGED = 10
TOKEN_VARIABLE = "GRAFANA_TOKEN"
GENERAL = "general"  # the build's folder of dashboards outside any folder


def measure_push(definitions: Path, count: int, repeat: int) -> Section:
    section = Section(f"Push of {count} dashboards to the fake Grafana")
    first_name = f"`mac push`, first push of {count} ÷ sequential `requests.post` loop"
    if not (ROOT / "monitoring_as_code" / "commands" / "push.py").exists():
        section.skip(first_name, "mac push not available", f"≤ {FIRST_PUSH_TARGET}×")
        return section
    try:
        builds = _builds(definitions)
        first, again, loop, writes = _rounds(builds, repeat)
    except (BenchError, ImportError) as error:
        section.skip(first_name, str(error), f"≤ {FIRST_PUSH_TARGET}×")
        return section

    ratio = ratios(first, loop)
    section.rows.append(
        Row(
            first_name,
            f"{first.text('s')} vs {loop.text('s')}",
            ratio=ratio.text("×"),
            target=f"≤ {FIRST_PUSH_TARGET}×",
            met=ratio.median <= FIRST_PUSH_TARGET,
        )
    )
    section.rows.append(
        Row(
            f"`mac push` again with {CHANGED} dashboards changed ÷ the same loop",
            again.text("s"),
            ratio=ratios(again, loop).text("×"),
        )
    )
    section.rows.append(
        Row(
            f"writes of the push with {CHANGED} changed (fake's write_count)",
            ", ".join(str(int(value)) for value in writes.values),
            target=f"exactly {CHANGED}",
            met=all(value == CHANGED for value in writes.values),
        )
    )
    section.notes.append(
        f"Each request to the fake waits {LATENCY * 1000:.0f} ms. Every round starts "
        "a new fake for each side, so that the first push finds Grafana empty; the "
        "loop's fake has the folders already, `mac push` creates them. `mac push` "
        "runs where no definitions/ folder exists, so it does not compile the "
        f"definitions to check the build. {repeat} rounds."
    )
    return section


def _builds(definitions: Path) -> tuple[Path, Path]:
    """Build the dashboards, and a copy with CHANGED titles changed."""
    changed = WORK / "projects" / (definitions.name + "-changed")
    if changed.exists():
        shutil.rmtree(changed)
    shutil.copytree(definitions, changed, ignore=shutil.ignore_patterns("__pycache__"))
    first_file = changed / "dashboards_000.py"
    source = first_file.read_text()
    for index in range(CHANGED):
        title = f'"Bench dashboard {index:04d}"'
        if title not in source:
            raise BenchError(f"{first_file} does not define {title}")
        source = source.replace(title, f'"Bench dashboard {index:04d} (changed)"')
    first_file.write_text(source)

    outputs = []
    for folder in (definitions, changed):
        out = WORK / "out" / f"push-{folder.name}"
        run_process([MAC, "build", "--definitions", folder, "--out", out])
        outputs.append(out)
    return outputs[0], outputs[1]


def _rounds(
    builds: tuple[Path, Path], repeat: int
) -> tuple[Sample, Sample, Sample, Sample]:
    from tests.fake_grafana import FakeGrafana

    build, changed = builds
    first, again, loop, writes = Sample(), Sample(), Sample(), Sample()
    for _ in range(repeat):
        with FakeGrafana(latency=LATENCY) as fake:
            token = fake.add_token(role="Admin")
            for folder in json.loads((build / "grafana/folders.json").read_text())[
                "folders"
            ]:
                fake.seed_folder(
                    folder["uid"], folder["title"], folder["parentUid"] or ""
                )
            argv = [PYTHON, "-m", "bench.push", "--loop", fake.url, build]
            loop.add(
                run_process(
                    argv, cwd=ROOT, env=bench_env(**{TOKEN_VARIABLE: token})
                ).seconds
            )

        with FakeGrafana(latency=LATENCY) as fake:
            env = bench_env(**{TOKEN_VARIABLE: fake.add_token(role="Admin")})
            first.add(_push(fake.url, build, env))
            before = fake.write_count
            again.add(_push(fake.url, changed, env))
            writes.add(fake.write_count - before)
    return first, again, loop, writes


def _push(url: str, build: Path, env: dict[str, str]) -> float:
    # WORK has no definitions/ folder, so the build is pushed unchecked.
    argv = [MAC, "push", "--grafana-url", url, "--build", build]
    return run_process(argv, cwd=WORK, env=env).seconds


def upload_loop(url: str, build: Path) -> None:
    """Upload every built dashboard with one plain POST each, in sequence."""
    import requests

    headers = {"Authorization": f"Bearer {os.environ[TOKEN_VARIABLE]}"}
    for path in sorted((build / "grafana" / "dashboards").rglob("*.json")):
        folder = path.parent.name
        body = {
            "dashboard": json.loads(path.read_text()),
            "folderUid": "" if folder == GENERAL else folder,
            "overwrite": True,
        }
        response = requests.post(
            f"{url}/api/dashboards/db", json=body, headers=headers, timeout=30
        )
        response.raise_for_status()


def main() -> None:
    parser = argparse.ArgumentParser(description="The reference upload loop.")
    parser.add_argument("--loop", nargs=2, metavar=("URL", "BUILD"), required=True)
    options = parser.parse_args()
    url, build = options.loop
    upload_loop(url, Path(build))


if __name__ == "__main__":
    sys.exit(main())
