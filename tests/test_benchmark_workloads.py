"""The benchmark's peers stay honest: each decides what the rule decides, on the records it is fed.

A ratio "rule / peer" only means something if both decide the same thing, and the generated records
are only a fair workload if the rules accept them and they reach the rules' outcomes. The benchmark
checks its pools before timing; this checks a sample of each on every test run (nothing is timed),
so a rule change that a peer does not follow shows up here, not in a misleading figure.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the benchmarks beside the package

from benchmarks import baseline, caches, clihelp, lines, peers, report, workloads

from medins_rules.engine import catalogue
from medins_rules.interfaces.cli import build_parser
from medins_rules.processes.enrolment import SettlementCase, service_settlement
from medins_rules.processes.offsite_filing import ResidenceCase, offsite_filing_residence
from medins_rules.processes.reimbursement import ReimbursementFilingCase, reimbursement_filing

RULES = sorted(catalogue.rules())
NIGHT = dt.date(2025, 12, 15)  # the columnar workload's night: every last day known


def test_every_rule_has_generated_records_and_a_bare_decider() -> None:
    assert set(workloads.GENERATED) == set(catalogue.rules())
    assert set(workloads.BARE) == set(catalogue.rules())
    for rule in RULES:
        assert set(workloads.OUTCOMES[rule]) == {o.value for o in catalogue.get_rule(rule).outcomes}


@pytest.mark.parametrize("rule", RULES)
def test_the_bare_decider_decides_as_the_rule_on_generated_records(rule: str) -> None:
    records = workloads.GENERATED[rule](300, seed=4242)
    mix = workloads.check_bare_loop(rule, records)
    reached = workloads.REACHED.get(rule, set(workloads.OUTCOMES[rule]))
    assert set(mix) == reached
    assert sum(mix.values()) == len(records)


def test_a_bare_decider_that_differs_from_the_rule_is_caught() -> None:
    rule = "eligibility.online_cancellation"
    honest = workloads.BARE[rule]
    wrong = workloads.Bare(honest.extract, lambda: lambda row: 0)  # always "awaits_review"
    workloads.BARE[rule] = wrong
    try:
        with pytest.raises(workloads.BareLoopMismatchError, match="differs from the rule"):
            workloads.check_bare_loop(rule, workloads.GENERATED[rule](50))
    finally:
        workloads.BARE[rule] = honest


@pytest.mark.parametrize("rule", RULES)
def test_fresh_pools_are_other_records_of_the_same_mix(rule: str) -> None:
    first, second = workloads.GENERATED[rule](50, seed=1), workloads.GENERATED[rule](50, seed=2)
    assert first != second
    model = catalogue.get_rule(rule).input_model
    for record in first + second:
        model.model_validate(record)


def test_the_bare_loop_counts_every_record() -> None:
    rule = "deadlines.reimbursement_filing"
    records = workloads.filing_records(200)
    counts = workloads.bare_loop(rule, records)()
    assert sum(counts) == 200
    outcomes = [reimbursement_filing(ReimbursementFilingCase.model_validate(r)) for r in records]
    for index, name in enumerate(workloads.OUTCOMES[rule]):
        assert counts[index] == sum(d.outcome.value == name for d in outcomes)


# -- the table peers ----------------------------------------------------------------------------------


def _filing_sample(size: int = 400) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(5)
    night = np.datetime64(NIGHT, "D")
    pay = night - rng.integers(0, 730, size).astype("timedelta64[D]")
    kinds = rng.integers(0, len(peers.TREATMENTS), size).astype(np.int8)
    later = np.minimum(pay + rng.integers(0, 420, size).astype("timedelta64[D]"), night)
    filed = np.where(rng.random(size) < 0.5, later, np.datetime64("NaT"))
    return pay, kinds, filed


def _filing_decisions(pay: np.ndarray, kinds: np.ndarray, filed: np.ndarray) -> list[object]:
    out = []
    for paid, kind, day in zip(pay.tolist(), kinds.tolist(), filed.tolist(), strict=True):
        case = {
            "payment_date": paid,
            "treatment": peers.TREATMENTS[kind],
            "filing_date": day,
            "evaluation_date": NIGHT,
        }
        out.append(reimbursement_filing(ReimbursementFilingCase.model_validate(case)))
    return out


def _day(value: np.datetime64) -> dt.date | None:
    return None if np.isnat(value) else value.astype(object)


def test_the_filing_table_peer_decides_as_the_rule() -> None:
    table = peers.filing_table(NIGHT - dt.timedelta(days=730), NIGHT)
    pay, kinds, filed = _filing_sample()
    outcome, on_time, payable, left_on_time, left_payable = peers.decide_filing_table(
        table, pay, kinds, filed, np.datetime64(NIGHT, "D")
    )
    decisions = _filing_decisions(pay, kinds, filed)
    assert {d.outcome.value for d in decisions} >= {"on_time", "late", "forfeited", "not_covered"}
    for i, decision in enumerate(decisions):
        assert peers.OUTCOME_CODES[outcome[i]] is decision.outcome, i
        assert _day(on_time[i]) == decision.last_on_time_day, i
        assert _day(payable[i]) == decision.last_payable_day, i
        assert (None if left_on_time[i] < 0 else left_on_time[i]) == decision.days_left_on_time
        assert (None if left_payable[i] < 0 else left_payable[i]) == decision.days_left_payable


def test_the_filing_table_holds_rolled_forward_days() -> None:
    table = peers.filing_table(dt.date(2025, 4, 1), dt.date(2025, 4, 30))
    # six months after 2025-04-04 is Sunday 2025-10-04, in the National Day holiday: rolled to
    # the first working day after it
    position = (dt.date(2025, 4, 4) - dt.date(2025, 4, 1)).days
    day = dt.date(1970, 1, 1) + dt.timedelta(days=int(table.on_time[position]))
    assert day > dt.date(2025, 10, 4)


def test_the_openfisca_peer_decides_as_the_rule() -> None:
    pytest.importorskip("openfisca_core")
    pytest.importorskip("openfisca_country_template")
    table = peers.filing_table(NIGHT - dt.timedelta(days=730), NIGHT)
    decide = peers.build_openfisca(table)
    pay, kinds, filed = _filing_sample(200)
    day = np.where(np.isnat(filed), np.datetime64(NIGHT, "D"), filed)
    outcome, on_time, _ = decide(pay, kinds, day)
    for i, decision in enumerate(_filing_decisions(pay, kinds, filed)):
        assert peers.OUTCOME_CODES[outcome[i]] is decision.outcome, i
        if decision.last_on_time_day is not None:
            assert on_time[i].astype(object) == decision.last_on_time_day, i


def test_the_residence_table_peer_decides_as_the_rule() -> None:
    table = peers.residence_table(NIGHT - dt.timedelta(days=730), NIGHT)
    rng = np.random.default_rng(6)
    size = 300
    proofs = rng.integers(0, 5, size).astype(np.int8)
    certificate = peers._CERTIFICATE[proofs]
    start = np.where(
        certificate,
        np.datetime64(NIGHT, "D") - rng.integers(0, 730, size).astype("timedelta64[D]"),
        np.datetime64("NaT"),
    )
    original = rng.random(size) < 0.8
    outcome, met = peers.decide_residence_table(
        table, proofs, start, original, np.datetime64(NIGHT, "D")
    )
    for i in range(size):
        case = {
            "proof": peers._RESIDENCE_PROOFS[proofs[i]],
            "residence_start": _day(start[i]),
            "certificate_is_original": bool(original[i]),
            "evaluation_date": NIGHT,
        }
        decision = offsite_filing_residence(
            ResidenceCase.model_validate({k: v for k, v in case.items() if v is not None})
        )
        assert outcome[i] == list(type(decision.outcome)).index(decision.outcome), i
        assert _day(met[i]) == decision.first_date_met, i


def test_the_settlement_table_peer_decides_as_the_rule() -> None:
    table = peers.settlement_table(dt.date(2025, 1, 1), dt.date(2026, 12, 1))
    rng = np.random.default_rng(7)
    size = 300
    days = np.datetime64("2025-01-01") + rng.integers(0, 700, size).astype("timedelta64[D]")
    channels = rng.integers(0, 2, size).astype(np.int8)
    outcome, settled = peers.decide_settlement_table(table, days, channels)
    names = ("county_centre", "service_point")
    for i in range(size):
        day = _day(days[i])
        case = {"application_date": day, "channel": names[channels[i]], "evaluation_date": day}
        decision = service_settlement(SettlementCase.model_validate(case))
        assert outcome[i] == list(type(decision.outcome)).index(decision.outcome), i
        assert _day(settled[i]) == decision.settlement_date, i


# -- the parse floor and the files ------------------------------------------------------------------


@pytest.mark.parametrize("rule", RULES)
def test_the_parse_floor_reads_what_the_rules_accept(rule: str, tmp_path: Path) -> None:
    records = workloads.GENERATED[rule](40)
    path = tmp_path / "cases.jsonl"
    lines.write_jsonl(path, records)
    model = catalogue.get_rule(rule).input_model
    for name, loads in lines.PARSERS.items():
        parsed = [loads(line) for line in path.read_bytes().splitlines()]
        assert parsed == records, name
        assert lines.parse_floor(path, name) == len(records)
    for text in path.read_bytes().splitlines():
        model.model_validate_json(text)


def test_generated_files_are_written_in_chunks_the_rules_accept(tmp_path: Path) -> None:
    rule = "deadlines.offsite_filing_residence"
    path = tmp_path / "claims.jsonl"
    lines.write_generated(workloads.GENERATED[rule], 250, 3, path, chunk=100)
    texts = path.read_bytes().splitlines()
    assert len(texts) == 250
    assert len(set(texts)) > 200  # each chunk drawn with its own seed
    model = catalogue.get_rule(rule).input_model
    for text in texts:
        model.model_validate_json(text)


@pytest.mark.parametrize(
    "rule",
    sorted(
        set(RULES)
        & {
            "deadlines.reimbursement_filing",
            "deadlines.offsite_filing_residence",
            "deadlines.service_settlement",
        }
    ),
)
def test_parquet_files_hold_the_same_records(rule: str, tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    jsonl, parquet = tmp_path / "claims.jsonl", tmp_path / "claims.parquet"
    lines.write_generated(workloads.GENERATED[rule], 120, 5, jsonl, parquet, chunk=50)
    back = lines.read_parquet(parquet)
    assert back == [json.loads(text) for text in jsonl.read_bytes().splitlines()]
    assert lines.arrow_floor(parquet) == lines.arrow_floor(jsonl) == 120


def test_the_bare_decider_over_a_file_writes_one_outcome_a_line(tmp_path: Path) -> None:
    rule = "deadlines.service_settlement"
    records = workloads.GENERATED[rule](30)
    path = tmp_path / "cases.jsonl"
    lines.write_jsonl(path, records)
    written: list[str] = []
    assert lines.bare_file(rule, path, written.append) == 30
    got = [json.loads(line)["outcome"] for line in written]
    spec = catalogue.get_rule(rule)
    assert got == [spec.function(spec.input_model.model_validate(r)).outcome.value for r in records]


# -- what the command offers, the caches, the report --------------------------------------------------


def _evaluate_help() -> str:
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command")
    return commands.choices["evaluate"].format_help()  # type: ignore[attr-defined, no-any-return]


def test_the_options_of_the_command_are_read_from_its_help() -> None:
    options = clihelp.Options.parse(_evaluate_help())
    assert "json" in options.choices["--format"]
    assert options.offers(("--format", "json"))
    assert not options.offers(("--format", "yaml"))
    assert not options.offers(("--no-such-option",))
    modes, skipped = clihelp.nightly_modes(options, ["--no-such-option 1"])
    assert modes[0] == ("full decisions", ())
    assert skipped == ["--no-such-option 1"]


def test_a_compact_output_and_csv_are_measured_once_the_command_offers_them() -> None:
    text = (
        "usage: medins-rules evaluate [--format {json,text,csv}] [--output {full,compact}]\n"
        "  CASE  a JSON file, a .jsonl or .parquet file\n"
    )
    options = clihelp.Options.parse(text)
    modes, _ = clihelp.nightly_modes(options)
    assert ("compact rows", ("--output", "compact")) in modes
    assert ("CSV rows", ("--format", "csv")) in modes
    assert clihelp.batch_format(options) == ("CSV", ("--format", "csv"))
    assert options.reads_parquet


def test_bounded_caches_are_cleared_and_read_once_tables_kept() -> None:
    reimbursement_filing(ReimbursementFilingCase.model_validate(workloads.filing_records(1)[0]))
    found = {entry["name"]: entry for entry in caches.inventory()}
    period_ends = found["medins_rules.core.periods._period_end"]
    assert period_ends["policy"] == "cleared before each repetition"
    assert found["medins_rules.core.calendar.bundled_calendar"]["policy"] == "kept (read once)"
    assert caches.clear_bounded() >= 1
    found = {entry["name"]: entry for entry in caches.inventory()}
    assert found["medins_rules.core.periods._period_end"]["size"] == 0


def test_the_report_renders_a_results_file_and_replaces_the_figures_of_a_page(
    tmp_path: Path,
) -> None:
    results = {
        "when": "2026-12-01T12:00:00+00:00",
        "command": "python -m benchmarks.run --quick",
        "quick": True,
        "commit": "abc1234",
        "baseline_ref": "9e073be",
        "python": "CPython 3.11.7",
        "machine": "x86_64",
        "cpus": 2,
        "load": {"start": [1.0, 1.0, 1.0], "end": [2.0, 1.0, 1.0]},
        "seconds": 100,
        "startup": {
            "current": {"median_ms": 100, "best_ms": 90, "cpu_ms": 80, "peak_mb": 40, "runs": 15},
            "reference": {
                "median_ms": 200,
                "best_ms": 190,
                "cpu_ms": 180,
                "peak_mb": 40,
                "runs": 15,
            },
            "interpreter": {"median_ms": 20, "best_ms": 19, "cpu_ms": 15, "peak_mb": 8, "runs": 15},
            "ratio": 0.5,
            "reference_ref": "9e073be",
            "command": "python -m medins_rules evaluate RULE case.json",
        },
        "targets": [
            {
                "workload": "startup",
                "target": "one case",
                "measured": 0.5,
                "unit": "x",
                "goal": "<= 0.5",
                "met": True,
            }
        ],
        "notes": ["a note"],
    }
    text = report.tables(results)
    assert "quick run" in text
    assert "### Start-up" in text
    assert "| met |" in text
    page = tmp_path / "performance.md"
    page.write_text(f"before\n{report.BEGIN}\nold\n{report.END}\nafter\n", "utf-8")
    report.write(page, text)
    written = page.read_text("utf-8")
    assert "old" not in written
    assert "### Start-up" in written
    assert written.startswith("before\n")
    assert written.endswith(f"{report.END}\nafter\n")


def test_the_versions_compared_in_fresh_processes_write_their_bytecode(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    monkeypatch.setenv("PYTHONPATH", "elsewhere")
    env = baseline.environment(tmp_path / "src")
    assert "PYTHONDONTWRITEBYTECODE" not in env
    assert env["PYTHONPATH"] == str(tmp_path / "src")
