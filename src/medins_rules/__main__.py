"""``python -m medins_rules``: the same command line as ``medins-rules``."""

from __future__ import annotations

from medins_rules.interfaces.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
