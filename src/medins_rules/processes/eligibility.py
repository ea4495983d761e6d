"""Eligibility: online suspension, online cancellation, enrolment, the card's place, retirement.

Five rules, each a pure function named for its decision, each listing every failing condition with
its own reason code, bilingual message and citation, and where it can, what the person can do instead:

* :func:`online_suspension` (source 000): may the residents' insurance be suspended online on the
  Guangdong Medical Insurance applet? Residents' scheme, insured in Guangdong, normal status, the
  insured person in person (no agent), face recognition, a person category.
* :func:`online_cancellation` (source 001): are the prerequisites of an online cancellation met
  (account, login, identification)? The application then awaits the platform's review.
* :func:`enrolment` (source 004): is an enrolment accepted, and when is it settled (on the spot at a
  county centre, by the 3rd working day at a service point)? Agents need both certificates.
* :func:`card_application` (source 003): is the card applied for at the agency of the
  household-registration place?
* :func:`retirement` (Social Insurance Law art. 27 and the 2025 reform): the statutory retirement age,
  the day it is reached, and whether premiums end, may be topped up, or retirement is still ahead.

Interpretive choices are fields of each rule's options model (:class:`SuspensionOptions`,
:class:`CancellationOptions`, :class:`CardOptions`, :class:`RetirementOptions`; enrolment has none);
see ``docs/eligibility.md`` and ``docs/interpretive-choices.md``.

>>> sorted(spec.name for spec in RULES)
['eligibility.card_application', 'eligibility.enrolment', 'eligibility.online_cancellation', 'eligibility.online_suspension', 'eligibility.retirement']
"""

from __future__ import annotations

import medins_rules.core.periods as periods
import medins_rules.processes.deadlines as deadlines
from medins_rules.core.model import ReasonTemplate, RuleSpec
from medins_rules.processes import cancellation as _cancellation
from medins_rules.processes import card as _card
from medins_rules.processes import enrolment as _enrolment
from medins_rules.processes import retirement as _retirement
from medins_rules.processes import suspension as _suspension
from medins_rules.processes._eligibility_common import (
    DEFAULT_CANCELLATION_OPTIONS,
    DEFAULT_CARD_OPTIONS,
    DEFAULT_RETIREMENT_OPTIONS,
    DEFAULT_SUSPENSION_OPTIONS,
    AgeReachedDay,
    CancellationOptions,
    CardOptions,
    CardPlaceLevel,
    RetirementOptions,
    Scheme,
    SuspensionOptions,
)
from medins_rules.processes.cancellation import (
    CancellationOutcome,
    OnlineCancellationCase,
    OnlineCancellationDecision,
    online_cancellation,
)
from medins_rules.processes.card import (
    AreaCode,
    CardApplicationCase,
    CardApplicationDecision,
    CardApplicationOutcome,
    card_application,
)
from medins_rules.processes.deadlines import EnrolmentChannel
from medins_rules.processes.enrolment import (
    EnrolmentApplicant,
    EnrolmentCase,
    EnrolmentDecision,
    EnrolmentOutcome,
    PremiumPayer,
    enrolment,
)
from medins_rules.processes.retirement import (
    RetirementCase,
    RetirementCategory,
    RetirementDecision,
    RetirementOutcome,
    Sex,
    StatutoryRetirementAge,
    WomanCategory,
    retirement,
    retirement_category,
    statutory_retirement_age,
)
from medins_rules.processes.suspension import (
    OnlineSuspensionCase,
    OnlineSuspensionDecision,
    ParticipationStatus,
    PersonCategory,
    SuspensionApplicant,
    SuspensionOutcome,
    online_suspension,
)

