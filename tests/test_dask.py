"""The columnar path runs unchanged on Dask, partition by partition, and agrees with one process.

Skipped unless the ``dask`` extra is installed. With ``distributed`` present the work goes to a local
cluster of two worker processes (so the rules, calendar and tables travel between processes as they
would between machines); without it, to Dask's multi-process scheduler.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

np = pytest.importorskip("numpy")
pd = pytest.importorskip("pandas")
dd = pytest.importorskip("dask.dataframe")

from medins_rules.core.calendar import bundled_calendar  # noqa: E402
from medins_rules.engine.columnar import TREATMENTS  # noqa: E402
from medins_rules.engine.frames import (  # noqa: E402
    offsite_filing_residence_dask,
    offsite_filing_residence_frame,
    reimbursement_filing_dask,
    reimbursement_filing_frame,
    service_settlement_dask,
    service_settlement_frame,
)
from medins_rules.processes.reimbursement import (  # noqa: E402
    DeadlineOptions,
    ReimbursementFilingCase,
    reimbursement_filing,
)

ROWS = 20_000


@pytest.fixture(scope="module")
def scheduler() -> Iterator[dict[str, Any]]:
    """A local cluster of two worker processes, or the multi-process scheduler without one."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        yield {"scheduler": "processes", "num_workers": 2}
        return
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        yield {"scheduler": client}


@pytest.fixture(scope="module")
def claims() -> Any:
    rng = np.random.default_rng(9)
    payment = np.datetime64("2012-01-01") + rng.integers(0, 5000, ROWS).astype("timedelta64[D]")
    delay = rng.integers(0, 450, ROWS).astype("timedelta64[D]")
    filed = rng.random(ROWS) < 0.5
    return pd.DataFrame(
        {
            "payment_date": payment,
            "treatment": pd.Categorical.from_codes(
                rng.integers(0, len(TREATMENTS), ROWS), categories=[t.value for t in TREATMENTS]
            ),
            "filing_date": np.where(filed, payment + delay, np.datetime64("NaT")),
            "evaluation_date": payment + delay,
        }
    )


def test_filing_on_a_dask_cluster_equals_one_process(
    scheduler: dict[str, Any], claims: Any
) -> None:
    options = DeadlineOptions(roll_forward=True)
    single = reimbursement_filing_frame(claims, options=options)
    distributed = reimbursement_filing_dask(
        dd.from_pandas(claims, npartitions=6), options=options
    ).compute(**scheduler)
    pd.testing.assert_frame_equal(distributed.sort_index(), single)


def test_the_frame_results_are_the_per_record_decisions(claims: Any) -> None:
    sample = claims.sample(200, random_state=3)
    out = reimbursement_filing_frame(sample)
    for row, result in zip(sample.itertuples(), out.itertuples(), strict=True):
        case = ReimbursementFilingCase(
            payment_date=row.payment_date.date(),
            treatment=row.treatment,
            filing_date=None if pd.isna(row.filing_date) else row.filing_date.date(),
            evaluation_date=row.evaluation_date.date(),
        )
        decision = reimbursement_filing(case)
        assert result.outcome == decision.outcome.value
        expected = decision.last_payable_day
        assert (pd.isna(result.last_payable_day) and expected is None) or (
            result.last_payable_day.date() == expected
        )


def test_residence_and_settlement_on_dask_equal_one_process(scheduler: dict[str, Any]) -> None:
    rng = np.random.default_rng(4)
    start = np.datetime64("2015-01-01") + rng.integers(0, 3000, 3000).astype("timedelta64[D]")
    residence = pd.DataFrame(
        {
            "proof": rng.choice(["police_station_certificate", "street_office_certificate"], 3000),
            "residence_start": start,
            "certificate_is_original": rng.random(3000) < 0.9,
            "evaluation_date": start + rng.integers(0, 400, 3000).astype("timedelta64[D]"),
        }
    )
    pd.testing.assert_frame_equal(
        offsite_filing_residence_dask(dd.from_pandas(residence, npartitions=3))
        .compute(**scheduler)
        .sort_index(),
        offsite_filing_residence_frame(residence),
    )
    applications = pd.DataFrame(
        {
            "application_date": start,
            "channel": rng.choice(["county_centre", "service_point"], 3000),
        }
    )
    calendar = bundled_calendar()
    pd.testing.assert_frame_equal(
        service_settlement_dask(dd.from_pandas(applications, npartitions=3), calendar=calendar)
        .compute(**scheduler)
        .sort_index(),
        service_settlement_frame(applications, calendar=calendar),
    )


