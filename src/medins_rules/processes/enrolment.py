"""Enrolment in medical insurance: channel and settlement, agents, scheme, premiums, certificates.

Source 004: "The insured person brings his/her valid certificate and applies to the neighboring
county medical insurance center, and the county medical insurance center will settle the account on
the spot;" "The insured person can also apply to the adjacent streets and medical insurance service
points, and the service points will be settled within 3 working days." "The insured may entrust
others to handle it on his behalf." "The customer must carry the valid certificates of himself and
the insured when handling."

Limitations: the rule takes each holder's valid certificate, the scheme's conditions and the premium
payer as given (the materials check judges the certificates from the documents); it says when an
enrolment is settled, not when benefits begin: the waiting periods of 国办发〔2024〕38号 from 2025,
for enrolment outside the concentrated period or after a break, are not derived
(``docs/eligibility.md``). Settlement days in a year whose holiday notice is not published are given
as the earliest and latest day the holiday regulations allow.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from pydantic import Field, ValidationInfo, field_validator

from medins_rules.core.calendar import WorkingDayCalendar, bundled_calendar
from medins_rules.core.errors import (
    CalendarYearNotCoveredError,
    ParameterNotInForceError,
)
from medins_rules.core.inputs import InputModel, ensure_valid
from medins_rules.core.labels import enum_labels, field_labels
from medins_rules.core.legal import Instrument, cite, cite_passage
from medins_rules.core.model import (
    FROZEN,
    Day,
    Decision,
    Jurisdiction,
    ParameterUse,
    Reason,
    ReasonTemplate,
    RuleSpec,
    build,
)
from medins_rules.core.parameters import ParameterSet, parameters_for
from medins_rules.core.periods import CALENDAR_REASONS, calendar_reasons
from medins_rules.vocab.schemes import SCHEME_EN, SCHEME_ZH, Scheme

__all__ = [
    "ENROLMENT_REASONS",
    "REASONS",
    "RULES",
    "SETTLEMENT_REASONS",
    "EnrolmentApplicant",
    "EnrolmentCase",
    "EnrolmentChannel",
    "EnrolmentDecision",
    "EnrolmentOutcome",
    "PremiumPayer",
    "Settlement",
    "SettlementCase",
    "SettlementDecision",
    "SettlementOutcome",
    "enrolment",
    "service_settlement",
    "settlement_date",
]

RULE = "eligibility.enrolment"

_COUNTY = cite_passage(Instrument.SOURCE_004, "county_centre")
_SERVICE_POINT = cite_passage(Instrument.SOURCE_004, "service_point")
_COLLECT = cite_passage(Instrument.SOURCE_004, "collect_card")
_AGENT = cite_passage(Instrument.SOURCE_004, "agent")
_AGENT_CERTIFICATES = cite_passage(Instrument.SOURCE_004, "agent_certificates")
_SCHEME = cite_passage(Instrument.SOURCE_004, "eligible_scheme")
_PREMIUMS = cite_passage(Instrument.SOURCE_004, "premiums")
_DOCUMENTS = cite_passage(Instrument.SOURCE_004, "documents")


# -- settlement: on the spot at a county centre, by the Nth working day at a service point ---------

_ART_201 = cite(Instrument.CIVIL_CODE, 201, paragraph=1)


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
    """The settlement day of an enrolment application, for use inside other rules.

    ``date`` is the day, or ``None`` while it waits for a holiday notice not yet published; it lies
    between ``earliest`` and ``latest`` under every arrangement the holiday regulations allow.
    """

    channel: EnrolmentChannel
    application_date: dt.date
    earliest: dt.date
    latest: dt.date
    working_days: int
    reasons: tuple[Reason, ...]
    provisional: bool
    unpublished_years: tuple[int, ...]
    parameters: tuple[ParameterUse, ...]

    @property
    def date(self) -> dt.date | None:
        """The settlement day, when it is known."""
        return self.earliest if self.earliest == self.latest else None


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
SETTLED_WITHIN_WORKING_DAYS_NOT_YET_KNOWN = ReasonTemplate(
    "settlement.service_point_working_days_not_yet_known",
    "Applied at a service point on {application_date}: settled within {working_days} working days. "
    "Which days are working days waits for the holiday arrangement for {years}, not yet published: "
    "under every arrangement the national holiday regulations allow, the settlement day is between "
    "{earliest} and {latest} (the application day is not counted).",
    "于{application_date}在服务点申请：{working_days}个工作日内办结。哪些日期为工作日有待尚未公布的"
    "{years}年节假日安排确定：按《全国年节及纪念日放假办法》允许的任何安排，办结日在{earliest}至"
    "{latest}之间（申请当日不计入）。",
    (_SERVICE_POINT, _ART_201, cite(Instrument.HOLIDAY_REGULATIONS_2024, 2)),
)
SETTLEMENT_REASONS: tuple[ReasonTemplate, ...] = (
    SETTLED_ON_THE_SPOT,
    SETTLED_WITHIN_WORKING_DAYS,
    SETTLED_WITHIN_WORKING_DAYS_NOT_YET_KNOWN,
)


def settlement_date(
    application_date: dt.date,
    channel: EnrolmentChannel,
    *,
    parameters: ParameterSet,
    calendar: WorkingDayCalendar | None = None,
) -> Settlement:
    """The day an enrolment application is settled (used by the enrolment and settlement rules).

    Source 004: "the county medical insurance center will settle the account on the spot;" and "the
    service points will be settled within 3 working days." The due day is the Nth working day after
    the application day, the application day never counted, even when it is a rest day (Civil Code
    art. 201). A day the calendar cannot answer for raises naming ``settlement_date``.

    >>> import datetime as dt
    >>> p = parameters_for("440100", on=dt.date(2026, 9, 30))
    >>> settlement_date(dt.date(2026, 9, 30), EnrolmentChannel.SERVICE_POINT, parameters=p).date
    datetime.date(2026, 10, 10)
    >>> later = settlement_date(dt.date(2027, 2, 4), EnrolmentChannel.SERVICE_POINT, parameters=p)
    >>> later.date, later.earliest, later.latest  # around the 2027 Spring Festival, not yet arranged
    (None, datetime.date(2027, 2, 11), datetime.date(2027, 2, 18))
    """
    if channel is EnrolmentChannel.COUNTY_CENTRE:
        on_the_spot = SETTLED_ON_THE_SPOT(application_date=application_date)
        return Settlement(
            channel,
            application_date,
            application_date,
            application_date,
            0,
            (on_the_spot,),
            False,
            (),
            (),
        )
    try:
        version = parameters.version("enrolment.service_point_settlement")
    except ParameterNotInForceError as exc:
        raise exc.about("application_date") from None
    working_days = version.number
    try:
        due = (calendar or bundled_calendar()).nth_working_day_after_bounds(
            application_date, working_days
        )
    except CalendarYearNotCoveredError as exc:
        raise exc.about(
            "settlement_date", f"the {working_days} working days after {application_date}"
        ) from None
    if due.exact:
        main = SETTLED_WITHIN_WORKING_DAYS(
            application_date=application_date,
            working_days=working_days,
            settlement_date=due.earliest,
        )
    else:
        main = SETTLED_WITHIN_WORKING_DAYS_NOT_YET_KNOWN(
            application_date=application_date,
            working_days=working_days,
            years=", ".join(str(y) for y in due.unknown_years),
            earliest=due.earliest,
            latest=due.latest,
        )
    return Settlement(
        channel,
        application_date,
        due.earliest,
        due.latest,
        working_days,
        (main, *calendar_reasons(due.unpublished_years, due.provisional_years)),
        bool(due.provisional_years),
        due.unpublished_years,
        (version.use(),),
    )


class SettlementCase(InputModel):
    """An enrolment application: its day and channel (evaluated on or after the application)."""

    model_config = FROZEN

    application_date: Day
    channel: EnrolmentChannel
    evaluation_date: Day
    jurisdiction: Jurisdiction = Jurisdiction.GUANGZHOU

    @field_validator("evaluation_date")
    @classmethod
    def _evaluated_after_applying(cls, evaluation_date: dt.date, info: ValidationInfo) -> dt.date:
        applied = info.data.get("application_date")
        if applied is not None and evaluation_date < applied:
            raise ValueError(
                f"evaluation_date: {evaluation_date} is before application_date {applied}; an "
                "application is evaluated on or after the day it is made"
            )
        return evaluation_date


class SettlementDecision(Decision[SettlementOutcome]):
    """When the enrolment is settled: the day, or (``None``) the earliest and latest it can be."""

    channel: EnrolmentChannel
    application_date: dt.date
    settlement_date: dt.date | None
    settlement_date_earliest: dt.date | None = None
    settlement_date_latest: dt.date | None = None


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
    art. 201). The parameters in force on the application day apply. Where the working days wait for
    a holiday notice not yet published, the decision gives the earliest and latest settlement day.

    >>> import datetime as dt
    >>> case = SettlementCase(application_date=dt.date(2026, 2, 13), channel="service_point",
    ...                       evaluation_date=dt.date(2026, 2, 13))
    >>> service_settlement(case).settlement_date  # Sat 14 Feb (make-up), then 24 and 25 Feb
    datetime.date(2026, 2, 25)
    """
    case = ensure_valid(case)
    p = parameters or _parameters(case.jurisdiction, case.application_date)
    settled = settlement_date(case.application_date, case.channel, parameters=p, calendar=calendar)
    on_the_spot = case.channel is EnrolmentChannel.COUNTY_CENTRE
    return build(
        SettlementDecision,
        rule="deadlines.service_settlement",
        outcome=(
            SettlementOutcome.SETTLED_ON_THE_SPOT
            if on_the_spot
            else SettlementOutcome.SETTLED_BY_DATE
        ),
        reasons=settled.reasons,
        evaluation_date=case.evaluation_date,
        jurisdiction=case.jurisdiction,
        parameters=settled.parameters,
        provisional=settled.provisional,
        unpublished_years=settled.unpublished_years,
        channel=case.channel,
        application_date=case.application_date,
        settlement_date=settled.date,
        settlement_date_earliest=settled.earliest,
        settlement_date_latest=settled.latest,
    )


