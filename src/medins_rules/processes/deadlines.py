"""Deadlines: reimbursement filing windows, off-site filing residence, service-point settlement.

Source 002 (Guangzhou): "In the selected remote medical institutions, hospitalization, emergency
observation, outpatient specific items or outpatient designated chronic disease treatment meet the
prescribed medical expenses, and within 6 months after the individual advances, go to the Guangzhou
medical insurance agency to handle the reimbursement procedures for sporadic medical expenses. No
payment will be made if it has not been processed for more than 1 year." and "Residents should bring
the original certificate of continuous residence for more than 6 months issued by the local police
station, street and neighborhood (village) committee, or a copy of the temporary residence permit."

Source 004: "The insured person brings his/her valid certificate and applies to the neighboring county
medical insurance center, and the county medical insurance center will settle the account on the
spot;" "The insured person can also apply to the adjacent streets and medical insurance service points,
and the service points will be settled within 3 working days."

Every period is computed by :func:`medins_rules.core.periods.period_end` under Civil Code arts. 201-203 and
1259; every number comes from the dated parameters; the calendar is an argument (the bundled official
calendar by default).
"""

from __future__ import annotations

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
    "DEFAULT_DEADLINE_OPTIONS",
    "DeadlineOptions",
    "EnrolmentChannel",
    "FilingOutcome",
    "ReimbursementFilingCase",
    "ReimbursementFilingDecision",
    "ResidenceCase",
    "ResidenceDecision",
    "ResidenceOutcome",
    "ResidenceProof",
    "Settlement",
    "SettlementCase",
    "SettlementDecision",
    "SettlementOutcome",
    "TreatmentKind",
    "offsite_filing_residence",
    "reimbursement_filing",
    "service_settlement",
    "settlement_date",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")

# -- citations -----------------------------------------------------------------------------------------

_WINDOW = cite_passage(Instrument.SOURCE_002, "six_month_window")
_ONE_YEAR = cite_passage(Instrument.SOURCE_002, "one_year_limit")
_RESIDENCE = cite_passage(Instrument.SOURCE_002, "residence_proof")
_COUNTY = cite_passage(Instrument.SOURCE_004, "county_centre")
_SERVICE_POINT = cite_passage(Instrument.SOURCE_004, "service_point")
_ART_201 = cite(Instrument.CIVIL_CODE, 201, paragraph=1)
_ART_202 = cite(Instrument.CIVIL_CODE, 202)
_ART_1259 = cite(Instrument.CIVIL_CODE, 1259)
_SIL_28 = cite(Instrument.SOCIAL_INSURANCE_LAW, 28)
_SIL_29_2 = cite(Instrument.SOCIAL_INSURANCE_LAW, 29, paragraph=2)


class DeadlineOptions(BaseModel):
    """Interpretive choices of the deadline rules (defaults: ``docs/interpretive-choices.md``).

    ``roll_forward``: a last day that is a rest day moves to the next working day (Civil Code art.
    203). On by default; off reads the corresponding day as final even on a holiday.
    """

    model_config = _FROZEN

    roll_forward: bool = True


DEFAULT_DEADLINE_OPTIONS = DeadlineOptions()


# ======================================================================================================
# Reimbursement filing
# ======================================================================================================


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


# ======================================================================================================
# Off-site filing: continuous residence
# ======================================================================================================


class ResidenceProof(StrEnum):
    """The proof of residence brought for off-site filing."""

    POLICE_STATION_CERTIFICATE = "police_station_certificate"
    STREET_OFFICE_CERTIFICATE = "street_office_certificate"
    COMMITTEE_CERTIFICATE = "neighbourhood_or_village_committee_certificate"
    TEMPORARY_RESIDENCE_PERMIT_COPY = "temporary_residence_permit_copy"
    OTHER = "other"


_CERTIFICATES = frozenset(
    {
        ResidenceProof.POLICE_STATION_CERTIFICATE,
        ResidenceProof.STREET_OFFICE_CERTIFICATE,
        ResidenceProof.COMMITTEE_CERTIFICATE,
    }
)


class ResidenceOutcome(StrEnum):
    """Whether the residence requirement for off-site filing is met."""

    MEETS = "meets"
    DOES_NOT_MEET = "does_not_meet"


