"""The web service, against a real ``medins-rules serve`` process on 127.0.0.1, called with httpx.

The server is the real entry point (``python -m medins_rules serve --port 0``: the system picks a
free port, which the command prints), started once for the module and stopped by the fixture. It
runs with small limits (64 KiB a request, 50 records a batch) so that the 413 answers are cheap to
reach. The OpenAPI document and the router mounted in another application are checked in process
with FastAPI's ``TestClient``. Everything here skips without the optional extra ``serve``.
"""

from __future__ import annotations

import doctest
import json
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the web service needs the optional extra 'serve'")
pytest.importorskip("uvicorn", reason="the web service needs the optional extra 'serve'")
httpx = pytest.importorskip("httpx", reason="the service's tests call it with httpx")

from medins_rules.engine import catalogue  # noqa: E402
from medins_rules.interfaces.casefiles import bundled_example  # noqa: E402
from medins_rules.interfaces.cli import build_parser, main  # noqa: E402
from medins_rules.interfaces.serve import (  # noqa: E402
    DEFAULT_LIMITS,
    ServiceLimits,
    create_app,
    create_router,
    described_schema,
)

DOCS = Path(__file__).resolve().parent.parent / "docs"
RULES = list(catalogue.rules())
FILING = "deadlines.reimbursement_filing"
PAID_AND_FILED = {
    "payment_date": "2025-08-15",
    "treatment": "hospitalisation",
    "filing_date": "2026-02-24",
    "evaluation_date": "2026-02-24",
}
FILED_BEFORE_PAYING = {**PAID_AND_FILED, "filing_date": "2025-08-01"}
# Paid in June 2026: the one-year payable limit ends in 2027, whose holiday notice is not published.
PAID_IN_JUNE_2026 = {
    "payment_date": "2026-06-10",
    "treatment": "hospitalisation",
    "evaluation_date": "2026-06-10",
}
PAID_BEFORE_ANY_PARAMETER = {
    "payment_date": "2001-06-10",
    "treatment": "hospitalisation",
    "evaluation_date": "2001-06-10",
}
REQUEST_LIMIT, RECORD_LIMIT = 65_536, 50


