"""A service: one request at a time, the case as JSON text in, the decision as JSON text out.

For every rule of the catalogue, in one process, on records it has not decided before: each
repetition draws its own pool (generated with its own seed; a record already drawn in the process
is dropped, so none repeats), and the package's bounded caches are cleared before it (see
:mod:`benchmarks.caches`): whatever a repetition shares between its records it computes itself.
Measured in turns with its peers, on the same records:

* ``rule``: the package's JSON path, ``catalogue.evaluate(rule, text)`` (size and duplicate-key
  checks, ``model_validate_json``, the rule), then the decision to JSON by the package's encoder
  (``engine.encode.DecisionEncoder``, one kept for the whole service, as a service keeps one) or,
  where the package has none, ``model_dump_json``; each request timed (median and p99 latency) and
  the repetition's requests per second;
* beside it, where they differ from it: the decision written by ``model_dump_json``, and the input
  read by ``model_validate_json`` alone (no size or duplicate-key check): what each part costs;
* ``bare``: ``json.loads`` -> the bare decider (sharing per payment date or day as the rule does) ->
  ``json.dumps`` of the outcome;
* ``floor``: ``json.loads`` alone (the parse with no rule).

Then, separately: the decision from a ready input model (the rule alone, each call timed) against
the bare decider on ready rows; and the memo effect, labelled as such: a pool already decided, again,
caches kept (never the headline). For the filing rule, the service loop is also run in fresh
processes of the current version and of the reference version, in turns (the "2x today" target).
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from medins_rules.engine import catalogue

from . import caches, workloads
from .baseline import CURRENT_SRC, REPOSITORY, environment
from .context import Context
from .measure import checked, in_turns, percentile, run_process

FILING = "deadlines.reimbursement_filing"
TODAY_FILING_JSON = (46_000, 65_000)
"""The filing rule's JSON-to-JSON rate the issue measured before the engine work (per second)."""


def draw_pools(
    rule: str, count: int, size: int, seen: set[str], base_seed: int = 1000
) -> list[list[dict[str, Any]]]:
    """``count`` pools of up to ``size`` records never drawn before (``seen`` holds their JSON)."""
    generate = workloads.GENERATED[rule]
    pools: list[list[dict[str, Any]]] = []
    seed = base_seed
    for _ in range(count):
        pool: list[dict[str, Any]] = []
        for _attempt in range(8):
            if len(pool) >= size:
                break
            for record in generate(size, seed=seed):
                text = json.dumps(record, sort_keys=True)
                if text not in seen and len(pool) < size:
                    seen.add(text)
                    pool.append(record)
            seed += 1
        pools.append(pool)
    return pools


def serialiser() -> tuple[str, Callable[[Any], object]]:
    """The package's way to write a decision as JSON: its encoder where it has one."""
    try:
        from medins_rules.engine.encode import DecisionEncoder
    except ImportError:
        return "model_dump_json", lambda decision: decision.model_dump_json()
    return "engine.encode.DecisionEncoder", DecisionEncoder()


def run(ctx: Context) -> None:
    pool_size = 300 if ctx.quick else 2_000
    rounds = 5 if ctx.quick else 9
    ctx.log(
        f"\n== service: one request at a time, JSON in, JSON out ({rounds} repetitions of "
        f"{pool_size:,} unseen records per rule; before each, the package's bounded caches "
        "cleared but its year tables)"
    )
    rows, ready_rows, memo_rows = [], [], []
    for rule in ctx.rules:
        row, ready, memo = _rule(ctx, rule, pool_size, rounds)
        rows.append(row)
        ready_rows.append(ready)
        memo_rows.append(memo)
    ctx.results["service"] = {
        "pool": pool_size,
        "rounds": rounds,
        "rows": rows,
        "ready": ready_rows,
        "memo": memo_rows,
        "caches": caches.inventory(),
    }
    for ready in ready_rows:
        if ready["rule"] != FILING:
            ctx.target(
                "service",
                f"{ready['rule']}: decision from a ready model, median",
                ready["median_us"],
                "<= 10 us",
                ready["median_us"] <= 10,
                " us",
            )
    if FILING in ctx.rules:
        _filing_against_baseline(ctx, pool_size, rounds)


