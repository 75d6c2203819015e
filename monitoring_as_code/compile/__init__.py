"""Compile a Project into build artifacts: `{relative path: bytes}`.

Each target module is a pure function of the model, so the writer can make
the build atomic and deterministic in one place, and `mac build --check` is
a comparison of the same mapping with the disk.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

from monitoring_as_code.model.project import Project


def compile_project(project: Project) -> dict[str, bytes]:
    with _gc_frozen():
        return _compile(project)


@contextlib.contextmanager
def _gc_frozen() -> Iterator[None]:
    """Keep the garbage collector from rescanning the loaded definitions.

    Compiling allocates millions of short-lived objects (YAML nodes above
    all), and every collection of the oldest generation walks every object
    alive, including the whole model. Moving the model to the permanent
    generation first cut the compile of bench/'s 10,000 alerts from about
    10 s to about 6.5 s on a 2-core AMD EPYC. New objects are still
    collected as usual.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _compile(project: Project) -> dict[str, bytes]:
    from monitoring_as_code.compile.alertmanager import compile_alertmanager
    from monitoring_as_code.compile.dashboards import compile_dashboards
    from monitoring_as_code.compile.prometheus_config import compile_prometheus_config
    from monitoring_as_code.compile.rules import compile_rules
    from monitoring_as_code.compile.tests import compile_tests

    artifacts: dict[str, bytes] = {}
    for compiler in (
        compile_rules,
        compile_tests,
        compile_prometheus_config,
        compile_alertmanager,
        compile_dashboards,
    ):
        artifacts.update(compiler(project))
    return dict(sorted(artifacts.items()))
