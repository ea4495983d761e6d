"""The examples of ``docs/cli.md`` run as written, through the installed ``medins-rules`` script.

In each ``console`` block a line starting with ``$ `` is a shell command (run from ``docs/``); the
lines after it, up to the next command, are its expected output (standard output and error
together), compared as doctest compares output (``...`` matches anything, whitespace is
normalised). A command must exit with status 0: examples of failures end with
``; echo "exit status: $?"``.
"""

from __future__ import annotations

import doctest
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"
_BLOCK = re.compile(r"^```console\n(.*?)^```", re.S | re.M)
_FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def _examples(page: Path) -> list[tuple[str, str]]:
    examples: list[tuple[str, str]] = []
    for block in _BLOCK.findall(page.read_text("utf-8")):
        command: str | None = None
        output: list[str] = []
        for line in block.splitlines():
            if line.startswith("$ "):
                if command is not None:
                    examples.append((command, "\n".join(output)))
                command, output = line[2:], []
            else:
                output.append(line)
        if command is not None:
            examples.append((command, "\n".join(output)))
    return examples


def _scripts() -> str | None:
    for folder in (Path(sys.executable).parent, Path(sysconfig.get_path("scripts"))):
        if (folder / "medins-rules").exists():
            return str(folder)
    found = shutil.which("medins-rules")
    return str(Path(found).parent) if found else None


EXAMPLES = _examples(DOCS / "cli.md")
README = _examples(DOCS.parent / "README.md")
"""The README's examples, run one after another in a fresh folder (they write files there)."""


def test_the_page_has_examples_of_every_command() -> None:
    commands = {
        c.split("medins-rules ", 1)[1].split()[0] for c, _ in EXAMPLES if "medins-rules " in c
    }
    assert {"rules", "example", "evaluate", "schema", "reasons", "test", "demo"} <= commands


@pytest.mark.parametrize(("command", "expected"), EXAMPLES, ids=[c[:70] for c, _ in EXAMPLES])
def test_cli_page_example(command: str, expected: str) -> None:
    scripts = _scripts()
    if scripts is None:
        pytest.skip("the medins-rules script is not installed")
    env = {**os.environ, "PATH": scripts + os.pathsep + os.environ.get("PATH", "")}
    done = subprocess.run(
        command,
        shell=True,
        cwd=DOCS,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    checker = doctest.OutputChecker()
    want = expected.strip() + "\n"
    got = done.stdout.strip() + "\n"
    assert done.returncode == 0, f"exit status {done.returncode}:\n{done.stdout}"
    assert checker.check_output(want, got, _FLAGS), checker.output_difference(
        doctest.Example(command, want), got, _FLAGS
    )


def _run(command: str, cwd: Path, scripts: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": scripts + os.pathsep + os.environ.get("PATH", "")}
    return subprocess.run(
        command,
        shell=True,
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )


def test_the_readme_has_examples_of_csv_ics_and_chinese() -> None:
    commands = " ".join(c for c, _ in README)
    for option in ("--format csv", "--format ics", "--lang zh"):
        assert option in commands, option


def test_the_readme_examples_run_as_written(tmp_path: Path) -> None:
    scripts = _scripts()
    if scripts is None:
        pytest.skip("the medins-rules script is not installed")
    checker = doctest.OutputChecker()
    for command, expected in README:
        done = _run(command, tmp_path, scripts)
        want = expected.strip() + "\n" if expected.strip() else ""
        got = done.stdout.strip() + "\n" if done.stdout.strip() else ""
        assert done.returncode == 0, f"{command}: exit status {done.returncode}:\n{done.stdout}"
        assert checker.check_output(want, got, _FLAGS), checker.output_difference(
            doctest.Example(command, want), got, _FLAGS
        )


def test_the_notice_template_ships_with_the_package_and_is_the_docs_one() -> None:
    import subprocess
    import sys
    from pathlib import Path

    from medins_rules.core.calendar import parse_notice

    root = Path(__file__).resolve().parent.parent
    docs = (root / "docs" / "notice-template.toml").read_text("utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "medins_rules", "notice-template"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert done.stdout == docs
    assert parse_notice(done.stdout).year > 2026
