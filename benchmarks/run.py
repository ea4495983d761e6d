"""The benchmark: the three workloads users run, each figure paired with its peers in one run.

    .venv/bin/pip install -e '.[bench,columnar]'
    .venv/bin/python -m benchmarks.run --quick          # a few minutes
    .venv/bin/python -m benchmarks.run                  # the full run (the 1M nightly files: long)
    .venv/bin/python -m benchmarks.run --workloads service,startup --rules deadlines
    .venv/bin/python -m benchmarks.report benchmarks/results/<time>.json   # the Markdown tables

Workloads (``--workloads``, all by default):

* ``service``: one request at a time, JSON in, decision JSON out, every rule, on records the process
  has not seen (:mod:`benchmarks.service`);
* ``batch``: the analyst batch, 5,000 mixed cases through ``medins-rules evaluate`` in fresh
  processes (:mod:`benchmarks.files`);
* ``nightly``: the deadline rules' nightly files (10k, 100k, 1M lines) through the command, end to
  end, with peak memory, in every output mode the command offers (:mod:`benchmarks.files`);
* ``columnar``: the columnar path against a plain numpy table look-up and OpenFisca
  (:mod:`benchmarks.columns`);
* ``startup``: a fresh process deciding one case, against a reference version (``--baseline-ref``)
  (:mod:`benchmarks.startup`).

Each figure runs in turns with its peers (the bare hand-written decider, the parse floor, the
reference version): the machine is shared, so the ratios within one run are what count. Medians are
reported, with the best beside them. The run writes ``benchmarks/results/<time>.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shlex
import sys
import tempfile
import time
from pathlib import Path

from medins_rules.engine import catalogue

from . import caches, columns, files, service, startup
from .baseline import DEFAULT_REF, current_commit
from .context import Context

RESULTS = Path(__file__).resolve().parent / "results"
WORKLOADS = {
    "service": service.run,
    "batch": files.batch,
    "nightly": files.nightly,
    "columnar": columns.run,
    "startup": startup.run,
}


def _sizes(text: str) -> list[int]:
    out = []
    for part in text.split(","):
        part = part.strip().lower().replace("_", "")
        scale = {"k": 1_000, "m": 1_000_000}.get(part[-1:], 1)
        out.append(int(float(part.rstrip("km")) * scale))
    return out


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n")[0])
    p.add_argument("--quick", action="store_true", help="fewer and smaller repetitions (minutes)")
    p.add_argument(
        "--workloads",
        default=",".join(WORKLOADS),
        help=f"comma-separated, of: {', '.join(WORKLOADS)} (default: all)",
    )
    p.add_argument(
        "--rules",
        default="",
        help="comma-separated: only the rules whose name contains any of these",
    )
    p.add_argument(
        "--sizes",
        type=_sizes,
        default=None,
        help="record counts of the nightly and columnar workloads, e.g. 10k,100k,1m",
    )
    p.add_argument("--no-openfisca", action="store_true", help="leave out the OpenFisca peer")
    p.add_argument(
        "--baseline-ref",
        default=DEFAULT_REF,
        help=f"the reference version (a git ref) for start-up and the 'today' ratios "
        f"(default {DEFAULT_REF})",
    )
    p.add_argument(
        "--nightly-args",
        action="append",
        default=[],
        metavar="ARGS",
        help="extra arguments of `medins-rules evaluate` to measure as a nightly mode (may be "
        "repeated), e.g. '--output compact'; measured when the command offers them",
    )
    p.add_argument(
        "--batch-args",
        default=None,
        metavar="ARGS",
        help="the analyst batch's output arguments (default: CSV when the command offers it, "
        "else JSON lines)",
    )
    p.add_argument("--out", type=Path, default=RESULTS, help="where the results JSON goes")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    chosen = [w.strip() for w in args.workloads.split(",") if w.strip()]
    unknown = sorted(set(chosen) - set(WORKLOADS))
    if unknown:
        parser().error(f"unknown workloads: {', '.join(unknown)}")
    wanted = [w.strip() for w in args.rules.split(",") if w.strip()]
    rules = [r for r in catalogue.rules() if not wanted or any(w in r for w in wanted)]
    if not rules:
        parser().error(f"no rule matches {args.rules!r}")
    started = time.perf_counter()
    load_before = os.getloadavg()
    stamp = dt.datetime.now(dt.UTC)
    with tempfile.TemporaryDirectory(prefix="medins-bench-") as scratch:
        ctx = Context(
            quick=args.quick,
            rules=rules,
            scratch=Path(scratch),
            openfisca=not args.no_openfisca,
            sizes=args.sizes,
            baseline_ref=args.baseline_ref,
            nightly_args=args.nightly_args,
            batch_args=args.batch_args,
        )
        print(
            f"medins-rules benchmark: {platform.python_implementation()} "
            f"{platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPU(s), load "
            f"{load_before[0]:.1f}; {'quick' if args.quick else 'full'} run of "
            f"{', '.join(chosen)} on {len(rules)} rule(s)",
            flush=True,
        )
        with ctx.stack:
            for name in chosen:
                WORKLOADS[name](ctx)
    load_after = os.getloadavg()
    results = {
        "when": stamp.isoformat(timespec="seconds"),
        "command": "python -m benchmarks.run " + shlex.join(sys.argv[1:] if argv is None else argv),
        "quick": args.quick,
        "workloads": chosen,
        "rules": rules,
        "commit": current_commit(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "load": {"start": list(load_before), "end": list(load_after)},
        "seconds": round(time.perf_counter() - started, 1),
        "baseline_ref": args.baseline_ref,
        "caches_policy": (
            "service figures: a fresh pool every repetition (no record decided twice in the "
            "process) and every bounded cache of the package cleared before it, but the "
            "calendar's year tables; unbounded ones (tables read once) kept"
        ),
        "caches": caches.inventory(),
        **ctx.results,
        "targets": ctx.targets,
        "notes": ctx.notes,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"{stamp.strftime('%Y%m%dT%H%M%SZ')}.json"
    path.write_text(json.dumps(results, indent=2, default=str), "utf-8")
    missed = sum(not t["met"] for t in ctx.targets)
    print(
        f"\n{len(ctx.targets) - missed} of {len(ctx.targets)} targets met; "
        f"{results['seconds']:.0f} s; written: {path}"
    )
    print(f"tables: python -m benchmarks.report {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
