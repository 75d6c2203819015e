"""`mac build`: golden output, determinism, atomicity and --check.

Set MAC_UPDATE_GOLDEN=1 to rewrite tests/golden/ from the current output.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from monitoring_as_code.compile import compile_project
from monitoring_as_code.errors import ExitCode
from monitoring_as_code.load import load_project
from tests.conftest import MINIMAL, ROOT

GOLDEN = Path(__file__).resolve().parent / "golden" / "minimal"


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_build_matches_golden(tmp_path: Path, run_mac):
    out = tmp_path / "build"
    result = run_mac("build", "--definitions", str(MINIMAL), "--out", str(out))
    assert result.exit_code == 0, result.output
    if os.environ.get("MAC_UPDATE_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        shutil.copytree(out, GOLDEN)
    built, golden = _tree(out), _tree(GOLDEN)
    assert sorted(built) == sorted(golden)
    for name in golden:
        assert built[name] == golden[name], f"{name} differs from tests/golden"


def test_build_summary_line(tmp_path: Path, run_mac):
    out = tmp_path / "build"
    result = run_mac("build", "--definitions", str(MINIMAL), "--out", str(out))
    assert result.output == (
        f"built 7 files in {out}: 2 metrics, 2 alerts, 1 recording rule, 1 dashboard\n"
    )


def test_build_is_deterministic(tmp_path: Path, run_mac):
    first, second = tmp_path / "first", tmp_path / "second"
    run_mac("build", "--definitions", str(MINIMAL), "--out", str(first))
    run_mac("build", "--definitions", str(MINIMAL), "--out", str(second))
    assert _tree(first) == _tree(second)


def test_platform_build_is_deterministic():
    project_a = load_project(ROOT / "definitions")
    project_b = load_project(ROOT / "definitions")
    assert compile_project(project_a) == compile_project(project_b)


def test_broken_definition_keeps_build(tmp_path: Path, minimal_project: Path, run_mac):
    out = tmp_path / "build"
    assert run_mac("build", "--definitions", str(minimal_project), "--out", str(out)).exit_code == 0
    before = _tree(out)
    catalog = minimal_project / "catalog.py"
    catalog.write_text(catalog.read_text().replace('"http_requests_total"', '"http_requests"'))

    result = run_mac("build", "--definitions", str(minimal_project), "--out", str(out))

    assert result.exit_code == ExitCode.INVALID_DEFINITIONS
    assert "counter 'http_requests' does not end in '_total'" in result.output
    assert "catalog.py:9" in result.output
    assert _tree(out) == before
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".")] == []


def test_failed_write_keeps_build(tmp_path: Path, monkeypatch):
    from monitoring_as_code.compile import writer

    out = tmp_path / "build"
    artifacts = compile_project(load_project(MINIMAL))
    writer.write_build(artifacts, out)
    before = _tree(out)

    def fail(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(writer, "_swap", fail)
    with pytest.raises(OSError):
        writer.write_build({"other.yml": b"x"}, out)
    assert _tree(out) == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["build"]


def test_every_invalid_definition_prefixed(tmp_path: Path, run_mac):
    definitions = tmp_path / "defs"
    definitions.mkdir()
    (definitions / "a.py").write_text("raise RuntimeError('broken')\n")
    (definitions / "b.py").write_text("print((\n")
    result = run_mac("build", "--definitions", str(definitions), "--out", str(tmp_path / "out"))
    assert result.exit_code == ExitCode.INVALID_DEFINITIONS
    errors = [line for line in result.output.splitlines() if not line.startswith("  ")]
    assert len(errors) == 2
    assert all(line.startswith("error: ") for line in errors)


def test_rebuild_keeps_unchanged_files(tmp_path: Path):
    from monitoring_as_code.compile import writer

    out = tmp_path / "build"
    artifacts = compile_project(load_project(MINIMAL))
    writer.write_build(artifacts, out)
    rules, dashboard = "prometheus/rules/api.yml", next(
        name for name in artifacts if name.startswith("grafana/dashboards/")
    )
    before = {name: os.stat(out / name) for name in (rules, dashboard)}

    changed = {**artifacts, dashboard: artifacts[dashboard].replace(b'"title"', b'"title" ', 1)}
    writer.write_build(changed, out)

    assert _tree(out) == {**changed, writer.MARKER: writer._MARKER_TEXT}
    unchanged = os.stat(out / rules)
    assert unchanged.st_ino == before[rules].st_ino
    assert unchanged.st_mtime_ns == before[rules].st_mtime_ns
    assert unchanged.st_nlink == 1
    assert os.stat(out / dashboard).st_ino != before[dashboard].st_ino


def test_rebuild_writes_linked_files_anew(tmp_path: Path):
    """A file also linked or symlinked from elsewhere is never shared."""
    from monitoring_as_code.compile import writer

    out = tmp_path / "build"
    artifacts = compile_project(load_project(MINIMAL))
    writer.write_build(artifacts, out)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.link(out / "prometheus/prometheus.yml", elsewhere / "prometheus.yml")
    rules = out / "prometheus/rules/api.yml"
    (elsewhere / "api.yml").write_bytes(rules.read_bytes())
    rules.unlink()
    rules.symlink_to(elsewhere / "api.yml")

    writer.write_build(artifacts, out)

    for name in ("prometheus.yml", "api.yml"):
        assert os.stat(elsewhere / name).st_nlink == 1
    assert not rules.is_symlink()
    assert _tree(out) == {**artifacts, writer.MARKER: writer._MARKER_TEXT}


def test_removed_dashboard_disappears(tmp_path: Path, minimal_project: Path, run_mac):
    out = tmp_path / "build"
    run_mac("build", "--definitions", str(minimal_project), "--out", str(out))
    (minimal_project / "dashboards.py").unlink()
    run_mac("build", "--definitions", str(minimal_project), "--out", str(out))
    assert not (out / "grafana").exists()


def test_foreign_folder_not_replaced(tmp_path: Path, run_mac):
    out = tmp_path / "docs"
    out.mkdir()
    (out / "notes.md").write_text("mine")
    result = run_mac("build", "--definitions", str(MINIMAL), "--out", str(out))
    assert result.exit_code == ExitCode.USAGE_ERROR
    assert "was not written by mac" in result.output
    assert (out / "notes.md").read_text() == "mine"


def test_check_up_to_date(tmp_path: Path, run_mac):
    out = tmp_path / "build"
    run_mac("build", "--definitions", str(MINIMAL), "--out", str(out))
    result = run_mac("build", "--check", "--definitions", str(MINIMAL), "--out", str(out))
    assert result.exit_code == 0
    assert result.output == f"{out} is up to date (7 files)\n"


def test_check_lists_stale_files(tmp_path: Path, run_mac):
    out = tmp_path / "build"
    run_mac("build", "--definitions", str(MINIMAL), "--out", str(out))
    (out / "prometheus/rules/api.yml").write_text("edited by hand\n")
    (out / "grafana/folders.json").unlink()
    (out / "extra.yml").write_text("x")
    before = _tree(out)

    result = run_mac("build", "--check", "--definitions", str(MINIMAL), "--out", str(out))

    assert result.exit_code == ExitCode.PROBLEMS_FOUND
    assert f"changed: {out}/prometheus/rules/api.yml" in result.output
    assert f"missing: {out}/grafana/folders.json" in result.output
    assert f"not generated: {out}/extra.yml" in result.output
    assert f"run `mac build --definitions {MINIMAL} --out {out}`" in result.output
    assert _tree(out) == before


def test_committed_build_is_current(run_mac, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = run_mac("build", "--check")
    assert result.exit_code == 0, result.output


def test_symlinked_output_folder_followed(tmp_path: Path):
    from monitoring_as_code.compile import writer

    artifacts = compile_project(load_project(MINIMAL))
    real, link = tmp_path / "real", tmp_path / "link"
    writer.write_build(artifacts, real)
    link.symlink_to(real)
    changed = {**artifacts, "prometheus/prometheus.yml": b"global: {}\n"}

    writer.write_build(changed, link)

    assert link.is_symlink()
    assert _tree(real) == {**changed, writer.MARKER: writer._MARKER_TEXT}
    assert all(os.stat(path).st_nlink == 1 for path in real.rglob("*") if path.is_file())
    assert sorted(path.name for path in tmp_path.iterdir()) == ["link", "real"]
