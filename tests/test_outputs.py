"""``evaluate --format csv|xlsx|table|ics``: read back with the standard library's ``csv``, with
openpyxl and with icalendar, in process and through the real entry point (``python -m``)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from medins_rules.engine import catalogue
from medins_rules.engine.rows import compact_row
from medins_rules.interfaces.cli import main
from medins_rules.interfaces.tabular import CaseTable, Table, terminal_table

FILING = "deadlines.reimbursement_filing"
CASE = {
    "payment_date": "2025-08-15",
    "treatment": "hospitalisation",
    "filing_date": "2026-02-24",
    "evaluation_date": "2026-02-24",
}
REFUND = {
    "payments": [
        {
            "amount": "380.00",
            "scheme_year": 2027,
            "city": "440100",
            "channel": "wechat",
            "payment_date": "2026-10-08",
        },
        {
            "amount": "380.00",
            "scheme_year": 2027,
            "city": "440100",
            "channel": "wechat",
            "payment_date": "2026-10-09",
        },
    ],
    "terminates_participation": True,
    "evaluation_date": "2026-12-31",
}


def real(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "medins_rules", *args],
        input=stdin.encode() if stdin is not None else None,
        capture_output=True,
        timeout=120,
        check=False,
    )


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def write(tmp_path: Path, name: str, data: Any) -> str:
    path = tmp_path / name
    if isinstance(data, list):
        path.write_text("".join(json.dumps(d) + "\n" for d in data), "utf-8")
    else:
        path.write_text(json.dumps(data), "utf-8")
    return str(path)


def filings(n: int) -> list[dict[str, Any]]:
    """Claims paid on each day of 2025 (wrapping), filed 1 to 400 days later, some not filed."""
    out = []
    for i in range(n):
        paid = dt.date(2025, 1, 1) + dt.timedelta(days=(7 * i) % 365)
        case: dict[str, Any] = {"payment_date": paid.isoformat(), "treatment": "hospitalisation"}
        if i % 5:
            filed = paid + dt.timedelta(days=(37 * i) % 400)
            case["filing_date"] = filed.isoformat()
            case["evaluation_date"] = filed.isoformat()
        else:
            case["evaluation_date"] = (paid + dt.timedelta(days=(11 * i) % 300)).isoformat()
        out.append(case)
    return out


# -- CSV ------------------------------------------------------------------------------------------


def test_a_single_case_as_csv_reads_back_as_its_decision(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(
        capsys, "evaluate", FILING, write(tmp_path, "c.json", CASE), "--format", "csv"
    )
    assert status == 0
    (row,) = list(csv.DictReader(io.StringIO(out)))
    decision = catalogue.evaluate(FILING, CASE)
    assert row["rule"] == FILING
    assert row["outcome"] == "on_time"
    assert row["last_on_time_day"] == "2026-02-24"
    assert row["last_payable_day"] == "2026-08-17"
    assert row["reason_codes"].split(";") == list(decision.reason_codes)
    assert row["message_en"] == decision.reasons[0].message_en
    assert row["message_zh"] == decision.reasons[0].message_zh
    assert "line" not in row


def test_csv_in_chinese_has_chinese_columns_values_and_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "c.json", CASE)
    status, out, _ = run(capsys, "evaluate", FILING, path, "--format", "csv", "--lang", "zh")
    assert status == 0
    (row,) = list(csv.DictReader(io.StringIO(out)))
    assert row["结果"] == "按时申请"
    assert row["就医类型"] == "住院"
    assert row["按时申请的最后一日"] == "2026-02-24"
    assert row["说明"] == catalogue.evaluate(FILING, CASE).reasons[0].message_zh
    assert "message_en" not in row


def test_a_batch_as_csv_through_the_columns_equals_the_rule_line_by_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("numpy")
    cases = filings(300)
    path = write(tmp_path, "claims.jsonl", cases)
    status, out, err = run(capsys, "evaluate", FILING, path, "--format", "csv")
    assert status == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [int(r["line"]) for r in rows] == list(range(1, 301))
    table = Table.of(FILING, "both", line=True)
    for number, (case, row) in enumerate(zip(cases, rows, strict=True), start=1):
        expected = table.decision_row(catalogue.evaluate(FILING, case), number)
        assert list(row.values()) == expected, case


def test_a_batch_in_chinese_through_the_columns_equals_the_rule_line_by_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("numpy")
    cases = filings(120)
    path = write(tmp_path, "claims.jsonl", cases)
    status, out, _ = run(capsys, "evaluate", FILING, path, "--format", "csv", "--lang", "zh")
    assert status == 0
    rows = list(csv.reader(io.StringIO(out)))[1:]
    table = Table.of(FILING, "zh", line=True)
    for number, (case, row) in enumerate(zip(cases, rows, strict=True), start=1):
        assert row == table.decision_row(catalogue.evaluate(FILING, case), number)


def test_a_bad_line_of_a_csv_batch_is_reported_and_is_a_row_with_its_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "claims.jsonl", [CASE, {**CASE, "payment_date": "2026-02-30"}, CASE])
    status, out, err = run(capsys, "evaluate", FILING, path, "--format", "csv")
    assert status == 2
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["line"] for r in rows] == ["1", "2", "3"]
    assert [r["outcome"] for r in rows] == ["on_time", "", "on_time"]
    assert rows[1]["rule"] == FILING
    assert rows[1]["error"].startswith("payment_date: ")
    assert "'2026-02-30'" in rows[1]["error"]
    assert rows[0]["error"] == rows[2]["error"] == ""
    assert {v for k, v in rows[1].items() if k not in ("line", "rule", "error")} == {""}
    assert "claims.jsonl:2: payment_date" in err
    assert "1 bad line(s) refused (each a row with its error)" in err


@pytest.mark.parametrize("rule", [FILING, "refunds.refund"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_line_of_a_batch_is_lost_from_its_csv(tmp_path: Path, rule: str, lang: str) -> None:
    good = CASE if rule == FILING else REFUND
    lines = [
        json.dumps(good),
        json.dumps({**good, "evaluation_date": "2026-02-31"}),
        "{not json",
        "[1, 2]",
        "",
        json.dumps({**good, "surprise": 1}),
        "\udcff",  # not UTF-8: the byte 0xff
        json.dumps(good),
    ]
    path = tmp_path / "mixed.jsonl"
    path.write_bytes("\n".join(lines).encode("utf-8", "surrogateescape") + b"\n")
    done = real("evaluate", rule, str(path), "--format", "csv", "--lang", lang)
    assert done.returncode == 2, done.stderr
    header, *rows = list(csv.reader(io.StringIO(done.stdout.decode("utf-8"))))
    error = header.index("错误" if lang == "zh" else "error")
    assert error == len(header) - 1
    numbers = [int(r[0]) for r in rows]
    assert numbers == [n for n, text in enumerate(lines, start=1) if text.strip()]
    refused = [r[0] for r in rows if r[error]]
    assert refused == ["2", "3", "4", "6", "7"]
    assert all(r[2] == "" for r in rows if r[error])
    assert all(r[2] != "" for r in rows if not r[error])
    reported = {
        line.split("mixed.jsonl:", 1)[1].split(":", 1)[0]
        for line in done.stderr.decode("utf-8").splitlines()
        if "mixed.jsonl:" in line
    }
    assert reported == set(refused)


def test_a_line_that_hits_an_internal_error_is_a_row_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from medins_rules.interfaces import cli

    real_evaluate = cli.evaluate

    def flaky(rule: str, case: Any, **kwargs: Any) -> Any:
        if case.get("evaluation_date") == "2026-12-30":
            raise ZeroDivisionError("boom")
        return real_evaluate(rule, case, **kwargs)

    monkeypatch.setattr(cli, "evaluate", flaky)
    path = write(tmp_path, "r.jsonl", [REFUND, {**REFUND, "evaluation_date": "2026-12-30"}])
    status, out, err = run(capsys, "evaluate", "refunds.refund", path, "--format", "csv")
    assert status == 3
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["line"] for r in rows] == ["1", "2"]
    assert rows[1]["error"] == "internal error: ZeroDivisionError: boom"
    assert "r.jsonl:2: internal error" in err


def test_a_refused_row_needs_a_batch_table() -> None:
    table = Table.of(FILING, "en", line=True)
    row = table.refused_row(7, ["payment_date: no", "treatment: no"])
    assert row[:2] == ["7", FILING]
    assert row[-1] == "payment_date: no; treatment: no"
    assert len(row) == len(table.header())
    assert Table.of(FILING, "zh", line=True).refused_row(7, ["甲", "乙"])[-1] == "甲；乙"
    with pytest.raises(ValueError, match="line=True"):
        Table.of(FILING, "en").refused_row(7, ["x"])


def test_the_lists_of_a_decision_go_to_the_details_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    details = tmp_path / "payments.csv"
    path = write(tmp_path, "refunds.jsonl", [REFUND, REFUND])
    status, out, err = run(
        capsys, "evaluate", "refunds.refund", path, "--format", "csv", "--details", str(details)
    )
    assert status == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["refund_total"] for r in rows] == ["380.00", "380.00"]
    with details.open(encoding="utf-8", newline="") as handle:
        items = list(csv.DictReader(handle))
    payments = [i for i in items if i["list"] == "payments"]
    assert [(p["line"], p["index"]) for p in payments] == [
        ("1", "0"),
        ("1", "1"),
        ("2", "0"),
        ("2", "1"),
    ]
    decision = catalogue.evaluate("refunds.refund", REFUND)
    for item, result in zip(payments[:2], decision.payments, strict=True):
        assert Decimal(item["refund_amount"]) == result.refund_amount
        assert item["channel"] == result.channel.value
        assert item["why_en"] == result.why_en
        assert item["why_zh"] == result.why_zh
    periods = [i for i in items if i["list"] == "benefit_periods"]
    assert periods[0]["first_day"] == "2027-01-01"


def test_details_go_with_csv_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "c.json", CASE)
    status, _, err = run(capsys, "evaluate", FILING, path, "--details", str(tmp_path / "d.csv"))
    assert status == 2
    assert "--details FILE goes with --format csv" in err


# -- xlsx -----------------------------------------------------------------------------------------


def test_a_refund_as_a_workbook_has_a_sheet_for_each_list(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = tmp_path / "refund.xlsx"
    path = write(tmp_path, "refund.json", REFUND)
    status, _, err = run(
        capsys, "evaluate", "refunds.refund", path, "--format", "xlsx", "--out", str(book)
    )
    assert status == 0, err
    workbook = openpyxl.load_workbook(book)
    assert workbook.sheetnames == ["decisions", "payments", "benefit_periods"]
    header, row = ([c.value for c in r] for r in workbook["decisions"].iter_rows(max_row=2))
    values = dict(zip(header, row, strict=True))
    assert values["outcome"] == "partly_refundable"
    assert Decimal(str(values["refund_total"])) == Decimal("380.00")
    payments = list(workbook["payments"].iter_rows(values_only=True))
    assert payments[0][:4] == ("line", "index", "amount", "scheme_year")
    assert [p[1] for p in payments[1:]] == [0, 1]
    second = dict(zip(payments[0], payments[2], strict=True))
    day = second["payment_date"]
    assert (day.date() if isinstance(day, dt.datetime) else day) == dt.date(2026, 10, 9)
    assert second["channel"] == "wechat"
    assert Decimal(str(second["refund_amount"])) == Decimal("380.00")


def test_a_workbook_types_its_cells_from_the_decision(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = tmp_path / "refund.xlsx"
    path = write(tmp_path, "refunds.jsonl", [REFUND, {**REFUND, "evaluation_date": "2026-02-31"}])
    done = real("evaluate", "refunds.refund", path, "--format", "xlsx", "--out", str(book))
    assert done.returncode == 2, done.stderr
    workbook = openpyxl.load_workbook(book)
    sheet = workbook["decisions"]
    header = [c.value for c in sheet[1]]
    first = dict(zip(header, sheet[2], strict=True))
    assert first["line"].value == 1
    assert first["refund_total"].data_type == "n"
    assert first["refund_total"].number_format == "0.00"
    assert first["refund_total"].value == 380
    assert first["provisional"].value is False
    assert first["outcome"].value == "partly_refundable"
    refused = dict(zip(header, (c.value for c in sheet[3]), strict=True))
    assert refused["line"] == 2
    assert refused["outcome"] is None
    assert refused["error"].startswith("evaluation_date: ")
    payments = workbook["payments"]
    columns = [c.value for c in payments[1]]
    paid = dict(zip(columns, payments[2], strict=True))
    assert paid["payment_date"].is_date
    assert paid["payment_date"].value.date() == dt.date(2026, 10, 8)
    assert paid["scheme_year"].value == 2027
    assert paid["amount"].number_format == "0.00"
    assert paid["city"].value == "440100"  # a division code stays text
    assert paid["city"].data_type == "s"


def test_workbook_cells_from_the_columns_equal_those_from_the_rule(tmp_path: Path) -> None:
    pytest.importorskip("numpy")
    openpyxl = pytest.importorskip("openpyxl")
    cases = filings(200)
    book = tmp_path / "claims.xlsx"
    done = real(
        "evaluate",
        FILING,
        write(tmp_path, "c.jsonl", cases),
        "--format",
        "xlsx",
        "--out",
        str(book),
    )
    assert done.returncode == 0, done.stderr
    rows = list(openpyxl.load_workbook(book)["decisions"].iter_rows(min_row=2, values_only=True))
    table = Table.of(FILING, "both", line=True)

    def stored(value: Any) -> Any:  # what a workbook gives back for a cell
        if isinstance(value, dt.date):
            return dt.datetime.combine(value, dt.time())
        return value

    for number, (case, row) in enumerate(zip(cases, rows, strict=True), start=1):
        expected = table.decision_cells(catalogue.evaluate(FILING, case), number)
        assert list(row) == [stored(v) for v in expected], case
    assert any(isinstance(v, dt.datetime) for v in rows[0])
    assert any(type(v) is int for v in rows[0][1:])


def test_compact_cells_and_decision_cells_agree() -> None:
    for rule, case in ((FILING, CASE), ("refunds.refund", REFUND)):
        decision = catalogue.evaluate(rule, case)
        messages = {"en": decision.reasons[0].message_en, "zh": decision.reasons[0].message_zh}
        for lang in ("en", "zh", "both"):
            table = Table.of(rule, lang, line=True)  # type: ignore[arg-type]
            plain = json.loads(json.dumps(compact_row(decision)))
            assert table.compact_cells(plain, messages, 4) == table.decision_cells(decision, 4)


def test_a_workbook_keeps_a_text_that_starts_with_an_equals_sign_as_text(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    from medins_rules.interfaces.tabular import XlsxSink

    table = Table.of(FILING, "en", line=True)
    sink = XlsxSink(table)
    sink.refused(1, ['=HYPERLINK("http://example.invalid")'])
    sink.save(tmp_path / "x.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "x.xlsx")["decisions"]
    cell = sheet.cell(2, len(table.header()))
    assert cell.value == '=HYPERLINK("http://example.invalid")'
    assert cell.data_type == "s"


def test_a_batch_as_a_chinese_workbook_on_standard_output(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    path = write(tmp_path, "claims.jsonl", filings(20))
    done = real("evaluate", FILING, path, "--format", "xlsx", "--lang", "zh")
    assert done.returncode == 0, done.stderr
    workbook = openpyxl.load_workbook(io.BytesIO(done.stdout))
    rows = list(workbook["决定"].iter_rows(values_only=True))
    assert rows[0][:3] == ("行号", "规则", "结果")
    assert [r[0] for r in rows[1:]] == list(range(1, 21))
    decision = catalogue.evaluate(FILING, filings(20)[3])
    from medins_rules.core.labels import enum_label

    assert rows[4][2] == enum_label(decision.outcome, "zh")


def test_a_workbook_without_openpyxl_names_the_extra(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    path = write(tmp_path, "c.json", CASE)
    status, _, err = run(capsys, "evaluate", FILING, path, "--format", "xlsx", "--out", "x.xlsx")
    assert status == 2
    assert "pip install 'medins-rules[xlsx]'" in err


# -- table ----------------------------------------------------------------------------------------


def test_a_table_for_the_terminal_without_rich_is_aligned_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "rich", None)
    monkeypatch.setitem(sys.modules, "rich.console", None)
    monkeypatch.setitem(sys.modules, "rich.table", None)
    text = terminal_table(["名称", "值"], [["结果", "按时申请"], ["rule", "x"]])
    assert text.splitlines() == ["名称  值", "结果  按时申请", "rule  x"]


def test_a_batch_as_a_table_has_a_row_a_line(tmp_path: Path) -> None:
    path = write(tmp_path, "claims.jsonl", filings(4))
    done = real("evaluate", FILING, path, "--format", "table", "--lang", "en")
    assert done.returncode == 0, done.stderr
    text = done.stdout.decode()
    assert "last_on_time_day" in text
    for case in filings(4):
        assert case["payment_date"] in text


# -- ics ------------------------------------------------------------------------------------------


def test_evaluate_writes_the_deadlines_as_icalendar_events(tmp_path: Path) -> None:
    icalendar = pytest.importorskip("icalendar")
    open_claim = {
        "payment_date": "2026-08-15",
        "treatment": "hospitalisation",
        "evaluation_date": "2026-12-01",
    }
    done = real(
        "evaluate", FILING, write(tmp_path, "c.json", open_claim), "--format", "ics", "--lang", "zh"
    )
    assert done.returncode == 0, done.stderr
    calendar = icalendar.Calendar.from_ical(done.stdout)
    events = calendar.walk("VEVENT")
    assert [e.decoded("DTSTART") for e in events] == [dt.date(2027, 2, 15), dt.date(2027, 8, 16)]
    assert "按时申请的最后一日" in str(events[0]["SUMMARY"])
    assert all(e.walk("VALARM") for e in events)


def test_a_batch_gives_one_calendar_with_each_deadline_once(tmp_path: Path) -> None:
    icalendar = pytest.importorskip("icalendar")
    settlement = {
        "application_date": "2026-09-30",
        "channel": "service_point",
        "evaluation_date": "2026-09-30",
    }
    other = {**settlement, "application_date": "2026-10-12", "evaluation_date": "2026-10-12"}
    path = write(tmp_path, "s.jsonl", [settlement, other, settlement])
    done = real("evaluate", "deadlines.service_settlement", path, "--format", "ics")
    assert done.returncode == 0, done.stderr
    events = icalendar.Calendar.from_ical(done.stdout).walk("VEVENT")
    assert sorted(e.decoded("DTSTART") for e in events) == [
        dt.date(2026, 10, 10),
        dt.date(2026, 10, 15),
    ]


def test_a_decision_without_a_deadline_has_no_calendar(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = catalogue.get_rule("eligibility.online_cancellation")
    del case
    path = write(
        tmp_path,
        "c.json",
        {
            "account_registered": True,
            "logged_in": True,
            "identification_provided": True,
            "evaluation_date": "2026-03-02",
        },
    )
    status, _, err = run(
        capsys, "evaluate", "eligibility.online_cancellation", path, "--format", "ics"
    )
    assert status == 2
    assert "nothing to put in a calendar" in err


# -- case-file runs --------------------------------------------------------------------------------


def test_a_case_file_run_as_csv_has_a_row_a_case_with_its_status(tmp_path: Path) -> None:
    cases = Path(__file__).parent.parent / "docs" / "examples" / "my-cases.yaml"
    done = real("test", str(cases), "--format", "csv")
    assert done.returncode == 1
    rows = list(csv.DictReader(io.StringIO(done.stdout.decode())))
    assert [r["status"] for r in rows] == ["passed", "failed"]
    assert rows[1]["differences"].startswith("fields.settlement_date")
    assert rows[0]["outcome"] == "settled_by_date"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_case_file_that_cannot_be_read_is_a_row_of_the_run(tmp_path: Path, lang: str) -> None:
    cases = Path(__file__).parent.parent / "docs" / "examples" / "my-cases.yaml"
    broken = tmp_path / "broken.yaml"
    broken.write_text("cases: [unclosed\n", "utf-8")
    done = real("test", str(cases), str(broken), "--format", "csv", "--lang", lang)
    assert done.returncode == 2
    header, *rows = list(csv.reader(io.StringIO(done.stdout.decode("utf-8"))))
    assert header == CaseTable(lang).header()  # type: ignore[arg-type]
    assert len(rows) == 3
    assert rows[2][0] == str(broken)
    assert rows[2][3] == ("错误" if lang == "zh" else "error")
    assert rows[2][7].startswith("invalid YAML")
    assert f"ERROR {broken}: invalid YAML" in done.stderr.decode("utf-8")


def test_a_case_that_does_not_follow_the_format_is_a_row_at_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "- name: settled\n"
        "  description: a case with its rule misspelt\n"
        "  rule: deadlines.service_setlement\n"
        "  input: {}\n"
        "  expect: {outcome: settled_by_date}\n",
        "utf-8",
    )
    done = real("test", str(bad), "--format", "csv")
    assert done.returncode == 2
    (row,) = list(csv.DictReader(io.StringIO(done.stdout.decode("utf-8"))))
    assert row["file"] == f"{bad}:1"
    assert row["status"] == "error"
    assert not row["differences"].startswith(str(bad))
    assert "deadlines.service_settlement" in row["differences"]  # the rule it is close to


def test_a_chinese_case_file_run_gives_its_differences_in_chinese(tmp_path: Path) -> None:
    cases = Path(__file__).parent.parent / "docs" / "examples" / "my-cases.yaml"
    done = real("test", str(cases), "--format", "csv", "--lang", "zh")
    rows = list(csv.DictReader(io.StringIO(done.stdout.decode("utf-8"))))
    assert rows[1]["差异"].startswith(
        '字段 settlement_date：预期"2026-02-18"，实际"2026-02-25"（第'
    )
    assert rows[1]["差异"].endswith("行）")
    assert "line" not in rows[1]["差异"]


def test_a_difference_at_a_line_keeps_its_chinese_form() -> None:
    from medins_rules.interfaces.translate import _difference_zh

    decision = catalogue.evaluate(FILING, CASE)
    assert _difference_zh("outcome: expected late, got on_time (line 7)", decision) == (
        "结果：预期逾期申请（仍可支付）（late），实际按时申请（on_time）（第7行）"
    )
    assert _difference_zh("outcome: expected late, got on_time", decision).startswith("结果：")


def test_a_case_file_run_as_a_chinese_workbook(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    cases = Path(__file__).parent.parent / "docs" / "examples" / "my-cases.yaml"
    book = tmp_path / "cases.xlsx"
    done = real("test", str(cases), "--format", "xlsx", "--lang", "zh", "--out", str(book))
    assert done.returncode == 1
    rows = list(openpyxl.load_workbook(book).active.iter_rows(values_only=True))
    assert rows[0] == tuple(CaseTable("zh").header())
    assert [r[3] for r in rows[1:]] == ["通过", "未通过"]


def test_compact_rows_and_csv_rows_agree(tmp_path: Path) -> None:
    decision = catalogue.evaluate(FILING, CASE)
    table = Table.of(FILING, "en")
    messages = {"en": decision.reasons[0].message_en, "zh": decision.reasons[0].message_zh}
    assert table.compact(json.loads(json.dumps(compact_row(decision))), messages) == (
        table.decision_row(decision)
    )
