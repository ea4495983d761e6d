"""Refusals and case-file reports in Chinese.

Pydantic writes its validation messages in English, and so does the package for its own cross-field
checks (``filing_date: 2026-03-09 is before payment_date 2026-03-10; ...``). :func:`problem_zh`
gives each a Chinese form: pydantic's common error types (a missing field, an unknown field, a value
not among an enum's, a day that is not a day, a number or amount that is not one, a text too long or
not in its pattern, a list too long...) by their type and context; the package's date-order checks
(``X is before Y``, ``X is after Y``) and its frequent reasons phrase by phrase; any other message
of the package inside a Chinese frame that keeps the English (``输入不被接受（英文说明）：...``), so
nothing is lost. The field is named by its Chinese label, its path kept after it in parentheses
(``垫付日期（payment_date）``), since that is the key to correct in the file; the values the input
gave and the values expected are quoted as they are to be typed.

:func:`case_report_zh` is a case-file result's report in Chinese (the runner's ``--lang zh``).

>>> from pydantic import ValidationError
>>> from medins_rules.engine.catalogue import evaluate
>>> try:
...     evaluate("deadlines.reimbursement_filing", {"payment_date": "2026-02-30",
...              "treatment": "dental", "evaluation_date": "2026-03-10", "note": 1})
... except ValidationError as exc:
...     for line in describe_error_zh(exc, rule="deadlines.reimbursement_filing"):
...         print(line)
垫付日期（payment_date）：应为有效日期（YYYY-MM-DD）：日不在该月的有效范围内（输入为 '2026-02-30'）
就医类型（treatment）：应为以下之一：'hospitalisation'（住院）、'emergency_observation'（急诊留观）、'outpatient_specific_items'（门诊特定项目）、'outpatient_designated_chronic_disease'（门诊指定慢性病）、'general_outpatient'（普通门诊）、'other'（其他）（输入为 'dental'）
note：不是此输入的字段（不接受未知字段）
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Mapping, Sequence
from enum import Enum
from types import MappingProxyType
from typing import Any

from pydantic import BaseModel, ValidationError

from medins_rules.core.errors import (
    CalendarYearNotCoveredError,
    ParameterNotInForceError,
    RecordTooLargeError,
    UnknownRuleError,
)
from medins_rules.core.labels import enum_label, field_label

__all__ = [
    "batch_summary_zh",
    "case_report_zh",
    "cli_problem_zh",
    "describe_error_zh",
    "differences_zh",
    "hint_zh",
    "path_label",
    "problem_zh",
    "summary_zh",
]

_MAX_INPUT = 60


def _nested(annotation: Any) -> type[BaseModel] | None:
    """The model a field's annotation holds (itself, in a tuple, or optional)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) is not None or isinstance(annotation, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _nested(arg)
            if found is not None:
                return found
    return None


