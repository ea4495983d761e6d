"""Timing in turns, medians, and fresh processes with their peak memory.

The machine the benchmark runs on is shared: a change in its load reaches whatever runs at that
moment. So the things compared are run in turns (A B C A B C ...) within one run and their ratio is
taken from the medians of their turns; the best turn is reported beside the median.
"""

from __future__ import annotations

import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Turns:
    """The seconds each turn of one measured thing took (and how many records a turn handles)."""

    records: int
    seconds: list[float]
    cpu_seconds: list[float] = field(default_factory=list)

    @property
    def median_rate(self) -> float:
        return self.records / statistics.median(self.seconds)

    @property
    def best_rate(self) -> float:
        return self.records / min(self.seconds)

    @property
    def median_seconds(self) -> float:
        return statistics.median(self.seconds)

    @property
    def median_cpu_rate(self) -> float:
        """Records per second of this process's CPU time (unmoved by other work on the machine)."""
        return self.records / statistics.median(self.cpu_seconds)


def in_turns(
    runs: Mapping[str, Callable[[int], object]], rounds: int, records: int, *, warm_up: bool = True
) -> dict[str, Turns]:
    """Run each of ``runs`` once per round, in turns, ``rounds`` times; ``run(k)`` gets the round.

    A warm-up round (``k = -1``, not counted) comes first unless ``warm_up`` is false.
    """
    if warm_up:
        for run in runs.values():
            run(-1)
    out = {name: Turns(records, []) for name in runs}
    for k in range(rounds):
        for name, run in runs.items():
            cpu, began = time.process_time(), time.perf_counter()
            run(k)
            out[name].seconds.append(time.perf_counter() - began)
            out[name].cpu_seconds.append(time.process_time() - cpu)
    return out


def percentile(values: Sequence[float], share: float) -> float:
    """The ``share`` percentile (0-1) of ``values`` (nearest rank)."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))
    return ordered[rank]


@dataclass
class Process:
    """One fresh process: its wall time, peak resident memory, exit status and CPU time."""

    seconds: float
    peak_mb: float
    status: int
    stderr: str
    cpu_seconds: float = 0.0


_TIME = Path("/usr/bin/time")
_LAUNCHER = """
import os, sys
pid = os.posix_spawn(sys.argv[2], sys.argv[2:], os.environ)
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as out:
    out.write(f"{usage.ru_maxrss} {usage.ru_utime} {usage.ru_stime}")
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run_process(
    argv: Sequence[str],
    *,
    stdin: Path | None = None,
    stdout: Path | None = None,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> Process:
    """Run ``argv`` to its end: its wall time and its own peak RSS.

    The peak comes from ``/usr/bin/time`` where it exists, else from ``wait4`` in a small Python
    launcher: a child forked from this (large) process would count this process's memory as its
    own. Standard output goes to ``stdout`` (default: discarded), standard error to a temporary
    file. ``argv[0]`` must be a path (it is not looked up on ``PATH``).
    """
    out_path = stdout or Path(os.devnull)
    with (
        open(stdin or os.devnull, "rb") as source,
        open(out_path, "wb") as sink,
        _temporary_file() as err,
        _temporary_name() as peak_file,
    ):
        if _TIME.exists():
            wrapped = [str(_TIME), "-f", "%M %U %S", "-o", peak_file, *argv]
        else:  # pragma: no cover - machines without GNU time
            wrapped = [sys.executable, "-c", _LAUNCHER, peak_file, *argv]
        began = time.perf_counter()
        done = subprocess.run(
            wrapped,
            stdin=source,
            stdout=sink,
            stderr=err,
            env=dict(env) if env is not None else None,
            cwd=cwd,
            check=False,
        )
        seconds = time.perf_counter() - began
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
        # GNU time may write a line about the exit status first; the figures are on the last line
        last = (Path(peak_file).read_text().strip().splitlines() or [""])[-1].split()
        peak_kb, cpu = (int(last[0]), float(last[1]) + float(last[2])) if len(last) == 3 else (0, 0)
    return Process(seconds, peak_kb / 1024, done.returncode, stderr, cpu)


@contextlib.contextmanager
def _temporary_name() -> Iterator[str]:
    handle, name = tempfile.mkstemp(prefix="medins-peak-")
    os.close(handle)
    try:
        yield name
    finally:
        os.unlink(name)


def _temporary_file() -> Any:
    return tempfile.TemporaryFile()


def checked(process: Process, what: str) -> Process:
    """``process`` if it succeeded; else an error showing what it said."""
    if process.status != 0:
        raise RuntimeError(f"{what}: exit status {process.status}\n{process.stderr[-2000:]}")
    return process


def processes_in_turns(
    commands: Mapping[str, Callable[[], Process]], rounds: int, *, warm_up: bool = True
) -> dict[str, list[Process]]:
    """Run each command once per round, in turns (after one warm-up round, not counted)."""
    if warm_up:
        for command in commands.values():
            command()
    out: dict[str, list[Process]] = {name: [] for name in commands}
    for _ in range(rounds):
        for name, command in commands.items():
            out[name].append(command())
    return out


def summary(processes: Sequence[Process]) -> dict[str, float]:
    """Median and best wall time (seconds) and the largest peak RSS (MB) of some runs."""
    seconds = [p.seconds for p in processes]
    return {
        "median_s": statistics.median(seconds),
        "best_s": min(seconds),
        "cpu_s": statistics.median(p.cpu_seconds for p in processes),
        "peak_mb": max(p.peak_mb for p in processes),
        "runs": len(processes),
    }
