"""Read the base side of a diff from git without touching the user's checkout.

The base ref is checked out into a temporary `git worktree` with a detached
HEAD, so no branch is created and the user's index and files stay as they
are. The worktree is removed when the block ends, also on errors.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from monitoring_as_code.errors import ToolError, UsageError


def run_git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run git and return the result; raise ToolError when git is missing."""
    try:
        return subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, text=True, check=False
        )
    except FileNotFoundError:
        raise ToolError(
            "git not found: install git and put it on PATH, because mac diff "
            "reads the base ref from the repository"
        ) from None


def repository_root(path: Path) -> Path:
    """Return the top folder of the work tree containing `path`."""
    result = run_git(["rev-parse", "--show-toplevel"], path)
    if result.returncode != 0:
        raise ToolError(
            f"{path} is not in a git repository ({_first_line(result.stderr)}); "
            "run mac diff inside the repository of the definitions"
        )
    return Path(result.stdout.strip()).resolve()


def resolve_commit(root: Path, ref: str) -> str:
    """Return the commit id `ref` names; raise UsageError when it does not exist."""
    if ref.startswith("-"):
        raise UsageError(f"invalid base ref {ref!r}: a ref cannot start with '-'")
    result = run_git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], root)
    if result.returncode != 0:
        raise UsageError(
            f"base ref {ref!r} not found in {root}; pass an existing branch, tag "
            "or commit to --base, or fetch it first (git fetch origin)"
        )
    return result.stdout.strip()


def exists_at(root: Path, commit: str, relative: str) -> bool:
    """Tell whether `relative` (a repository path) exists in `commit`."""
    spec = f"{commit}:{relative}" if relative != "." else f"{commit}:"
    return run_git(["cat-file", "-e", spec], root).returncode == 0


@contextlib.contextmanager
def worktree(root: Path, commit: str) -> Iterator[Path]:
    """Check out `commit` into a temporary worktree and yield its folder.

    Hooks are turned off for the checkout, so a post-checkout hook of the
    repository does not run on the temporary copy.
    """
    parent = Path(tempfile.mkdtemp(prefix="mac-diff-")).resolve()
    folder = parent / "base"
    try:
        result = run_git(
            [
                "-c",
                f"core.hooksPath={os.devnull}",
                "worktree",
                "add",
                "--detach",
                "--quiet",
                str(folder),
                commit,
            ],
            root,
        )
        if result.returncode != 0:
            raise ToolError(
                f"git worktree add failed for commit {commit[:12]}: "
                f"{_first_line(result.stderr)}; check that {root}/.git is "
                "writable, and run `git worktree prune` if a stale worktree is listed"
            )
        yield folder
    finally:
        _remove_worktree(root, folder)
        shutil.rmtree(parent, ignore_errors=True)


def _remove_worktree(root: Path, folder: Path) -> None:
    removed = run_git(["worktree", "remove", "--force", str(folder)], root)
    if removed.returncode != 0:
        # The folder may be half-created; delete it and let git forget it.
        shutil.rmtree(folder, ignore_errors=True)
        run_git(["worktree", "prune"], root)


def _first_line(text: str) -> str:
    lines = text.strip().splitlines()
    return lines[0] if lines else "no error output"