class ResidenceCase(BaseModel):
    """The proof of residence and the dates for off-site filing.

    ``residence_start`` is the first day of continuous residence the certificate attests; it is needed
    for a certificate and ignored for a temporary residence permit copy. ``filing_date`` defaults to the
    evaluation date.
    """

    model_config = _FROZEN

    proof: ResidenceProof
    residence_start: Day | None = None
    certificate_is_original: bool = True
    filing_date: Day | None = None
    evaluation_date: Day
    jurisdiction: Jurisdiction = Jurisdiction.GUANGZHOU

    @model_validator(mode="after")
    def _check(self) -> Self:
        filing = self.filing_date or self.evaluation_date
        if self.residence_start is not None and self.residence_start > filing:
            raise ValueError(
                f"residence_start: {self.residence_start} is after the filing date {filing}"
            )
        if self.proof in _CERTIFICATES and self.residence_start is None:
            raise ValueError(
                "residence_start: required with a residence certificate (the day continuous "
                "residence began)"
            )
        return self


class ResidenceDecision(Decision[ResidenceOutcome]):
    """The residence decision, with the first date the requirement is (or was) met."""

    proof: ResidenceProof
    filing_date: dt.date
    first_date_met: dt.date | None


RESIDENCE_MET = ReasonTemplate(
    "residence.six_months_met",
    "Continuous residence since {residence_start} reaches {minimum_months} months on "
    "{first_date_met}; on {filing_date} the requirement ({minimum_months} months or more, the number "
    "itself included) is met.",
    "自{residence_start}起连续居住，于{first_date_met}满{minimum_months}个月；{filing_date}已满足"
    "“{minimum_months}个月以上”（含本数）的要求。",
    (_RESIDENCE, _ART_1259, _ART_202),
)
RESIDENCE_NOT_MET = ReasonTemplate(
    "residence.six_months_not_met",
    "Continuous residence since {residence_start} reaches {minimum_months} months only on "
    "{first_date_met}; on {filing_date} it is short. File on or after {first_date_met}.",
    "自{residence_start}起连续居住，至{first_date_met}方满{minimum_months}个月；{filing_date}尚未"
    "满足要求，请于{first_date_met}或之后办理。",
    (_RESIDENCE, _ART_1259, _ART_202),
)
RESIDENCE_PERMIT = ReasonTemplate(
    "residence.temporary_permit_accepted",
    "A copy of the temporary residence permit is accepted as the alternative proof; the source sets no "
    "separate six-month test for it.",
    "暂住证（居住证）复印件是可接受的替代证明，来源未对其另设六个月的要求。",
    (_RESIDENCE,),
)
RESIDENCE_PROOF_REFUSED = ReasonTemplate(
    "residence.proof_not_accepted",
    "The proof given ({proof}) is not one the source accepts: an original residence certificate from "
    "the police station, street office or neighbourhood (village) committee, or a copy of the "
    "temporary residence permit.",
    "所提供的证明（{proof}）不在认可范围内：应为派出所、街道或居（村）委会出具的连续居住证明原件，"
    "或暂住证复印件。",
    (_RESIDENCE,),
)
RESIDENCE_COPY_REFUSED = ReasonTemplate(
    "residence.certificate_not_original",
    "The residence certificate must be the original; a copy does not satisfy the requirement.",
    "连续居住证明须为原件，复印件不符合要求。",
    (_RESIDENCE,),
)
_RESIDENCE_EN, _RESIDENCE_ZH = "the six months of residence", "连续居住期间"


def offsite_filing_residence(
    case: ResidenceCase,
    *,
    parameters: ParameterSet | None = None,
) -> ResidenceDecision:
    """Whether the proof of residence meets the requirement for off-site filing.

    Source 002: "Residents should bring the original certificate of continuous residence for more than
    6 months issued by the local police station, street and neighborhood (village) committee, or a
    copy of the temporary residence permit."

    The Chinese wording is 6个月以上, which includes the number itself (Civil Code art. 1259): exactly
    six months meets the requirement. Six months after the first day of residence is the corresponding
    day (art. 202, the month end where there is none); it is a duration already lived, not a deadline,
    so it is not moved for rest days. A temporary residence permit copy is accepted on its own. The
    parameters in force on the filing date apply.

    >>> import datetime as dt
    >>> case = ResidenceCase(proof="police_station_certificate", residence_start=dt.date(2026, 1, 10),
    ...                      filing_date=dt.date(2026, 7, 10), evaluation_date=dt.date(2026, 7, 10))
    >>> d = offsite_filing_residence(case)
    >>> d.outcome, d.first_date_met
    (<ResidenceOutcome.MEETS: 'meets'>, datetime.date(2026, 7, 10))
    """
    if (
        parameters is None
        and type(case.proof) is ResidenceProof
        and type(case.residence_start) in _DATE_OR_NONE
        and type(case.certificate_is_original) is bool
        and type(case.filing_date) in _DATE_OR_NONE
        and type(case.evaluation_date) is dt.date
        and type(case.jurisdiction) is Jurisdiction
    ):  # a pure function of these: one cache look-up when a nightly run repeats them
        cell = _residences(
            (
                case.proof,
                case.residence_start,
                case.certificate_is_original,
                case.filing_date,
                case.evaluation_date,
                case.jurisdiction,
            )
        )
        if not cell.filled:
            cell.value, cell.filled = _residence(case, None), True
        return cell.value  # type: ignore[no-any-return]
    return _residence(case, parameters)


