"""Measurements run in a fresh process, beside any version of the package (standard library only).

    python -m benchmarks.probe service RULE POOL.jsonl ROUNDS
    python -m benchmarks.probe first-call RULE SIZE

``service``: the service loop (JSON text in through ``catalogue.evaluate``, the decision as JSON
text out by the package's encoder where it has one, else ``model_dump_json``; one request at a
time) over each line of ``POOL.jsonl``; before each round the package's bounded caches are cleared,
and the round draws its records from its own slice of the pool, so no record is decided twice.
Prints ``{"rates": [...], "latencies_us": [...]}``. Used to compare the package with a reference
version in the same run (the version's ``src`` first on ``PYTHONPATH``): only the catalogue's
``evaluate`` and the decision's JSON are used.

``first-call``: in a fresh process, the columnar form of RULE on SIZE generated records: the first
call (its tables built on the way) and the second, in milliseconds, after importing numpy and the
columnar module (imports are not counted). Prints ``{"first_ms": ..., "second_ms": ...}``.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from .caches import clear_bounded


def service(rule: str, pool: Path, rounds: int) -> dict[str, list[float]]:
    from medins_rules.engine.catalogue import evaluate

    try:
        from medins_rules.engine.encode import DecisionEncoder

        encode: Any = DecisionEncoder()
    except ImportError:
        encode = _pydantic
    lines = [line for line in pool.read_bytes().splitlines() if line.strip()]
    # a warm-up round on records of its own (imports, schema building, first calendar tables)
    size = len(lines) // (rounds + 1)
    for text in lines[:size]:
        encode(evaluate(rule, text))
    rates, latencies = [], []
    clock = time.perf_counter_ns
    for k in range(1, rounds + 1):
        chunk = lines[k * size : (k + 1) * size]
        clear_bounded()
        start = clock()
        for text in chunk:
            began = clock()
            encode(evaluate(rule, text))
            latencies.append((clock() - began) / 1000)
        rates.append(len(chunk) / ((clock() - start) / 1e9))
    return {"rates": rates, "latencies_us": latencies}


def _pydantic(decision: Any) -> object:
    return decision.model_dump_json()


def first_call(rule: str, size: int) -> dict[str, float]:
    import numpy as np

    from medins_rules.engine import columnar

    rng = np.random.default_rng(11)
    night = np.datetime64("2025-12-31")
    if rule == "deadlines.reimbursement_filing":
        pay = night - rng.integers(0, 730, size).astype("timedelta64[D]")
        kinds = rng.integers(0, 5, size).astype(np.int8)

        def call() -> object:
            return columnar.reimbursement_filing_columns(pay, kinds, evaluation_date=night)

    elif rule == "deadlines.offsite_filing_residence":
        start = night - rng.integers(0, 730, size).astype("timedelta64[D]")
        proofs = rng.integers(0, 3, size).astype(np.int8)

        def call() -> object:
            return columnar.offsite_filing_residence_columns(proofs, start, evaluation_date=night)

    else:
        day = np.datetime64("2025-01-01") + rng.integers(0, 700, size).astype("timedelta64[D]")
        channel = rng.integers(0, 2, size).astype(np.int8)

        def call() -> object:
            return columnar.service_settlement_columns(day, channel)

    began = time.perf_counter()
    call()
    first = time.perf_counter() - began
    began = time.perf_counter()
    call()
    second = time.perf_counter() - began
    return {"first_ms": first * 1e3, "second_ms": second * 1e3}


def main(argv: list[str]) -> int:
    if argv[0] == "service":
        print(json.dumps(service(argv[1], Path(argv[2]), int(argv[3]))))
    elif argv[0] == "first-call":
        print(json.dumps(first_call(argv[1], int(argv[2]))))
    else:
        raise SystemExit(f"unknown probe {argv[0]!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
