"""Start-up: a fresh process deciding one case from the command line, against a reference version.

``python -m medins_rules evaluate deadlines.reimbursement_filing case.json`` with the current
``src`` first on ``PYTHONPATH``, and the same with the reference version's ``src`` (checked out with
``git worktree``), in turns, with the bare interpreter (``python -c pass``) as the floor. Each after a
warm-up run (bytecode written), so both start as an installed package does.
"""

from __future__ import annotations

import json
import statistics
import sys
from collections.abc import Callable

from .baseline import CURRENT_SRC, REPOSITORY, environment
from .context import Context
from .measure import Process, checked, processes_in_turns, run_process

CASE = {
    "payment_date": "2025-03-10",
    "treatment": "hospitalisation",
    "evaluation_date": "2025-09-10",
}


def run(ctx: Context) -> None:
    rounds = 15 if ctx.quick else 25
    base = ctx.baseline()
    case = ctx.scratch / "startup-case.json"
    case.write_text(json.dumps(CASE), "utf-8")
    argv = [
        sys.executable,
        "-m",
        "medins_rules",
        "evaluate",
        "deadlines.reimbursement_filing",
        str(case),
    ]
    ctx.log(f"\n== start-up: one case from the command line, {rounds} runs each, in turns")

    def process(args: list[str], env: dict[str, str] | None, what: str) -> Callable[[], Process]:
        return lambda: checked(run_process(args, env=env, cwd=REPOSITORY), what)

    turns = processes_in_turns(
        {
            "reference": process(argv, environment(base.src), "reference"),
            "current": process(argv, environment(CURRENT_SRC), "current"),
            "interpreter": process([sys.executable, "-c", "pass"], None, "python"),
        },
        rounds,
    )
    out = {
        name: {
            "median_ms": statistics.median(p.seconds for p in done) * 1e3,
            "best_ms": min(p.seconds for p in done) * 1e3,
            "cpu_ms": statistics.median(p.cpu_seconds for p in done) * 1e3,
            "peak_mb": max(p.peak_mb for p in done),
            "runs": len(done),
        }
        for name, done in turns.items()
    }
    ratio = out["current"]["median_ms"] / out["reference"]["median_ms"]
    ctx.results["startup"] = {
        **out,
        "ratio": ratio,
        "reference_ref": ctx.baseline_ref,
        "reference_commit": base.commit,
        "command": "python -m medins_rules evaluate deadlines.reimbursement_filing case.json",
    }
    for name, measured in out.items():
        ctx.log(
            f"  {name:12} {measured['median_ms']:7.1f} ms median (best {measured['best_ms']:.1f}; "
            f"CPU {measured['cpu_ms']:.0f} ms), {measured['peak_mb']:.0f} MB"
        )
    ctx.target(
        "startup",
        f"one case from the command line against {ctx.baseline_ref}",
        ratio,
        "<= 0.5",
        ratio <= 0.5,
        "x",
    )