def _parameters(jurisdiction: Jurisdiction, application_date: dt.date) -> ParameterSet:
    """The parameters in force on the application day; an error names ``application_date``."""
    try:
        return parameters_for(jurisdiction, on=application_date)
    except ParameterNotInForceError as exc:
        raise exc.about("application_date") from None


# -- enrolment -------------------------------------------------------------------------------------


class EnrolmentApplicant(StrEnum):
    """Who handles the enrolment at the counter."""

    INSURED_PERSON = "insured_person"
    AGENT = "agent"


class PremiumPayer(StrEnum):
    """Who pays the premiums (source 004: "paid by themselves or remitted by the unit")."""

    SELF = "self"
    EMPLOYER = "employer"


_PAYER_EN = MappingProxyType(
    {
        PremiumPayer.SELF: "paid by the insured person",
        PremiumPayer.EMPLOYER: "remitted by the employer",
    }
)
_PAYER_ZH = MappingProxyType({PremiumPayer.SELF: "由本人缴纳", PremiumPayer.EMPLOYER: "由单位代缴"})


class EnrolmentOutcome(StrEnum):
    """Whether the enrolment is accepted, and when it is settled."""

    SETTLED_ON_THE_SPOT = "settled_on_the_spot"
    SETTLED_BY_DATE = "settled_by_date"
    NOT_ACCEPTED = "not_accepted"


