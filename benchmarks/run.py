"""The benchmark: every rule in the catalogue, per record, in batches and in columns, on one core.

    .venv/bin/python -m benchmarks.run            # everything (about 15 minutes on 2 cores)
    .venv/bin/python -m benchmarks.run --quick    # smaller batches and pools (a few minutes)
    .venv/bin/python -m benchmarks.run --rules deadlines --no-openfisca

Not part of the test suite. Prints a table and writes ``benchmarks/results/<time>.json``. For each
rule found in the catalogue that has generated records or a bundled example (others are skipped
with a note), it measures in one run:

* decisions per second from ready input models, and from mappings and JSON (validation included);
* the same decision as a bare hand-written loop (no validation, no reasons), and the ratio; for
  the rules other than the deadline rules, the bare loop's outcome is first compared with the
  rule's on every record of the pool, and a difference stops the run;
* the batch API (``evaluate_many``) at 10k, 100k and 1M records, and its peak traced memory;
* for the deadline rules, the columnar path at 1k, 100k and 1M records, and for the filing rule the
  same rule encoded in OpenFisca (the optional extra ``bench``) at the same sizes;
* the package's import time.

Rates are the best of several repetitions (the machine is shared; the best is the least disturbed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import itertools
import json
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from medins_rules.engine import catalogue
from medins_rules.engine.batch import evaluate_many

from . import workloads

RESULTS = Path(__file__).resolve().parent / "results"


@dataclass
class Row:
    rule: str
    mode: str
    records: int
    per_second: float
    peak_mb: float | None = None
    ratio: float | None = None
    ratio_to: str = ""
    note: str = ""


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    targets: list[dict[str, Any]] = field(default_factory=list)

    def add(self, row: Row) -> Row:
        self.rows.append(row)
        print(_format(row), flush=True)
        return row

    def note(self, text: str) -> None:
        self.notes.append(text)
        print(f"  note: {text}", flush=True)


def _format(row: Row) -> str:
    ratio = ""
    if row.ratio is not None:  # a small ratio (a rule far slower than its bare loop): two digits
        ratio = f"{row.ratio:6.2f}x" if row.ratio >= 0.1 else f"{row.ratio:6.2g}x"
        ratio += f" {row.ratio_to}"
    peak = f"{row.peak_mb:7.1f}" if row.peak_mb is not None else "       "
    return (
        f"{row.rule:36} {row.mode:46} {row.records:>9,} {row.per_second:>13,.0f} {peak}  "
        f"{ratio}{'  ' + row.note if row.note else ''}"
    )


def _header() -> str:
    return (
        f"{'rule':36} {'mode':46} {'records':>9} {'decisions/s':>13} {'peak MB':>7}  vs\n"
        + "-" * 136
    )


def best_rate(run: Callable[[], object], records: int, repeats: int) -> float:
    """Records per second, best of ``repeats`` runs (after one warm-up run)."""
    run()
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return records / best


def traced_peak_mb(run: Callable[[], object]) -> float:
    gc.collect()
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def _max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- per-record modes ------------------------------------------------------------------------------


def per_record(
    report: Report, name: str, pool: list[dict[str, Any]], label: str, repeats: int
) -> Row:
    spec = catalogue.get_rule(name)
    model, function = spec.input_model, spec.function
    models = [model.model_validate(r) for r in pool]
    texts = [json.dumps(r) for r in pool]

    def ready() -> None:
        for case in models:
            function(case)

    def from_dicts() -> None:
        for record in pool:
            function(model.model_validate(record))

    def from_json() -> None:
        for text in texts:
            function(model.model_validate_json(text))

    row = report.add(
        Row(name, f"ready models{label}", len(pool), best_rate(ready, len(pool), repeats))
    )
    _READY[id(row)] = ready
    report.add(
        Row(name, f"from dicts{label}", len(pool), best_rate(from_dicts, len(pool), repeats))
    )
    report.add(Row(name, f"from JSON{label}", len(pool), best_rate(from_json, len(pool), repeats)))
    return row


def bare(
    report: Report, name: str, pool: list[dict[str, Any]], ready: Row, label: str, repeats: int
) -> None:
    if name in workloads.OUTCOMES:  # the loop must decide what the rule decides
        mix = workloads.check_bare_loop(name, pool)
        shares = ", ".join(f"{k} {v / len(pool):.0%}" for k, v in sorted(mix.items()))
        report.note(f"{name}{label}: bare loop = rule on all {len(pool):,} records ({shares})")
    variants: list[tuple[str, dict[str, Any]]] = [("", {})]
    if name == "deadlines.reimbursement_filing":
        variants.append((", no roll-forward", {"roll_forward": False}))
    for suffix, kwargs in variants:
        loop = workloads.bare_loop(name, pool, **kwargs)
        if loop is None:
            report.note(f"{name}: no bare hand-written loop is written for this rule yet")
            return
        # the two measured in turns, so a change in the machine's load reaches both alike
        rule_rate, rate = interleaved_rates(_READY[id(ready)], loop, len(pool), repeats + 2)
        report.add(Row(name, f"bare loop{label}{suffix}", len(pool), rate))
        ratio = rule_rate / rate
        if not suffix:
            ready.ratio, ready.ratio_to = ratio, "of bare"
        print(f"{'':36} {'  ready models / bare loop (in turns)':46} {'':>9} {ratio:>13.3g}")
        report.targets.append(
            {
                "target": f"{name}: ready models >= 1/3 of the bare loop{suffix}{label}",
                "measured": round(ratio, 3),
                "goal": round(1 / 3, 3),
                "met": ratio >= 1 / 3,
            }
        )


_READY: dict[int, Callable[[], object]] = {}


def interleaved_rates(
    first: Callable[[], object], second: Callable[[], object], records: int, rounds: int
) -> tuple[float, float]:
    """Records per second of two runs measured in turns, the best of ``rounds`` each."""
    first(), second()
    best = [float("inf"), float("inf")]
    for _ in range(rounds):
        for i, run in enumerate((first, second)):
            start = time.perf_counter()
            run()
            best[i] = min(best[i], time.perf_counter() - start)
    return records / best[0], records / best[1]


def batch(
    report: Report,
    name: str,
    pool: list[dict[str, Any]],
    sizes: Iterable[int],
    max_seconds: float,
) -> None:
    """The batch API over ``size`` mappings streamed from a generator (cycling over the pool).

    A slow rule's longest stream is cut to what ``max_seconds`` allows (at least 200,000 records,
    so the rate in its two halves can still be compared); the row says so.
    """
    halves: list[float] = []
    rate = 0.0
    for size in sizes:

        def run(size: int = size, marks: list[float] | None = None) -> int:
            decided = 0
            records = itertools.islice(itertools.cycle(pool), size)
            for i, result in enumerate(evaluate_many(name, records), 1):
                decided += result.ok
                if marks is not None and i % 100_000 == 0:
                    marks.append(time.perf_counter())
            return decided

        note = ""
        if size <= 10_000:
            rate = best_rate(run, size, 3)
            peak: float | None = traced_peak_mb(run)
        elif size <= 100_000:
            rate = size / _timed(run)
            peak = traced_peak_mb(run) if size / rate < max_seconds / 3 else None
        else:  # once, timing each 100,000 records: does the rate fall along the stream?
            wanted = size
            if size / rate > max_seconds:
                size = max(200_000, int(rate * max_seconds) // 100_000 * 100_000)
            rss_before = _max_rss_mb()
            marks = [time.perf_counter()]
            run(size, marks)
            rate = size / (marks[-1] - marks[0])
            half = (len(marks) - 1) // 2  # the first and the last half of the stream
            halves = [
                half * 100_000 / (marks[half] - marks[0]),
                half * 100_000 / (marks[-1] - marks[-1 - half]),
            ]
            note = (
                f"first/last half: {halves[0]:,.0f}/{halves[1]:,.0f} per s; peak RSS grew "
                f"{_max_rss_mb() - rss_before:.1f} MB"
            )
            if size < wanted:
                note += f"; cut from {wanted:,} to stay within {max_seconds:.0f} s"
            peak = None
        report.add(Row(name, "batch API from dicts", size, rate, peak, note=note))
    if halves:
        report.targets.append(
            {
                "target": f"{name}: batch rate does not fall along the stream (last/first half)",
                "measured": round(halves[1] / halves[0], 3),
                "goal": 0.9,
                "met": halves[1] >= 0.9 * halves[0],
            }
        )


def _timed(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


# -- columnar ------------------------------------------------------------------------------------


def columnar(report: Report, name: str, sizes: Iterable[int], openfisca: bool) -> None:
    try:
        import numpy as np

        from medins_rules.engine import columnar as col
    except ImportError:
        report.note("numpy is not installed (the extra 'columnar'): columnar path skipped")
        return
    rng = np.random.default_rng(7)
    peer = (
        _openfisca_peer(report) if openfisca and name == "deadlines.reimbursement_filing" else None
    )
    for size in sizes:
        repeats = 200 if size <= 1_000 else 20 if size <= 100_000 else 5
        run, payment, day = _column_workload(col, np, name, size, rng)
        rate = best_rate(run, size, repeats)
        peak = traced_peak_mb(run) if size >= 100_000 else None
        row = report.add(Row(name, "columnar (numpy)", size, rate, peak))
        if peer is not None:  # measured in turns with the columnar call
            rate, peer_rate = interleaved_rates(
                run,
                lambda payment=payment, day=day: peer(payment, day),  # type: ignore[misc]
                size,
                max(3, repeats // 4),
            )
            row.per_second = max(row.per_second, rate)
            report.add(Row(name, "OpenFisca peer (no roll-forward)", size, peer_rate))
            row.ratio, row.ratio_to = rate / peer_rate, "of OpenFisca"
            print(f"{'':36} {'  columnar / OpenFisca (in turns)':46} {'':>9} {row.ratio:>13.2f}")
            report.targets.append(
                {
                    "target": f"{name}: columnar >= 10x OpenFisca at {size:,}",
                    "measured": round(rate / peer_rate, 2),
                    "goal": 10,
                    "met": rate >= 10 * peer_rate,
                }
            )


def _column_workload(
    col: Any, np: Any, name: str, size: int, rng: Any
) -> tuple[Callable[[], object], Any, Any]:
    """The columnar call for ``size`` generated records, and (filing) the payment and decision days."""
    night = np.datetime64(workloads.NIGHT, "D")
    if name == "deadlines.reimbursement_filing":
        payment = night - rng.integers(0, 730, size).astype("timedelta64[D]")
        filed = np.where(
            rng.random(size) < 0.5,
            np.minimum(payment + rng.integers(0, 420, size).astype("timedelta64[D]"), night),
            np.datetime64("NaT"),
        )
        treatment = rng.integers(0, 5, size).astype(np.int8)
        day = np.where(np.isnat(filed), night, filed)
        return (
            lambda: col.reimbursement_filing_columns(
                payment, treatment, filed, evaluation_date=night
            ),
            payment,
            day,
        )
    if name == "deadlines.offsite_filing_residence":
        start = night - rng.integers(0, 730, size).astype("timedelta64[D]")
        proof = rng.integers(0, 4, size).astype(np.int8)
        original = rng.random(size) < 0.95
        return (
            lambda: col.offsite_filing_residence_columns(
                proof, start, certificate_is_original=original, evaluation_date=night
            ),
            None,
            None,
        )
    application = np.datetime64("2025-01-01") + rng.integers(0, 700, size).astype("timedelta64[D]")
    channel = (rng.random(size) < 0.7).astype(np.int8)
    return lambda: col.service_settlement_columns(application, channel), None, None


def _openfisca_peer(report: Report) -> Callable[[Any, Any], Any] | None:
    try:
        from .openfisca_peer import build_peer

        return build_peer()  # type: ignore[no-any-return]
    except ImportError as exc:
        report.note(f"OpenFisca is not installed (the extra 'bench'): peer skipped ({exc})")
        return None


# -- import time -----------------------------------------------------------------------------------


_FIRST_DECISION = """
import time
start = time.perf_counter()
from medins_rules import ReimbursementFilingCase, reimbursement_filing
case = ReimbursementFilingCase.model_validate_json(
    '{"payment_date": "2025-03-10", "treatment": "hospitalisation", "evaluation_date": "2025-09-10"}'
)
reimbursement_filing(case).model_dump_json()
print((time.perf_counter() - start) * 1000)
"""


def import_time_ms(repeats: int = 7) -> dict[str, float]:
    """Milliseconds to import the package, best of ``repeats`` fresh interpreters.

    ``warm``: with the package's bytecode cached, as after ``pip install`` (which compiles it); the
    figure the target is about. ``cold``: compiling every module from source, as on the very first
    import of a checkout with bytecode writing off. ``first_decision``: importing the package, then
    validating one filing case from JSON, deciding it and serialising the decision (any model
    schema built on first use counts here).
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryDirectory() as cache:
        warm_env = {**env, "PYTHONPYCACHEPREFIX": cache}
        subprocess.run([sys.executable, "-c", "import medins_rules"], env=warm_env, check=True)
        best = {"warm": float("inf"), "cold": float("inf"), "first_decision": float("inf")}
        for _ in range(repeats):
            best["warm"] = min(best["warm"], _import_ms(warm_env))
            with tempfile.TemporaryDirectory() as empty:
                cold_env = {**env, "PYTHONPYCACHEPREFIX": empty, "PYTHONDONTWRITEBYTECODE": "1"}
                best["cold"] = min(best["cold"], _import_ms(cold_env))
            done = subprocess.run(
                [sys.executable, "-c", _FIRST_DECISION],
                env=warm_env,
                capture_output=True,
                text=True,
                check=True,
            )
            best["first_decision"] = min(best["first_decision"], float(done.stdout))
    return best


