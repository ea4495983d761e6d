# PYTHON_ARGCOMPLETE_OK  (shell completion with the extra 'completion': docs/cli.md)
"""``python -m medins_rules`` and the ``medins-rules`` command: the command line in a process of its own.

A fresh process imports the command line (modules, model classes and their schemas, tens of
thousands of objects that live until it exits), decides, and exits. Python's cyclic garbage
collector would traverse those objects again and again and find no garbage among them: at each of
its collections while they are built, and in the passes it makes as the interpreter shuts down,
which took about a fifth of the time of a process deciding one case. So the collector is paused
while the command line is imported, what the import built is frozen (:func:`gc.freeze`: set aside
from the collector's passes, as it lives until the process ends anyway), and the collector runs as
usual while the command works (a run over a file of cases, a service); at exit, what is left is
frozen too, so that the shutdown does not traverse it (the operating system reclaims the memory).

Nothing else changes: :func:`medins_rules.interfaces.cli.main` is the command line, and callers
that run it in their own process (tests, scripts) keep their collector as it is.
"""

from __future__ import annotations

import gc

__all__ = ["main"]


def main() -> int:
    """Run the command line with the arguments of this process; returns the exit status."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        from medins_rules.interfaces.cli import main as command_line

        gc.freeze()
    finally:
        if enabled:
            gc.enable()
    try:
        return command_line()
    finally:
        gc.freeze()  # exiting: spare the shutdown a traversal of everything still alive


if __name__ == "__main__":
    raise SystemExit(main())