def _rule(
    ctx: Context, rule: str, pool_size: int, rounds: int
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    spec = catalogue.get_rule(rule)
    validate, function, evaluate = (
        spec.input_model.model_validate_json,
        spec.function,
        catalogue.evaluate,
    )
    written_by, encode = serialiser()
    bare, names = workloads.BARE[rule], workloads.OUTCOMES[rule]
    seen: set[str] = set()
    pools = draw_pools(rule, rounds + 1, pool_size, seen)
    workloads.check_bare_loop(rule, pools[0][:200])
    texts = [[json.dumps(r).encode() for r in pool] for pool in pools]
    size = min(len(p) for p in pools[1:])
    if size < pool_size:
        ctx.note(
            f"{rule}: only {size:,} distinct records a repetition (its inputs' domain is small)"
        )
    texts = [t[:size] for t in texts]
    latencies: list[float] = []
    clock = time.perf_counter_ns
    loads, dumps = json.loads, json.dumps

    def rule_run(k: int) -> None:
        caches.clear_bounded()
        keep = latencies if k >= 0 else []
        for text in texts[k + 1]:
            began = clock()
            encode(evaluate(rule, text))
            keep.append((clock() - began) / 1000)

    def pydantic_run(k: int) -> None:
        caches.clear_bounded()
        for text in texts[k + 1]:
            evaluate(rule, text).model_dump_json()

    def unchecked_run(k: int) -> None:
        caches.clear_bounded()
        for text in texts[k + 1]:
            encode(function(validate(text)))

    def bare_run(k: int) -> None:
        decide, extract = bare.make(), bare.extract
        for text in texts[k + 1]:
            dumps({"outcome": names[decide(extract(loads(text)))]})

    def floor_run(k: int) -> None:
        for text in texts[k + 1]:
            loads(text)

    runs = {"rule": rule_run, "unchecked": unchecked_run, "bare": bare_run, "floor": floor_run}
    if written_by != "model_dump_json":
        runs["pydantic"] = pydantic_run
    turns = in_turns(runs, rounds, size)
    rate, bare_rate, floor_rate = (turns[n].median_rate for n in ("rule", "bare", "floor"))
    row = {
        "rule": rule,
        "records": size,
        "median_us": statistics.median(latencies),
        "p99_us": percentile(latencies, 0.99),
        "per_second": rate,
        "best_per_second": turns["rule"].best_rate,
        "bare_per_second": bare_rate,
        "floor_per_second": floor_rate,
        "of_bare": rate / bare_rate,
        "of_floor": rate / floor_rate,
        "written_by": written_by,
        "model_dump_json_per_second": turns["pydantic"].median_rate
        if "pydantic" in turns
        else None,
        "unchecked_per_second": turns["unchecked"].median_rate,
        "cpu_per_second": turns["rule"].median_cpu_rate,
        "bare_cpu_per_second": turns["bare"].median_cpu_rate,
        "floor_cpu_per_second": turns["floor"].median_cpu_rate,
    }
    ctx.log(
        f"  {rule:36} {row['median_us']:8.1f} us median {row['p99_us']:8.1f} us p99 "
        f"{rate:>10,.0f}/s (best {row['best_per_second']:,.0f}); bare {bare_rate:,.0f}/s, "
        f"floor {floor_rate:,.0f}/s; {row['of_bare']:.3f} of bare "
        f"(CPU time: {row['cpu_per_second']:,.0f}/s)"
    )

    # the decision from a ready model, against the bare decider on ready rows
    models = [[validate(t) for t in pool] for pool in texts]
    rows = [[bare.extract(json.loads(t)) for t in pool] for pool in texts]
    calls: list[float] = []

    def ready_run(k: int) -> None:
        caches.clear_bounded()
        keep = calls if k >= 0 else []
        for case in models[k + 1]:
            began = clock()
            function(case)
            keep.append((clock() - began) / 1000)

    def bare_ready(k: int) -> None:
        decide = bare.make()
        for plain in rows[k + 1]:
            decide(plain)

    ready_turns = in_turns({"rule": ready_run, "bare": bare_ready}, rounds, size)
    ready = {
        "rule": rule,
        "records": size,
        "median_us": statistics.median(calls),
        "p99_us": percentile(calls, 0.99),
        "bare_us": 1e6 / ready_turns["bare"].median_rate,
        "of_bare": ready_turns["rule"].median_rate / ready_turns["bare"].median_rate,
    }
    ctx.log(
        f"  {'':36} ready model: {ready['median_us']:8.1f} us median, bare "
        f"{ready['bare_us']:.2f} us"
    )

    # the memo effect: a pool already decided, again, caches kept
    def again(k: int) -> None:
        for text in texts[1]:
            encode(evaluate(rule, text))

    repeated = in_turns({"again": again}, rounds, size, warm_up=False)["again"]
    memo = {
        "rule": rule,
        "records": size,
        "per_second": repeated.median_rate,
        "of_unseen": repeated.median_rate / rate,
    }
    ctx.log(
        f"  {'':36} same pool repeated (memo hits): {memo['per_second']:,.0f}/s, "
        f"{memo['of_unseen']:.2f}x the unseen rate"
    )
    return row, ready, memo


def _filing_against_baseline(ctx: Context, pool_size: int, rounds: int) -> None:
    """The filing rule's service loop in fresh processes: current and reference, in turns."""
    base = ctx.baseline()
    pool_file = ctx.scratch / "service-filing.jsonl"
    pools = draw_pools(FILING, rounds + 1, pool_size, set(), base_seed=5000)
    pool_file.write_text("".join(json.dumps(r) + "\n" for p in pools for r in p), "utf-8")
    versions = {"current": CURRENT_SRC, "reference": base.src}
    rates: dict[str, list[float]] = {name: [] for name in versions}
    out = ctx.scratch / "probe.json"
    for _ in range(3 if ctx.quick else 5):
        for name, src in versions.items():
            argv = [sys.executable, "-m", "benchmarks.probe", "service", FILING, str(pool_file)]
            checked(
                run_process([*argv, str(rounds)], stdout=out, env=environment(src), cwd=REPOSITORY),
                f"service probe ({name})",
            )
            rates[name].append(statistics.median(json.loads(out.read_text())["rates"]))
    current = statistics.median(rates["current"])
    reference = statistics.median(rates["reference"])
    ctx.results["service"]["filing_versions"] = {
        "current_per_second": current,
        "reference_per_second": reference,
        "reference": ctx.baseline_ref,
        "ratio": current / reference,
    }
    ctx.log(
        f"  {FILING}: JSON->JSON in fresh processes: current {current:,.0f}/s, reference "
        f"{ctx.baseline_ref} {reference:,.0f}/s ({current / reference:.2f}x)"
    )
    ctx.target(
        "service",
        f"{FILING}: JSON in to JSON out >= 2x the reference version {ctx.baseline_ref}",
        current / reference,
        ">= 2x",
        current >= 2 * reference,
        "x",
    )
    ctx.target(
        "service",
        f"{FILING}: JSON in to JSON out >= 2x the issue's 46-65k/s",
        current,
        f">= {2 * TODAY_FILING_JSON[0]:,}/s",
        current >= 2 * TODAY_FILING_JSON[0],
        "/s",
    )
