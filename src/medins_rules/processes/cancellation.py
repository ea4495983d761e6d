"""Online cancellation of the residents' medical insurance: the prerequisites before submitting.

Source 001: "Register or log in to an account. If you haven't registered your account on the online
service platform for residents' medical insurance, you need to register according to the
requirements of the platform. If you already have an account, you can log in directly." "You may need
to provide some identification documents or other relevant materials." "Once the cancellation
application is submitted, it may take some time for the platform to review and handle it."

Limitations: the rule judges the prerequisites the source names (an account, logged in, the
identification documents) and says the application then awaits review; it does not know the
platform's review, its outcome or how long it takes ("it may take some time"), nor what "other
relevant materials" the platform asks for. Which documents count as identification is the materials
check's question (``materials.check_materials``, business ``online_cancellation``).
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ValidationInfo, field_validator

from medins_rules.core.inputs import InputModel, ensure_valid
from medins_rules.core.labels import enum_labels, field_labels
from medins_rules.core.legal import Instrument, cite, cite_passage
from medins_rules.core.model import (
    FROZEN,
    Day,
    Decision,
    Jurisdiction,
    Reason,
    ReasonTemplate,
    RuleSpec,
)

__all__ = [
    "DEFAULT_CANCELLATION_OPTIONS",
    "REASONS",
    "RULES",
    "CancellationOptions",
    "CancellationOutcome",
    "OnlineCancellationCase",
    "OnlineCancellationDecision",
    "online_cancellation",
]


class CancellationOptions(BaseModel):
    """Interpretive choices of the online cancellation rule (``docs/interpretive-choices.md``).

    ``identification_required``: source 001 says "You may need to provide some identification
    documents"; by default identification is required, and without it the application is not ready.
    ``False`` reads "may" as optional and only warns.
    """

    model_config = FROZEN

    identification_required: bool = True


DEFAULT_CANCELLATION_OPTIONS = CancellationOptions()

RULE = "eligibility.online_cancellation"

_PLATFORM = cite_passage(Instrument.SOURCE_001, "platform")
_REGISTER = cite_passage(Instrument.SOURCE_001, "register_or_login")
_SUBMIT = cite_passage(Instrument.SOURCE_001, "submit")
_REVIEW = cite_passage(Instrument.SOURCE_001, "review")
_PROGRESS = cite_passage(Instrument.SOURCE_001, "progress")
_HELP = cite_passage(Instrument.SOURCE_001, "help")
_BMCL_82_2 = cite(Instrument.BASIC_MEDICAL_CARE_LAW, 82, paragraph=2)


class CancellationOutcome(StrEnum):
    """Whether the cancellation application can be submitted (and then awaits review)."""

    AWAITS_REVIEW = "awaits_review"
    NOT_READY = "not_ready"


class OnlineCancellationCase(InputModel):
    """Where the person stands on the residents' medical insurance online service platform.

    A login without a registered account is refused at ``logged_in``.
    """

    model_config = FROZEN

    account_registered: bool
    logged_in: bool
    identification_provided: bool
    evaluation_date: Day
    jurisdiction: Jurisdiction = Jurisdiction.GUANGZHOU

    @field_validator("logged_in")
    @classmethod
    def _registered_to_log_in(cls, logged_in: bool, info: ValidationInfo) -> bool:
        problem = _login_without_account(info.data.get("account_registered"), logged_in)
        if problem:
            raise ValueError(problem)
        return logged_in


def _login_without_account(registered: bool | None, logged_in: bool) -> str | None:
    if logged_in and registered is False:
        return (
            "logged_in: true, but account_registered is false; one cannot be logged in "
            "without a registered account"
        )
    return None


class OnlineCancellationDecision(Decision[CancellationOutcome]):
    """The cancellation decision, with the reason code of every prerequisite that failed.

    ``awaits_review`` is true when the application can be submitted: it is then reviewed and handled
    by the platform, not cancelled at once.
    """

    failed_conditions: tuple[str, ...]
    awaits_review: bool


# -- labels: the words a Chinese rendering uses (medins_rules.core.labels) ---------------------------

CANCELLATION_OUTCOME_ZH = enum_labels(
    CancellationOutcome,
    {
        CancellationOutcome.AWAITS_REVIEW: "可提交，待审核",
        CancellationOutcome.NOT_READY: "尚不能提交",
    },
)
FIELDS_ZH = field_labels(
    (OnlineCancellationCase, OnlineCancellationDecision, CancellationOptions),
    {
        "account_registered": "是否已注册账户",
        "logged_in": "是否已登录",
        "identification_provided": "是否已备妥身份证明",
        "failed_conditions": "未满足的条件",
        "awaits_review": "提交后待审核",
        "identification_required": "须提供身份证明",
    },
)

AWAITS_REVIEW = ReasonTemplate(
    "cancellation.awaits_review",
    "The prerequisites of online cancellation are met: a registered account and a login, with "
    "identification as the platform may require. Fill in the relevant information as the platform requires and submit the "
    "cancellation application; the platform then reviews and handles it, which may take some time. "
    "Check the progress on the platform or wait for its notice.",
    "满足网上注销的前提条件：已注册账户并登录，身份证明按平台可能的要求备妥。请按平台要求填写相关信息并提交注销"
    "申请；提交后平台需要一定时间审核办理，可在平台查询进度或等待平台通知。",
    (_PLATFORM, _REGISTER, _SUBMIT, _REVIEW, _PROGRESS, _BMCL_82_2),
)
NOT_REGISTERED = ReasonTemplate(
    "cancellation.account_not_registered",
    "No account is registered on the residents' medical insurance online service platform: "
    "register according to the platform's requirements first.",
    "尚未在居民医保网上服务平台注册账户：请先按平台要求注册。",
    (_REGISTER,),
)
NOT_LOGGED_IN = ReasonTemplate(
    "cancellation.not_logged_in",
    "Not logged in to the platform: log in (directly, once an account exists) to reach the "
    "personal information page and the cancellation option.",
    "尚未登录平台：请登录（已有账户的可直接登录），进入个人信息页面找到注销医保选项。",
    (_REGISTER,),
)
IDENTIFICATION_MISSING = ReasonTemplate(
    "cancellation.identification_missing",
    "No identification documents are at hand: the application may need identification documents or "
    "other relevant materials; have them ready before submitting. In case of problems, consult the "
    "local social security department or call the residents' medical insurance service hotline.",
    "未备好身份证明：提交注销申请可能需要提供身份证明或其他相关材料，请在提交前备好。"
    "如遇问题，可咨询当地社保部门或拨打居民医保服务热线。",
    (_SUBMIT, _HELP),
)
IDENTIFICATION_MAY_BE_ASKED = ReasonTemplate(
    "cancellation.identification_may_be_asked",
    "No identification documents are at hand; under the chosen reading (identification_required "
    "off) this does not stop the submission, but the platform may ask for identification documents "
    "or other relevant materials.",
    "未备好身份证明；按所选解读（identification_required 关闭）不影响提交，但平台可能要求提供身份"
    "证明或其他相关材料。",
    (_SUBMIT,),
)

REASONS: tuple[ReasonTemplate, ...] = (
    AWAITS_REVIEW,
    NOT_REGISTERED,
    NOT_LOGGED_IN,
    IDENTIFICATION_MISSING,
    IDENTIFICATION_MAY_BE_ASKED,
)


def online_cancellation(
    case: OnlineCancellationCase,
    *,
    options: CancellationOptions = DEFAULT_CANCELLATION_OPTIONS,
) -> OnlineCancellationDecision:
    """Whether a cancellation application can be submitted online, to await the platform's review.

    Source 001: "Register or log in to an account. If you haven't registered your account on the
    online service platform for residents' medical insurance, you need to register according to the
    requirements of the platform. If you already have an account, you can log in directly." "You
    may need to provide some identification documents or other relevant materials." "Once the
    cancellation application is submitted, it may take some time for the platform to review and
    handle it."

    Citation: source 001, passages ``register_or_login``, ``submit``, ``review``; Basic Medical Care
    and Health Promotion Law art. 82 para. 2 (the source cites art. 84, which concerns negotiation
    with designated institutions; see the legal registry's note).

    Every prerequisite that fails is listed: no account (register), not logged in (log in), no
    identification (have it ready; optional under ``identification_required=False``). When all are
    met the decision says the application awaits review: cancellation is not immediate. The rule
    reads no parameters and no calendar.

    >>> import datetime as dt
    >>> case = OnlineCancellationCase(account_registered=True, logged_in=True,
    ...                               identification_provided=True, evaluation_date=dt.date(2026, 3, 2))
    >>> d = online_cancellation(case)
    >>> d.outcome, d.awaits_review
    (<CancellationOutcome.AWAITS_REVIEW: 'awaits_review'>, True)
    >>> d = online_cancellation(OnlineCancellationCase.model_validate({**case.model_dump(),
    ...     "account_registered": False, "logged_in": False, "identification_provided": False}))
    >>> d.outcome.value, d.failed_conditions
    ('not_ready', ('cancellation.account_not_registered', 'cancellation.not_logged_in', 'cancellation.identification_missing'))

    A case that skipped validation (``model_copy(update=...)``, ``model_construct()``) is validated
    before it is judged, so contradictory facts are refused rather than decided on.
    """
    case = ensure_valid(case)
    failures: list[Reason] = []
    notes: list[Reason] = []
    if not case.account_registered:
        failures.append(NOT_REGISTERED())
    if not case.logged_in:
        failures.append(NOT_LOGGED_IN())
    if not case.identification_provided:
        if options.identification_required:
            failures.append(IDENTIFICATION_MISSING())
        else:
            notes.append(IDENTIFICATION_MAY_BE_ASKED())
    if failures:
        outcome = CancellationOutcome.NOT_READY
        reasons = [*failures, *notes]
    else:
        outcome = CancellationOutcome.AWAITS_REVIEW
        reasons = [AWAITS_REVIEW(), *notes]
    return OnlineCancellationDecision(
        rule=RULE,
        outcome=outcome,
        reasons=tuple(reasons),
        evaluation_date=case.evaluation_date,
        jurisdiction=case.jurisdiction,
        failed_conditions=tuple(r.code for r in failures),
        awaits_review=not failures,
    )


RULES: tuple[RuleSpec, ...] = (
    RuleSpec(
        name=RULE,
        function=online_cancellation,
        input_model=OnlineCancellationCase,
        decision_model=OnlineCancellationDecision,
        outcomes=CancellationOutcome,
        summary_en="Are the prerequisites of an online cancellation met?",
        summary_zh="是否满足网上注销居民医保的前提条件？",
        reasons=REASONS,
    ),
)
