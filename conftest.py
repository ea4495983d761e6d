"""Collection of the doctests in ``src/`` and ``docs/``: the web service's need its optional extra.

``src/medins_rules/interfaces/serve.py`` and ``docs/service.md`` import FastAPI (the extra
``serve``) and, for the page, httpx; without them they are not collected (the tests of the service
in ``tests/test_serve.py`` skip themselves likewise).
"""

from __future__ import annotations

import importlib.util


def _missing(*modules: str) -> bool:
    return any(importlib.util.find_spec(name) is None for name in modules)


collect_ignore: list[str] = []
if _missing("fastapi"):
    collect_ignore.append("src/medins_rules/interfaces/serve.py")
if _missing("fastapi", "httpx"):
    collect_ignore.append("docs/service.md")
