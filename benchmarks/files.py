"""The analyst batch and the nightly run: files through ``medins-rules evaluate``, fresh processes.

Every figure is a whole process, start-up included, timed from its start to its end, with its peak
resident memory (``wait4``: that process alone). The command runs in turns with its peers on the
same file: the bare decider (``python -m benchmarks.lines bare``: parse, decide by hand, one JSON
line out) and the parse floor (``python -m benchmarks.lines floor``: the parse alone, by each parser
installed, and pyarrow's readers).

*Analyst batch*: 5,000 generated cases spread over every rule, one file a rule (the command decides
one rule a run), each run by a fresh ``medins-rules evaluate RULE cases.jsonl`` writing its output
to a file, in sequence, as an analyst's script would: the batch's time is their sum, its memory the
largest. The output is CSV where the command offers it, else JSON lines (``--batch-args``).

*Nightly run*: the deadline rules on generated nightly claims (one evaluation day) at each size,
from JSON lines and, where the command reads Parquet, from Parquet, in every output mode the
command offers (:mod:`benchmarks.clihelp`), to ``/dev/null`` (the output's size is measured on a
sample); the reference version's command runs in the same turns at sizes up to 100,000.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import lines, workloads
from .baseline import CURRENT_SRC, REPOSITORY, environment
from .clihelp import Options, batch_format, command, evaluate_help, nightly_modes
from .context import Context
from .measure import Process, checked, processes_in_turns, run_process, summary

NIGHTLY_RULES = (
    "deadlines.reimbursement_filing",
    "deadlines.offsite_filing_residence",
    "deadlines.service_settlement",
)
BATCH_CASES = 5_000
REFERENCE_UP_TO = 100_000


def _peer(*args: str) -> list[str]:
    return [sys.executable, "-m", "benchmarks.lines", *args]


def _run(argv: list[str], what: str, stdout: Path | None = None, **kwargs: Any) -> Process:
    return checked(run_process(argv, stdout=stdout, cwd=REPOSITORY, **kwargs), what)


# -- analyst batch ---------------------------------------------------------------------------------


def batch(ctx: Context) -> None:
    options = Options.parse(evaluate_help())
    label, args = batch_format(options, ctx.batch_args)
    rules = ctx.rules
    rounds = 3 if ctx.quick else 7
    share, extra = divmod(BATCH_CASES, len(rules))
    folder = ctx.scratch / "batch"
    folder.mkdir(exist_ok=True)
    files = {}
    for i, rule in enumerate(rules):
        records = workloads.GENERATED[rule](share + (i < extra), seed=7000 + i)
        files[rule] = folder / f"{rule}.jsonl"
        lines.write_jsonl(files[rule], records)
    ctx.log(
        f"\n== analyst batch: {BATCH_CASES:,} cases over {len(rules)} rules, one fresh "
        f"`{' '.join(['medins-rules evaluate RULE FILE', *args])}` a rule ({label}), {rounds} runs"
    )
    cli = command()
    per_rule: dict[str, dict[str, list[Process]]] = {r: {} for r in rules}

    def each(name: str, make: Callable[[str], Process]) -> Callable[[], Process]:
        def run_all() -> Process:
            done = [make(rule) for rule in rules]
            for rule, process in zip(rules, done, strict=True):
                per_rule[rule].setdefault(name, []).append(process)
            return Process(
                sum(p.seconds for p in done),
                max(p.peak_mb for p in done),
                0,
                "",
                sum(p.cpu_seconds for p in done),
            )

        return run_all

    def cli_run(rule: str) -> Process:
        out = folder / f"{rule}.out"
        return _run([*cli, "evaluate", rule, str(files[rule]), *args], f"evaluate {rule}", out)

    turns = processes_in_turns(
        {
            "cli": each("cli", cli_run),
            "bare": each(
                "bare",
                lambda r: _run(_peer("bare", r, str(files[r])), f"bare {r}", folder / "bare.out"),
            ),
            "floor": each("floor", lambda r: _run(_peer("floor", "json", str(files[r])), "floor")),
        },
        rounds,
    )
    rows = []
    for rule in rules:
        measured = {name: summary(ps[-rounds:]) for name, ps in per_rule[rule].items()}
        rows.append(
            {
                "rule": rule,
                "cases": files[rule].read_bytes().count(b"\n"),
                "output_bytes": (folder / f"{rule}.out").stat().st_size,
                **{f"{name}_{k}": v for name, m in measured.items() for k, v in m.items()},
            }
        )
    total = {name: summary(ps) for name, ps in turns.items()}
    ctx.results["batch"] = {
        "cases": BATCH_CASES,
        "format": label,
        "args": list(args),
        "rounds": rounds,
        "total": total,
        "rules": rows,
        "command": [Path(cli[0]).name, "evaluate", "RULE", "FILE", *args],
    }
    cli_s, bare_s, floor_s = (total[n]["median_s"] for n in ("cli", "bare", "floor"))
    ctx.log(
        f"  the batch: {cli_s:.2f} s median (best {total['cli']['best_s']:.2f} s), peak "
        f"{total['cli']['peak_mb']:.0f} MB; bare decider {bare_s:.2f} s; parse floor "
        f"{floor_s:.2f} s ({cli_s / bare_s:.1f}x the bare decider's time)"
    )
    for row in rows:
        ctx.log(
            f"    {row['rule']:36} {row['cases']:>5} cases {row['cli_median_s']:6.2f} s "
            f"{row['cli_peak_mb']:5.0f} MB; bare {row['bare_median_s']:.2f} s"
        )


# -- nightly run -------------------------------------------------------------------------------------


def _cli_parser(rule: str, sample: Path) -> str:
    """The JSON parser the command imports (seen with ``-X importtime``): ``json`` when no other."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "medins_rules", "evaluate", rule, str(sample)],
        capture_output=True,
        text=True,
        env=environment(CURRENT_SRC),
        check=False,
    )
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()}
    for parser in ("orjson", "msgspec", "pyarrow.json"):
        if parser in imported:
            return parser.replace(".json", "")
    return "json"