class EnrolmentCase(InputModel):
    """An enrolment application at a county medical insurance centre or a service point.

    ``scheme`` is the type of medical insurance the person is eligible for (empty when none), and
    ``meets_scheme_conditions`` whether that type's own qualifications are met. ``premium_payer`` is
    empty when no one pays. ``agent_certificate_valid`` is given exactly when an agent applies. The
    application is judged on or after the day it is made (``evaluation_date`` not before
    ``application_date``). Contradictory facts are refused at the field they are about.

    ``insured_certificate_valid`` and ``agent_certificate_valid`` are the judgement of each holder's
    "valid certificate" in the shared document vocabulary (an identity document of
    :data:`medins_rules.vocab.documents.IDENTITY_DOCUMENTS`, the holder's own, not expired, its
    number valid): what the materials check's enrolment items ``identity_document`` and
    ``agent_identity_document`` find from the documents themselves.
    """

    model_config = FROZEN

    channel: EnrolmentChannel
    application_date: Day
    applicant: EnrolmentApplicant
    insured_certificate_valid: bool
    agent_certificate_valid: bool | None = Field(default=None, validate_default=True)
    scheme: Scheme | None
    meets_scheme_conditions: bool
    premium_payer: PremiumPayer | None
    evaluation_date: Day
    jurisdiction: Jurisdiction = Jurisdiction.GUANGZHOU

    @field_validator("agent_certificate_valid")
    @classmethod
    def _given_exactly_for_an_agent(cls, valid: bool | None, info: ValidationInfo) -> bool | None:
        problem = _agent_certificate_problem(info.data.get("applicant"), valid)
        if problem:
            raise ValueError(problem)
        return valid

    @field_validator("meets_scheme_conditions")
    @classmethod
    def _conditions_of_a_scheme(cls, meets: bool, info: ValidationInfo) -> bool:
        if "scheme" in info.data:  # absent when the scheme itself was refused
            problem = _conditions_without_scheme(info.data["scheme"], meets)
            if problem:
                raise ValueError(problem)
        return meets

    @field_validator("evaluation_date")
    @classmethod
    def _not_before_the_application(cls, day: dt.date, info: ValidationInfo) -> dt.date:
        problem = _judged_before_applied(info.data.get("application_date"), day)
        if problem:
            raise ValueError(problem)
        return day


