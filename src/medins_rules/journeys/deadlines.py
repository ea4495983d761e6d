"""The days of a decision, as :class:`~medins_rules.journeys.steps.Deadline` values.

Each function reads the fields of one kind of decision and nothing else: a last day the calendar
knows is a day; one that waits for a holiday notice is its earliest and latest bounds, as the rule
gives them. The plans and the iCalendar output (:mod:`medins_rules.interfaces.ics`) both use them.

>>> import datetime as dt
>>> from medins_rules.processes.reimbursement import ReimbursementFilingCase, reimbursement_filing
>>> d = reimbursement_filing(ReimbursementFilingCase(payment_date=dt.date(2026, 8, 15),
...     treatment="hospitalisation", evaluation_date=dt.date(2026, 12, 1)))
>>> on_time, payable = filing_deadlines(d)
>>> on_time.day, on_time.earliest, on_time.latest, on_time.safe_day
(None, datetime.date(2027, 2, 15), datetime.date(2027, 2, 16), datetime.date(2027, 2, 15))
>>> payable.day, payable.days_left
(datetime.date(2027, 8, 16), 258)
"""

from __future__ import annotations

import datetime as dt

from medins_rules.journeys.steps import Deadline, DeadlineKind, Text
from medins_rules.processes.enrolment import (
    EnrolmentChannel,
    EnrolmentDecision,
    SettlementDecision,
)
from medins_rules.processes.offsite_filing import ResidenceDecision, ResidenceOutcome
from medins_rules.processes.refunds import RefundDecision
from medins_rules.processes.reimbursement import ReimbursementFilingDecision
from medins_rules.processes.retirement import RetirementDecision

__all__ = [
    "TOO_LATE_REFUND_CODES",
    "filing_deadlines",
    "refund_deadlines",
    "residence_deadline",
    "retirement_deadline",
    "settlement_deadline",
]

TOO_LATE_REFUND_CODES = frozenset(
    {"refunds.duplicate_payment_too_late", "refunds.other_city_participation_too_late"}
)
"""The refund rule's reasons for a ground applied for on or after the benefit period's first day."""


def _deadline(
    kind: DeadlineKind,
    label: Text,
    field: str,
    earliest: dt.date,
    latest: dt.date,
    unpublished: tuple[int, ...] = (),
    **days_left: int | None,
) -> Deadline:
    exact = earliest == latest
    return Deadline(
        kind=kind,
        label=label,
        field=field,
        day=earliest if exact else None,
        earliest=earliest,
        latest=latest,
        unpublished_years=() if exact else unpublished,
        **days_left,
    )


ON_TIME = Text(en="last day to file on time", zh="按时申请的最后一日")
PAYABLE = Text(en="last day a late filing is still paid", zh="逾期申请仍可支付的最后一日")


def filing_deadlines(decision: ReimbursementFilingDecision) -> tuple[Deadline, ...]:
    """The last on-time day and the last payable day of a filing decision (none for a treatment the
    rule does not cover).

    The days left are the decision's, for a claim not filed yet.
    """
    out: list[Deadline] = []
    windows = (
        (
            ON_TIME,
            "last_on_time_day",
            decision.last_on_time_day_earliest,
            decision.last_on_time_day_latest,
            decision.days_left_on_time,
            decision.days_left_on_time_min,
            decision.days_left_on_time_max,
        ),
        (
            PAYABLE,
            "last_payable_day",
            decision.last_payable_day_earliest,
            decision.last_payable_day_latest,
            decision.days_left_payable,
            decision.days_left_payable_min,
            decision.days_left_payable_max,
        ),
    )
    for label, field, earliest, latest, left, least, most in windows:
        if earliest is None or latest is None:
            continue
        out.append(
            _deadline(
                DeadlineKind.BY,
                label,
                field,
                earliest,
                latest,
                decision.unpublished_years,
                days_left=left,
                days_left_min=least,
                days_left_max=most,
            )
        )
    return tuple(out)


SETTLED = Text(
    en="settled at the service point: the card can be collected from",
    zh="服务点办结，可于此日起领取医保卡",
)
ON_THE_SPOT = Text(en="settled on the spot at the county centre", zh="在县医保中心当场办结")


def settlement_deadline(decision: SettlementDecision | EnrolmentDecision) -> Deadline | None:
    """The settlement day of an enrolment (or of an application, by the settlement rule): the day of
    a settlement on the spot, or the first day the card can be collected at a service point (none
    for an enrolment not accepted)."""
    earliest, latest = decision.settlement_date_earliest, decision.settlement_date_latest
    if earliest is None or latest is None:
        return None
    on_the_spot = decision.channel is EnrolmentChannel.COUNTY_CENTRE
    return _deadline(
        DeadlineKind.ON if on_the_spot else DeadlineKind.FROM,
        ON_THE_SPOT if on_the_spot else SETTLED,
        "settlement_date",
        earliest,
        latest,
        decision.unpublished_years,
    )


RESIDENCE_MET = Text(
    en="six months of continuous residence reached: off-site filing possible from",
    zh="连续居住满六个月，可于此日起办理异地就医备案",
)


def residence_deadline(decision: ResidenceDecision) -> Deadline | None:
    """The first day the residence requirement is met, when it is not met on the filing day but
    will be (none otherwise)."""
    met = decision.first_date_met
    if decision.outcome is ResidenceOutcome.MEETS or met is None or met <= decision.filing_date:
        return None
    return _deadline(DeadlineKind.FROM, RESIDENCE_MET, "first_date_met", met, met)


def refund_deadlines(decision: RefundDecision) -> tuple[Deadline, ...]:
    """The last day to apply for the refund of each scheme year with a payment on a ground or too
    late for one: the day before its benefit period begins (an application on the first day is too
    late, and the rule applies the ground only ``evaluation_date < first_day``)."""
    years = sorted(
        {
            p.scheme_year
            for p in decision.payments
            if p.grounds or TOO_LATE_REFUND_CODES.intersection(p.reason_codes)
        }
    )
    out: list[Deadline] = []
    for index, period in enumerate(decision.benefit_periods):
        if period.scheme_year not in years:
            continue
        last = period.first_day - dt.timedelta(days=1)
        label = Text(
            en=f"last day to apply for the refund of scheme year {period.scheme_year} (its benefit "
            f"period begins on {period.first_day})",
            zh=f"申请退还{period.scheme_year}年度缴费的最后一日（该年度待遇享受期自"
            f"{period.first_day.year}年{period.first_day.month}月{period.first_day.day}日开始）",
        )
        out.append(
            _deadline(DeadlineKind.BY, label, f"benefit_periods[{index}].first_day", last, last)
        )
    return tuple(out)


RETIREMENT_DAY = Text(en="retirement day", zh="退休日")


def retirement_deadline(decision: RetirementDecision) -> Deadline:
    """The day article 27 is applied at: the statutory retirement day or an allowed chosen one."""
    day = decision.retirement_date
    return _deadline(DeadlineKind.ON, RETIREMENT_DAY, "retirement_date", day, day)
