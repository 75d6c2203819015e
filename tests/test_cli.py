"""The command line: help, the README's command and exit-code tables."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

from monitoring_as_code.cli import COMMANDS
from monitoring_as_code.errors import ExitCode
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text()


def test_help_lists_every_command(run_mac):
    result = run_mac("--help")
    assert result.exit_code == 0
    for name, (_, summary) in COMMANDS.items():
        assert f"{name}  " in result.output
        assert summary in result.output


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_command_help_has_example(run_mac, name):
    result = run_mac(name, "--help")
    assert result.exit_code == 0, result.output
    assert "Example" in result.output


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_readme_documents_command(name):
    assert re.search(rf"^\| `mac {name}\b", README, re.MULTILINE), f"mac {name} not in README"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_readme_options_exist(run_mac, name):
    """Every option the README shows for a command is in its --help."""
    row = re.search(rf"^\| `mac {name}\b([^`]*)`", README, re.MULTILINE)
    help_text = run_mac(name, "--help").output
    for option in re.findall(r"--[a-z][a-z-]*", row.group(1)):
        assert option in help_text, f"{option} of mac {name} is not in --help"


def test_readme_exit_codes_match():
    table = dict(re.findall(r"^\| (\d+) \| ((?:[^|]|\\\|)+) \|$", README, re.MULTILINE))
    assert sorted(int(code) for code in table) == sorted(code.value for code in ExitCode)


def test_unknown_command_is_usage_error(run_mac):
    result = run_mac("buidl")
    assert result.exit_code == ExitCode.USAGE_ERROR
    assert "No such command 'buidl'" in result.output


def test_help_imports_no_heavy_module():
    code = (
        "import sys; from monitoring_as_code.cli import main\n"
        "try:\n    main.main(['--help'], standalone_mode=False)\nexcept SystemExit:\n    pass\n"
        "heavy = {'yaml', 'grafanalib', 'jsonschema', 'requests', 'orjson', 'promql_parser'}\n"
        "print(sorted(heavy & set(sys.modules)))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_readme_examples_build(tmp_path, run_mac):
    """The definitions the README shows load, build and pass their tests."""
    blocks = re.findall(r"```python\n# definitions/(\w+)\.py\n(.*?)```", README, re.DOTALL)
    assert [name for name, _ in blocks] == ["catalog", "alerts", "alertmanager", "dashboards"]
    definitions = tmp_path / "definitions"
    definitions.mkdir()
    for name, source in blocks:
        (definitions / f"{name}.py").write_text(source)
    built = run_mac("build", "--definitions", str(definitions), "--out", str(tmp_path / "build"))
    assert built.exit_code == 0, built.output
    if shutil.which("promtool") and shutil.which("amtool"):
        tested = run_mac("test", "--definitions", str(definitions))
        assert tested.exit_code == 0, tested.output


def _script_path() -> str:
    script = shutil.which("mac", path=str(ROOT / ".venv/bin")) or shutil.which("mac")
    assert script, "the mac script is not installed; run .ci/setup"
    return script


def _script(*args: str, cwd=ROOT) -> subprocess.CompletedProcess:
    """Run the installed `mac` script, which ends through exit_without_teardown."""
    return subprocess.run([_script_path(), *args], cwd=cwd, capture_output=True, text=True)


def test_script_exit_codes_and_output():
    listed = _script("lint", "--format", "json")
    assert listed.returncode == ExitCode.OK, listed.stderr
    # Piped output is flushed whole before the process ends.
    assert listed.stdout.rstrip().endswith("}")
    assert '"problems"' in listed.stdout

    usage = _script("buidl")
    assert usage.returncode == ExitCode.USAGE_ERROR
    assert "No such command 'buidl'" in usage.stderr


def test_script_reports_invalid_definitions(tmp_path):
    (tmp_path / "definitions").mkdir()
    (tmp_path / "definitions/catalog.py").write_text(
        "from monitoring_as_code import Counter\nCounter('http_requests', 'Requests.')\n"
    )
    result = _script("build", cwd=tmp_path)
    assert result.returncode == ExitCode.INVALID_DEFINITIONS
    assert "definitions/catalog.py:2" in result.stderr
    assert not (tmp_path / "build").exists()


@pytest.mark.parametrize(
    ("code", "status", "stderr"), [("3", 3, ""), ("None", 0, ""), ("'failed'", 1, "failed\n")]
)
def test_exit_without_teardown(code, status, stderr):
    program = (
        "import atexit\n"
        "from monitoring_as_code.cli import exit_without_teardown\n"
        "atexit.register(lambda: print('handler ran'))\n"
        "print('output', end=' ')\n"
        f"exit_without_teardown({code})\n"
    )
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True)
    assert result.returncode == status
    assert result.stdout == "output handler ran\n"
    assert result.stderr == stderr


def test_closed_pipe_exits_141():
    script = _script_path()
    # `true` exits without reading, so the lint report meets a closed pipe.
    result = subprocess.run(
        ["bash", "-c", f"set -o pipefail; '{script}' lint --format json | true"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == ExitCode.BROKEN_PIPE, result.stderr
    assert "Traceback" not in result.stderr