def _agent_certificate_problem(applicant: object, valid: bool | None) -> str | None:
    if applicant is None:  # the applicant itself was refused: nothing to check against
        return None
    agent = applicant == EnrolmentApplicant.AGENT
    if agent and valid is None:
        return (
            "agent_certificate_valid: required when the applicant is an agent (whether the "
            "agent carries a valid certificate of their own)"
        )
    if not agent and valid is not None:
        return (
            "agent_certificate_valid: given, but the applicant is the insured person; leave it "
            "empty or give applicant agent"
        )
    return None


def _conditions_without_scheme(scheme: Scheme | None, meets: bool) -> str | None:
    if scheme is None and meets:
        return (
            "meets_scheme_conditions: true, but no scheme is given; name the scheme whose "
            "conditions are met"
        )
    return None


def _judged_before_applied(applied: dt.date | None, day: dt.date) -> str | None:
    if applied is not None and day < applied:
        return (
            f"evaluation_date: {day} is before application_date {applied}; an application is "
            "judged on or after the day it is made"
        )
    return None


class EnrolmentDecision(Decision[EnrolmentOutcome]):
    """The enrolment decision: the settlement date when accepted, every failed condition when not."""

    channel: EnrolmentChannel
    application_date: dt.date
    settlement_date: dt.date | None
    collect_card_at_service_point: bool
    failed_conditions: tuple[str, ...]
    settlement_date_earliest: dt.date | None = None
    settlement_date_latest: dt.date | None = None


# -- labels: the words a Chinese rendering uses (medins_rules.core.labels) ---------------------------

