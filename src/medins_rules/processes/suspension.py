"""Online suspension of the residents' medical insurance through the Guangdong Medical Insurance applet.

Source 000: "Participants of the urban and rural residents' basic medical insurance in our province
who are in normal participation status can handle the suspension of residents' medical insurance
online through the "Guangdong Medical Insurance" applet." "Select the person category (Mainland
users/Hong Kong, Macao and Taiwan users) and authenticate basic personal information through face
recognition." "It cannot be done on behalf of someone, it can only be done by the person bound to
Guangdong Medical Insurance".

Limitations: the rule takes the participation status and the face recognition as given; it does not
judge them. It reads no dated parameter and decides for any evaluation date, although the applet
guide (source 000) can be shown to hold only from 2022-09-14. What the suspension means for a
refund is the refund rule's question (``refunds.refund``).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from types import MappingProxyType
from typing import Self

from pydantic import BaseModel, ValidationInfo, field_validator, model_validator

from medins_rules.core.errors import ParameterNotInForceError
from medins_rules.core.inputs import FieldProblem, InputModel, ensure_valid, field_errors
from medins_rules.core.labels import enum_labels, field_labels
from medins_rules.core.legal import Instrument, cite_passage
from medins_rules.core.model import (
    FROZEN,
    Day,
    Decision,
    Jurisdiction,
    Reason,
    ReasonTemplate,
    RuleSpec,
)
from medins_rules.core.parameters import ParameterSet, ParameterVersion, parameters_for
from medins_rules.vocab.schemes import SCHEME_EN, SCHEME_ZH, Scheme

__all__ = [
    "DEFAULT_SUSPENSION_OPTIONS",
    "REASONS",
    "RULES",
    "OnlineSuspensionCase",
    "OnlineSuspensionDecision",
    "ParticipationStatus",
    "PersonCategory",
    "SuspensionApplicant",
    "SuspensionOptions",
    "SuspensionOutcome",
    "online_suspension",
]


class SuspensionOptions(BaseModel):
    """Interpretive choices of the online suspension rule (``docs/interpretive-choices.md``).

    ``guardian_may_act_for_minor``: source 000 says the business "cannot be done on behalf of
    someone"; by default a guardian acting for a minor is refused like any agent (legal notes,
    reading 7). ``True`` lets a guardian act for a minor.
    """

    model_config = FROZEN

    guardian_may_act_for_minor: bool = False


DEFAULT_SUSPENSION_OPTIONS = SuspensionOptions()

RULE = "eligibility.online_suspension"

_NORMAL = cite_passage(Instrument.SOURCE_000, "normal_status")
_CATEGORY = cite_passage(Instrument.SOURCE_000, "person_category")
_NO_AGENT = cite_passage(Instrument.SOURCE_000, "no_agent")
_SELECT_CITY = cite_passage(Instrument.SOURCE_000, "select_city")
_SUBMIT = cite_passage(Instrument.SOURCE_000, "submit")
_PROCEDURE = cite_passage(Instrument.SOURCE_000, "suspension_procedure")
_QUERY = cite_passage(Instrument.SOURCE_000, "query_result")
_ENROLMENT_AGENT = cite_passage(Instrument.SOURCE_004, "agent")


class ParticipationStatus(StrEnum):
    """The participation status of the insured person's residents' medical insurance."""

    NORMAL = "normal"
    SUSPENDED = "suspended"
    TERMINATED = "terminated"
    IN_ARREARS = "in_arrears"
    OTHER = "other"


class SuspensionApplicant(StrEnum):
    """Who makes the online application."""

    INSURED_PERSON = "insured_person"
    GUARDIAN_OF_MINOR = "guardian_of_minor"
    AGENT = "agent"


class PersonCategory(StrEnum):
    """The person category selected on the applet before face recognition."""

    MAINLAND = "mainland"
    HONG_KONG_MACAO_TAIWAN = "hong_kong_macao_taiwan"


_CATEGORY_EN = MappingProxyType(
    {
        PersonCategory.MAINLAND: "a Mainland user",
        PersonCategory.HONG_KONG_MACAO_TAIWAN: "a Hong Kong, Macao and Taiwan user",
    }
)
_CATEGORY_ZH = MappingProxyType(
    {
        PersonCategory.MAINLAND: "内地用户",
        PersonCategory.HONG_KONG_MACAO_TAIWAN: "港澳台用户",
    }
)


class SuspensionOutcome(StrEnum):
    """Whether the suspension can be handled online."""

    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"


class OnlineSuspensionCase(InputModel):
    """The facts of an online suspension application on the Guangdong Medical Insurance applet.

    ``person_category`` is left empty when none has been selected. ``enrolment_date`` and
    ``termination_date`` are optional and only checked for consistency with the status.
    Contradictory facts are refused, each at the field it is about (pydantic's ``loc``), every one
    of them at once.
    """

    model_config = FROZEN

    scheme: Scheme
    insured_in_guangdong: bool
    participation_status: ParticipationStatus
    applicant: SuspensionApplicant
    face_recognition_passed: bool
    person_category: PersonCategory | None = None
    enrolment_date: Day | None = None
    termination_date: Day | None = None
    evaluation_date: Day
    jurisdiction: Jurisdiction = Jurisdiction.GUANGZHOU

    @field_validator("termination_date")
    @classmethod
    def _not_before_enrolment(cls, end: dt.date | None, info: ValidationInfo) -> dt.date | None:
        problem = _ends_before_it_begins(info.data.get("enrolment_date"), end)
        if problem:
            raise ValueError(problem)
        return end

    @field_validator("jurisdiction")
    @classmethod
    def _applet_jurisdiction(cls, jurisdiction: Jurisdiction) -> Jurisdiction:
        problem = _not_on_the_applet(jurisdiction)
        if problem:
            raise ValueError(problem)
        return jurisdiction

    @model_validator(mode="after")
    def _check(self) -> Self:
        problems = _status_problems(self)
        if problems:
            raise field_errors(type(self).__name__, problems)
        return self


def _ends_before_it_begins(start: dt.date | None, end: dt.date | None) -> str | None:
    if start is not None and end is not None and end < start:
        return (
            f"termination_date: {end} is before enrolment_date {start}; a participation "
            "cannot end before it begins"
        )
    return None


def _not_on_the_applet(jurisdiction: Jurisdiction) -> str | None:
    if jurisdiction == Jurisdiction.NATIONAL:
        return (
            "jurisdiction: online suspension through the Guangdong Medical Insurance applet is "
            "encoded for Guangdong (440000) and Guangzhou (440100) only; got CN"
        )
    return None


def _status_problems(case: OnlineSuspensionCase) -> list[FieldProblem]:
    """What the dates say against the status and the evaluation date, each at its field.

    A model-level check: each message is about a field (the enrolment, the status, the termination)
    that comes before the evaluation date it is checked against.
    """
    start, end, today = case.enrolment_date, case.termination_date, case.evaluation_date
    status = case.participation_status
    problems: list[FieldProblem] = []
    if start is not None and start > today:
        problems.append(
            FieldProblem(
                "enrolment_date",
                f"enrolment_date: {start} is after evaluation_date {today}; a participation "
                "that has not begun cannot be suspended",
                start,
            )
        )
    if end is not None and end <= today and status not in _MAY_BE_ENDED:
        problems.append(
            FieldProblem(
                "participation_status",
                f"participation_status: {status.value}, but termination_date {end} is on or "
                f"before evaluation_date {today}; give status terminated or correct the date",
                status.value,
            )
        )
    if end is not None and end > today and status == ParticipationStatus.TERMINATED:
        problems.append(
            FieldProblem(
                "termination_date",
                f"termination_date: {end} is after evaluation_date {today}, but "
                "participation_status is terminated",
                end,
            )
        )
    return problems


_MAY_BE_ENDED = frozenset({ParticipationStatus.TERMINATED, ParticipationStatus.OTHER})


class OnlineSuspensionDecision(Decision[SuspensionOutcome]):
    """The online suspension decision, with the reason code of every condition that failed."""

    failed_conditions: tuple[str, ...]
    person_category: PersonCategory | None


# -- labels: the words a Chinese rendering uses (medins_rules.core.labels) ---------------------------

SUSPENSION_OUTCOME_ZH = enum_labels(
    SuspensionOutcome,
    {SuspensionOutcome.ELIGIBLE: "可网上停保", SuspensionOutcome.NOT_ELIGIBLE: "不可网上停保"},
)
STATUS_ZH = enum_labels(
    ParticipationStatus,
    {
        ParticipationStatus.NORMAL: "正常参保",
        ParticipationStatus.SUSPENDED: "已停保",
        ParticipationStatus.TERMINATED: "已终止参保",
        ParticipationStatus.IN_ARREARS: "欠费",
        ParticipationStatus.OTHER: "其他状态",
    },
)
APPLICANT_ZH = enum_labels(
    SuspensionApplicant,
    {
        SuspensionApplicant.INSURED_PERSON: "参保人本人",
        SuspensionApplicant.GUARDIAN_OF_MINOR: "未成年人的监护人",
        SuspensionApplicant.AGENT: "代办人",
    },
)
enum_labels(PersonCategory, _CATEGORY_ZH)
FIELDS_ZH = field_labels(
    (OnlineSuspensionCase, OnlineSuspensionDecision, SuspensionOptions),
    {
        "scheme": "参保险种",
        "insured_in_guangdong": "是否在广东省参保",
        "participation_status": "参保状态",
        "applicant": "申请人",
        "face_recognition_passed": "是否通过人脸识别",
        "person_category": "用户身份类别",
        "enrolment_date": "参保日期",
        "termination_date": "终止参保日期",
        "failed_conditions": "未满足的条件",
        "guardian_may_act_for_minor": "监护人可为未成年人办理",
    },
)

ELIGIBLE = ReasonTemplate(
    "suspension.eligible",
    "All conditions of online suspension are met: a participant of the urban and rural residents' "
    "basic medical insurance insured in Guangdong, in normal participation status, applying in "
    'person as {person_category_en} after face recognition. Select the city on the "Guangdong '
    'Medical Insurance" applet, fill in the information and submit; the system then displays '
    '"Submission Successful", and the result is queried through "Resident Medical Insurance '
    'Suspension".',
    "满足网上停保的全部条件：在广东省参加城乡居民基本医疗保险、参保状态正常，由本人以"
    "{person_category_zh}身份申请并已通过人脸识别。请在“粤医保”小程序首页选择城市，填写信息后提交，"
    "系统将显示“提交成功”，办理结果可通过“居民医保停保”查询。",
    (_NORMAL, _CATEGORY, _NO_AGENT, _SELECT_CITY, _SUBMIT, _QUERY),
)
NOT_RESIDENT_SCHEME = ReasonTemplate(
    "suspension.not_resident_scheme",
    "Online suspension on the applet is for participants of the urban and rural residents' basic "
    "medical insurance; this participation is in {scheme_en}, which the service does not cover. "
    "The insured person goes through that scheme's suspension procedures in accordance with the "
    "regulations.",
    "“粤医保”小程序网上停保仅适用于城乡居民基本医疗保险参保人；本次参保险种为{scheme_zh}，"
    "不适用该服务。参保人应按规定办理该险种的停保手续。",
    (_NORMAL, _PROCEDURE),
)
NOT_IN_GUANGDONG = ReasonTemplate(
    "suspension.not_insured_in_guangdong",
    "Online suspension on the applet is for participants insured in Guangdong province; a "
    "participation insured elsewhere is suspended under the rules of the place where it is insured.",
    "网上停保仅适用于在广东省参保的人员；在省外参保的，应按参保地的规定办理停保。",
    (_NORMAL, _PROCEDURE),
)
STATUS_SUSPENDED = ReasonTemplate(
    "suspension.status_suspended",
    "The participation status is suspended, not normal: the participation is already suspended, "
    "so there is nothing to suspend online.",
    "参保状态为已停保，不是正常参保状态：参保关系已暂停，无需再网上办理停保。",
    (_NORMAL,),
)
STATUS_TERMINATED = ReasonTemplate(
    "suspension.status_terminated",
    "The participation status is terminated, not normal: a participation that has ended cannot be "
    "suspended online.",
    "参保状态为已终止，不是正常参保状态：已终止的参保关系不能网上办理停保。",
    (_NORMAL,),
)
STATUS_IN_ARREARS = ReasonTemplate(
    "suspension.status_in_arrears",
    "The participation status is in arrears, not normal: online suspension needs normal "
    "participation status; once the status is normal again, the suspension can be handled online.",
    "参保状态为欠费，不是正常参保状态：网上停保须为正常参保状态；恢复正常参保状态后方可网上办理停保。",
    (_NORMAL,),
)
STATUS_OTHER = ReasonTemplate(
    "suspension.status_not_normal",
    "The participation status is not normal (nor suspended, terminated or in arrears): only "
    "participants in normal participation status can handle the suspension online.",
    "参保状态不是正常参保状态（亦非已停保、已终止或欠费）：只有正常参保状态的参保人才能网上办理停保。",
    (_NORMAL,),
)
AGENT_REFUSED = ReasonTemplate(
    "suspension.agent_not_allowed",
    "The application is made by an agent on the insured person's behalf. Online suspension "
    '"cannot be done on behalf of someone, it can only be done by the person bound to Guangdong '
    'Medical Insurance": the insured person must apply on the applet themselves. (Enrolment may '
    "be entrusted to an agent carrying both certificates; online suspension may not.)",
    "由他人代为申请。网上停保不能代办，只能由绑定粤医保的本人办理：须由参保人本人在小程序上申请。"
    "（参保登记可委托他人携带双方有效证件代办；网上停保不可代办。）",
    (_NO_AGENT, _ENROLMENT_AGENT),
)
GUARDIAN_REFUSED = ReasonTemplate(
    "suspension.guardian_not_allowed",
    "The application is made by a guardian for a minor. Online suspension cannot be done on behalf "
    "of someone, a guardian included: only the person bound to Guangdong Medical Insurance can "
    "apply (the default reading; see the interpretive choices).",
    "由监护人为未成年人代为申请。网上停保不能代办（监护人亦然）：只能由绑定粤医保的本人办理"
    "（默认解读，见解释性选择）。",
    (_NO_AGENT,),
)
GUARDIAN_ACCEPTED = ReasonTemplate(
    "suspension.guardian_accepted_by_option",
    "The application is made by a guardian for a minor; under the chosen reading "
    "(guardian_may_act_for_minor) a guardian may act for a minor, although the source says the "
    "business cannot be done on behalf of someone.",
    "由监护人为未成年人申请；按所选解读（guardian_may_act_for_minor），监护人可为未成年人办理，"
    "但来源称该业务不能代办。",
    (_NO_AGENT,),
)
FACE_NOT_PASSED = ReasonTemplate(
    "suspension.face_recognition_not_passed",
    "Face recognition has not been passed: the applicant must authenticate basic personal "
    "information through face recognition before applying.",
    "未通过人脸识别：须先通过人脸识别验证个人基本信息，方可申请。",
    (_CATEGORY,),
)
CATEGORY_MISSING = ReasonTemplate(
    "suspension.person_category_missing",
    "No person category has been selected: select Mainland users or Hong Kong, Macao and Taiwan "
    "users, then authenticate through face recognition.",
    "未选择人员类别：须先选择内地用户或港澳台用户，再进行人脸识别。",
    (_CATEGORY,),
)

REASONS: tuple[ReasonTemplate, ...] = (
    ELIGIBLE,
    NOT_RESIDENT_SCHEME,
    NOT_IN_GUANGDONG,
    STATUS_SUSPENDED,
    STATUS_TERMINATED,
    STATUS_IN_ARREARS,
    STATUS_OTHER,
    AGENT_REFUSED,
    GUARDIAN_REFUSED,
    GUARDIAN_ACCEPTED,
    FACE_NOT_PASSED,
    CATEGORY_MISSING,
)

_STATUS_REASON = MappingProxyType(
    {
        ParticipationStatus.SUSPENDED: STATUS_SUSPENDED,
        ParticipationStatus.TERMINATED: STATUS_TERMINATED,
        ParticipationStatus.IN_ARREARS: STATUS_IN_ARREARS,
        ParticipationStatus.OTHER: STATUS_OTHER,
    }
)


def online_suspension(
    case: OnlineSuspensionCase,
    *,
    options: SuspensionOptions = DEFAULT_SUSPENSION_OPTIONS,
    parameters: ParameterSet | None = None,
) -> OnlineSuspensionDecision:
    """Whether the residents' medical insurance can be suspended online on the applet.

    Source 000: "Participants of the urban and rural residents' basic medical insurance in our
    province who are in normal participation status can handle the suspension of residents' medical
    insurance online through the "Guangdong Medical Insurance" applet." "Select the person category
    (Mainland users/Hong Kong, Macao and Taiwan users) and authenticate basic personal information
    through face recognition." "It cannot be done on behalf of someone, it can only be done by the
    person bound to Guangdong Medical Insurance".

    Citation: source 000, passages ``normal_status``, ``person_category``, ``no_agent``.

    Six conditions, each checked and each failure given its own reason: the residents' scheme,
    insured in Guangdong, normal participation status, the insured person applying (no agent, and
    by default no guardian), face recognition passed, a person category selected. The rule reads
    one parameter, ``suspension.online_applet``, in force from 2022-09-14 (the earliest day source
    000 can be shown to hold): a case judged before then is refused, naming ``evaluation_date``.
    It reads no calendar.

    >>> import datetime as dt
    >>> case = OnlineSuspensionCase(
    ...     scheme="urban_rural_resident", insured_in_guangdong=True, participation_status="normal",
    ...     applicant="insured_person", face_recognition_passed=True, person_category="mainland",
    ...     evaluation_date=dt.date(2026, 3, 2))
    >>> d = online_suspension(case)
    >>> d.outcome, d.reason_codes
    (<SuspensionOutcome.ELIGIBLE: 'eligible'>, ('suspension.eligible',))
    >>> d = online_suspension(OnlineSuspensionCase.model_validate(
    ...     {**case.model_dump(), "applicant": "agent", "participation_status": "in_arrears"}))
    >>> d.outcome, d.failed_conditions
    (<SuspensionOutcome.NOT_ELIGIBLE: 'not_eligible'>, ('suspension.status_in_arrears', 'suspension.agent_not_allowed'))

    A case that skipped validation (``model_copy(update=...)``, ``model_construct()``) is validated
    before it is judged, so contradictory facts are refused rather than decided on.
    """
    case = ensure_valid(case)
    applet = _applet(case, parameters)
    failures: list[Reason] = []
    notes: list[Reason] = []
    if case.scheme != Scheme.URBAN_RURAL_RESIDENT:
        failures.append(
            NOT_RESIDENT_SCHEME(scheme_en=SCHEME_EN[case.scheme], scheme_zh=SCHEME_ZH[case.scheme])
        )
    if not case.insured_in_guangdong:
        failures.append(NOT_IN_GUANGDONG())
    status_reason = _STATUS_REASON.get(case.participation_status)
    if status_reason is not None:
        failures.append(status_reason())
    if case.applicant == SuspensionApplicant.AGENT:
        failures.append(AGENT_REFUSED())
    elif case.applicant == SuspensionApplicant.GUARDIAN_OF_MINOR:
        if options.guardian_may_act_for_minor:
            notes.append(GUARDIAN_ACCEPTED())
        else:
            failures.append(GUARDIAN_REFUSED())
    if not case.face_recognition_passed:
        failures.append(FACE_NOT_PASSED())
    category = case.person_category
    if category is None:
        failures.append(CATEGORY_MISSING())
    if failures:
        outcome = SuspensionOutcome.NOT_ELIGIBLE
        reasons = [*failures, *notes]
    else:
        assert category is not None
        outcome = SuspensionOutcome.ELIGIBLE
        eligible = ELIGIBLE(
            person_category_en=_CATEGORY_EN[category], person_category_zh=_CATEGORY_ZH[category]
        )
        reasons = [eligible, *notes]
    return OnlineSuspensionDecision(
        rule=RULE,
        outcome=outcome,
        reasons=tuple(reasons),
        evaluation_date=case.evaluation_date,
        jurisdiction=case.jurisdiction,
        parameters=(applet.use(),),
        failed_conditions=tuple(r.code for r in failures),
        person_category=category,
    )


def _applet(case: OnlineSuspensionCase, parameters: ParameterSet | None) -> ParameterVersion:
    """The applet's online suspension in force on the evaluation date: source 000 is held from
    2022-09-14 only, so an earlier day is refused, naming ``evaluation_date``."""
    try:
        p = parameters or parameters_for(case.jurisdiction, on=case.evaluation_date)
        return p.version("suspension.online_applet")
    except ParameterNotInForceError as exc:
        raise exc.about("evaluation_date") from None


RULES: tuple[RuleSpec, ...] = (
    RuleSpec(
        name=RULE,
        function=online_suspension,
        input_model=OnlineSuspensionCase,
        decision_model=OnlineSuspensionDecision,
        outcomes=SuspensionOutcome,
        summary_en="Can the residents' medical insurance be suspended online on the applet?",
        summary_zh="能否通过“粤医保”小程序网上办理居民医保停保？",
        reasons=REASONS,
    ),
)