def _residence(case: ResidenceCase, parameters: ParameterSet | None) -> ResidenceDecision:
    try:
        return _residence_decision(case, parameters)
    except DATE_NOT_COVERED as exc:  # the parameters in force on the filing day
        field = "filing_date" if case.filing_date is not None else "evaluation_date"
        raise exc.about(field).with_traceback(exc.__traceback__) from None


_DATE_OR_NONE = frozenset({dt.date, type(None)})


_residences = value_memo(1 << 13)
"""Residence decisions with the shipped parameters, by their inputs."""


def _residence_decision(case: ResidenceCase, parameters: ParameterSet | None) -> ResidenceDecision:
    filing = case.filing_date or case.evaluation_date
    params = parameters or parameters_for(case.jurisdiction, on=filing)
    version = params.version("offsite_filing.minimum_residence")
    assert isinstance(version.value, int)
    reasons: list[Reason] = []
    first_met: dt.date | None = None
    outcome = ResidenceOutcome.MEETS
    if case.proof is ResidenceProof.TEMPORARY_RESIDENCE_PERMIT_COPY:
        reasons.append(_RESIDENCE_PERMIT_REASON)
    elif case.proof is ResidenceProof.OTHER:
        outcome = ResidenceOutcome.DOES_NOT_MEET
        reasons.append(RESIDENCE_PROOF_REFUSED(proof=case.proof))
    else:
        assert case.residence_start is not None
        end, end_reasons = _residence_end(case.residence_start, version.value)
        first_met = end.nominal
        facts = {
            "residence_start": case.residence_start,
            "minimum_months": version.value,
            "first_date_met": first_met,
            "filing_date": filing,
        }
        if filing >= first_met:
            reasons.append(_residence_reason(RESIDENCE_MET, **facts))
        else:
            outcome = ResidenceOutcome.DOES_NOT_MEET
            reasons.append(_residence_reason(RESIDENCE_NOT_MET, **facts))
        if not case.certificate_is_original:
            outcome = ResidenceOutcome.DOES_NOT_MEET
            reasons.append(_RESIDENCE_COPY_REASON)
        reasons += end_reasons
    return _new_residence_decision(
        {
            "rule": "deadlines.offsite_filing_residence",
            "outcome": outcome,
            "reasons": tuple(reasons),
            "evaluation_date": case.evaluation_date,
            "jurisdiction": case.jurisdiction,
            "parameters": (_use(version),),
            "provisional": False,
            "proof": case.proof,
            "filing_date": filing,
            "first_date_met": first_met,
        }
    )


# the fast path (see the filing rule): shared reasons, the period end per start, direct building
_use = identity_memo(ParameterVersion.use)
_RESIDENCE_PERMIT_REASON = RESIDENCE_PERMIT()
_RESIDENCE_COPY_REASON = RESIDENCE_COPY_REFUSED()
_new_residence_decision = fast_constructor(
    ResidenceDecision, fields_set=set(ResidenceDecision.model_fields) - {"provisional"}
)


@functools.lru_cache(maxsize=1 << 12)  # a nightly run files many starts on one day
def _residence_reason(
    template: ReasonTemplate,
    *,
    residence_start: dt.date,
    minimum_months: int,
    first_date_met: dt.date,
    filing_date: dt.date,
) -> Reason:
    return template(
        residence_start=residence_start,
        minimum_months=minimum_months,
        first_date_met=first_date_met,
        filing_date=filing_date,
    )


