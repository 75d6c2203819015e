"""Shared fixtures: paths, a CLI runner, and a copy of the minimal project."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from monitoring_as_code.cli import main

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINIMAL = FIXTURES / "minimal"


@pytest.fixture
def run_mac():
    """Run `mac ARGS...` in-process; return click's Result."""
    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(main, list(args), catch_exceptions=False)

    return run


@pytest.fixture
def minimal_project(tmp_path: Path) -> Path:
    """A writable copy of the minimal definitions."""
    target = tmp_path / "definitions"
    shutil.copytree(MINIMAL, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def write_definitions(folder: Path, **files: str) -> Path:
    """Write definition files given as name=source into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, source in files.items():
        (folder / f"{name}.py").write_text(source)
    return folder
