"""Files of records (JSON lines, Parquet), the parse floor over them, and the bare decider over them.

Standard library only at import (pyarrow, orjson and msgspec are imported where used), so that the
floor's process starts as a plain Python program would:

    python -m benchmarks.lines floor PARSER FILE   # parse every line (or pyarrow: read the file)
    python -m benchmarks.lines bare RULE FILE      # parse, decide by hand, one JSON line out each

The floor is the same parse with no rule: one JSON line to a dict, by the standard library and,
where installed, orjson and msgspec; ``pyarrow`` reads the whole file with pyarrow's JSON reader (or
its Parquet reader, by the file's suffix) into a table.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _parsers() -> dict[str, Callable[[bytes], Any]]:
    out: dict[str, Callable[[bytes], Any]] = {"json": json.loads}
    try:
        import orjson

        out["orjson"] = orjson.loads
    except ImportError:
        pass
    try:
        import msgspec

        out["msgspec"] = msgspec.json.decode
    except ImportError:
        pass
    return out


PARSERS = _parsers()
"""One JSON line to a dict, by the parsers installed (the standard library's always)."""


def has_pyarrow() -> bool:
    try:
        import pyarrow.json
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        return False
    return True


def parse_floor(path: Path, parser: str = "json") -> int:
    """Parse every line of a JSON-lines file to a dict and keep nothing: the floor of any rule."""
    loads = PARSERS[parser]
    count = 0
    with path.open("rb") as lines:
        for line in lines:
            if line.strip():
                loads(line)
                count += 1
    return count


def arrow_floor(path: Path) -> int:
    """pyarrow's reader on the same file (JSON lines, or Parquet by its suffix): rows read."""
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        return int(pq.read_table(path).num_rows)
    import pyarrow.json as pj

    return int(pj.read_json(path).num_rows)


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> int:
    """Write records one a line; returns the bytes written."""
    data = "".join(json.dumps(r, separators=(",", ":")) + "\n" for r in records).encode()
    path.write_bytes(data)
    return len(data)


def _table(records: list[dict[str, Any]], names: list[str]) -> Any:
    import pyarrow as pa

    columns = {}
    for name in names:
        values = [r.get(name) for r in records]
        if name.endswith("_date") or name == "residence_start":
            days = [None if v is None else dt.date.fromisoformat(v) for v in values]
            columns[name] = pa.array(days, type=pa.date32())
        else:
            columns[name] = pa.array(values)
    return pa.table(columns)


def write_parquet(path: Path, records: list[dict[str, Any]]) -> None:
    """Write flat records as Parquet, day fields (``*_date``, ``residence_start``) as dates."""
    import pyarrow.parquet as pq

    pq.write_table(_table(records, sorted({name for r in records for name in r})), path)


def write_generated(
    generate: Callable[..., list[dict[str, Any]]],
    size: int,
    seed: int,
    jsonl: Path,
    parquet: Path | None = None,
    chunk: int = 100_000,
) -> None:
    """Write ``size`` generated records (drawn ``chunk`` at a time, each with its own seed) as JSON
    lines and, given a path, as Parquet, without holding them all in memory."""
    writer = None
    names: list[str] = []
    try:
        with jsonl.open("wb") as out:
            for i, start in enumerate(range(0, size, chunk)):
                records = generate(min(chunk, size - start), seed=seed * 1_000 + i)
                out.write(
                    "".join(json.dumps(r, separators=(",", ":")) + "\n" for r in records).encode()
                )
                if parquet is not None:
                    import pyarrow.parquet as pq

                    if writer is None:
                        names = sorted({name for r in records for name in r})
                    table = _table(records, names)
                    if writer is None:
                        writer = pq.ParquetWriter(parquet, table.schema)
                    writer.write_table(table)
    finally:
        if writer is not None:
            writer.close()


def read_parquet(path: Path) -> list[dict[str, Any]]:
    """The records of a Parquet file written by :func:`write_parquet` (missing fields left out)."""
    import pyarrow.parquet as pq

    out = []
    for row in pq.read_table(path).to_pylist():
        out.append(
            {
                k: v.isoformat() if isinstance(v, dt.date) else v
                for k, v in row.items()
                if v is not None
            }
        )
    return out


def bare_file(rule: str, path: Path, write: Callable[[str], object]) -> int:
    """Parse each line, decide it with the rule's bare decider, write one JSON line with the outcome."""
    from .workloads import BARE, OUTCOMES

    bare, names = BARE[rule], OUTCOMES[rule]
    decide, extract, loads = bare.make(), bare.extract, json.loads
    count = 0
    with path.open("rb") as lines:
        for line in lines:
            if line.strip():
                write('{"outcome":"' + names[decide(extract(loads(line)))] + '"}\n')
                count += 1
    return count


def main(argv: list[str]) -> int:
    if argv[0] == "floor":
        parser, path = argv[1], Path(argv[2])
        count = arrow_floor(path) if parser == "pyarrow" else parse_floor(path, parser)
    elif argv[0] == "bare":
        count = bare_file(argv[1], Path(argv[2]), sys.stdout.write)
    else:
        raise SystemExit(f"unknown command {argv[0]!r}")
    print(f"{count} records", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