def _wait_for_url(log: Path, process: subprocess.Popen[bytes], timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = re.search(r"serving on (http://\S+)", log.read_text("utf-8", "replace"))
        if found:
            return found.group(1)
        if process.poll() is not None:
            pytest.fail(f"the server exited ({process.returncode}):\n{log.read_text('utf-8')}")
        time.sleep(0.05)
    pytest.fail(f"the server did not start:\n{log.read_text('utf-8')}")


def _wait_healthy(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if httpx.get(f"{url}/healthz", timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
        time.sleep(0.05)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of a real server, interrupted when the module is done: it must stop cleanly."""
    log = tmp_path_factory.mktemp("serve") / "stderr.log"
    command = [sys.executable, "-m", "medins_rules", "serve", "--host", "127.0.0.1", "--port", "0"]
    command += ["--max-request-bytes", str(REQUEST_LIMIT)]
    command += ["--max-batch-records", str(RECORD_LIMIT)]
    with log.open("wb") as stderr:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr)
    try:
        url = _wait_for_url(log, process)
        _wait_healthy(url)
        yield url
    finally:
        process.send_signal(signal.SIGINT)  # Ctrl-C: a graceful stop, exit status 0
        try:
            status = process.wait(timeout=15)
        except subprocess.TimeoutExpired:  # pragma: no cover - uvicorn stops on an interrupt
            process.kill()
            status = process.wait()
    output = log.read_text("utf-8", "replace")
    assert status == 0, output
    assert "Traceback" not in output


@pytest.fixture
def client(server: str) -> Iterator[Any]:
    with httpx.Client(base_url=server, timeout=60) as http:
        yield http


def _only_problem(response: Any) -> dict[str, Any]:
    detail = response.json()["detail"]
    assert len(detail) == 1, detail
    problem: dict[str, Any] = detail[0]
    return problem


# -- one case -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("rule", RULES)
def test_each_rule_decides_its_bundled_example_as_the_library_does(client: Any, rule: str) -> None:
    example = bundled_example(rule)
    assert example is not None, f"{rule} ships no example"
    response = client.post(f"/v1/rules/{rule}", json=example)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    assert response.json() == catalogue.evaluate(rule, example).model_dump(mode="json")


def test_a_cross_field_error_is_a_422_whose_loc_names_the_field(client: Any) -> None:
    response = client.post(f"/v1/rules/{FILING}", json=FILED_BEFORE_PAYING)
    assert response.status_code == 422
    problem = _only_problem(response)
    assert problem["loc"] == ["body", "filing_date"]
    assert problem["type"] == "value_error"
    assert problem["msg"].startswith("2025-08-01 is before payment_date 2025-08-15")


def test_every_field_error_of_a_case_is_reported_each_with_its_field(client: Any) -> None:
    case = {"payment_date": "2026-02-30", "treatment": "dental", "extra": 1}
    response = client.post(f"/v1/rules/{FILING}", json=case)
    assert response.status_code == 422
    located = {tuple(p["loc"]): p["type"] for p in response.json()["detail"]}
    assert located == {
        ("body", "payment_date"): "date_from_datetime_parsing",
        ("body", "treatment"): "enum",
        ("body", "evaluation_date"): "missing",
        ("body", "extra"): "extra_forbidden",
    }


def test_the_strict_calendar_refuses_a_day_of_an_unpublished_year_naming_the_field(
    client: Any,
) -> None:
    response = client.post(f"/v1/rules/{FILING}?calendar=strict", json=PAID_IN_JUNE_2026)
    assert response.status_code == 422
    problem = _only_problem(response)
    assert problem["loc"] == ["body", "last_payable_day"]
    assert problem["type"] == "CalendarYearNotCoveredError"
    assert "2027" in problem["msg"]


@pytest.mark.parametrize(("mode", "provisional"), [("partial", False), ("provisional", True)])
def test_the_other_calendar_modes_decide_the_same_case(
    client: Any, mode: str, provisional: bool
) -> None:
    response = client.post(f"/v1/rules/{FILING}", params={"calendar": mode}, json=PAID_IN_JUNE_2026)
    assert response.status_code == 200, response.text
    assert response.json()["provisional"] is provisional


def test_a_date_before_every_parameter_is_a_422_naming_the_field(client: Any) -> None:
    response = client.post(f"/v1/rules/{FILING}", json=PAID_BEFORE_ANY_PARAMETER)
    assert response.status_code == 422
    problem = _only_problem(response)
    assert problem["loc"] == ["body", "payment_date"]
    assert problem["type"] == "ParameterNotInForceError"


def test_an_option_in_the_query_selects_the_interpretive_choice(client: Any) -> None:
    # The on-time window ends on Sunday 2026-02-15, in the Spring Festival holiday; rolled forward
    # it ends on 2026-02-24, the filing day.
    rolled = client.post(f"/v1/rules/{FILING}", json=PAID_AND_FILED).json()
    final = client.post(f"/v1/rules/{FILING}?roll_forward=false", json=PAID_AND_FILED).json()
    assert (rolled["outcome"], rolled["last_on_time_day"]) == ("on_time", "2026-02-24")
    assert (final["outcome"], final["last_on_time_day"]) == ("late", "2026-02-15")


@pytest.mark.parametrize(
    ("query", "loc", "kind"),
    [
        ("rol_forward=false", ["query", "rol_forward"], "unknown_parameter"),
        ("roll_forward=maybe", ["query", "roll_forward"], "bool_parsing"),
        ("calendar=lenient", ["query", "calendar"], "literal_error"),
        ("roll_forward=true&roll_forward=false", ["query", "roll_forward"], "duplicate_parameter"),
    ],
)
def test_a_bad_query_parameter_is_a_422_naming_it(
    client: Any, query: str, loc: list[str], kind: str
) -> None:
    response = client.post(f"/v1/rules/{FILING}?{query}", json=PAID_AND_FILED)
    assert response.status_code == 422
    problem = _only_problem(response)
    assert (problem["loc"], problem["type"]) == (loc, kind)


def test_a_rule_without_a_calendar_takes_no_calendar_parameter(client: Any) -> None:
    example = bundled_example("eligibility.online_cancellation")
    response = client.post(
        "/v1/rules/eligibility.online_cancellation?calendar=strict", json=example
    )
    assert response.status_code == 422
    assert _only_problem(response)["loc"] == ["query", "calendar"]


@pytest.mark.parametrize(
    ("body", "loc", "kind"),
    [
        (
            b'{"payment_date": "2025-08-15", "payment_date": "2025-08-16", "treatment": '
            b'"hospitalisation", "evaluation_date": "2026-02-24"}',
            ["body", "payment_date"],
            "duplicate_key",
        ),
        (b'{"payment_date": "2025-08-15",', ["body"], "json_invalid"),
        (b'{"payment_date": NaN}', ["body"], "json_invalid"),
        (b"\xff\xfe", ["body"], "json_invalid"),
        (b"[]", ["body"], "model_attributes_type"),
    ],
    ids=["duplicate key", "truncated", "NaN", "not UTF-8", "not an object"],
)
def test_a_body_that_is_not_one_strict_json_object_is_a_422(
    client: Any, body: bytes, loc: list[str], kind: str
) -> None:
    response = client.post(
        f"/v1/rules/{FILING}", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    problem = _only_problem(response)
    assert (problem["loc"], problem["type"]) == (loc, kind)


# -- many cases ---------------------------------------------------------------------------------------


def test_the_batch_endpoint_streams_one_line_a_record_in_order_good_and_bad(client: Any) -> None:
    records = [
        json.dumps(PAID_AND_FILED),
        json.dumps(FILED_BEFORE_PAYING),
        "",  # blank lines are skipped, not records
        '{"payment_date": "2025-08-15",',
        '{"treatment": "hospitalisation", "treatment": "outpatient_specific_items"}',
        json.dumps(PAID_BEFORE_ANY_PARAMETER),
        json.dumps(
            {**PAID_AND_FILED, "filing_date": "2026-03-01", "evaluation_date": "2026-03-01"}
        ),
    ]
    body = "\n".join(records) + "\n"
    headers = {"content-type": "application/x-ndjson"}
    with client.stream("POST", f"/v1/rules/{FILING}/batch", content=body, headers=headers) as r:
        assert r.status_code == 200
        assert r.headers["content-type"] == "application/x-ndjson"
        assert r.headers.get("transfer-encoding") == "chunked"  # streamed, not sent whole
        lines = [json.loads(line) for line in r.iter_lines() if line]
    assert [line["index"] for line in lines] == list(range(6))
    assert [line["ok"] for line in lines] == [True, False, False, False, False, True]
    assert lines[0]["decision"] == catalogue.evaluate(FILING, PAID_AND_FILED).model_dump(
        mode="json"
    )
    assert lines[5]["decision"]["outcome"] == "late"
    locs = {line["index"]: [(p["loc"], p["type"]) for p in line["errors"]] for line in lines[1:5]}
    assert locs[1] == [(["body", 1, "filing_date"], "value_error")]
    assert locs[2] == [(["body", 2], "json_invalid")]
    assert locs[3] == [(["body", 3, "treatment"], "duplicate_key")]
    assert locs[4] == [(["body", 4, "payment_date"], "ParameterNotInForceError")]


def test_the_batch_endpoint_reads_a_json_array(client: Any) -> None:
    body = json.dumps([PAID_AND_FILED, 7, FILED_BEFORE_PAYING])
    response = client.post(
        f"/v1/rules/{FILING}/batch", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 200
    lines = [json.loads(line) for line in response.text.splitlines()]
    assert [(line["index"], line["ok"]) for line in lines] == [(0, True), (1, False), (2, False)]
    assert lines[1]["errors"][0]["loc"] == ["body", 1]
    assert lines[2]["errors"][0]["loc"] == ["body", 2, "filing_date"]


def test_the_batch_endpoint_takes_the_calendar_and_options_for_every_record(client: Any) -> None:
    def batch(query: str, *cases: dict[str, str]) -> list[dict[str, Any]]:
        response = client.post(
            f"/v1/rules/{FILING}/batch?{query}",
            content="\n".join(json.dumps(case) for case in cases),
            headers={"content-type": "application/x-ndjson"},
        )
        assert response.status_code == 200
        return [json.loads(line) for line in response.text.splitlines()]

    first, second = batch("calendar=strict", PAID_AND_FILED, PAID_IN_JUNE_2026)
    assert first["decision"]["outcome"] == "on_time"
    assert second["errors"][0]["loc"] == ["body", 1, "last_payable_day"]
    assert second["errors"][0]["type"] == "CalendarYearNotCoveredError"
    [final] = batch("roll_forward=false", PAID_AND_FILED)
    assert final["decision"]["outcome"] == "late"


def test_a_batch_that_is_not_json_as_a_whole_is_a_422(client: Any) -> None:
    response = client.post(
        f"/v1/rules/{FILING}/batch", content="[{}", headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert _only_problem(response)["type"] == "json_invalid"


# -- unknown rules and limits ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/v1/rules/deadlines.reimbursement_filin"),
        ("POST", "/v1/rules/deadlines.reimbursement_filin/batch"),
        ("GET", "/v1/rules/deadlines.reimbursement_filin"),
    ],
)
def test_an_unknown_rule_is_a_404_that_suggests_the_closest_name(
    client: Any, method: str, path: str
) -> None:
    response = client.request(method, path, json=PAID_AND_FILED)
    assert response.status_code == 404
    problem = _only_problem(response)
    assert problem["loc"] == ["path", "rule"]
    assert problem["did_you_mean"] == FILING
    assert f"Did you mean {FILING}?" in problem["msg"]


def test_a_name_like_no_rule_gets_no_suggestion(client: Any) -> None:
    response = client.post("/v1/rules/zzz", json={})
    assert response.status_code == 404
    assert _only_problem(response)["did_you_mean"] is None


def test_a_body_over_the_size_limit_is_a_413(client: Any) -> None:
    body = json.dumps({**PAID_AND_FILED, "padding": "x" * REQUEST_LIMIT})
    response = client.post(
        f"/v1/rules/{FILING}", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 413
    assert _only_problem(response)["type"] == "request_too_large"


def test_a_streamed_body_without_a_length_is_cut_at_the_size_limit(client: Any) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(5):
            yield b" " * (REQUEST_LIMIT // 4)  # JSON allows the spaces; 5/4 of the limit

    response = client.post(
        f"/v1/rules/{FILING}/batch",
        content=chunks(),
        headers={"content-type": "application/x-ndjson"},
    )
    assert response.status_code == 413
    assert _only_problem(response)["type"] == "request_too_large"


def test_a_batch_over_the_record_limit_is_a_413_before_any_result(client: Any) -> None:
    body = "\n".join(json.dumps(PAID_AND_FILED) for _ in range(RECORD_LIMIT + 1))
    response = client.post(
        f"/v1/rules/{FILING}/batch", content=body, headers={"content-type": "application/x-ndjson"}
    )
    assert response.status_code == 413
    problem = _only_problem(response)
    assert problem["type"] == "too_many_records"
    assert f"{RECORD_LIMIT + 1} records, more than {RECORD_LIMIT}" in problem["msg"]


def test_a_batch_at_the_record_limit_is_decided(client: Any) -> None:
    body = "\n".join(json.dumps(PAID_AND_FILED) for _ in range(RECORD_LIMIT))
    response = client.post(
        f"/v1/rules/{FILING}/batch", content=body, headers={"content-type": "application/x-ndjson"}
    )
    assert response.status_code == 200
    assert len(response.text.splitlines()) == RECORD_LIMIT


# -- the catalogue, the schemas, the health check -----------------------------------------------------


def test_the_catalogue_lists_every_rule_with_its_summaries_and_outcomes(client: Any) -> None:
    listed = client.get("/v1/rules").json()["rules"]
    assert [entry["name"] for entry in listed] == RULES
    for entry in listed:
        spec = catalogue.get_rule(entry["name"])
        assert (entry["summary_en"], entry["summary_zh"]) == (spec.summary_en, spec.summary_zh)
        assert entry["outcomes"] == [outcome.value for outcome in spec.outcomes]


@pytest.mark.parametrize("rule", RULES)
def test_a_rules_schemas_describe_its_input_which_its_example_meets(client: Any, rule: str) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schemas = client.get(f"/v1/rules/{rule}").json()
    assert set(schemas) == {"rule", "input", "options", "decision"}
    jsonschema.Draft202012Validator.check_schema(schemas["input"])
    jsonschema.validate(bundled_example(rule), schemas["input"])
    decision = client.post(f"/v1/rules/{rule}", json=bundled_example(rule)).json()
    jsonschema.validate(decision, schemas["decision"])
    assert schemas["input"]["properties"]["evaluation_date"]["description"]


def test_the_health_check_answers(client: Any) -> None:
    health = client.get("/healthz").json()
    assert health["status"] == "ok"
    assert health["rules"] == len(RULES)


# -- curl, as the page shows it -----------------------------------------------------------------------

_CONSOLE = re.compile(r"^```console\n(.*?)^```", re.S | re.M)
_FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def _curl_examples() -> list[tuple[str, str]]:
    examples = []
    for block in _CONSOLE.findall((DOCS / "service.md").read_text("utf-8")):
        command, output = None, []
        for line in [*block.splitlines(), "$ "]:
            if line.startswith("$ "):
                if command is not None and command.startswith("curl "):
                    examples.append((command, "\n".join(output)))
                command, output = line[2:], []
            else:
                output.append(line)
    return examples


CURL_EXAMPLES = _curl_examples()


def test_the_page_shows_curl_examples() -> None:
    assert len(CURL_EXAMPLES) >= 3


@pytest.mark.parametrize(
    ("command", "expected"), CURL_EXAMPLES, ids=[c[:60] for c, _ in CURL_EXAMPLES]
)
def test_the_pages_curl_example(server: str, command: str, expected: str) -> None:
    if shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    done = subprocess.run(
        command.replace("http://127.0.0.1:8000", server),
        shell=True,
        cwd=DOCS,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    checker = doctest.OutputChecker()
    want, got = expected.strip() + "\n", done.stdout.strip() + "\n"
    assert checker.check_output(want, got, _FLAGS), checker.output_difference(
        doctest.Example(command, want), got, _FLAGS
    )


def test_the_readmes_curl_command_gets_the_decision(server: str) -> None:
    if shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    readme = (DOCS.parent / "README.md").read_text("utf-8")
    section = readme.split("## As a web service", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None
    command = block.group(1).split("\n", 1)[1]  # after the install-and-serve line
    assert command.startswith("curl ")
    done = subprocess.run(
        command.replace("http://127.0.0.1:8000", server),
        shell=True,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == catalogue.evaluate(FILING, PAID_AND_FILED).model_dump(
        mode="json"
    )


# -- in process: the OpenAPI document, the router in another application ------------------------------


def _test_client(app: Any) -> Any:
    with warnings.catch_warnings():  # newer Starlette asks for its httpx fork; httpx still works
        warnings.filterwarnings("ignore", message=".*httpx.*starlette.testclient", category=Warning)
        from fastapi.testclient import TestClient
    return TestClient(app)


@pytest.fixture(scope="module")
def openapi() -> dict[str, Any]:
    response = _test_client(create_app()).get("/openapi.json")
    assert response.status_code == 200
    document: dict[str, Any] = response.json()
    return document


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def _without_nulls(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _without_nulls(v) for k, v in node.items() if v is not None}
    if isinstance(node, list):
        return [_without_nulls(item) for item in node]
    return node


@pytest.mark.parametrize("rule", RULES)
def test_the_openapi_document_has_every_rule_with_its_bundled_example(
    openapi: dict[str, Any], rule: str
) -> None:
    single = openapi["paths"][f"/v1/rules/{rule}"]["post"]
    content = single["requestBody"]["content"]["application/json"]
    assert content["examples"]["bundled"]["value"] == bundled_example(rule)
    answer = single["responses"]["200"]["content"]["application/json"]
    decision = catalogue.evaluate(rule, bundled_example(rule)).model_dump(mode="json")
    assert answer["example"] == _without_nulls(decision)  # the document leaves out nulls
    assert answer["schema"]["$ref"].startswith("#/components/schemas/")
    assert {"200", "413", "422"} <= set(single["responses"])
    body = content["schema"]
    assert set(body["properties"]) == set(catalogue.get_rule(rule).input_model.model_fields)
    assert body["properties"]["evaluation_date"]["description"]
    batch = openapi["paths"][f"/v1/rules/{rule}/batch"]["post"]
    lines = batch["requestBody"]["content"]["application/x-ndjson"]["example"]
    assert json.loads(lines) == bundled_example(rule)
    assert "application/x-ndjson" in batch["responses"]["200"]["content"]


def test_the_openapi_document_refers_only_to_schemas_it_defines(openapi: dict[str, Any]) -> None:
    defined = {f"#/components/schemas/{name}" for name in openapi["components"]["schemas"]}
    assert set(_refs(openapi["paths"])) <= defined
    assert set(_refs(openapi["components"])) <= defined


def test_the_openapi_document_describes_fields_from_the_models_docstrings(
    openapi: dict[str, Any],
) -> None:
    body = openapi["paths"][f"/v1/rules/{FILING}"]["post"]["requestBody"]
    filing_date = body["content"]["application/json"]["schema"]["properties"]["filing_date"]
    assert filing_date["description"].startswith(
        "`filing_date` is the day the reimbursement was filed"
    )
    parameters = {
        p["name"]: p for p in openapi["paths"][f"/v1/rules/{FILING}"]["post"]["parameters"]
    }
    assert set(parameters) == {"calendar", "roll_forward", "offsite_filing_after_treatment_counts"}
    assert "next working day" in parameters["roll_forward"]["description"]
    assert parameters["calendar"]["schema"]["enum"] == ["partial", "strict", "provisional"]


# Input fields that neither a Field(description=...) nor their model's docstring describes yet (the
# OpenAPI document shows them with their title and type only). The list may only shrink.
UNDESCRIBED = {
    "deadlines.reimbursement_filing": {"payment_date", "treatment"},
    "deadlines.offsite_filing_residence": {
        "proof",
        "residence_periods",
        "residence_start",
        "certificate_is_original",
        "ResidencePeriod.first_day",
        "ResidencePeriod.last_day",
    },
    "eligibility.enrolment": {
        "channel",
        "application_date",
        "applicant",
        "insured_certificate_valid",
        "meets_scheme_conditions",
    },
    "deadlines.service_settlement": {"application_date", "channel"},
    "eligibility.online_suspension": {
        "scheme",
        "insured_in_guangdong",
        "participation_status",
        "applicant",
        "face_recognition_passed",
    },
    "eligibility.online_cancellation": {
        "account_registered",
        "logged_in",
        "identification_provided",
    },
    "eligibility.card_application": set(),
    "eligibility.retirement": {"birth_date", "sex"},
    "refunds.refund": {
        "payments",
        "BenefitPeriod.first_day",
        "BenefitPeriod.last_day",
        "OtherCityParticipation.start_date",
        "RefundPayment.channel",
        "RefundPayment.payment_date",
    },
    "materials.check_materials": {
        "business",
        "SubmittedItem.kind",
        "SubmittedItem.form",
        "SubmittedItem.seals",
        "SubmittedItem.issuer",
    },
}


@pytest.mark.parametrize("rule", RULES)
def test_every_input_field_is_described_but_the_listed_ones(rule: str) -> None:
    schema = described_schema(catalogue.get_rule(rule).input_model.model_json_schema())
    objects = [("", schema)] + [
        (f"{name}.", definition)
        for name, definition in schema.get("$defs", {}).items()
        if "properties" in definition
    ]
    undescribed = {
        f"{where}{field}"
        for where, definition in objects
        for field, prop in definition["properties"].items()
        if not prop.get("description")
    }
    assert undescribed <= UNDESCRIBED[rule], "describe the new field (Field(description=...))"


def test_the_router_mounts_in_another_application_with_its_own_limits() -> None:
    from fastapi import FastAPI

    app = FastAPI()

    @app.get("/")
    def home() -> dict[str, str]:
        return {"app": "host"}

    app.include_router(create_router(ServiceLimits(max_request_bytes=300)), prefix="/insurance")
    http = _test_client(app)
    assert http.get("/").json() == {"app": "host"}
    decided = http.post(f"/insurance/v1/rules/{FILING}", json=PAID_AND_FILED)
    assert decided.status_code == 200
    refused = http.post(f"/insurance/v1/rules/{FILING}", json=FILED_BEFORE_PAYING)
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["body", "filing_date"]
    large = http.post(f"/insurance/v1/rules/{FILING}", json={**PAID_AND_FILED, "x": "y" * 300})
    assert large.status_code == 413
    paths = set(app.openapi()["paths"])
    assert {f"/insurance/v1/rules/{FILING}", "/insurance/v1/rules"} <= paths


def test_a_rule_that_fails_is_a_500_and_a_batch_goes_on(monkeypatch: pytest.MonkeyPatch) -> None:
    import medins_rules.interfaces.serve as serve

    real_evaluate = serve.evaluate
    doomed = {**PAID_AND_FILED, "evaluation_date": "2026-02-25"}

    def failing(name: str, case: Any, **kwargs: Any) -> Any:
        day = case.get("evaluation_date") if isinstance(case, dict) else case.evaluation_date
        if str(day) == doomed["evaluation_date"]:
            raise OverflowError("date value out of range")
        return real_evaluate(name, case, **kwargs)

    monkeypatch.setattr(serve, "evaluate", failing)
    http = _test_client(create_app())
    response = http.post(f"/v1/rules/{FILING}", json=doomed)
    assert response.status_code == 500
    problem = _only_problem(response)
    assert (problem["loc"], problem["type"]) == (["body"], "internal_error")
    body = "\n".join(json.dumps(case) for case in (doomed, PAID_AND_FILED))
    batch = http.post(
        f"/v1/rules/{FILING}/batch", content=body, headers={"content-type": "application/x-ndjson"}
    )
    first, second = (json.loads(line) for line in batch.text.splitlines())
    assert first["errors"][0]["type"] == "internal_error"
    assert second["ok"] is True


def test_the_limits_must_be_positive_whole_numbers() -> None:
    for bad in (0, -1, 1.5, True):
        with pytest.raises(ValueError, match="max_batch_records"):
            ServiceLimits(max_batch_records=bad)  # type: ignore[arg-type]


# -- the command ----------------------------------------------------------------------------------------


def test_the_commands_default_limits_are_the_services() -> None:
    args = build_parser().parse_args(["serve"])
    assert (args.max_request_bytes, args.max_batch_records) == (
        DEFAULT_LIMITS.max_request_bytes,
        DEFAULT_LIMITS.max_batch_records,
    )
    assert (args.host, args.port) == ("127.0.0.1", 8000)


def test_serve_on_a_port_in_use_exits_2_naming_it(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        status = main(["serve", "--port", str(port)])
    err = capsys.readouterr().err
    assert status == 2
    assert f"cannot listen on 127.0.0.1:{port}" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("argument", [["--port", "70000"], ["--max-request-bytes", "0"]])
def test_serve_refuses_bad_arguments_with_status_2(
    capsys: pytest.CaptureFixture[str], argument: list[str]
) -> None:
    assert main(["serve", *argument]) == 2
    assert argument[0] in capsys.readouterr().err
