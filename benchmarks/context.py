"""What one benchmark run shares: its options, its scratch folder, the reference version, and the
figures, targets and notes it collects."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .baseline import Baseline


@dataclass
class Context:
    quick: bool
    rules: list[str]
    scratch: Path
    openfisca: bool = True
    sizes: list[int] | None = None
    baseline_ref: str = "9e073be"
    nightly_args: list[str] = field(default_factory=list)
    batch_args: str | None = None
    results: dict[str, Any] = field(default_factory=dict)
    targets: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    stack: contextlib.ExitStack = field(default_factory=contextlib.ExitStack)
    _baseline: Baseline | None = None

    def baseline(self) -> Baseline:
        """The reference version, checked out on first use (removed when the run ends)."""
        if self._baseline is None:
            self._baseline = self.stack.enter_context(Baseline(self.baseline_ref))
            self.log(f"reference version {self.baseline_ref} ({self._baseline.commit[:10]})")
        return self._baseline

    def target(
        self, workload: str, what: str, measured: float, goal: str, met: bool, unit: str = ""
    ) -> None:
        self.targets.append(
            {
                "workload": workload,
                "target": what,
                "measured": round(measured, 3),
                "unit": unit,
                "goal": goal,
                "met": met,
            }
        )
        shown = f"{measured:,.0f}" if abs(measured) >= 1_000 else f"{measured:.3g}"
        self.log(f"  [{'met ' if met else 'MISS'}] {what}: {shown}{unit} (goal {goal})")

    def note(self, text: str) -> None:
        self.notes.append(text)
        self.log(f"  note: {text}")

    def log(self, text: str) -> None:
        print(text, flush=True)