def nightly(ctx: Context) -> None:
    rules = [r for r in ctx.rules if r in NIGHTLY_RULES]
    if not rules:
        ctx.note("nightly: none of the chosen rules is a nightly rule; skipped")
        return
    sizes = ctx.sizes or ([10_000, 40_000] if ctx.quick else [10_000, 100_000, 1_000_000])
    rounds = 2 if ctx.quick else 3
    options = Options.parse(evaluate_help())
    modes, skipped = nightly_modes(options, ctx.nightly_args)
    for text in skipped:
        ctx.note(f"nightly: the command does not offer {text!r}: not measured")
    arrow = lines.has_pyarrow()
    parquet_cli = arrow and options.reads_parquet
    if not arrow:
        ctx.note("pyarrow is not installed (the extra 'bench'): no Parquet, no pyarrow floor")
    elif not options.reads_parquet:
        ctx.note("the command does not read Parquet (its help does not say so): Parquet floor only")
    ctx.log(
        f"\n== nightly run: {', '.join(rules)} at {', '.join(f'{s:,}' for s in sizes)} records; "
        f"modes: {'; '.join(label + (' (' + ' '.join(a) + ')' if a else '') for label, a in modes)}"
        f"; {rounds} runs each"
    )
    folder = ctx.scratch / "nightly"
    folder.mkdir(exist_ok=True)
    cli = command()
    reference = ctx.baseline()
    rows: list[dict[str, Any]] = []
    parsers: dict[str, str] = {}
    output_bytes: dict[str, dict[str, float]] = {}
    for rule in rules:
        generate = workloads.GENERATED[rule]
        sample = folder / f"{rule}-sample.jsonl"
        lines.write_jsonl(sample, generate(1_000, seed=9))
        parsers[rule] = _cli_parser(rule, sample)
        output_bytes[rule] = {}
        for label, args in modes:
            out = folder / "sample.out"
            _run([*cli, "evaluate", rule, str(sample), *args], f"{rule} {label}", out)
            output_bytes[rule][label] = out.stat().st_size / 1_000
        for size in sizes:
            data = folder / f"{rule}-{size}.jsonl"
            parquet = data.with_suffix(".parquet")
            lines.write_generated(generate, size, size % 9973, data, parquet if arrow else None)
            commands: dict[str, Callable[[], Process]] = {}
            inputs = [("JSON lines", data)]
            if parquet_cli:
                inputs.append(("Parquet", parquet))
            for kind, path in inputs:
                for label, args in modes:
                    argv = [*cli, "evaluate", rule, str(path), *args]
                    commands[f"cli|{kind}|{label}"] = _bind(argv, f"{rule} {label} {kind}")
            if size <= REFERENCE_UP_TO:
                argv = [sys.executable, "-m", "medins_rules", "evaluate", rule, str(data)]
                env = environment(reference.src)
                commands["reference|JSON lines|full decisions"] = _bind(
                    argv, f"reference {rule}", env=env
                )
            commands["bare|JSON lines|"] = _bind(_peer("bare", rule, str(data)), "bare")
            for parser in lines.PARSERS:
                commands[f"floor|JSON lines|{parser}"] = _bind(
                    _peer("floor", parser, str(data)), "floor"
                )
            if arrow:
                commands["floor|JSON lines|pyarrow"] = _bind(
                    _peer("floor", "pyarrow", str(data)), "floor"
                )
                commands["floor|Parquet|pyarrow"] = _bind(
                    _peer("floor", "pyarrow", str(parquet)), "floor"
                )
            turns = processes_in_turns(commands, rounds, warm_up=False)
            for key, done in turns.items():
                what, kind, label = key.split("|")
                measured = summary(done)
                rows.append(
                    {
                        "rule": rule,
                        "records": size,
                        "what": what,
                        "input": kind,
                        "mode": label,
                        **measured,
                        "per_second": size / measured["median_s"],
                        "cpu_per_second": size / max(measured["cpu_s"], 1e-3),
                    }
                )
                ctx.log(
                    f"  {rule:36} {size:>9,} {what:9} {kind:10} {label:16} "
                    f"{measured['median_s']:7.2f} s {size / measured['median_s']:>11,.0f}/s "
                    f"{measured['peak_mb']:6.0f} MB (CPU {measured['cpu_s']:.2f} s)"
                )
            for path in folder.glob(f"{rule}-{size}.*"):
                path.unlink()
    ctx.results["nightly"] = {
        "sizes": sizes,
        "rounds": rounds,
        "modes": [{"label": label, "args": list(args)} for label, args in modes],
        "parquet_cli": parquet_cli,
        "cli_parser": parsers,
        "output_bytes_per_record": output_bytes,
        "rows": rows,
        "reference": ctx.baseline_ref,
    }
    _nightly_targets(ctx, rules, sizes, modes, parsers, rows)