def test_a_date_the_calendar_does_not_cover_fails_the_computation_not_silently() -> None:
    frame = pd.DataFrame(
        {
            "payment_date": pd.to_datetime(["2025-01-10", "2026-06-01"]),
            "treatment": ["hospitalisation", "hospitalisation"],
            "evaluation_date": pd.to_datetime(["2026-01-01", "2026-06-01"]),
        }
    )
    strict = bundled_calendar().strict()  # the partial calendar bounds 2027; a strict one refuses
    lazy = reimbursement_filing_dask(dd.from_pandas(frame, npartitions=2), calendar=strict)
    with pytest.raises(ValueError, match="2027"):
        lazy.compute(scheduler="synchronous")


# -- every rule: compact rows on frames and on Dask -----------------------------------------------


def _examples(rule: str, count: int) -> list[dict[str, Any]]:
    """Generated cases of the rule as JSON-ready records (their days as text), some spoiled."""
    import json

    from hypothesis import HealthCheck, given, settings

    from medins_rules.testing.strategies import RULE_STRATEGIES

    drawn: list[dict[str, Any]] = []

    @settings(max_examples=count, database=None, suppress_health_check=list(HealthCheck))
    @given(RULE_STRATEGIES[rule]())
    def collect(case: Any) -> None:
        drawn.append(json.loads(case.model_dump_json()))

    collect()
    if drawn:
        spoiled = dict(drawn[0])
        spoiled["evaluation_date"] = "2026-02-30"
        drawn.append(spoiled)
    return drawn


def _frame_of(records: list[dict[str, Any]]) -> Any:
    names = sorted({name for record in records for name in record})
    return pd.DataFrame({name: [record.get(name) for record in records] for name in names})


RULES = [
    "deadlines.reimbursement_filing",
    "deadlines.service_settlement",
    "eligibility.online_suspension",
    "eligibility.enrolment",
    "eligibility.retirement",
    "refunds.refund",
    "materials.check_materials",
]


@pytest.mark.parametrize("rule", RULES)
def test_every_rule_gives_on_a_frame_the_compact_rows_of_its_decisions(rule: str) -> None:
    from medins_rules.engine.catalogue import evaluate
    from medins_rules.engine.frames import rule_frame
    from medins_rules.engine.rows import compact_row

    records = _examples(rule, 40)
    out = rule_frame(_frame_of(records), rule)
    assert len(out) == len(records)
    for record, row in zip(records, out.to_dict("records"), strict=True):
        try:
            expected = compact_row(evaluate(rule, record))
        except ValueError:
            assert row["error"]
            assert row["outcome"] is None
            continue
        assert row["error"] is None
        assert {name: row[name] for name in expected} == expected


@pytest.mark.parametrize("rule", ["deadlines.reimbursement_filing", "refunds.refund"])
def test_every_rule_runs_on_dask_partitions_as_on_one_frame(
    rule: str, scheduler: dict[str, Any]
) -> None:
    import dask

    from medins_rules.engine.frames import rule_dask, rule_frame

    frame = _frame_of(_examples(rule, 60))
    expected = rule_frame(frame, rule)
    # Dask turns object columns into text by default, nested lists and mappings included (their
    # Python repr): inputs with nested fields keep their columns as objects.
    with dask.config.set({"dataframe.convert-string": False}):
        lazy = rule_dask(dd.from_pandas(frame, npartitions=3), rule)
    got = lazy.compute(**scheduler)
    pd.testing.assert_frame_equal(got, expected)