CHANNEL_ZH = enum_labels(
    EnrolmentChannel,
    {EnrolmentChannel.COUNTY_CENTRE: "县医保中心", EnrolmentChannel.SERVICE_POINT: "服务点"},
)
SETTLEMENT_OUTCOME_ZH = enum_labels(
    SettlementOutcome,
    {
        SettlementOutcome.SETTLED_ON_THE_SPOT: "当场办结",
        SettlementOutcome.SETTLED_BY_DATE: "限期办结",
    },
)
ENROLMENT_OUTCOME_ZH = enum_labels(
    EnrolmentOutcome,
    {
        EnrolmentOutcome.SETTLED_ON_THE_SPOT: "受理并当场办结",
        EnrolmentOutcome.SETTLED_BY_DATE: "受理并限期办结",
        EnrolmentOutcome.NOT_ACCEPTED: "不予受理",
    },
)
APPLICANT_ZH = enum_labels(
    EnrolmentApplicant,
    {EnrolmentApplicant.INSURED_PERSON: "参保人本人", EnrolmentApplicant.AGENT: "受托代办人"},
)
PAYER_ZH = enum_labels(PremiumPayer, {PremiumPayer.SELF: "本人", PremiumPayer.EMPLOYER: "单位"})
FIELDS_ZH = field_labels(
    (SettlementCase, SettlementDecision, EnrolmentCase, EnrolmentDecision),
    {
        "channel": "办理渠道",
        "application_date": "申请日期",
        "settlement_date": "办结日期",
        "settlement_date_earliest": "办结日期（最早）",
        "settlement_date_latest": "办结日期（最晚）",
        "applicant": "办理人",
        "insured_certificate_valid": "参保人证件是否有效",
        "agent_certificate_valid": "代办人证件是否有效",
        "scheme": "参保险种",
        "meets_scheme_conditions": "是否符合该险种的参保条件",
        "premium_payer": "保费缴纳方",
        "collect_card_at_service_point": "须到服务点领取医保卡",
        "failed_conditions": "未满足的条件",
    },
)

CONDITIONS_MET = ReasonTemplate(
    "enrolment.conditions_met",
    "The enrolment conditions are met: eligible for {scheme_en}, premiums {payer_en}, and the "
    "insured person's valid certificate shown.",
    "满足参保条件：符合{scheme_zh}的参保资格，保费{payer_zh}，并出示了参保人的有效证件。",
    (_SCHEME, _PREMIUMS, _DOCUMENTS, _COUNTY),
)
AGENT_ACCEPTED = ReasonTemplate(
    "enrolment.agent_with_both_certificates",
    "Handled by an agent on the insured person's behalf, carrying valid certificates of both the "
    "agent and the insured person.",
    "由受托人代为办理，代办人携带了本人和参保人双方的有效证件。",
    (_AGENT, _AGENT_CERTIFICATES),
)
COLLECT_CARD = ReasonTemplate(
    "enrolment.collect_card_at_service_point",
    "The medical insurance card is collected at the service point within the specified time.",
    "医保卡须在规定时间内到服务点领取。",
    (_COLLECT,),
)
INSURED_CERTIFICATE_MISSING = ReasonTemplate(
    "enrolment.insured_certificate_missing",
    "No valid certificate of the insured person is shown: it is needed at either channel (such as "
    "the ID card), and an agent must carry it too.",
    "未出示参保人的有效证件：无论在县医保中心还是服务点办理均须出示（如身份证），代办时代办人亦须携带。",
    (_COUNTY, _DOCUMENTS, _AGENT_CERTIFICATES),
)
AGENT_CERTIFICATE_MISSING = ReasonTemplate(
    "enrolment.agent_certificate_missing",
    "The agent shows no valid certificate of their own: an agent must carry the valid certificates "
    "of both themselves and the insured person. Otherwise the insured person may apply in person.",
    "代办人未出示本人的有效证件：代办须同时携带代办人本人和参保人的有效证件；否则可由参保人本人办理。",
    (_AGENT, _AGENT_CERTIFICATES),
)
NO_SCHEME = ReasonTemplate(
    "enrolment.no_eligible_scheme",
    "No type of medical insurance the person is eligible for is given: the qualifications include "
    "the urban workers' basic medical insurance, the urban and rural residents' basic medical "
    "insurance, the new rural cooperative medical care and other types.",
    "未指明其符合参保资格的险种：参保资格包括城镇职工基本医疗保险、城乡居民基本医疗保险、"
    "新型农村合作医疗及其他类型。",
    (_SCHEME,),
)
SCHEME_CONDITIONS_NOT_MET = ReasonTemplate(
    "enrolment.scheme_conditions_not_met",
    "The conditions of {scheme_en} are not met. The qualifications differ between types: check "
    "whether another type's conditions are met.",
    "不符合{scheme_zh}的参保条件。不同类型的参保资格各不相同，可查看是否符合其他类型的条件。",
    (_SCHEME,),
)
PREMIUMS_NOT_ARRANGED = ReasonTemplate(
    "enrolment.premiums_not_arranged",
    "No one pays the premiums: they are paid by the insured person or remitted by the employer, "
    "according to the regulations.",
    "无人缴纳保费：保费须按规定由本人缴纳或由单位代缴。",
    (_PREMIUMS,),
)