def _bind(argv: list[str], what: str, env: dict[str, str] | None = None) -> Callable[[], Process]:
    return lambda: _run(argv, what, env=env)


def _nightly_targets(
    ctx: Context,
    rules: list[str],
    sizes: list[int],
    modes: list[tuple[str, tuple[str, ...]]],
    parsers: dict[str, str],
    rows: list[dict[str, Any]],
) -> None:
    def find(rule: str, size: int, what: str, kind: str, mode: str) -> dict[str, Any] | None:
        for row in rows:
            if (row["rule"], row["records"], row["what"], row["input"], row["mode"]) == (
                rule,
                size,
                what,
                kind,
                mode,
            ):
                return row
        return None

    largest, smallest = max(sizes), min(sizes)
    compact = [label for label, _ in modes if label != "full decisions"]
    for rule in rules:
        floor = find(rule, largest, "floor", "JSON lines", parsers[rule])
        if not compact:
            ctx.target(
                "nightly",
                f"{rule}: compact output at {largest:,} JSON lines, records per second (the "
                "command has no compact output mode)",
                0,
                ">= 1,000,000/s",
                False,
                "/s",
            )
        for label in compact:
            row = find(rule, largest, "cli", "JSON lines", label)
            if row is None:
                continue
            ctx.target(
                "nightly",
                f"{rule}: {label} at {largest:,} JSON lines, records per second",
                row["per_second"],
                ">= 1,000,000/s",
                row["per_second"] >= 1e6,
                "/s",
            )
            if floor is not None:
                share = row["per_second"] / floor["per_second"]
                ctx.target(
                    "nightly",
                    f"{rule}: {label} against the parse floor ({parsers[rule]})",
                    share,
                    ">= 0.5",
                    share >= 0.5,
                )
        compared = [s for s in sizes if s <= REFERENCE_UP_TO]
        if compared:
            size = max(compared)
            mine = find(rule, size, "cli", "JSON lines", "full decisions")
            theirs = find(rule, size, "reference", "JSON lines", "full decisions")
            if mine and theirs:
                ratio = mine["per_second"] / theirs["per_second"]
                ctx.target(
                    "nightly",
                    f"{rule}: full decisions at {size:,} lines against {ctx.baseline_ref}",
                    ratio,
                    ">= 3x",
                    ratio >= 3,
                    "x",
                )
        if largest > smallest:
            for label, _ in modes:
                big = find(rule, largest, "cli", "JSON lines", label)
                small = find(rule, smallest, "cli", "JSON lines", label)
                if big and small:
                    growth = big["peak_mb"] / small["peak_mb"]
                    ctx.target(
                        "nightly",
                        f"{rule}: {label}, peak memory at {largest:,} / at {smallest:,}",
                        growth,
                        "<= 1.25 (flat in N)",
                        growth <= 1.25,
                        "x",
                    )
