"""Load the two Projects to compare: the base ref and the working tree."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from monitoring_as_code.diff import git
from monitoring_as_code.errors import DefinitionError, DefinitionErrors, UsageError
from monitoring_as_code.load import load_project
from monitoring_as_code.model.project import Project
from monitoring_as_code.model.source import SourceLocation

HEAD_LABEL = "working tree"


class SideDefinitionErrors(DefinitionErrors):
    """Invalid definitions on one side of the diff, with that side named."""

    def __init__(self, side: str, errors: list[DefinitionError]) -> None:
        super().__init__(errors)
        self.side = side

    def __str__(self) -> str:
        details = "\n".join(error.render() for error in self.errors)
        return f"the definitions in {self.side} are invalid:\n{details}"

    def messages(self) -> list[str]:
        return [str(self)]


@dataclass
class Sides:
    """The base and head Projects and how to name them."""

    base: Project
    head: Project
    base_ref: str
    base_commit: str
    # Why the base is empty: the folder is missing or has no definition files.
    base_missing: str | None = None


def load_sides(definitions: str, base_ref: str) -> Sides:
    """Load `definitions` at `base_ref` and in the working tree.

    The base is an empty Project when the folder does not exist at that ref
    or contains no definition files there.
    """
    folder = Path(definitions)
    start = folder if folder.is_dir() else Path.cwd()
    root = git.repository_root(start)
    commit = git.resolve_commit(root, base_ref)
    relative = _repository_path(root, folder)

    head = _load_side(f"the {HEAD_LABEL}", folder, None)
    if not git.exists_at(root, commit, relative):
        return Sides(Project(), head, base_ref, commit, "does not exist")
    with git.worktree(root, commit) as checkout:
        base_folder = checkout / relative
        if not any(_definition_files(base_folder)):
            return Sides(Project(), head, base_ref, commit, "has no definition files")
        base = _load_side(f"base ref {base_ref}", base_folder, (checkout, base_ref))
    return Sides(base, head, base_ref, commit)


def _repository_path(root: Path, folder: Path) -> str:
    """Return the folder's path inside the repository, with '/' separators."""
    try:
        return folder.resolve().relative_to(root).as_posix()
    except ValueError:
        raise UsageError(
            f"definitions folder {str(folder)!r} is outside the git repository "
            f"{root}; pass a --definitions folder inside it"
        ) from None


def _definition_files(folder: Path):
    """Yield the files load_project would import."""
    if folder.is_dir():
        for path in folder.glob("*.py"):
            if not path.name.startswith("_") and path.is_file():
                yield path


def _load_side(side: str, folder: Path, checkout: tuple[Path, str] | None) -> Project:
    """Load one side; name the side in definition errors.

    `checkout` is the temporary worktree and its ref, so that paths in
    errors read `REF:definitions/file.py` instead of a deleted temp path.
    """
    try:
        return load_project(folder)
    except DefinitionErrors as error:
        errors = error.errors
    except DefinitionError as error:
        errors = [error]
    if checkout is not None:
        errors = [_relocate(error, *checkout) for error in errors]
    raise SideDefinitionErrors(side, errors)


def _relocate(error: DefinitionError, checkout: Path, ref: str) -> DefinitionError:
    prefix = str(checkout) + os.sep

    def rewrite(text: str) -> str:
        return text.replace(prefix, f"{ref}:")

    location = error.location
    if location is not None:
        location = SourceLocation(rewrite(location.path), location.line)
    return DefinitionError(rewrite(error.message), location, error.hint)