__all__ = [
    "DEFAULT_CANCELLATION_OPTIONS",
    "DEFAULT_CARD_OPTIONS",
    "DEFAULT_RETIREMENT_OPTIONS",
    "DEFAULT_SUSPENSION_OPTIONS",
    "REASONS",
    "RULES",
    "AgeReachedDay",
    "AreaCode",
    "CancellationOptions",
    "CancellationOutcome",
    "CardApplicationCase",
    "CardApplicationDecision",
    "CardApplicationOutcome",
    "CardOptions",
    "CardPlaceLevel",
    "EnrolmentApplicant",
    "EnrolmentCase",
    "EnrolmentChannel",
    "EnrolmentDecision",
    "EnrolmentOutcome",
    "OnlineCancellationCase",
    "OnlineCancellationDecision",
    "OnlineSuspensionCase",
    "OnlineSuspensionDecision",
    "ParticipationStatus",
    "PersonCategory",
    "PremiumPayer",
    "RetirementCase",
    "RetirementCategory",
    "RetirementDecision",
    "RetirementOptions",
    "RetirementOutcome",
    "Scheme",
    "Sex",
    "StatutoryRetirementAge",
    "SuspensionApplicant",
    "SuspensionOptions",
    "SuspensionOutcome",
    "WomanCategory",
    "card_application",
    "enrolment",
    "online_cancellation",
    "online_suspension",
    "retirement",
    "retirement_category",
    "statutory_retirement_age",
]

REASONS: tuple[ReasonTemplate, ...] = (
    *_suspension.REASONS,
    *_cancellation.REASONS,
    *_enrolment.REASONS,
    *_card.REASONS,
    *_retirement.REASONS,
)
"""Every reason template the eligibility rules define (enrolment also gives the settlement reasons
of :mod:`medins_rules.processes.deadlines`)."""

_SETTLEMENT_REASONS = (
    deadlines.SETTLED_ON_THE_SPOT,
    deadlines.SETTLED_WITHIN_WORKING_DAYS,
    periods.PROVISIONAL_CALENDAR,
)

RULES: tuple[RuleSpec, ...] = (
    RuleSpec(
        name=_suspension.RULE,
        function=online_suspension,
        input_model=OnlineSuspensionCase,
        decision_model=OnlineSuspensionDecision,
        outcomes=SuspensionOutcome,
        summary_en="Can the residents' medical insurance be suspended online on the applet?",
        summary_zh="能否通过“粤医保”小程序网上办理居民医保停保？",
        reasons=_suspension.REASONS,
    ),
    RuleSpec(
        name=_cancellation.RULE,
        function=online_cancellation,
        input_model=OnlineCancellationCase,
        decision_model=OnlineCancellationDecision,
        outcomes=CancellationOutcome,
        summary_en="Are the prerequisites of an online cancellation met?",
        summary_zh="是否满足网上注销居民医保的前提条件？",
        reasons=_cancellation.REASONS,
    ),
    RuleSpec(
        name=_enrolment.RULE,
        function=enrolment,
        input_model=EnrolmentCase,
        decision_model=EnrolmentDecision,
        outcomes=EnrolmentOutcome,
        summary_en="Is an enrolment accepted, and when is it settled?",
        summary_zh="参保登记是否受理、何时办结？",
        reasons=(*_enrolment.REASONS, *_SETTLEMENT_REASONS),
    ),
    RuleSpec(
        name=_card.RULE,
        function=card_application,
        input_model=CardApplicationCase,
        decision_model=CardApplicationDecision,
        outcomes=CardApplicationOutcome,
        summary_en="Is the resident card applied for at the agency of the registration place?",
        summary_zh="是否在户籍所在地的社保经办机构申请居民医保卡？",
        reasons=_card.REASONS,
    ),
    RuleSpec(
        name=_retirement.RULE,
        function=retirement,
        input_model=RetirementCase,
        decision_model=RetirementDecision,
        outcomes=RetirementOutcome,
        summary_en="At retirement: no further premiums, may top up, or not yet retired (art. 27)?",
        summary_zh="退休时不再缴费、可补缴至规定年限，还是尚未退休（社会保险法第二十七条）？",
        reasons=_retirement.REASONS,
    ),
)