ENROLMENT_REASONS: tuple[ReasonTemplate, ...] = (
    CONDITIONS_MET,
    AGENT_ACCEPTED,
    COLLECT_CARD,
    INSURED_CERTIFICATE_MISSING,
    AGENT_CERTIFICATE_MISSING,
    NO_SCHEME,
    SCHEME_CONDITIONS_NOT_MET,
    PREMIUMS_NOT_ARRANGED,
)
REASONS: tuple[ReasonTemplate, ...] = (*SETTLEMENT_REASONS, *ENROLMENT_REASONS)
"""Every reason template of this module: the settlement's and the enrolment's."""


def _failures(case: EnrolmentCase) -> list[Reason]:
    failures: list[Reason] = []
    if not case.insured_certificate_valid:
        failures.append(INSURED_CERTIFICATE_MISSING())
    if case.applicant == EnrolmentApplicant.AGENT and not case.agent_certificate_valid:
        failures.append(AGENT_CERTIFICATE_MISSING())
    if case.scheme is None:
        failures.append(NO_SCHEME())
    elif not case.meets_scheme_conditions:
        failures.append(
            SCHEME_CONDITIONS_NOT_MET(
                scheme_en=SCHEME_EN[case.scheme], scheme_zh=SCHEME_ZH[case.scheme]
            )
        )
    if case.premium_payer is None:
        failures.append(PREMIUMS_NOT_ARRANGED())
    return failures