@functools.lru_cache(maxsize=1 << 12)
def _residence_end(start: dt.date, months: int) -> tuple[PeriodEnd, tuple[Reason, ...]]:
    end = period_end(start, months=months, roll_forward=False)
    return end, tuple(period_reasons(end, _RESIDENCE_EN, _RESIDENCE_ZH))


# ======================================================================================================
# Enrolment settlement at a county centre or a service point
# ======================================================================================================


class EnrolmentChannel(StrEnum):
    """Where an enrolment is applied for."""

    COUNTY_CENTRE = "county_centre"
    SERVICE_POINT = "service_point"


class SettlementOutcome(StrEnum):
    """When an enrolment application is settled."""

    SETTLED_ON_THE_SPOT = "settled_on_the_spot"
    SETTLED_BY_DATE = "settled_by_date"


@dataclass(frozen=True, slots=True)
class Settlement:
    """The settlement date of an enrolment application, for use inside other rules."""

    channel: EnrolmentChannel
    application_date: dt.date
    date: dt.date
    working_days: int
    reasons: tuple[Reason, ...]
    provisional: bool
    parameters: tuple[ParameterUse, ...]


SETTLED_ON_THE_SPOT = ReasonTemplate(
    "settlement.county_centre_on_the_spot",
    "Applied at the county medical insurance centre on {application_date}: settled on the spot.",
    "于{application_date}在县医保中心申请：当场办结。",
    (_COUNTY,),
)
SETTLED_WITHIN_WORKING_DAYS = ReasonTemplate(
    "settlement.service_point_working_days",
    "Applied at a service point on {application_date}: settled within {working_days} working days, "
    "by {settlement_date} (the application day is not counted; public holidays and weekends are "
    "skipped, make-up working days count).",
    "于{application_date}在服务点申请：{working_days}个工作日内办结，即不迟于{settlement_date}"
    "（申请当日不计入；法定节假日和周末不计，调休上班日计入）。",
    (_SERVICE_POINT, _ART_201),
)


def settlement_date(
    application_date: dt.date,
    channel: EnrolmentChannel,
    *,
    parameters: ParameterSet,
    calendar: WorkingDayCalendar | None = None,
) -> Settlement:
    """The day an enrolment application is settled (used by the enrolment rule).

    >>> import datetime as dt
    >>> p = parameters_for("440100", on=dt.date(2026, 9, 30))
    >>> settlement_date(dt.date(2026, 9, 30), EnrolmentChannel.SERVICE_POINT, parameters=p).date
    datetime.date(2026, 10, 10)
    """
    if channel is EnrolmentChannel.COUNTY_CENTRE:
        return Settlement(
            channel,
            application_date,
            application_date,
            0,
            (SETTLED_ON_THE_SPOT(application_date=application_date),),
            False,
            (),
        )
    version = parameters.version("enrolment.service_point_settlement")
    assert isinstance(version.value, int)
    cal = calendar or bundled_calendar()
    due = cal.nth_working_day_after(application_date, version.value)
    provisional = cal.provisional_years(application_date, due) if cal.is_provisional else ()
    reasons = (
        SETTLED_WITHIN_WORKING_DAYS(
            application_date=application_date,
            working_days=version.value,
            settlement_date=due,
        ),
        *provisional_reasons(provisional),
    )
    return Settlement(
        channel, application_date, due, version.value, reasons, bool(provisional), (_use(version),)
    )


class SettlementCase(BaseModel):
    """An enrolment application: its day and channel."""

    model_config = _FROZEN

    application_date: Day
    channel: EnrolmentChannel
    evaluation_date: Day
    jurisdiction: Jurisdiction = Jurisdiction.GUANGZHOU


class SettlementDecision(Decision[SettlementOutcome]):
    """When the enrolment is settled."""

    channel: EnrolmentChannel
    application_date: dt.date
    settlement_date: dt.date


