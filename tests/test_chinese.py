"""A Chinese rendering speaks Chinese: no English word of the catalogue's vocabulary leaks into it.

The vocabulary is every outcome value, every field name and every enum value of every rule's input,
options and decision. The Chinese text of every rule's bundled example (``--format text --lang zh``,
the grid included) and of a set of refusals may hold identifiers only as codes, never as words: a
dotted code (a reason code, a rule or a parameter name), a path into the input (``items[0]``), an
identifier in full-width parentheses right after its Chinese label (``微信（wechat）``,
``垫付日期（payment_date）``: the key to correct in the file), and, in a refusal, a value quoted as it
is to be typed (``'hospitalisation'``).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from typing import Any

import pytest
from pydantic import ValidationError

from medins_rules.core.errors import MedinsRulesError
from medins_rules.engine.catalogue import evaluate, rules
from medins_rules.interfaces.casefiles import bundled_example
from medins_rules.interfaces.presentation import render_text
from medins_rules.interfaces.translate import describe_error_zh
from test_labels import ENUMS, MODELS

VOCABULARY = frozenset(
    {str(m.value) for enum in ENUMS for m in enum}
    | {name for model in MODELS for name in model.model_fields}
)
_CODE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)+")
_PATH = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\[\d+\])+(?:\.[A-Za-z_][A-Za-z0-9_]*)*")
_AFTER_LABEL = re.compile(r"（[A-Za-z0-9_.\[\]:, -]+）")
_QUOTED = re.compile(r"'[^']*'")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def leaks(text: str, *, refusal: bool = False) -> set[str]:
    """The vocabulary words in ``text`` outside the codes and locators a Chinese text may hold."""
    if refusal:
        text = _QUOTED.sub(" ", text)
    for pattern in (_AFTER_LABEL, _PATH, _CODE):
        text = pattern.sub(" ", text)
    return {word for word in _WORD.findall(text) if word in VOCABULARY}


def test_the_check_finds_a_word_of_the_vocabulary() -> None:
    assert leaks("结果：on_time") == {"on_time"}
    assert leaks("payment_date: 2025-08-15") == {"payment_date"}
    assert leaks("原渠道微信（wechat）退回；理由 reimbursement.filed_on_time；items[0]") == set()


EXAMPLES = [spec.name for spec in rules().values() if bundled_example(spec.name) is not None]


def test_every_rule_has_a_bundled_example() -> None:
    assert len(EXAMPLES) == len(rules())


@pytest.mark.parametrize("rule", EXAMPLES)
def test_the_chinese_text_of_every_bundled_example_has_no_english_vocabulary(rule: str) -> None:
    example = bundled_example(rule)
    assert example is not None
    text = render_text(evaluate(rule, example), lang="zh")
    assert leaks(text) == set(), text


def test_the_real_command_prints_a_bundled_example_in_chinese(tmp_path: Any) -> None:
    path = tmp_path / "refund.json"
    path.write_text(json.dumps(bundled_example("refunds.refund")), "utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "medins_rules",
            "evaluate",
            "refunds.refund",
            str(path),
            "--format",
            "text",
            "--lang",
            "zh",
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "结果：可部分退费" in done.stdout
    assert "缴费渠道" in done.stdout
    assert "why_zh" not in done.stdout
    assert leaks(done.stdout) == set()


REFUSALS = [
    ("deadlines.reimbursement_filing", {"payment_date": "2026-02-30", "treatment": "dental"}),
    (
        "deadlines.reimbursement_filing",
        {
            "payment_date": "2026-03-10",
            "treatment": "hospitalisation",
            "filing_date": "2026-03-09",
            "evaluation_date": "2026-03-10",
            "comment": "x",
        },
    ),
    (
        "deadlines.reimbursement_filing",
        {"payment_date": "2026-03-10T08:00", "treatment": 3, "evaluation_date": 20260310},
    ),
    (
        "deadlines.service_settlement",
        {"application_date": "2026-09-30", "channel": "post", "evaluation_date": "2026-09-29"},
    ),
    (
        "refunds.refund",
        {
            "payments": [{"amount": "38O", "scheme_year": 1999, "city": "440100"}],
            "terminates_participation": "yes",
            "evaluation_date": "2026-12-31",
        },
    ),
    (
        "eligibility.retirement",
        {
            "birth_date": "1965-03-15",
            "sex": "male",
            "woman_category": "cadre",
            "evaluation_date": "1964-01-01",
            "contribution_months": 2.5,
        },
    ),
    (
        "eligibility.online_suspension",
        {
            "scheme": "urban_rural_resident",
            "insured_in_guangdong": True,
            "participation_status": "normal",
            "applicant": "insured_person",
            "face_recognition_passed": True,
            "enrolment_date": "2026-01-10",
            "termination_date": "2026-01-01",
            "evaluation_date": "2026-03-02",
        },
    ),
]


@pytest.mark.parametrize(
    ("rule", "case"), REFUSALS, ids=[f"{r}-{i}" for i, (r, _) in enumerate(REFUSALS)]
)
def test_a_refusal_in_chinese_has_no_english_vocabulary(rule: str, case: dict[str, Any]) -> None:
    with pytest.raises((ValidationError, MedinsRulesError)) as refused:
        evaluate(rule, case)
    lines = describe_error_zh(refused.value, rule=rule)
    assert lines
    for line in lines:
        assert "英文说明" not in line, line  # translated, not framed
        assert leaks(line, refusal=True) == set(), line


def test_a_refusal_names_the_field_by_its_label_and_its_path() -> None:
    with pytest.raises(ValidationError) as refused:
        evaluate(*REFUSALS[1])
    lines = describe_error_zh(refused.value, rule=REFUSALS[1][0])
    assert lines == [
        "申请日期（filing_date）：2026-03-09早于垫付日期（payment_date）2026-03-10：报销申请不能早于所报销的垫付",
        "comment：不是此输入的字段（不接受未知字段）",
    ]


def test_the_command_reports_a_refusal_in_chinese(tmp_path: Any) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"payment_date": "2026-02-30", "treatment": "dental"}), "utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "medins_rules",
            "evaluate",
            "deadlines.reimbursement_filing",
            str(path),
            "--lang",
            "zh",
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert done.returncode == 2
    assert "垫付日期（payment_date）：应为有效日期（YYYY-MM-DD）" in done.stderr
    assert "评估日期（evaluation_date）：缺少此字段（必填）" in done.stderr
    assert "Traceback" not in done.stderr


def test_an_unframed_message_of_the_package_keeps_its_english_in_a_chinese_frame() -> None:
    with pytest.raises(ValidationError) as refused:
        evaluate(
            "eligibility.online_cancellation",
            {
                "account_registered": False,
                "logged_in": True,
                "identification_provided": True,
                "evaluation_date": "2026-03-02",
            },
        )
    (line,) = describe_error_zh(refused.value, rule="eligibility.online_cancellation")
    assert line.startswith("是否已登录（logged_in）：输入不被接受（英文说明）：true, but")


def test_the_case_file_report_in_chinese(tmp_path: Any) -> None:
    from pathlib import Path

    cases = Path(__file__).parent.parent / "docs" / "examples" / "my-cases.yaml"
    done = subprocess.run(
        [sys.executable, "-m", "medins_rules", "test", str(cases), "--lang", "zh"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert done.returncode == 1
    assert "通过 " in done.stdout
    assert "未通过 " in done.stdout
    assert "  规则：deadlines.service_settlement" in done.stdout
    assert '  - 字段 settlement_date：预期"2026-02-18"，实际"2026-02-25"' in done.stdout
    assert done.stdout.rstrip().endswith("1个通过，1个未通过，0个错误，共2个用例")


_CJK = re.compile(r"[\u4e00-\u9fff]")
FILING = "deadlines.reimbursement_filing"
FILED = {
    "payment_date": "2025-08-15",
    "treatment": "hospitalisation",
    "evaluation_date": "2026-02-24",
}


def _zh(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    from medins_rules.interfaces.cli import main

    status = main([*args, "--lang", "zh"])
    return status, capsys.readouterr().err.splitlines()


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        (None, "无法读取：文件或目录不存在"),
        ("{bad", "JSON 无效（第1行第2列；英文说明："),
        ('{"a": 1}{"b": 2}', "（多个用例？请每行写一个用例，存为 .jsonl 文件，或加 --jsonl）"),
        ("[1, 2]", "应为包含用例各字段的 JSON 对象；实际为数组（列表）"),
        ('"x"', "应为包含用例各字段的 JSON 对象；实际为字符串"),
        ('{"a": 1, "a": 2}', "a：同一对象中给出了两次；每个键只给一次"),
    ],
)
def test_the_command_line_says_why_it_cannot_read_a_case_in_chinese(
    tmp_path: Any, capsys: pytest.CaptureFixture[str], case: str | None, expected: str
) -> None:
    path = tmp_path / "case.json"
    if case is not None:
        path.write_text(case, "utf-8")
    status, lines = _zh(capsys, "evaluate", FILING, str(path))
    assert status == 2
    (line,) = lines
    assert line.startswith(f"medins-rules: {path}: ")
    assert expected in line, line
    assert "cannot read" not in line
    assert "invalid JSON" not in line


def test_an_unknown_rule_in_chinese_suggests_the_rule_meant(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, lines = _zh(capsys, "evaluate", "deadlines.reimbursment_filing", "x.json")
    assert status == 2
    (line,) = lines
    assert (
        "未知规则 'deadlines.reimbursment_filing'。是否指 deadlines.reimbursement_filing？" in line
    )
    assert "已有的规则：" in line
    assert "Did you mean" not in line


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (["--options", "[1]"], "--options: 应为 JSON 对象，例如 '{\"name\": true}'"),
        (["--options", '{"rol": 1}'], "--options: options.rol：不是此输入的字段（不接受未知字段）"),
        (["--details", "d.csv"], "--details: --details FILE 只能与 --format csv 同用"),
        (
            ["--out", "o.xlsx"],
            "--out: --out FILE 只能与 --format xlsx 同用（其他格式请重定向标准输出）",
        ),
    ],
)
def test_the_options_of_the_command_are_refused_in_chinese(
    tmp_path: Any, capsys: pytest.CaptureFixture[str], extra: list[str], expected: str
) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(FILED), "utf-8")
    status, lines = _zh(capsys, "evaluate", FILING, str(path), *extra)
    assert status == 2
    assert lines == [f"medins-rules: {expected}"]


def test_a_missing_extra_is_named_in_chinese(
    tmp_path: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    path = tmp_path / "case.json"
    path.write_text(json.dumps(FILED), "utf-8")
    status, lines = _zh(
        capsys, "evaluate", FILING, str(path), "--format", "xlsx", "--out", "o.xlsx"
    )
    assert status == 2
    assert lines == [
        "medins-rules: --format xlsx: --format xlsx 需要可选组件 'xlsx'（未安装 openpyxl）："
        "pip install 'medins-rules[xlsx]'"
    ]


def test_a_batch_reports_its_lines_and_its_summary_in_chinese(
    tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "claims.jsonl"
    lines = [
        json.dumps(FILED),
        "{bad",
        json.dumps({**FILED, "treatment": "dental"}),
        json.dumps(FILED),
    ]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    status, err = _zh(capsys, "evaluate", FILING, str(path))
    assert status == 2
    assert (
        err[0]
        == f"medins-rules: {path}:2: JSON 无效（第1行第2列；英文说明：Expecting property name enclosed in double quotes）"
    )
    assert err[1].startswith(f"medins-rules: {path}:3: 就医类型（treatment）：应为以下之一：")
    assert err[-1] == "medins-rules: 共评估2个用例：按时申请2个；2行输入有误，已跳过（退出状态2）"
    status, err = _zh(capsys, "evaluate", FILING, str(path), "--format", "csv")
    assert err[-1] == (
        "medins-rules: 共评估2个用例：按时申请2个；2行输入有误，已作为带错误说明的行写出（退出状态2）"
    )


def test_the_command_line_messages_in_chinese_keep_no_english_sentence() -> None:
    from medins_rules.interfaces.translate import cli_problem_zh

    messages = [
        "cannot read: No such file or directory",
        "cannot read: Permission denied",
        "cannot read: standard input is closed",
        "cannot read: larger than the limit of 1,048,576 bytes on one record "
        "(--max-record-bytes sets another limit)",
        "larger than the limit of 64 bytes on one record (--max-record-bytes sets another limit)",
        "not UTF-8 text (invalid start byte)",
        "cannot read: not UTF-8 text (invalid start byte)",
        "no end of line within 1,048,576 bytes after it: the input is not one record a line, and "
        "the rest of it is not read",
        "invalid JSON: nested too deeply",
        "expected a JSON object with the case's fields; got a null",
        "a workbook is binary: give --out FILE, or redirect standard output to a file",
        "nothing to put in a calendar: no day ahead to be reminded of",
        "cannot write: No space left on device",
    ]
    for message in messages:
        text = cli_problem_zh(message)
        assert _CJK.search(text), message
        assert "英文说明" not in text, text
        assert not re.search(r"[A-Za-z]+ [a-z]+ [a-z]+", text.replace("--max-record-bytes", "")), (
            text
        )
    assert cli_problem_zh("垫付日期（payment_date）：缺少此字段（必填）") == (
        "垫付日期（payment_date）：缺少此字段（必填）"
    )
    assert cli_problem_zh("something new happened") == "（英文说明）something new happened"
    assert cli_problem_zh("internal error: ZeroDivisionError: boom") == (
        "内部错误：ZeroDivisionError: boom（这是程序包的缺陷，请报告）"
    )