def enrolment(
    case: EnrolmentCase,
    *,
    parameters: ParameterSet | None = None,
    calendar: WorkingDayCalendar | None = None,
) -> EnrolmentDecision:
    """Whether an enrolment is accepted, and when it is settled at the chosen channel.

    Source 004: "The insured person brings his/her valid certificate and applies to the neighboring
    county medical insurance center, and the county medical insurance center will settle the account
    on the spot;" "The insured person can also apply to the adjacent streets and medical insurance
    service points, and the service points will be settled within 3 working days." "The insured may
    entrust others to handle it on his behalf. The customer must carry the valid certificates of
    himself and the insured when handling."

    Citation: source 004, passages ``county_centre``, ``service_point``, ``agent``,
    ``agent_certificates``, ``eligible_scheme``, ``premiums``, ``documents``.

    Every failing condition is listed: the insured person's certificate, the agent's own certificate
    (an agent needs both), an eligible scheme and its conditions, someone paying the premiums. When
    accepted, a county centre settles on the spot; a service point by the Nth working day after the
    application day (the day itself never counted, even when a rest day; N is the parameter
    ``enrolment.service_point_settlement`` in force on the application day), computed by
    :func:`settlement_date` on ``calendar``, and the card is collected there.

    >>> import datetime as dt
    >>> case = EnrolmentCase(
    ...     channel="service_point", application_date=dt.date(2026, 9, 30), applicant="agent",
    ...     insured_certificate_valid=True, agent_certificate_valid=True,
    ...     scheme="urban_rural_resident", meets_scheme_conditions=True, premium_payer="self",
    ...     evaluation_date=dt.date(2026, 9, 30))
    >>> d = enrolment(case)
    >>> d.outcome.value, d.settlement_date   # 8 Oct, 9 Oct, then the make-up Saturday 10 Oct
    ('settled_by_date', datetime.date(2026, 10, 10))
    >>> enrolment(case.model_copy(update={"channel": "county_centre"})).outcome.value
    'settled_on_the_spot'
    >>> d = enrolment(case.model_copy(update={"agent_certificate_valid": False,
    ...                                       "premium_payer": None}))
    >>> d.outcome.value, d.failed_conditions
    ('not_accepted', ('enrolment.agent_certificate_missing', 'enrolment.premiums_not_arranged'))
    """
    case = ensure_valid(case)
    failures = _failures(case)
    if failures:
        return EnrolmentDecision(
            rule=RULE,
            outcome=EnrolmentOutcome.NOT_ACCEPTED,
            reasons=tuple(failures),
            evaluation_date=case.evaluation_date,
            jurisdiction=case.jurisdiction,
            channel=case.channel,
            application_date=case.application_date,
            settlement_date=None,
            collect_card_at_service_point=False,
            failed_conditions=tuple(r.code for r in failures),
        )
    assert case.scheme is not None
    assert case.premium_payer is not None
    params = parameters or _parameters(case.jurisdiction, case.application_date)
    settled = settlement_date(
        case.application_date, case.channel, parameters=params, calendar=calendar
    )
    reasons: list[Reason] = [
        CONDITIONS_MET(
            scheme_en=SCHEME_EN[case.scheme],
            scheme_zh=SCHEME_ZH[case.scheme],
            payer_en=_PAYER_EN[case.premium_payer],
            payer_zh=_PAYER_ZH[case.premium_payer],
        )
    ]
    if case.applicant == EnrolmentApplicant.AGENT:
        reasons.append(AGENT_ACCEPTED())
    reasons += settled.reasons
    at_service_point = case.channel == EnrolmentChannel.SERVICE_POINT
    if at_service_point:
        reasons.append(COLLECT_CARD())
    return EnrolmentDecision(
        rule=RULE,
        outcome=(
            EnrolmentOutcome.SETTLED_BY_DATE
            if at_service_point
            else EnrolmentOutcome.SETTLED_ON_THE_SPOT
        ),
        reasons=tuple(reasons),
        evaluation_date=case.evaluation_date,
        jurisdiction=case.jurisdiction,
        parameters=settled.parameters,
        provisional=settled.provisional,
        unpublished_years=settled.unpublished_years,
        channel=case.channel,
        application_date=case.application_date,
        settlement_date=settled.date,
        settlement_date_earliest=settled.earliest,
        settlement_date_latest=settled.latest,
        collect_card_at_service_point=at_service_point,
        failed_conditions=(),
    )


RULES: tuple[RuleSpec, ...] = (
    RuleSpec(
        name=RULE,
        function=enrolment,
        input_model=EnrolmentCase,
        decision_model=EnrolmentDecision,
        outcomes=EnrolmentOutcome,
        summary_en="Is an enrolment accepted, and when is it settled?",
        summary_zh="参保登记是否受理、何时办结？",
        reasons=(*ENROLMENT_REASONS, *SETTLEMENT_REASONS, *CALENDAR_REASONS),
    ),
    RuleSpec(
        name="deadlines.service_settlement",
        function=service_settlement,
        input_model=SettlementCase,
        decision_model=SettlementDecision,
        outcomes=SettlementOutcome,
        summary_en="When is an enrolment application settled?",
        summary_zh="参保申请何时办结？",
        reasons=(*SETTLEMENT_REASONS, *CALENDAR_REASONS),
    ),
)