def service_settlement(
    case: SettlementCase,
    *,
    parameters: ParameterSet | None = None,
    calendar: WorkingDayCalendar | None = None,
) -> SettlementDecision:
    """When an enrolment application is settled: on the spot, or by the Nth working day.

    Source 004: "the county medical insurance center will settle the account on the spot;" and "the
    service points will be settled within 3 working days." The due day is the 3rd working day after
    the application day, the application day never counted, even when it is a rest day (Civil Code
    art. 201). The parameters in force on the application day apply.

    >>> import datetime as dt
    >>> case = SettlementCase(application_date=dt.date(2026, 2, 13), channel="service_point",
    ...                       evaluation_date=dt.date(2026, 2, 13))
    >>> service_settlement(case).settlement_date  # Sat 14 Feb (make-up), then 24 and 25 Feb
    datetime.date(2026, 2, 25)
    """
    if (
        parameters is None
        and type(case.application_date) is dt.date
        and type(case.evaluation_date) is dt.date
        and type(case.channel) is EnrolmentChannel
        and type(case.jurisdiction) is Jurisdiction
    ):  # a pure function of these: one cache look-up when a nightly run repeats them
        cal = calendar or bundled_calendar()
        cell = _settlements(
            (case.jurisdiction, case.application_date, case.channel, case.evaluation_date, cal)
        )
        if not cell.filled:
            cell.value, cell.filled = _service_settlement(case, None, cal), True
        return cell.value  # type: ignore[no-any-return]
    return _service_settlement(case, parameters, calendar)


def _service_settlement(
    case: SettlementCase, parameters: ParameterSet | None, calendar: WorkingDayCalendar | None
) -> SettlementDecision:
    try:
        return _settlement_decision(case, parameters, calendar)
    except DATE_NOT_COVERED as exc:  # the application day's parameters and working days
        raise exc.about("application_date").with_traceback(exc.__traceback__) from None


def _settlement_decision(
    case: SettlementCase, parameters: ParameterSet | None, calendar: WorkingDayCalendar | None
) -> SettlementDecision:
    if parameters is None and type(case.application_date) is dt.date:
        result = _shipped_settlement(
            case.jurisdiction, case.application_date, case.channel, calendar or bundled_calendar()
        )
    else:
        params = parameters or parameters_for(case.jurisdiction, on=case.application_date)
        result = settlement_date(
            case.application_date, case.channel, parameters=params, calendar=calendar
        )
    outcome = (
        SettlementOutcome.SETTLED_ON_THE_SPOT
        if case.channel is EnrolmentChannel.COUNTY_CENTRE
        else SettlementOutcome.SETTLED_BY_DATE
    )
    return _new_settlement_decision(
        {
            "rule": "deadlines.service_settlement",
            "outcome": outcome,
            "reasons": result.reasons,
            "evaluation_date": case.evaluation_date,
            "jurisdiction": case.jurisdiction,
            "parameters": result.parameters,
            "provisional": result.provisional,
            "channel": case.channel,
            "application_date": case.application_date,
            "settlement_date": result.date,
        }
    )


_new_settlement_decision = fast_constructor(SettlementDecision)


_settlements = value_memo(1 << 13)
"""Settlement decisions with the shipped parameters, by their inputs."""


@functools.lru_cache(maxsize=1 << 12)
def _shipped_settlement(
    jurisdiction: Jurisdiction,
    application_date: dt.date,
    channel: EnrolmentChannel,
    cal: WorkingDayCalendar,
) -> Settlement:
    """The settlement with the shipped parameters (a pure function of its arguments: cached)."""
    params = parameters_for(jurisdiction, on=application_date)
    return settlement_date(application_date, channel, parameters=params, calendar=cal)


REASONS: tuple[ReasonTemplate, ...] = (
    FILED_ON_TIME,
    FILED_LATE,
    FILED_AFTER_ONE_YEAR,
    OPEN_ON_TIME,
    OPEN_LATE,
    OPEN_FORFEITED,
    NOT_COVERED,
    START_NOT_COUNTED,
    RESIDENCE_MET,
    RESIDENCE_NOT_MET,
    RESIDENCE_PERMIT,
    RESIDENCE_PROOF_REFUSED,
    RESIDENCE_COPY_REFUSED,
    SETTLED_ON_THE_SPOT,
    SETTLED_WITHIN_WORKING_DAYS,
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
        reasons=REASONS[:8],
    ),
    RuleSpec(
        name="deadlines.offsite_filing_residence",
        function=offsite_filing_residence,
        input_model=ResidenceCase,
        decision_model=ResidenceDecision,
        outcomes=ResidenceOutcome,
        summary_en="Does the proof of residence meet the off-site filing requirement?",
        summary_zh="居住证明是否满足异地就医备案要求？",
        reasons=REASONS[8:13],
    ),
    RuleSpec(
        name="deadlines.service_settlement",
        function=service_settlement,
        input_model=SettlementCase,
        decision_model=SettlementDecision,
        outcomes=SettlementOutcome,
        summary_en="When is an enrolment application settled?",
        summary_zh="参保申请何时办结？",
        reasons=REASONS[13:],
    ),
)
