"""Every check has an ID-named module, a docstring, a doc row and a test file."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from monitoring_as_code.checks import REGISTRY

ROOT = Path(__file__).resolve().parents[2]
DOCS = (ROOT / "docs" / "lint.md").read_text()


@pytest.mark.parametrize("check_id", sorted(REGISTRY))
def test_module_named_after_id(check_id):
    module = REGISTRY[check_id].__module__
    assert module.rsplit(".", 1)[1] == check_id.replace("/", "_").replace("-", "_")


@pytest.mark.parametrize("check_id", sorted(REGISTRY))
def test_docstring_starts_with_id(check_id):
    doc = sys.modules[REGISTRY[check_id].__module__].__doc__
    assert doc.startswith(f"{check_id}: ")


@pytest.mark.parametrize("check_id", sorted(REGISTRY))
def test_documented_in_docs(check_id):
    assert f"| `{check_id}` |" in DOCS


@pytest.mark.parametrize("check_id", sorted(REGISTRY))
def test_has_a_test_file(check_id):
    name = check_id.replace("/", "_").replace("-", "_")
    assert (Path(__file__).parent / f"test_{name}.py").is_file()


def test_docs_list_no_unknown_check():
    rows = [line for line in DOCS.splitlines() if line.startswith("| `")]
    documented = {row.split("`")[1] for row in rows}
    assert documented == set(REGISTRY)
