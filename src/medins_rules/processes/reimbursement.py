"""Reimbursement of sporadic medical expenses: the on-time window and the one-year payable limit.

Source 002 (Guangzhou): "In the selected remote medical institutions, hospitalization, emergency
observation, outpatient specific items or outpatient designated chronic disease treatment meet the
prescribed medical expenses, and within 6 months after the individual advances, go to the Guangzhou
medical insurance agency to handle the reimbursement procedures for sporadic medical expenses. No
payment will be made if it has not been processed for more than 1 year."

Every period is computed by :func:`medins_rules.core.periods.period_end` under Civil Code arts.
201-203 and 1259; every number comes from the dated parameters; the calendar is an argument (the
bundled official calendar by default).
"""

import datetime as dt
import functools
import string
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Self

from pydantic import BaseModel, ConfigDict, model_validator

from medins_rules.core.calendar import WorkingDayCalendar, bundled_calendar
from medins_rules.core.errors import DATE_NOT_COVERED
from medins_rules.core.legal import Citation, Instrument, cite, cite_passage
from medins_rules.core.model import (
    Day,
    Decision,
    Facts,
    FactValue,
    Jurisdiction,
    ParameterUse,
    Reason,
    ReasonTemplate,
    RuleSpec,
)
from medins_rules.core.parameters import ParameterSet, ParameterVersion, parameters_for
from medins_rules.core.periods import PeriodEnd, period_end, period_reasons, provisional_reasons
from medins_rules.engine.memo import fast_constructor, identity_memo, new_reason, value_memo