def _enum_of(annotation: Any) -> type[Enum] | None:
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return annotation
    if typing.get_origin(annotation) is not None or isinstance(annotation, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _enum_of(arg)
            if found is not None:
                return found
    return None


def _walk(root: type[BaseModel] | None, loc: Sequence[int | str]) -> tuple[list[str], Any]:
    """The Chinese labels along a path, and the annotation of its last field."""
    labels: list[str] = []
    model: type[BaseModel] | None = root
    annotation: Any = None
    for part in loc:
        if isinstance(part, int):
            labels.append(f"第{part + 1}项")
            continue
        labels.append(field_label(model, str(part), "zh"))
        info = model.model_fields.get(str(part)) if model is not None else None
        annotation = info.annotation if info is not None else None
        model = _nested(annotation)
    return labels, annotation


def path_label(root: type[BaseModel] | None, loc: Sequence[int | str], path: str) -> str:
    """A field path in Chinese: its labels, then the path itself (``垫付日期（payment_date）``;
    ``缴费记录第2项的金额（payments[1].amount）``); the path alone where no part has a label."""
    labels, _ = _walk(root, loc)
    if all(isinstance(part, int) or label == part for label, part in zip(labels, loc, strict=True)):
        return path
    text = ""
    for label in labels:
        if label.startswith("第") and label.endswith("项"):
            text += label
        else:
            text += ("的" if text else "") + label
    if not text or text == path:
        return path
    return f"{text}（{path}）"


def _got(value: Any) -> str:
    text = repr(value)
    if len(text) > _MAX_INPUT:
        text = f"{text[: _MAX_INPUT - 10]}...（共{len(str(value))}个字符）"
    return f"（输入为 {text}）"


_DAY_REASONS: Mapping[str, str] = MappingProxyType(
    {
        "a number in a text is not read as a date": "数字形式的文本不视为日期",
        "a time of day or a time zone is not part of a day (which day a moment falls on depends on "
        "the zone it is read in: give the day itself)": "日期不含时刻或时区（某一时刻属于哪一天取决于所在时区：请直接给出日期）",
        "four ASCII digits for the year, two for the month and two for the day": "年份四位、月份两位、日两位，均为ASCII数字",
        "day value is outside expected range": "日不在该月的有效范围内",
        "month value is outside expected range of 1-12": "月份应为1至12",
        "a number is not read as a date": "数字不视为日期",
        "as text, not bytes": "应为文本，而非字节",
    }
)

_TYPES: Mapping[str, str] = MappingProxyType(
    {
        "missing": "缺少此字段（必填）",
        "extra_forbidden": "不是此输入的字段（不接受未知字段）",
        "bool_parsing": "应为 true 或 false",
        "bool_type": "应为 true 或 false",
        "int_parsing": "应为整数",
        "int_type": "应为整数",
        "int_from_float": "应为整数，不能有小数部分",
        "decimal_parsing": "应为金额，写作普通十进制数字，如 380 或 380.50（ASCII数字0-9，可带负号和小数点；不含空格、下划线、指数或其他数字）",
        "decimal_type": "应为金额（数字或十进制文本），不能是 true 或 false",
        "decimal_max_places": "金额最多两位小数",
        "string_type": "应为文本",
        "tuple_type": "应为列表",
        "list_type": "应为列表",
        "model_type": "应为对象（JSON 对象）",
        "dict_type": "应为对象（JSON 对象）",
        "model_attributes_type": "应为对象（JSON 对象）",
        "finite_number": "应为有限的数",
        "json_invalid": "不是有效的 JSON",
    }
)


def _enum_text(annotation: Any, expected: str) -> str:
    values = re.findall(r"'([^']*)'", expected)
    enum = _enum_of(annotation)
    shown = []
    for value in values:
        label = None
        if enum is not None:
            try:
                label = enum_label(enum(value), "zh")
            except ValueError:
                label = None
        shown.append(f"'{value}'（{label}）" if label and label != value else f"'{value}'")
    return "应为以下之一：" + "、".join(shown)


def _pydantic_zh(error: Mapping[str, Any], annotation: Any) -> str | None:
    kind = str(error["type"])
    ctx = error.get("ctx") or {}
    message = str(error["msg"])
    if kind in (
        "date_parsing",
        "date_from_datetime_parsing",
        "date_type",
        "date_from_datetime_inexact",
    ):
        for english, chinese in _DAY_REASONS.items():
            if english in message:
                return f"应为有效日期（YYYY-MM-DD）：{chinese}"
        if "datetime is not a day" in message:
            return "应为日期（YYYY-MM-DD），日期时间不是日期（某一时刻属于哪一天取决于所在时区：请直接给出日期）"
        return "应为有效日期（YYYY-MM-DD）"
    if kind == "enum":
        return _enum_text(annotation, str(ctx.get("expected", "")))
    if kind == "literal_error":
        return "应为以下之一：" + "、".join(re.findall(r"'[^']*'", str(ctx.get("expected", ""))))
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        bound = next(iter(ctx.values()), "")
        word = {
            "greater_than_equal": "大于或等于",
            "greater_than": "大于",
            "less_than_equal": "小于或等于",
            "less_than": "小于",
        }[kind]
        return f"应{word}{bound}"
    if kind == "string_pattern_mismatch":
        return f"格式不符（应符合 {ctx.get('pattern', '')}）"
    if kind == "string_too_long":
        return f"最多{ctx.get('max_length')}个字符"
    if kind == "string_too_short":
        return f"至少{ctx.get('min_length')}个字符"
    if kind == "too_long":
        return f"最多{ctx.get('max_length')}项（实际{ctx.get('actual_length')}项）"
    if kind == "too_short":
        return f"至少{ctx.get('min_length')}项（实际{ctx.get('actual_length')}项）"
    if kind == "duplicate_key":
        return "同一对象中给出了两次；每个键只给一次"
    return _TYPES.get(kind)


# -- the package's own messages ------------------------------------------------------------------

_WHY: Mapping[str, str] = MappingProxyType(
    {
        "a claim cannot be filed before the payment it reimburses": "报销申请不能早于所报销的垫付",
        "a claim is evaluated on or after the payment it reimburses": "评估日期不能早于垫付日期",
        "a filing is evaluated on or after the day it is made": "评估日期不能早于申请日期",
        "a filing is evaluated on or after the day it was made": "评估日期不能早于申请日期",
        "a claim is evaluated on or after the off-site filing it rests on": "评估日期不能早于异地就医备案日期",
        "an application is evaluated on or after the day it is made": "评估日期不能早于申请日期",
        "an application is judged on or after the day it is made": "评估日期不能早于申请日期",
        "a person is judged on or after the day of birth": "评估日期不能早于出生日期",
        "a participation cannot end before it begins": "参保关系不能在开始之前终止",
        "a period ends on or after the day it begins": "期间的截止日不能早于起始日",
        "a benefit period ends on or after the day it begins": "待遇享受期的末日不能早于首日",
        "a retirement day comes after the birth": "退休日期须在出生之后",
        "a refund is applied for after the payment": "退费须在缴费之后申请",
        "list only participations that have begun by the application date": "只列出申请日前已开始的参保",
        "a participation that has not begun cannot be suspended": "尚未开始的参保不能停保",
    }
)
_DAY = r"(\d{4}-\d{2}-\d{2})"
_PATH = r"([A-Za-z_][A-Za-z0-9_]*(?:\[\d+\])?(?:\.[A-Za-z_][A-Za-z0-9_]*)*)"
_ORDER = re.compile(
    rf"^{_DAY}(?: \(the application date\))? is (before|after) (?:{_PATH} )?{_DAY}(?:[;,] (.*))?$",
    re.S,
)


_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^(\S+) is given for a man; leave it empty$"), "男性不填此项（给出了 '{0}'）"),
    (
        re.compile(r"^required for a woman \(.*\)$"),
        "女性必填：'cadre'（原法定退休年龄55周岁）或 'worker'（原法定退休年龄50周岁）",
    ),
    (
        re.compile(r"^give residence_start or residence_periods, not both$"),
        "连续居住起始日（residence_start）与居住期间（residence_periods）只能给出其一",
    ),
    (
        re.compile(r"^required with a residence certificate .*$"),
        "提交连续居住证明时必填（连续居住的起始日），或给出居住期间（residence_periods）",
    ),
    (
        re.compile(r"^a payment must be more than 0 yuan; got (\S+)$"),
        "缴费金额须大于0元（输入为 '{0}'）",
    ),
    (
        re.compile(r"^required when the applicant is an agent .*$"),
        "由代办人办理时必填（代办人是否携带本人有效证件）",
    ),
    (
        re.compile(r"^give at least one payment to refund$"),
        "请至少给出一笔要退的缴费",
    ),
)


