"""What the installed command line offers, read from its help, and the modes measured with it.

The nightly and batch workloads run ``medins-rules evaluate`` as a user would. Which output modes
and input formats it has changes as the command grows, so the benchmark reads ``evaluate --help``
and measures every mode the command offers: the modes in :data:`NIGHTLY_MODES` whose options it
has, every choice of an ``--output`` option, and any given with ``--nightly-args``.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

NIGHTLY_MODES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("full decisions", ()),
    ("compact rows", ("--output", "compact")),
    ("compact rows", ("--compact",)),
    ("CSV rows", ("--format", "csv")),
)
"""The nightly modes the benchmark knows: a label and the arguments after ``evaluate RULE FILE``.
A mode is measured when the command has each option (and the value among its choices)."""

BATCH_FORMATS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("CSV", ("--format", "csv")),
    ("CSV", ("--output", "csv")),
    ("JSON lines", ()),
)
"""The analyst batch's output, the first the command offers (CSV once it has it)."""

_OPTION = re.compile(r"(?<![\w-])(--[a-z][a-z0-9-]*)(?:[ =](\{[^}]*\}|[A-Z][A-Z_]*))?")


def command() -> list[str]:
    """The command line of ``medins-rules`` beside this interpreter (else ``python -m``)."""
    script = Path(sys.executable).with_name("medins-rules")
    return [str(script)] if script.exists() else [sys.executable, "-m", "medins_rules"]


def evaluate_help(cli: Sequence[str] | None = None) -> str:
    """The text of ``medins-rules evaluate --help``."""
    done = subprocess.run(
        [*(cli or command()), "evaluate", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


@dataclass(frozen=True)
class Options:
    """The options of ``evaluate``: each with its choices (empty for a flag or a free value)."""

    choices: dict[str, tuple[str, ...]]
    text: str

    @classmethod
    def parse(cls, text: str) -> Options:
        found: dict[str, tuple[str, ...]] = {}
        for name, value in _OPTION.findall(text):
            values = tuple(value.strip("{}").split(",")) if value.startswith("{") else ()
            found[name] = found.get(name) or values
        return cls(found, text)

    def offers(self, args: Sequence[str]) -> bool:
        """Whether every option in ``args`` exists, with its value among its choices."""
        for i, arg in enumerate(args):
            if not arg.startswith("--"):
                continue
            name = arg.split("=", 1)[0]
            if name not in self.choices:
                return False
            value = arg.split("=", 1)[1] if "=" in arg else None
            if value is None and i + 1 < len(args) and not args[i + 1].startswith("--"):
                value = args[i + 1]
            if self.choices[name] and value is not None and value not in self.choices[name]:
                return False
        return True

    @property
    def reads_parquet(self) -> bool:
        """Whether the help speaks of Parquet input."""
        return "parquet" in self.text.lower()


def nightly_modes(
    options: Options, extra: Sequence[str] = ()
) -> tuple[list[tuple[str, tuple[str, ...]]], list[str]]:
    """The nightly modes to measure (known ones the command offers, every ``--output`` choice, and
    the extra argument strings given, each split as a shell would), and the extra ones skipped
    because the command does not offer them."""
    modes: list[tuple[str, tuple[str, ...]]] = []
    skipped: list[str] = []
    seen: set[tuple[str, ...]] = set()

    def add(label: str, args: tuple[str, ...]) -> None:
        if args not in seen:
            seen.add(args)
            modes.append((label, args))

    for label, args in NIGHTLY_MODES:
        if options.offers(args):
            add(label, args)
    for choice in options.choices.get("--output", ()):
        if choice not in ("full", "decisions", "json"):
            add(f"--output {choice}", ("--output", choice))
    for text in extra:
        args = tuple(shlex.split(text))
        if options.offers(args):
            add(" ".join(args) or "full decisions", args)
        else:
            skipped.append(text)
    return modes, skipped


def batch_format(options: Options, override: str | None = None) -> tuple[str, tuple[str, ...]]:
    """The analyst batch's output: ``override`` (arguments) if given, else the first the command
    offers of :data:`BATCH_FORMATS`."""
    if override is not None:
        args = tuple(shlex.split(override))
        return " ".join(args) or "JSON lines", args
    for label, args in BATCH_FORMATS:
        if options.offers(args):
            return label, args
    return BATCH_FORMATS[-1]
