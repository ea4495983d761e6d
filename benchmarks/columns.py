"""The columnar path (numpy arrays in, arrays out) against a plain numpy table look-up and OpenFisca.

For each deadline rule at 1k, 100k and 1M generated records, in turns on the same arrays: the
package's columnar function; the plain numpy look-up of the same table (:mod:`benchmarks.peers`:
built once, before timing, with the package's own period arithmetic and calendar; its build time is
reported); and, for the filing rule, the rule encoded in OpenFisca with that table. All three are
first checked to give the same outcomes and days on the arrays timed. The first call of the
columnar path (its tables built on the way) is timed in fresh processes.

The arrays' days are chosen so that every last day is known (payments up to :data:`NIGHT`), so the
table peers need no bounds for days of a year whose holiday notice is not published.
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
import sys
from collections.abc import Callable
from typing import Any

from .baseline import CURRENT_SRC, REPOSITORY, environment
from .context import Context
from .measure import checked, in_turns, run_process

NIGHT = dt.date(2025, 12, 15)
SIZES = (1_000, 100_000, 1_000_000)
FILING = "deadlines.reimbursement_filing"
RESIDENCE = "deadlines.offsite_filing_residence"
SETTLEMENT = "deadlines.service_settlement"


def _rounds(size: int, quick: bool) -> int:
    if size <= 10_000:
        return 30 if quick else 100
    return (5 if quick else 15) if size <= 100_000 else (3 if quick else 5)


def run(ctx: Context) -> None:
    try:
        import numpy as np

        from medins_rules.engine import columnar

        from . import peers
    except ImportError as exc:
        ctx.note(f"numpy is not installed (the extra 'columnar'): columnar path skipped ({exc})")
        return
    rules = [r for r in (FILING, RESIDENCE, SETTLEMENT) if r in ctx.rules]
    if not rules:
        return
    sizes = list(ctx.sizes or SIZES)
    ctx.log(f"\n== columnar path: {', '.join(rules)} at {', '.join(f'{s:,}' for s in sizes)}")
    night = np.datetime64(NIGHT, "D")
    rng = np.random.default_rng(17)
    tables = {
        FILING: peers.filing_table(NIGHT - dt.timedelta(days=730), NIGHT),
        RESIDENCE: peers.residence_table(NIGHT - dt.timedelta(days=730), NIGHT),
        SETTLEMENT: peers.settlement_table(dt.date(2025, 1, 1), dt.date(2026, 12, 1)),
    }
    openfisca = None
    if FILING in rules and ctx.openfisca:
        try:
            openfisca = peers.build_openfisca(tables[FILING])  # type: ignore[arg-type]
        except ImportError as exc:
            ctx.note(f"OpenFisca is not installed (the extra 'bench'): peer skipped ({exc})")
    rows = []
    for rule in rules:
        table = tables[rule]
        for size in sizes:
            runs = _workload(np, columnar, peers, rule, table, size, rng, night, openfisca)
            turns = in_turns(runs, _rounds(size, ctx.quick), size)
            row: dict[str, Any] = {"rule": rule, "records": size}
            for name, measured in turns.items():
                row[f"{name}_per_second"] = measured.median_rate
                row[f"{name}_best"] = measured.best_rate
                row[f"{name}_cpu_per_second"] = measured.median_cpu_rate
            row["of_numpy"] = row["columnar_per_second"] / row["numpy_per_second"]
            if "openfisca_per_second" in row:
                row["of_openfisca"] = row["columnar_per_second"] / row["openfisca_per_second"]
            rows.append(row)
            ctx.log(
                f"  {rule:36} {size:>9,} columnar {row['columnar_per_second']:>13,.0f}/s; numpy "
                f"table {row['numpy_per_second']:>13,.0f}/s ({row['of_numpy']:.2f})"
                + (
                    f"; OpenFisca {row['openfisca_per_second']:>11,.0f}/s "
                    f"({row['of_openfisca']:.1f}x)"
                    if "of_openfisca" in row
                    else ""
                )
            )
            ctx.target(
                "columnar",
                f"{rule}: columnar against the plain numpy table look-up at {size:,}",
                row["of_numpy"],
                ">= 0.9",
                row["of_numpy"] >= 0.9,
            )
            if "of_openfisca" in row:
                ctx.target(
                    "columnar",
                    f"{rule}: columnar against OpenFisca (same table) at {size:,}",
                    row["of_openfisca"],
                    ">= 5x",
                    row["of_openfisca"] >= 5,
                    "x",
                )
    first = _first_calls(ctx, rules)
    ctx.results["columnar"] = {
        "night": NIGHT.isoformat(),
        "rows": rows,
        "table_build_ms": {rule: tables[rule].seconds * 1e3 for rule in rules},
        "first_call": first,
    }


def _workload(
    np: Any,
    columnar: Any,
    peers: Any,
    rule: str,
    table: Any,
    size: int,
    rng: Any,
    night: Any,
    openfisca: Callable[..., Any] | None,
) -> dict[str, Callable[[int], object]]:
    """The measured calls on ``size`` generated records, after checking that they agree."""
    days = rng.integers(0, 730, size).astype("timedelta64[D]")
    if rule == FILING:
        pay = night - days
        kinds = np.where(
            rng.random(size) < 0.9, rng.integers(0, 4, size), rng.integers(4, 6, size)
        ).astype(np.int8)
        later = np.minimum(pay + rng.integers(0, 420, size).astype("timedelta64[D]"), night)
        filed = np.where(rng.random(size) < 0.5, later, np.datetime64("NaT"))
        result = columnar.reimbursement_filing_columns(pay, kinds, filed, evaluation_date=night)
        plain = peers.decide_filing_table(table, pay, kinds, filed, night)
        _same(rule, size, "numpy table", result.outcome, plain[0])
        _same(rule, size, "numpy table", result.last_on_time_day, plain[1])
        _same(rule, size, "numpy table", result.last_payable_day, plain[2])
        _same(rule, size, "numpy table", result.days_left_payable, plain[4])
        runs: dict[str, Callable[[int], object]] = {
            "columnar": lambda k: columnar.reimbursement_filing_columns(
                pay, kinds, filed, evaluation_date=night
            ),
            "numpy": lambda k: peers.decide_filing_table(table, pay, kinds, filed, night),
        }
        if openfisca is not None:
            theirs = openfisca(pay, kinds, np.where(np.isnat(filed), night, filed))
            covered = ~np.isnat(result.last_on_time_day)
            _same(rule, size, "OpenFisca", result.outcome, theirs[0])
            _same(rule, size, "OpenFisca", result.last_on_time_day[covered], theirs[1][covered])
            runs["openfisca"] = lambda k: openfisca(
                pay, kinds, np.where(np.isnat(filed), night, filed)
            )
        return runs
    if rule == RESIDENCE:
        proofs = np.where(rng.random(size) < 0.9, rng.integers(0, 3, size), 3).astype(np.int8)
        start = np.where(proofs < 3, night - days, np.datetime64("NaT"))
        original = rng.random(size) < 0.95
        result = columnar.offsite_filing_residence_columns(
            proofs, start, certificate_is_original=original, evaluation_date=night
        )
        plain = peers.decide_residence_table(table, proofs, start, original, night)
        _same(rule, size, "numpy table", result.outcome, plain[0])
        _same(rule, size, "numpy table", result.first_date_met, plain[1])
        return {
            "columnar": lambda k: columnar.offsite_filing_residence_columns(
                proofs, start, certificate_is_original=original, evaluation_date=night
            ),
            "numpy": lambda k: peers.decide_residence_table(table, proofs, start, original, night),
        }
    application = np.datetime64("2025-01-01") + rng.integers(0, 700, size).astype("timedelta64[D]")
    channels = (rng.random(size) < 0.7).astype(np.int8)
    result = columnar.service_settlement_columns(application, channels)
    plain = peers.decide_settlement_table(table, application, channels)
    _same(rule, size, "numpy table", result.outcome, plain[0])
    _same(rule, size, "numpy table", result.settlement_date, plain[1])
    return {
        "columnar": lambda k: columnar.service_settlement_columns(application, channels),
        "numpy": lambda k: peers.decide_settlement_table(table, application, channels),
    }


def _same(rule: str, size: int, peer: str, ours: Any, theirs: Any) -> None:
    import numpy as np

    if ours.shape != theirs.shape or not np.array_equal(ours, theirs, equal_nan=False):
        if (
            ours.dtype.kind == "M"
            and np.array_equal(np.isnat(ours), np.isnat(theirs))
            and np.array_equal(ours[~np.isnat(ours)], theirs[~np.isnat(theirs)])
        ):
            return
        differ = int(np.argmax(ours != theirs)) if ours.shape == theirs.shape else -1
        raise AssertionError(
            f"{rule} at {size:,}: the {peer} peer differs from the columnar path "
            f"(first at record {differ}: {ours[differ]} against {theirs[differ]})"
        )


def _first_calls(ctx: Context, rules: list[str]) -> dict[str, dict[str, float]]:
    """The first call of the columnar path in fresh processes (imports not counted)."""
    rounds = 5 if ctx.quick else 15
    out = {}
    stdout = ctx.scratch / "first-call.json"
    for rule in rules:
        first, second = [], []
        for _ in range(rounds):
            checked(
                run_process(
                    [sys.executable, "-m", "benchmarks.probe", "first-call", rule, "1000"],
                    stdout=stdout,
                    env=environment(CURRENT_SRC),
                    cwd=REPOSITORY,
                ),
                f"first call of {rule}",
            )
            measured = json.loads(stdout.read_text())
            first.append(measured["first_ms"])
            second.append(measured["second_ms"])
        out[rule] = {
            "first_ms": statistics.median(first),
            "second_ms": statistics.median(second),
            "runs": rounds,
        }
        ctx.log(
            f"  {rule:36} first call on 1,000 records in a fresh process: "
            f"{out[rule]['first_ms']:.1f} ms (then {out[rule]['second_ms']:.2f} ms)"
        )
        ctx.target(
            "columnar",
            f"{rule}: first call, tables built on the way (1,000 records)",
            out[rule]["first_ms"],
            "<= 5 ms",
            out[rule]["first_ms"] <= 5,
            " ms",
        )
    return out