def _value_error_zh(root: type[BaseModel] | None, message: str) -> str:
    for pattern, template in _MESSAGES:
        found = pattern.match(message)
        if found:
            return template.format(*found.groups())
    match = _ORDER.match(message)
    if match:
        day, order, other, other_day, why = match.groups()
        word = "早于" if order == "before" else "晚于"
        named = path_label(root, _loc(other), other) if other else ""
        head = f"{day}{word}{named}{other_day}"
        if not why:
            return head
        why_zh = _WHY.get(why.strip())
        return f"{head}：{why_zh}" if why_zh else f"{head}（英文说明：{why}）"
    return f"输入不被接受（英文说明）：{message}"


def _loc(path: str) -> list[int | str]:
    out: list[int | str] = []
    for part in re.findall(r"[A-Za-z_][A-Za-z0-9_]*|\[\d+\]", path):
        out.append(int(part[1:-1]) if part.startswith("[") else part)
    return out


def _root(rule: str | None) -> type[BaseModel] | None:
    if rule is None:
        return None
    from medins_rules.engine.catalogue import get_rule

    try:
        return get_rule(rule).input_model
    except UnknownRuleError:
        return None


def problem_zh(
    root: type[BaseModel] | None, loc: Sequence[int | str], error: Mapping[str, Any]
) -> str:
    """One pydantic error in Chinese, its field named by its label and path."""
    _, annotation = _walk(root, loc)
    kind = str(error["type"])
    message = str(error["msg"])
    if kind == "value_error":
        text = message.removeprefix("Value error, ")
        field, rest = _split(text)
        path = _join(loc, field)
        head = path_label(root, _loc(path), path) if path else ""
        body = _value_error_zh(root, rest)
        return f"{head}：{body}" if head else body
    path = _path(loc)
    head = path_label(root, loc, path) if path else ""
    body = _pydantic_zh(error, annotation) or f"输入不被接受（英文说明）：{message}"
    if kind not in ("missing", "extra_forbidden", "duplicate_key") and not isinstance(
        error.get("input"), dict | list
    ):
        body += _got(error.get("input"))
    return f"{head}：{body}" if head else body