__all__ = [
    "REASONS",
    "RULES",
    "DeadlineOptions",
    "FilingOutcome",
    "ReimbursementFilingCase",
    "ReimbursementFilingDecision",
    "TreatmentKind",
    "reimbursement_filing",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")

_WINDOW = cite_passage(Instrument.SOURCE_002, "six_month_window")
_ONE_YEAR = cite_passage(Instrument.SOURCE_002, "one_year_limit")
_ART_201 = cite(Instrument.CIVIL_CODE, 201, paragraph=1)
_ART_202 = cite(Instrument.CIVIL_CODE, 202)
_ART_1259 = cite(Instrument.CIVIL_CODE, 1259)
_SIL_28 = cite(Instrument.SOCIAL_INSURANCE_LAW, 28)


class DeadlineOptions(BaseModel):
    """Interpretive choices of the deadline rules (defaults: ``docs/interpretive-choices.md``).

    ``roll_forward``: a last day that is a rest day moves to the next working day (Civil Code art.
    203). On by default; off reads the corresponding day as final even on a holiday.
    """

    model_config = _FROZEN

    roll_forward: bool = True


DEFAULT_DEADLINE_OPTIONS = DeadlineOptions()


class TreatmentKind(StrEnum):
    """The kind of treatment the out-of-pocket payment was for."""

    HOSPITALISATION = "hospitalisation"
    EMERGENCY_OBSERVATION = "emergency_observation"
    OUTPATIENT_SPECIFIC_ITEMS = "outpatient_specific_items"
    OUTPATIENT_CHRONIC_DISEASE = "outpatient_designated_chronic_disease"
    GENERAL_OUTPATIENT = "general_outpatient"
    OTHER = "other"


COVERED_TREATMENTS = frozenset(
    {
        TreatmentKind.HOSPITALISATION,
        TreatmentKind.EMERGENCY_OBSERVATION,
        TreatmentKind.OUTPATIENT_SPECIFIC_ITEMS,
        TreatmentKind.OUTPATIENT_CHRONIC_DISEASE,
    }
)
"""The treatment kinds source 002 names for sporadic reimbursement."""


class FilingOutcome(StrEnum):
    """Where a filing (or, when not yet filed, a filing on the evaluation date) falls."""

    ON_TIME = "on_time"
    LATE = "late"
    FORFEITED = "forfeited"
    NOT_COVERED = "not_covered"


class ReimbursementFilingCase(BaseModel):
    """An out-of-pocket payment and its filing for sporadic reimbursement.

    ``filing_date`` is the day the reimbursement was (or will be) filed; leave it empty when not yet
    filed, and the decision says where a filing on ``evaluation_date`` would fall and how many days are
    left.
    """

    model_config = _FROZEN

    payment_date: Day
    treatment: TreatmentKind
    filing_date: Day | None = None
    evaluation_date: Day
    jurisdiction: Jurisdiction = Jurisdiction.GUANGZHOU

    @model_validator(mode="after")
    def _check_dates(self) -> Self:
        if self.filing_date is not None and self.filing_date < self.payment_date:
            raise ValueError(
                f"filing_date: {self.filing_date} is before payment_date {self.payment_date}; "
                "a claim cannot be filed before the payment it reimburses"
            )
        if self.filing_date is None and self.evaluation_date < self.payment_date:
            raise ValueError(
                f"evaluation_date: {self.evaluation_date} is before payment_date "
                f"{self.payment_date}; give a filing_date or evaluate on or after the payment"
            )
        return self


class ReimbursementFilingDecision(Decision[FilingOutcome]):
    """The filing decision with the two last days and, when not yet filed, the days left."""

    payment_date: dt.date
    treatment: TreatmentKind
    filing_date: dt.date | None
    last_on_time_day: dt.date | None
    last_payable_day: dt.date | None
    days_left_on_time: int | None = None
    days_left_payable: int | None = None


FILED_ON_TIME = ReasonTemplate(
    "reimbursement.filed_on_time",
    "Filed on {filing_date}, on or before the last on-time day {last_on_time_day} of the "
    "{window_months}-month window that started with the payment on {payment_date}.",
    "于{filing_date}申请，在自{payment_date}垫付起{window_months}个月期限的最后一日"
    "{last_on_time_day}之前（含当日），属按时申请。",
    (_WINDOW, _ART_1259),
)
FILED_LATE = ReasonTemplate(
    "reimbursement.filed_late",
    "Filed on {filing_date}, after the last on-time day {last_on_time_day} but on or before the last "
    "payable day {last_payable_day}: late, but still payable.",
    "于{filing_date}申请，晚于按时申请的最后一日{last_on_time_day}，但未超过可支付的最后一日"
    "{last_payable_day}：属逾期申请，仍可支付。",
    (_WINDOW, _ONE_YEAR, _ART_1259),
)
FILED_AFTER_ONE_YEAR = ReasonTemplate(
    "reimbursement.filed_after_one_year",
    "Filed on {filing_date}, after the last payable day {last_payable_day} ({limit_years} year(s) "
    "after the payment on {payment_date}): no payment is made.",
    "于{filing_date}申请，已超过自{payment_date}垫付起{limit_years}年的可支付最后一日"
    "{last_payable_day}，不予支付。",
    (_ONE_YEAR, _ART_1259),
)
OPEN_ON_TIME = ReasonTemplate(
    "reimbursement.not_filed_on_time_window_open",
    "Not filed yet. On {evaluation_date} a filing is on time: file by {last_on_time_day} "
    "({days_left_on_time} day(s) left); no payment after {last_payable_day}.",
    "尚未申请。{evaluation_date}申请属按时申请：请于{last_on_time_day}前申请（剩余"
    "{days_left_on_time}天）；{last_payable_day}之后不予支付。",
    (_WINDOW, _ONE_YEAR),
)
OPEN_LATE = ReasonTemplate(
    "reimbursement.not_filed_late_still_payable",
    "Not filed yet. The on-time window ended on {last_on_time_day}; a filing by {last_payable_day} "
    "({days_left_payable} day(s) left) is late but still payable.",
    "尚未申请。按时申请期限已于{last_on_time_day}届满；于{last_payable_day}前申请（剩余"
    "{days_left_payable}天）属逾期申请，仍可支付。",
    (_WINDOW, _ONE_YEAR),
)
OPEN_FORFEITED = ReasonTemplate(
    "reimbursement.not_filed_forfeited",
    "Not filed yet, and the last payable day {last_payable_day} has passed: no payment is made.",
    "尚未申请，且可支付的最后一日{last_payable_day}已过，不予支付。",
    (_ONE_YEAR,),
)
NOT_COVERED = ReasonTemplate(
    "reimbursement.treatment_not_covered",
    "Sporadic reimbursement under this rule covers hospitalisation, emergency observation, "
    "outpatient specific items and outpatient designated chronic disease; {treatment} is not one of "
    "them.",
    "本规定的零星报销适用于住院、急诊留观、门诊特定项目和门诊指定慢性病治疗；{treatment}不在其列。",
    (_WINDOW, _SIL_28),
)
START_NOT_COUNTED = ReasonTemplate(
    "period.start_day_not_counted",
    "The periods run from the day after the payment on {payment_date}; the payment day itself is "
    "not counted.",
    "期间自{payment_date}垫付的次日起算，垫付当日不计入。",
    (_ART_201, _ART_202),
)

_WINDOW_EN, _WINDOW_ZH = "the on-time filing window", "按时申请期限"
_LIMIT_EN, _LIMIT_ZH = "the one-year payable limit", "可支付期限"


def reimbursement_filing(
    case: ReimbursementFilingCase,
    *,
    parameters: ParameterSet | None = None,
    calendar: WorkingDayCalendar | None = None,
    options: DeadlineOptions = DEFAULT_DEADLINE_OPTIONS,
) -> ReimbursementFilingDecision:
    """Whether a sporadic-reimbursement filing is on time, late or forfeited.

    Source 002: "... within 6 months after the individual advances, go to the Guangzhou medical
    insurance agency to handle the reimbursement procedures for sporadic medical expenses. No payment
    will be made if it has not been processed for more than 1 year." (Social Insurance Law art. 29
    para. 2 requires the off-site settlement system; Civil Code arts. 201-203 and 1259 count the
    periods.)

    The clock starts on the day the person paid. The last on-time day is the corresponding day six
    months later (the month end where there is none), moved to the next working day when it is a rest
    day; filing on it is on time. The last payable day is the corresponding day one year later (28 Feb
    for a 29 Feb payment), moved likewise; filing on it is late but payable, after it forfeited. The
    parameters in force on the payment date apply.

    >>> import datetime as dt
    >>> case = ReimbursementFilingCase(
    ...     payment_date=dt.date(2025, 3, 10), treatment="hospitalisation",
    ...     filing_date=dt.date(2025, 9, 10), evaluation_date=dt.date(2025, 9, 10))
    >>> d = reimbursement_filing(case)
    >>> d.outcome, d.last_on_time_day, d.last_payable_day
    (<FilingOutcome.ON_TIME: 'on_time'>, datetime.date(2025, 9, 10), datetime.date(2026, 3, 10))
    >>> reimbursement_filing(case.model_copy(update={"filing_date": dt.date(2026, 3, 11)})).outcome
    <FilingOutcome.FORFEITED: 'forfeited'>

    More examples, one per outcome and boundary, are in ``docs/deadlines.md``.
    """
    if case.treatment not in COVERED_TREATMENTS:
        return _new_not_covered(
            {
                "rule": _FILING_RULE,
                "outcome": FilingOutcome.NOT_COVERED,
                "reasons": (_not_covered_reason(case.treatment),),
                "evaluation_date": case.evaluation_date,
                "jurisdiction": case.jurisdiction,
                "parameters": (),
                "provisional": False,
                "payment_date": case.payment_date,
                "treatment": case.treatment,
                "filing_date": case.filing_date,
                "last_on_time_day": None,
                "last_payable_day": None,
                "days_left_on_time": None,
                "days_left_payable": None,
            }
        )
    try:
        cal = calendar or bundled_calendar()
        if parameters is None and type(case.payment_date) is dt.date:
            if (
                case.filing_date is None
                and type(case.evaluation_date) is dt.date
                and type(case.treatment) is TreatmentKind
                and type(case.jurisdiction) is Jurisdiction
            ):  # an open claim: a pure function of these, and a nightly run repeats them
                cell = _open_claims(
                    (
                        case.jurisdiction,
                        case.payment_date,
                        case.treatment,
                        case.evaluation_date,
                        cal,
                        options.roll_forward,
                    )
                )
                if not cell.filled:
                    entry = _shipped_filing_day(
                        case.jurisdiction, case.payment_date, cal, options.roll_forward
                    )
                    cell.value, cell.filled = _filing_decision(case, entry), True
                return cell.value  # type: ignore[no-any-return]
            entry = _shipped_filing_day(
                case.jurisdiction, case.payment_date, cal, options.roll_forward
            )
        else:
            params = parameters or parameters_for(case.jurisdiction, on=case.payment_date)
            entry = _filing_days(
                params.version("reimbursement.on_time_window"),
                params.version("reimbursement.payable_limit"),
                cal,
                options.roll_forward,
            )(case.payment_date)
    except DATE_NOT_COVERED as exc:  # the payment date's periods and parameters
        raise exc.about("payment_date").with_traceback(exc.__traceback__) from None
    return _filing_decision(case, entry)


_FILING_RULE = "deadlines.reimbursement_filing"

# -- the fast path: everything that depends only on the payment date is worked out once per day ----
#
# The two period ends, the reasons about them (start day, clamping, roll-forward, provisional years),
# the parameter records and the main reason's text with the payment date's facts filled in depend only
# on the payment date, the parameter versions, the calendar and the roll-forward option. They are
# computed (through ``period_end``) once per payment date and shared by every decision on that day; a
# decision then fills in the filing or evaluation day. Decisions and reasons are built from complete,
# already valid values (``fast_constructor``), exactly as ``model_construct`` builds them; a test
# pins the result to the plain construction with the reason templates.

_MAIN_REASONS = (
    FILED_ON_TIME,
    FILED_LATE,
    FILED_AFTER_ONE_YEAR,
    OPEN_ON_TIME,
    OPEN_LATE,
    OPEN_FORFEITED,
)
"""The first reason of a covered decision: 0-2 filed, 3-5 not filed (on time, late, forfeited)."""
_SHARED_FACTS = ("payment_date", "last_on_time_day", "last_payable_day")
_FILED_FACTS = (*_SHARED_FACTS, "filing_date", "window_months", "limit_years")
_OPEN_FACTS = (*_SHARED_FACTS, "evaluation_date", "days_left_on_time", "days_left_payable")
_PER_RECORD = frozenset(
    {"filing_date", "evaluation_date", "days_left_on_time", "days_left_payable"}
)
_OUTCOMES = (FilingOutcome.ON_TIME, FilingOutcome.LATE, FilingOutcome.FORFEITED)
_Split = tuple[tuple[str, ...], tuple[str, ...]]
"""A message as literal pieces and the per-record facts that go between them."""

for _template in _MAIN_REASONS:  # the split below handles plain ``{name}`` placeholders only
    for _text in (_template.en, _template.zh):
        for _, _field, _spec, _conversion in string.Formatter().parse(_text):
            if _field is not None and (_spec or _conversion or not _field.isidentifier()):
                raise TypeError(f"{_template.code}: use a plain {{name}} placeholder")


def _split(text: str, fixed: dict[str, FactValue]) -> _Split:
    pieces, gaps = [""], []
    for literal, name, _, _ in string.Formatter().parse(text):
        pieces[-1] += literal
        if name is None:
            continue
        if name in fixed:
            pieces[-1] += format(fixed[name])
        else:
            gaps.append(name)
            pieces.append("")
    return tuple(pieces), tuple(gaps)


def _fill(split: _Split, values: dict[str, FactValue]) -> str:
    pieces, gaps = split
    out = [pieces[0]]
    for gap, piece in zip(gaps, pieces[1:], strict=True):
        out += (str(values[gap]), piece)
    return "".join(out)


@dataclass(frozen=True, slots=True)
class _Partial:
    """A main reason with one payment date's facts filled in; the per-record facts are left open."""

    code: str
    citations: tuple[Citation, ...]
    facts: dict[str, FactValue]  # in the order the decision shows them, per-record facts as None
    slots: tuple[str, ...]  # the per-record facts the reason shows
    en: _Split
    zh: _Split

    def reason(self, values: dict[str, FactValue]) -> Reason:
        facts = Facts(self.facts, **{name: values[name] for name in self.slots})
        if len(self.slots) == 1:  # one per-record fact: the message is its text joining the pieces
            text = str(values[self.slots[0]])
            en, zh = text.join(self.en[0]), text.join(self.zh[0])
        else:
            en, zh = _fill(self.en, values), _fill(self.zh, values)
        return new_reason(
            {
                "code": self.code,
                "message_en": en,
                "message_zh": zh,
                "citations": self.citations,
                "facts": facts,
            }
        )


@dataclass(frozen=True, slots=True, eq=False)
class _FilingDay:
    """What every filing decision for one payment date shares."""

    on_time: PeriodEnd
    payable: PeriodEnd
    fixed: dict[str, FactValue]  # the payment date's facts, rendered
    tail: tuple[Reason, ...]  # the reasons after the first
    provisional: bool
    parameters: tuple[ParameterUse, ...]
    partials: dict[int, _Partial] = field(default_factory=dict)  # filled on first use
    recent: dict[int, tuple[dt.date, Reason]] = field(default_factory=dict)  # see _main_reason

    def partial(self, index: int) -> _Partial:
        found = self.partials.get(index)
        if found is None:
            template = _MAIN_REASONS[index]
            names = _FILED_FACTS if index < 3 else _OPEN_FACTS
            facts = {n: self.fixed.get(n) for n in names if n in template.placeholders}
            found = self.partials[index] = _Partial(
                template.code,
                template.citations,
                facts,
                tuple(n for n in facts if n in _PER_RECORD),
                _split(template.en, self.fixed),
                _split(template.zh, self.fixed),
            )
        return found


@functools.partial(identity_memo, maxsize=64)  # what-if analysis may make many parameter sets
def _filing_days(
    window: ParameterVersion, limit: ParameterVersion, cal: WorkingDayCalendar, roll_forward: bool
) -> Callable[[dt.date], _FilingDay]:
    """The per-payment-date entries for these parameter versions, calendar and option."""
    window_months, limit_years = window.value, limit.value
    assert isinstance(window_months, int)
    assert isinstance(limit_years, int)
    used = (window.use(), limit.use())

    @functools.lru_cache(maxsize=1 << 12)
    def day(payment_date: dt.date) -> _FilingDay:
        on_time = period_end(
            payment_date, months=window_months, calendar=cal, roll_forward=roll_forward
        )
        payable = period_end(
            payment_date, years=limit_years, calendar=cal, roll_forward=roll_forward
        )
        provisional = on_time.provisional_years + payable.provisional_years
        tail = (
            START_NOT_COUNTED(payment_date=payment_date),
            *period_reasons(on_time, _WINDOW_EN, _WINDOW_ZH),
            *period_reasons(payable, _LIMIT_EN, _LIMIT_ZH),
            *provisional_reasons(provisional),
        )
        fixed: dict[str, FactValue] = {
            "payment_date": payment_date.isoformat(),
            "last_on_time_day": on_time.last_day.isoformat(),
            "last_payable_day": payable.last_day.isoformat(),
            "window_months": window_months,
            "limit_years": limit_years,
        }
        return _FilingDay(on_time, payable, fixed, tail, bool(provisional), used)

    return day


@functools.lru_cache(maxsize=1 << 12)
def _shipped_filing_day(
    jurisdiction: Jurisdiction, payment_date: dt.date, cal: WorkingDayCalendar, roll_forward: bool
) -> _FilingDay:
    """The entry with the shipped parameters in force on the payment date (a pure function of its
    arguments, since the shipped parameters never change: one cache look-up per decision)."""
    params = parameters_for(jurisdiction, on=payment_date)
    return _filing_days(
        params.version("reimbursement.on_time_window"),
        params.version("reimbursement.payable_limit"),
        cal,
        roll_forward,
    )(payment_date)


_open_claims = value_memo(1 << 13)
"""Decisions on claims not filed yet, with the shipped parameters, by their inputs."""

_new_decision = fast_constructor(ReimbursementFilingDecision)
_new_not_covered = fast_constructor(
    ReimbursementFilingDecision,
    # as the validating constructor leaves them: the defaulted fields are not in the fields-set
    fields_set=set(ReimbursementFilingDecision.model_fields)
    - {"parameters", "provisional", "days_left_on_time", "days_left_payable"},
)


@functools.lru_cache(maxsize=64)
def _not_covered_reason(treatment: TreatmentKind) -> Reason:
    return NOT_COVERED(treatment=treatment)


def _main_reason(
    entry: _FilingDay, index: int, day: dt.date, days_on_time: int | None, days_payable: int | None
) -> Reason:
    """The first reason for a filing (``index`` < 3) or evaluation ``day`` (with the days left).

    The last one made for each kind of first reason is kept with the payment date's entry and reused
    for the same day: a nightly run evaluates every open claim on one day, so most decisions of a
    payment date share it, at the cost of one comparison for the others.
    """
    recent = entry.recent.get(index)
    if recent is not None and recent[0] == day:
        return recent[1]
    if index < 3:
        reason = entry.partial(index).reason({"filing_date": day.isoformat()})
    else:
        reason = entry.partial(index).reason(
            {
                "evaluation_date": day.isoformat(),
                "days_left_on_time": days_on_time,
                "days_left_payable": days_payable,
            }
        )
    entry.recent[index] = (day, reason)
    return reason


def _filing_decision(
    case: ReimbursementFilingCase, entry: _FilingDay
) -> ReimbursementFilingDecision:
    filing_date = case.filing_date
    day = case.evaluation_date if filing_date is None else filing_date
    last_on_time = entry.on_time.last_day
    last_payable = entry.payable.last_day
    index = 0 if day <= last_on_time else 1 if day <= last_payable else 2
    days_on_time = days_payable = None
    if filing_date is None:
        days_on_time = max(0, (last_on_time - day).days)
        days_payable = max(0, (last_payable - day).days)
        index += 3
    return _new_decision(
        {
            "rule": _FILING_RULE,
            "outcome": _OUTCOMES[index % 3],
            "reasons": (
                _main_reason(entry, index, day, days_on_time, days_payable),
                *entry.tail,
            ),
            "evaluation_date": case.evaluation_date,
            "jurisdiction": case.jurisdiction,
            "parameters": entry.parameters,
            "provisional": entry.provisional,
            "payment_date": case.payment_date,
            "treatment": case.treatment,
            "filing_date": filing_date,
            "last_on_time_day": last_on_time,
            "last_payable_day": last_payable,
            "days_left_on_time": days_on_time,
            "days_left_payable": days_payable,
        }
    )


REASONS: tuple[ReasonTemplate, ...] = (
    FILED_ON_TIME,
    FILED_LATE,
    FILED_AFTER_ONE_YEAR,
    OPEN_ON_TIME,
    OPEN_LATE,
    OPEN_FORFEITED,
    NOT_COVERED,
    START_NOT_COUNTED,
)

RULES: tuple[RuleSpec, ...] = (
    RuleSpec(
        name=_FILING_RULE,
        function=reimbursement_filing,
        input_model=ReimbursementFilingCase,
        decision_model=ReimbursementFilingDecision,
        outcomes=FilingOutcome,
        summary_en="Is a sporadic-reimbursement filing on time, late or forfeited?",
        summary_zh="零星报销申请是按时、逾期还是不予支付？",
        reasons=REASONS,
    ),
)
