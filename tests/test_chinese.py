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
