"""``medins-rules serve`` without the optional extra says how to install it (runs without it too)."""

from __future__ import annotations

import importlib.util
import re
from typing import Any

import pytest

from medins_rules.interfaces.cli import main


@pytest.mark.parametrize("absent", ["fastapi", "uvicorn"])
def test_serve_without_the_extra_exits_2_saying_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], absent: str
) -> None:
    find_spec = importlib.util.find_spec

    def without(name: str, *args: Any, **kwargs: Any) -> Any:
        return None if name == absent else find_spec(name, *args, **kwargs)

    monkeypatch.setattr(importlib.util, "find_spec", without)
    assert main(["serve"]) == 2
    err = capsys.readouterr().err
    assert re.search(rf"\(.*\b{absent}\b.* not installed\)", err), err
    assert "pip install 'medins-rules[serve]'" in err
    assert "Traceback" not in err