def _split(message: str) -> tuple[str | None, str]:
    match = re.match(r"^([A-Za-z_][A-Za-z0-9_.\[\]]*): (.*)$", message, re.S)
    return (match.group(1), match.group(2)) if match else (None, message)


def _path(loc: Sequence[int | str]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _join(loc: Sequence[int | str], named: str | None) -> str:
    path = _path(loc)
    if not named:
        return path
    if not path or re.split(r"[.\[]", path)[-1].rstrip("]") == named:
        return path or named
    return f"{path}.{named}"


def describe_error_zh(
    exc: BaseException, *, rule: str | None = None, prefix: str = ""
) -> list[str]:
    """The problems an error reports, in Chinese, one a line (``rule`` names the rule whose input
    was refused, for the fields' labels)."""
    root = _root(rule)
    lines: list[str] = []
    if isinstance(exc, ValidationError):
        for error in exc.errors(include_url=False):
            loc = [prefix, *error["loc"]] if prefix else list(error["loc"])
            lines.append(problem_zh(root if not prefix else None, loc, error))
        return lines
    text = str(exc)
    field, rest = _split(text)
    head = path_label(root, _loc(field), field) if field else ""
    if isinstance(exc, CalendarYearNotCoveredError):
        body = f"所涉年份不在工作日日历之内（英文说明：{rest}）"
    elif isinstance(exc, ParameterNotInForceError):
        body = f"该日期没有施行中的参数（英文说明：{rest}）"
    elif isinstance(exc, RecordTooLargeError):
        body = f"记录过大（英文说明：{rest}）"
    else:
        body = _value_error_zh(root, rest)
    return [f"{head}：{body}" if head else body]


# -- the command line's own messages ---------------------------------------------------------------

_OS_ERRORS: Mapping[str, str] = MappingProxyType(
    {
        "No such file or directory": "文件或目录不存在",
        "Permission denied": "没有权限",
        "Is a directory": "这是一个目录，不是文件",
        "Not a directory": "路径中有一部分不是目录",
        "standard input is closed": "标准输入已关闭",
        "standard output is closed": "标准输出已关闭",
        "No space left on device": "磁盘空间不足",
        "Read-only file system": "文件系统只读",
    }
)
_UTF8_REASONS: Mapping[str, str] = MappingProxyType(
    {
        "invalid start byte": "无效的起始字节",
        "invalid continuation byte": "无效的后续字节",
        "unexpected end of data": "数据意外结束",
    }
)
_JSON_KINDS: Mapping[str, str] = MappingProxyType(
    {
        "list": "数组（列表）",
        "str": "字符串",
        "int": "整数",
        "float": "数字",
        "bool": "true 或 false",
        "null": "null",
    }
)
_LIMIT = r"larger than the limit of ([\d,]+) bytes on one record \(--max-record-bytes sets another limit\)"
_CLI: tuple[tuple[re.Pattern[str], Any], ...] = (
    (
        re.compile(
            r"^unknown rule '(.*)'\.(?: Did you mean (\S+)\?)? Known rules: (.*) \(see `medins-rules rules`\)$",
            re.S,
        ),
        lambda m: (
            f"未知规则 '{m[1]}'。"
            + (f"是否指 {m[2]}？" if m[2] else "")
            + f"已有的规则：{m[3].replace(', ', '、')}（见 `medins-rules rules`）"
        ),
    ),
    (
        re.compile(rf"^(?:cannot read: )?{_LIMIT}$"),
        lambda m: f"无法读取：超过单条记录{m[1]}字节的上限（可用 --max-record-bytes 另设上限）",
    ),
    (
        re.compile(r"^(?:cannot read: )?not UTF-8 text \((.*)\)$"),
        lambda m: f"无法读取：不是 UTF-8 文本（{_UTF8_REASONS.get(m[1], m[1])}）",
    ),
    (
        re.compile(r"^cannot (read|write): (.*)$", re.S),
        lambda m: f"无法{'读取' if m[1] == 'read' else '写入'}：{_OS_ERRORS.get(m[2], m[2])}",
    ),
    (
        re.compile(
            r"^no end of line within ([\d,]+) bytes after it: the input is not one record a line, and the rest of it is not read$"
        ),
        lambda m: f"其后{m[1]}字节内没有换行：输入不是每行一条记录，其余部分不再读取",
    ),
    (
        re.compile(
            r"^invalid JSON at line (\d+), column (\d+): (.*?)( \(several cases\? write one a line in a \.jsonl file, or pass --jsonl\))?$",
            re.S,
        ),
        lambda m: (
            f"JSON 无效（第{m[1]}行第{m[2]}列；英文说明：{m[3]}）"
            + ("（多个用例？请每行写一个用例，存为 .jsonl 文件，或加 --jsonl）" if m[4] else "")
        ),
    ),
    (re.compile(r"^invalid JSON: nested too deeply$"), lambda m: "JSON 无效：嵌套过深"),
    (re.compile(r"^invalid JSON: (.*)$", re.S), lambda m: f"JSON 无效（英文说明：{m[1]}）"),
    (
        re.compile(r"^(\S+): given twice in the same object$"),
        lambda m: f"{m[1]}：同一对象中给出了两次；每个键只给一次",
    ),
    (
        re.compile(
            r"^expected a JSON object with the case's fields; got a (\w+)( \(for several cases, write one a line in a \.jsonl file\))?$"
        ),
        lambda m: (
            f"应为包含用例各字段的 JSON 对象；实际为{_JSON_KINDS.get(m[1], m[1])}"
            + ("（多个用例请每行写一个，存为 .jsonl 文件）" if m[2] else "")
        ),
    ),
    (
        re.compile(r"^expected a JSON object, for example (.*)$"),
        lambda m: f"应为 JSON 对象，例如 {m[1]}",
    ),
    (
        re.compile(r"^--details FILE goes with --format csv$"),
        lambda m: "--details FILE 只能与 --format csv 同用",
    ),
    (
        re.compile(r"^--out FILE goes with --format xlsx \(redirect the others\)$"),
        lambda m: "--out FILE 只能与 --format xlsx 同用（其他格式请重定向标准输出）",
    ),
    (
        re.compile(
            r"^a workbook is binary: give --out FILE, or redirect standard output to a file$"
        ),
        lambda m: "工作簿是二进制文件：请给出 --out FILE，或将标准输出重定向到文件",
    ),
    (
        re.compile(
            r"^(\S+(?: \S+)*) needs the optional extra '([\w-]+)' \((\S+) is not installed\): (pip install .*)$"
        ),
        lambda m: f"{m[1]} 需要可选组件 '{m[2]}'（未安装 {m[3]}）：{m[4]}",
    ),
    (
        re.compile(r"^nothing to put in a calendar: no day ahead to be reminded of$"),
        lambda m: "没有可放入日历的内容：没有需要提醒的日期",
    ),
    (
        re.compile(r"^internal error: (.*)$", re.S),
        lambda m: f"内部错误：{m[1]}（这是程序包的缺陷，请报告）",
    ),
)
_CJK = re.compile(r"[\u4e00-\u9fff]")


def cli_problem_zh(text: str) -> str:
    """A message of the command line's own (a file it cannot read, invalid JSON, an unknown rule, an
    output it cannot write...) in Chinese; a message already in Chinese (a refusal given by
    :func:`describe_error_zh`) as it is, and any other inside a Chinese frame that keeps the English.

    >>> cli_problem_zh("cannot read: No such file or directory")
    '无法读取：文件或目录不存在'
    >>> cli_problem_zh("invalid JSON at line 1, column 2: Expecting value")
    'JSON 无效（第1行第2列；英文说明：Expecting value）'
    """
    if _CJK.search(text):
        return text
    for pattern, render in _CLI:
        found = pattern.match(text)
        if found:
            return str(render(found))
    field, rest = _split(text)
    if field is not None:
        return f"{field}：{cli_problem_zh(rest)}"
    return f"（英文说明）{text}"


def batch_summary_zh(
    rule: str,
    outcomes: Mapping[str, int],
    *,
    bad: int,
    internal: int,
    rows: bool,
    closed_at: int | None,
    status: int,
) -> str:
    """The summary line of a batch (``evaluate`` on a file of one case a line) in Chinese: the
    count of each outcome by its label, the lines refused (``rows``: written as rows with their
    error, else skipped), those that hit an internal error, an output closed early, the exit status.

    >>> batch_summary_zh("deadlines.service_settlement", {"settled_by_date": 2}, bad=1,
    ...                  internal=0, rows=True, closed_at=None, status=2)
    '共评估2个用例：限期办结2个；1行输入有误，已作为带错误说明的行写出（退出状态2）'
    """
    from medins_rules.engine.catalogue import get_rule

    enum = _enum_of(get_rule(rule).decision_model.model_fields["outcome"].annotation)

    def label(value: str) -> str:
        try:
            return enum_label(enum(value), "zh") if enum is not None else value
        except ValueError:
            return value

    total = sum(outcomes.values())
    parts = "、".join(f"{label(name)}{count}个" for name, count in sorted(outcomes.items()))
    text = f"共评估{total}个用例" + (f"：{parts}" if parts else "")
    if bad:
        text += f"；{bad}行输入有误，" + ("已作为带错误说明的行写出" if rows else "已跳过")
    if internal:
        text += f"；{internal}行遇到内部错误"
    if closed_at is not None:
        text += (
            "；标准输出提前关闭"
            + (f"（于第{closed_at}行）" if closed_at else "")
            + "，其后的决定未写出"
        )
    if status:
        text += f"（退出状态{status}）"
    return text


def hint_zh(year: int) -> str:
    """The hint for a year whose holiday notice is not yet published, in Chinese."""
    return (
        f"提示：可用 --notice FILE 加入{year}年的节假日安排通知（模板：medins-rules notice-template），"
        "或不用 --calendar strict：默认在结果不会因之改变之处按国家节假日规定判断"
    )


# -- case-file reports ----------------------------------------------------------------------------


_AT_LINE = re.compile(r" \(line (\d+)\)$")


def _difference_zh(text: str, decision: Any) -> str:
    """A difference of a case-file result in Chinese, the line of the key it is about (``(line
    N)`` at its end) as ``（第N行）``."""
    at = _AT_LINE.search(text)
    if at is not None:
        return f"{_difference_zh(text[: at.start()], decision)}（第{at[1]}行）"

    def outcome(value: str) -> str:
        if decision is None:
            return value
        try:
            return f"{enum_label(type(decision.outcome)(value), 'zh')}（{value}）"
        except ValueError:
            return value

    patterns: list[tuple[str, Any]] = [
        (
            r"^outcome: expected (\S+), got (\S+)$",
            lambda m: f"结果：预期{outcome(m[1])}，实际{outcome(m[2])}",
        ),
        (
            r"^reason_codes: expected (\S+?)( \(no rule gives this code: a typo\?\))?; the decision gives (.*)$",
            lambda m: (
                f"理由代码：预期包含{m[1]}{'（没有规则给出此代码：是否拼写有误？）' if m[2] else ''}；决定给出的是{m[3]}"
            ),
        ),
        (
            r"^absent_reason_codes: (\S+) should not appear, but it does$",
            lambda m: f"不应出现的理由代码：{m[1]}出现了",
        ),
        (
            r"^fields\.(\S+): expected (.*), got (.*)$",
            lambda m: f"字段 {m[1]}：预期{m[2]}，实际{m[3]}",
        ),
        (
            r"^fields\.(\S+): the decision has no such field \(fields: (.*)\)$",
            lambda m: f"字段 {m[1]}：决定中没有此字段（字段：{m[2]}）",
        ),
        (
            r"^expected the error (\S+), got the decision (\S+) \((.*)\)$",
            lambda m: f"预期错误{m[1]}，实际得出决定{outcome(m[2])}（{m[3]}）",
        ),
        (
            r"^expected the outcome (\S+), got the error (.*)$",
            lambda m: f"预期结果{outcome(m[1])}，实际出错：{m[2]}",
        ),
        (r"^error: expected (\S+), got (.*)$", lambda m: f"错误：预期{m[1]}，实际{m[2]}"),
        (
            r"^error_field: the error does not name (\S+): (.*)$",
            lambda m: f"错误字段：错误信息未提及{m[1]}：{m[2]}",
        ),
    ]
    for pattern, render in patterns:
        match = re.match(pattern, text, re.S)
        if match:
            return str(render(match))
    return f"（英文说明）{text}"


def case_report_zh(result: Any) -> str:
    """A case-file result's report in Chinese: the status, the name, and for a case that did not
    pass its description, its rule and each difference."""
    head = {"passed": "通过", "failed": "未通过", "error": "错误"}[result.status]
    lines = [f"{head} {result.case.where}：{result.case.name}"]
    if not result.passed:
        lines.extend(f"  {line}" for line in result.case.description.splitlines())
        lines.append(f"  规则：{result.case.rule}")
        lines.extend(f"  - {d}" for d in differences_zh(result))
    return "\n".join(lines)


def differences_zh(result: Any) -> list[str]:
    """A case-file result's differences in Chinese (those with no Chinese form keep their English
    in a Chinese frame)."""
    return [_difference_zh(d, result.decision) for d in result.differences]


def summary_zh(passed: int, failed: int, errors: int, total: int) -> str:
    """The summary line of a case-file run in Chinese."""
    return f"{passed}个通过，{failed}个未通过，{errors}个错误，共{total}个用例"
