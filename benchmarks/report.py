"""A results file as Markdown tables (for ``docs/performance.md``).

.venv/bin/python -m benchmarks.report benchmarks/results/<time>.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


def _rate(value: float) -> str:
    return f"{value / 1e6:.2f}M" if value >= 1e6 else f"{value / 1e3:.0f}k"


def tables(results: dict[str, Any]) -> str:
    lines = [
        "| rule | mode | records | decisions/s | peak MB | vs |",
        "| --- | --- | ---: | ---: | ---: | --- |",
    ]
    for row in results["rows"]:
        ratio = f"{row['ratio']:.2f}x {row['ratio_to']}" if row["ratio"] is not None else ""
        peak = f"{row['peak_mb']:.1f}" if row["peak_mb"] is not None else ""
        lines.append(
            f"| `{row['rule']}` | {row['mode']} | {row['records']:,} | "
            f"{_rate(row['per_second'])} | {peak} | {ratio} |"
        )
    lines += ["", "| target | measured | goal | |", "| --- | ---: | ---: | --- |"]
    for target in results["targets"]:
        lines.append(
            f"| {target['target']} | {target['measured']} | {target['goal']} | "
            f"{'met' if target['met'] else '**missed**'} |"
        )
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    print(tables(json.loads(Path(argv[0]).read_text("utf-8"))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