def _import_ms(env: dict[str, str]) -> float:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import medins_rules"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    for line in done.stderr.splitlines():
        found = re.match(r"import time:\s+\d+ \|\s+(\d+) \| medins_rules$", line)
        if found:
            return int(found.group(1)) / 1000
    raise RuntimeError("no import time reported for medins_rules")


# -- main ------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--quick", action="store_true", help="smaller batches and pools")
    parser.add_argument("--rules", default="", help="only rules whose name contains this")
    parser.add_argument("--no-openfisca", action="store_true", help="skip the OpenFisca peer")
    parser.add_argument(
        "--max-seconds",
        type=float,
        default=60,
        help="cut a slow rule's longest batch stream to about this long (default 60)",
    )
    parser.add_argument("--out", type=Path, default=RESULTS, help="where the JSON goes")
    args = parser.parse_args(argv)

    pool_size = 5_000 if args.quick else 20_000
    other_pool_size = 2_000 if args.quick else 5_000  # the slower rules: each pass under ~3 s
    repeats = 3 if args.quick else 5
    batch_sizes = (10_000, 100_000, 300_000) if args.quick else (10_000, 100_000, 1_000_000)
    column_sizes = (1_000, 100_000, 1_000_000)
    report = Report()
    started = time.perf_counter()
    print(
        f"medins-rules benchmark on {platform.python_implementation()} {platform.python_version()}, "
        f"{platform.machine()}, {os.cpu_count()} CPU(s); one process, one core\n"
    )
    print(_header())
    for name in catalogue.rules():
        if args.rules not in name:
            continue
        generate = workloads.GENERATED.get(name)
        if generate is not None:
            pool = generate(pool_size if name.startswith("deadlines.") else other_pool_size)
        else:
            example = workloads.bundled_example(name)
            if example is None:
                report.note(f"{name}: no bundled example and no generated records: skipped")
                continue
            pool = [example] * 2_000  # one record repeated: a short pool measures the same
        ready = per_record(report, name, pool, "", repeats if generate else 3)
        bare(report, name, pool, ready, "", repeats)
        if name == "deadlines.reimbursement_filing":
            distinct = workloads.filing_records(pool_size, distinct=True)
            ready_distinct = per_record(report, name, distinct, ", every day distinct", repeats)
            bare(report, name, distinct, ready_distinct, ", every day distinct", repeats)
            report.targets.append(
                {
                    "target": f"{name}: about 150,000 decisions/s from ready models",
                    "measured": round(ready.per_second),
                    "goal": 150_000,
                    "met": ready.per_second >= 150_000,
                }
            )
        if generate is None:
            report.note(f"{name}: its bundled example, repeated (no generated records)")
        batch(report, name, pool, batch_sizes, args.max_seconds)
        if name.startswith("deadlines."):
            columnar(report, name, column_sizes, not args.no_openfisca)
    times = import_time_ms()
    imported = times["warm"]
    print(
        f"\nimport medins_rules: {imported:.0f} ms with its bytecode cached (as installed), "
        f"{times['cold']:.0f} ms compiling from source; import, then one decision from JSON: "
        f"{times['first_decision']:.0f} ms (best of 7 fresh interpreters)"
    )
    report.targets.append(
        {
            "target": "import medins_rules under 300 ms",
            "measured": round(imported),
            "goal": 300,
            "met": imported < 300,
        }
    )
    print("\ntargets:")
    for target in report.targets:
        print(
            f"  [{'met ' if target['met'] else 'MISS'}] {target['target']}: "
            f"{target['measured']} (goal {target['goal']})"
        )
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    path = args.out / f"{stamp}.json"
    path.write_text(
        json.dumps(
            {
                "when": stamp,
                "python": platform.python_version(),
                "machine": platform.machine(),
                "cpus": os.cpu_count(),
                "quick": args.quick,
                "seconds": round(time.perf_counter() - started, 1),
                "rows": [asdict(r) for r in report.rows],
                "targets": report.targets,
                "notes": report.notes,
                "import_ms": round(imported, 1),
                "import_ms_from_source": round(times["cold"], 1),
                "first_decision_ms": round(times["first_decision"], 1),
            },
            indent=2,
        ),
        "utf-8",
    )
    print(f"\nwritten: {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
