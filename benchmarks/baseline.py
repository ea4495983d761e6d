"""A reference version of the package, checked out beside the current one for a run.

``git worktree add --detach`` of the reference into a temporary folder; a process runs that version
with its ``src`` first on ``PYTHONPATH`` (the current version likewise with its own ``src``, so the
two are started the same way). The worktree is removed when the run ends.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from types import TracebackType

REPOSITORY = Path(__file__).resolve().parent.parent
DEFAULT_REF = "9e073be"
"""The version before the work on the engine's speed (the start-up target's "today")."""


def environment(src: Path) -> dict[str, str]:
    """The environment of a process that runs the package from ``src``.

    Bytecode is written even where the caller's environment says not to (``PYTHONDONTWRITEBYTECODE``):
    the warm-up run of each version writes its bytecode, so that the timed runs start as an installed
    package does; without it a fresh checkout of the reference compiles every module on every run.
    """
    skip = {"PYTHONPATH", "PYTHONDONTWRITEBYTECODE"}
    env = {k: v for k, v in os.environ.items() if k not in skip}
    env["PYTHONPATH"] = str(src)
    return env


class Baseline:
    """``with Baseline(ref) as base:`` ``base.src`` is the reference's ``src``; ``base.commit`` its
    commit."""

    def __init__(self, ref: str = DEFAULT_REF) -> None:
        self.ref = ref
        self.folder = Path(tempfile.mkdtemp(prefix="medins-baseline-"))
        self.tree = self.folder / "tree"
        self.commit = ""

    @property
    def src(self) -> Path:
        return self.tree / "src"

    def __enter__(self) -> Baseline:
        self.commit = _git("rev-parse", "--verify", f"{self.ref}^{{commit}}").strip()
        _git("worktree", "add", "--detach", "--quiet", str(self.tree), self.commit)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        try:
            _git("worktree", "remove", "--force", str(self.tree))
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
            _git("worktree", "prune")


CURRENT_SRC = REPOSITORY / "src"


def current_commit() -> str:
    """The current checkout's commit (with ``+changes`` when its tree differs from it)."""
    commit = _git("rev-parse", "--short", "HEAD").strip()
    dirty = _git("status", "--porcelain", "--untracked-files=no", "--", "src").strip()
    return commit + ("+changes" if dirty else "")


def _git(*args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(REPOSITORY), *args], capture_output=True, text=True, check=True
    )
    return done.stdout
