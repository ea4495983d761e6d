"""Requests per second of the web service (``medins-rules serve``) for one rule.

    .venv/bin/pip install -e '.[serve]'
    .venv/bin/python -m benchmarks.serve                     # the filing rule, 10 s a measurement
    .venv/bin/python -m benchmarks.serve --rule deadlines.service_settlement --seconds 5
    .venv/bin/python -m benchmarks.serve --client httpx      # without wrk

Not part of the test suite. It starts the real command (``python -m medins_rules serve --port 0
--log-level warning``: one uvicorn process, no access log) on 127.0.0.1 and measures, with the rule's
bundled example as the case:

* ``single``: ``POST /v1/rules/{rule}`` with one case a request (the decision, 200);
* ``refused``: the same with a field that fails a cross-field check where the rule has one (422);
* ``batch``: ``POST /v1/rules/{rule}/batch`` with 1,000 cases a request as JSON Lines, on two
  connections, reported as records per second.

The load comes from ``wrk`` (Debian's package ``wrk``) when it is installed: ``--connections``
connections over one thread. Without it, an httpx loop on as many threads as connections (httpx's
own cost then bounds the figure: it says what a Python client sees, not what the server can do).
Every answer is checked to have the expected status before and after the run; a run with another
status is refused. The server and the load share the machine's cores, so the figures are
a lower bound of what the server alone would do.
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from medins_rules.interfaces.casefiles import bundled_example

# A case of the filing rule that its cross-field check refuses (filed before the payment).
REFUSED = {
    "deadlines.reimbursement_filing": {
        "payment_date": "2025-08-15",
        "treatment": "hospitalisation",
        "filing_date": "2025-08-01",
        "evaluation_date": "2026-02-24",
    }
}
BATCH_RECORDS = 1_000


@dataclass
class Result:
    what: str
    status: int
    requests_per_second: float
    records_per_second: float
    latency: str
    client: str


@contextmanager
def server() -> Iterator[str]:
    """A real ``medins-rules serve`` on a free port of 127.0.0.1; its base URL."""
    with tempfile.TemporaryDirectory() as folder:
        log = Path(folder) / "stderr.log"
        command = [sys.executable, "-m", "medins_rules", "serve", "--port", "0"]
        command += ["--log-level", "warning", "--max-batch-records", str(BATCH_RECORDS)]
        with log.open("wb") as stderr:
            process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr)
        try:
            deadline = time.monotonic() + 60
            url = None
            while url is None:
                found = re.search(r"serving on (http://\S+)", log.read_text("utf-8", "replace"))
                url = found.group(1) if found else None
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"the server did not start:\n{log.read_text('utf-8')}")
                time.sleep(0.05)
            while True:
                try:
                    httpx.get(f"{url}/healthz", timeout=5).raise_for_status()
                    break
                except httpx.TransportError:
                    time.sleep(0.05)
            yield url
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=30)


def _check(url: str, body: bytes, content_type: str, status: int) -> None:
    answer = httpx.post(url, content=body, headers={"content-type": content_type}, timeout=60)
    if answer.status_code != status:
        raise SystemExit(f"{url}: expected {status}, got {answer.status_code}: {answer.text[:300]}")


def _wrk(
    url: str, body: bytes, content_type: str, seconds: float, connections: int, status: int
) -> tuple[float, str]:
    script = (
        'wrk.method = "POST"\n'
        f'wrk.headers["Content-Type"] = "{content_type}"\n'
        f"wrk.body = [==[{body.decode()}]==]\n"
    )
    with tempfile.TemporaryDirectory() as folder:
        lua = Path(folder) / "post.lua"
        lua.write_text(script, "utf-8")
        command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds:g}s", "--timeout", "120s"]
        command += ["-s", str(lua), url]
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    total = int(_find(r"(\d+) requests in", out))
    other = int(_find(r"Non-2xx or 3xx responses: (\d+)", out, "0"))
    if (other if status < 300 else total - other) or re.search(r"Socket errors", out):
        raise SystemExit(f"wrk saw answers other than {status}, or socket errors:\n{out}")
    latency = _find(r"Latency\s+(\S+)", out)
    return float(_find(r"Requests/sec:\s+([\d.]+)", out)), f"mean {latency}"


def _find(pattern: str, text: str, default: str | None = None) -> str:
    found = re.search(pattern, text)
    if found:
        return found.group(1)
    if default is None:
        raise SystemExit(f"unexpected wrk output:\n{text}")
    return default


def _httpx(
    url: str, body: bytes, content_type: str, seconds: float, connections: int, status: int
) -> tuple[float, str]:
    counts = [0] * connections
    stop = time.monotonic() + seconds

    def loop(slot: int) -> None:
        with httpx.Client(timeout=60) as client:
            while time.monotonic() < stop:
                answer = client.post(url, content=body, headers={"content-type": content_type})
                if answer.status_code != status:
                    raise SystemExit(f"expected {status}, got {answer.status_code}")
                counts[slot] += 1

    threads = [threading.Thread(target=loop, args=(i,)) for i in range(connections)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    total = sum(counts)
    return total / elapsed, f"mean {1000 * elapsed * connections / max(total, 1):.2f}ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rule", default="deadlines.reimbursement_filing")
    parser.add_argument("--seconds", type=float, default=10.0, help="a measurement's length")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--client", choices=("auto", "wrk", "httpx"), default="auto")
    args = parser.parse_args(argv)
    client = args.client
    if client == "auto":
        client = "wrk" if shutil.which("wrk") else "httpx"
    if client == "wrk" and shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk); use --client httpx")
    measure = _wrk if client == "wrk" else _httpx
    example = bundled_example(args.rule)
    if example is None:
        raise SystemExit(f"{args.rule} has no bundled example")
    many = args.connections
    loads = [("single", json.dumps(example).encode(), "application/json", 200, 1, many)]
    if args.rule in REFUSED:
        refused = json.dumps(REFUSED[args.rule]).encode()
        loads.append(("refused", refused, "application/json", 422, 1, many))
    batch = ("\n".join([json.dumps(example)] * BATCH_RECORDS) + "\n").encode()
    loads.append(("batch", batch, "application/x-ndjson", 200, BATCH_RECORDS, 2))

    import fastapi
    import uvicorn

    print(
        f"{args.rule}: {client}, {many} connections (a batch: 2), {args.seconds:g} s a measurement; "
        f"Python {platform.python_version()}, FastAPI {fastapi.__version__}, "
        f"uvicorn {uvicorn.__version__}"
    )
    results = []
    with server() as base:
        for what, body, content_type, status, records, connections in loads:
            url = f"{base}/v1/rules/{args.rule}" + ("/batch" if what == "batch" else "")
            _check(url, body, content_type, status)
            rate, latency = measure(url, body, content_type, args.seconds, connections, status)
            _check(url, body, content_type, status)
            results.append(Result(what, status, rate, rate * records, latency, client))
    print(f"{'request':<10}{'status':>7}{'requests/s':>12}{'records/s':>12}  latency")
    for r in results:
        print(
            f"{r.what:<10}{r.status:>7}{r.requests_per_second:>12,.0f}"
            f"{r.records_per_second:>12,.0f}  {r.latency}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
