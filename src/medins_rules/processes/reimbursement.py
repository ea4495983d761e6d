"""Reimbursement of sporadic medical expenses: the on-time window and the one-year payable limit.

Source 002 (Guangzhou): "In the selected remote medical institutions, hospitalization, emergency
observation, outpatient specific items or outpatient designated chronic disease treatment meet the
prescribed medical expenses, and within 6 months after the individual advances, go to the Guangzhou
medical insurance agency to handle the reimbursement procedures for sporadic medical expenses. No
payment will be made if it has not been processed for more than 1 year."

Every period is computed by :func:`medins_rules.core.periods.period_end` under Civil Code arts.
201-203 and 1259; every number comes from the dated parameters; the calendar is an argument (the
bundled calendar by default, which knows the published holiday notices and, beyond them, what the
national holiday regulations fix).

Limitations: the rule judges the filing windows and the treatment kind. Whether the expenses "meet
the prescribed medical expenses" (the drug and treatment catalogues, Social Insurance Law art. 28)
is not judged. Newer national rules the source predates (filing online, a personal commitment instead
of a residence certificate) are listed on ``docs/deadlines.md``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from pydantic import BaseModel, ValidationInfo, field_validator

from medins_rules.core.calendar import WorkingDayCalendar
from medins_rules.core.errors import CalendarYearNotCoveredError, ParameterNotInForceError
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
    build,
)
from medins_rules.core.parameters import ParameterSet, ParameterVersion, parameters_for
from medins_rules.core.periods import (
    CALENDAR_REASONS,
    PeriodEnd,
    calendar_reasons,
    period_end,
    period_reasons,
)

__all__ = [
    "COVERED_TREATMENTS",
    "DEFAULT_DEADLINE_OPTIONS",
    "REASONS",
    "RULES",
    "DeadlineOptions",
    "FilingOutcome",
    "OffsiteFiling",
    "OffsiteScope",
    "ReimbursementFilingCase",
    "ReimbursementFilingDecision",
    "TreatmentKind",
    "offsite_scope",
    "possible_filing_outcomes",
    "reimbursement_filing",
]

RULE = "deadlines.reimbursement_filing"

_WINDOW = cite_passage(Instrument.SOURCE_002, "six_month_window")
_ONE_YEAR = cite_passage(Instrument.SOURCE_002, "one_year_limit")
_ART_201 = cite(Instrument.CIVIL_CODE, 201, paragraph=1)
_ART_202 = cite(Instrument.CIVIL_CODE, 202)
_ART_1259 = cite(Instrument.CIVIL_CODE, 1259)
_SIL_28 = cite(Instrument.SOCIAL_INSURANCE_LAW, 28)
_SIL_29_2 = cite(Instrument.SOCIAL_INSURANCE_LAW, 29, paragraph=2)
_OFFSITE = cite_passage(Instrument.SOURCE_002, "offsite_filing")
_AFTER_TREATMENT = cite_passage(
    Instrument.CROSS_PROVINCE_SETTLEMENT_NOTICE, "filing_after_treatment"
)
_REGULATIONS = cite(Instrument.HOLIDAY_REGULATIONS_2024, 2)


class DeadlineOptions(BaseModel):
    """Interpretive choices of the filing rule (defaults: ``docs/interpretive-choices.md``).

    ``roll_forward``: a last day that is a rest day moves to the next working day (Civil Code art.
    203). On by default; off reads the corresponding day as final even on a holiday.

    ``offsite_filing_after_treatment_counts``: source 002 has the off-site filing done first ("goes to
    the ... agency to handle the off-site filing") and reimburses treatment "in the selected remote
    medical institutions", so by default a filing made after the treatment began does not count.
    ``True`` follows 医保发〔2022〕22号, which lets a filing be completed afterwards (补办备案).
    """

    model_config = FROZEN

    roll_forward: bool = True
    offsite_filing_after_treatment_counts: bool = False


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
    OUTSIDE_OFFSITE_SCOPE = "outside_offsite_scope"
    """No off-site filing, a treating institution not selected at the filing, or a filing after the
    treatment: the claim is not within this reimbursement."""
    UNDETERMINED = "undetermined"
    """A fact not known (the off-site filing) or the holiday arrangement of a year not yet published
    decides it; ``possible_outcomes`` and the earliest and latest last days say between what."""


class OffsiteFiling(InputModel):
    """The off-site filing a claim for treatment in another place rests on, as far as it is known.

    ``done``: whether the off-site filing was done (``None``: not known); ``date``: the day it was done;
    ``institution_selected``: whether the treating institution is one selected at the filing
    (``None``: not known); ``treatment_start``: the first day of the treatment (admission), needed to
    tell a filing before the treatment from one after it when the filing is dated on or before the
    payment.
    """

    model_config = FROZEN

    done: bool | None
    date: Day | None = None
    institution_selected: bool | None = None
    treatment_start: Day | None = None

    @field_validator("date")
    @classmethod
    def _dated_only_when_done(cls, date: dt.date | None, info: ValidationInfo) -> dt.date | None:
        if date is not None and info.data.get("done") is False:
            raise ValueError(f"date: {date} given, but done is false; leave the date out")
        return date

    @field_validator("institution_selected")
    @classmethod
    def _selected_only_when_done(cls, selected: bool | None, info: ValidationInfo) -> bool | None:
        if selected is True and info.data.get("done") is False:
            raise ValueError(
                "institution_selected: true, but done is false; no institution is selected without "
                "an off-site filing"
            )
        return selected


class ReimbursementFilingCase(InputModel):
    """An out-of-pocket payment and its filing for sporadic reimbursement.

    ``filing_date`` is the day the reimbursement was filed; leave it empty when not yet filed, and the
    decision says where a filing on ``evaluation_date`` would fall and how many days are left. The
    evaluation date is never before the payment, nor before the filing. ``offsite_filing`` gives the
    off-site filing the claim rests on (source 002, step 1); leave it out to judge the filing windows
    alone (the decision then says nothing of the off-site filing), or give it with its unknown facts
    as ``null`` to have them named.
    """

    model_config = FROZEN

    payment_date: Day
    treatment: TreatmentKind
    offsite_filing: OffsiteFiling | None = None
    filing_date: Day | None = None
    evaluation_date: Day
    jurisdiction: Jurisdiction = Jurisdiction.GUANGZHOU

    @field_validator("offsite_filing")
    @classmethod
    def _treated_before_paying(
        cls, offsite: OffsiteFiling | None, info: ValidationInfo
    ) -> OffsiteFiling | None:
        payment_date = info.data.get("payment_date")
        start = offsite.treatment_start if offsite is not None else None
        if start is not None and payment_date is not None and start > payment_date:
            raise ValueError(
                f"offsite_filing.treatment_start: {start} is after payment_date {payment_date}; the "
                "payment is for a treatment already begun"
            )
        return offsite

    @field_validator("filing_date")
    @classmethod
    def _filed_after_paying(
        cls, filing_date: dt.date | None, info: ValidationInfo
    ) -> dt.date | None:
        payment_date = info.data.get("payment_date")
        if filing_date is not None and payment_date is not None and filing_date < payment_date:
            raise ValueError(
                f"filing_date: {filing_date} is before payment_date {payment_date}; a claim cannot "
                "be filed before the payment it reimburses"
            )
        return filing_date

    @field_validator("evaluation_date")
    @classmethod
    def _evaluated_after_the_facts(cls, evaluation_date: dt.date, info: ValidationInfo) -> dt.date:
        payment_date, filing_date = info.data.get("payment_date"), info.data.get("filing_date")
        if payment_date is not None and evaluation_date < payment_date:
            raise ValueError(
                f"evaluation_date: {evaluation_date} is before payment_date {payment_date}; a claim "
                "is evaluated on or after the payment it reimburses"
            )
        if filing_date is not None and evaluation_date < filing_date:
            raise ValueError(
                f"evaluation_date: {evaluation_date} is before filing_date {filing_date}; a filing "
                "is evaluated on or after the day it was made"
            )
        offsite = info.data.get("offsite_filing")
        if offsite is not None and offsite.date is not None and evaluation_date < offsite.date:
            raise ValueError(
                f"evaluation_date: {evaluation_date} is before offsite_filing.date {offsite.date}; a "
                "claim is evaluated on or after the off-site filing it rests on"
            )
        return evaluation_date


class ReimbursementFilingDecision(Decision[FilingOutcome]):
    """The filing decision with the two last days and, when not yet filed, the days left.

    A last day waiting for a holiday notice not yet published is ``None``; its ``_earliest`` and
    ``_latest`` bounds are always given for a covered treatment (equal when the day is known). The
    days left likewise: exact, or ``None`` with their least and most.
    """

    payment_date: dt.date
    treatment: TreatmentKind
    filing_date: dt.date | None
    last_on_time_day: dt.date | None
    last_payable_day: dt.date | None
    last_on_time_day_earliest: dt.date | None = None
    last_on_time_day_latest: dt.date | None = None
    last_payable_day_earliest: dt.date | None = None
    last_payable_day_latest: dt.date | None = None
    days_left_on_time: int | None = None
    days_left_payable: int | None = None
    days_left_on_time_min: int | None = None
    days_left_on_time_max: int | None = None
    days_left_payable_min: int | None = None
    days_left_payable_max: int | None = None


# -- labels: the words a Chinese rendering uses (medins_rules.core.labels) ---------------------------

FILING_OUTCOME_ZH = enum_labels(
    FilingOutcome,
    {
        FilingOutcome.ON_TIME: "按时申请",
        FilingOutcome.LATE: "逾期申请（仍可支付）",
        FilingOutcome.FORFEITED: "不予支付",
        FilingOutcome.NOT_COVERED: "不属零星报销的就医类型",
        FilingOutcome.OUTSIDE_OFFSITE_SCOPE: "不属本报销范围（异地就医备案）",
        FilingOutcome.UNDETERMINED: "尚无法确定",
    },
)
TREATMENT_ZH = enum_labels(
    TreatmentKind,
    {
        TreatmentKind.HOSPITALISATION: "住院",
        TreatmentKind.EMERGENCY_OBSERVATION: "急诊留观",
        TreatmentKind.OUTPATIENT_SPECIFIC_ITEMS: "门诊特定项目",
        TreatmentKind.OUTPATIENT_CHRONIC_DISEASE: "门诊指定慢性病",
        TreatmentKind.GENERAL_OUTPATIENT: "普通门诊",
        TreatmentKind.OTHER: "其他",
    },
)
FIELDS_ZH = field_labels(
    (ReimbursementFilingCase, ReimbursementFilingDecision, OffsiteFiling, DeadlineOptions),
    {
        "payment_date": "垫付日期",
        "treatment": "就医类型",
        "offsite_filing": "异地就医备案",
        "filing_date": "申请日期",
        "last_on_time_day": "按时申请的最后一日",
        "last_payable_day": "可支付的最后一日",
        "last_on_time_day_earliest": "按时申请的最后一日（最早）",
        "last_on_time_day_latest": "按时申请的最后一日（最晚）",
        "last_payable_day_earliest": "可支付的最后一日（最早）",
        "last_payable_day_latest": "可支付的最后一日（最晚）",
        "days_left_on_time": "按时申请剩余天数",
        "days_left_payable": "可支付剩余天数",
        "days_left_on_time_min": "按时申请剩余天数（至少）",
        "days_left_on_time_max": "按时申请剩余天数（至多）",
        "days_left_payable_min": "可支付剩余天数（至少）",
        "days_left_payable_max": "可支付剩余天数（至多）",
        "done": "是否已办理备案",
        "date": "备案日期",
        "institution_selected": "就医机构是否为备案时选定的机构",
        "treatment_start": "就医开始日期",
        "roll_forward": "最后一日遇休息日顺延",
        "offsite_filing_after_treatment_counts": "就医后补办的备案有效",
    },
)

# -- reasons: a filing -------------------------------------------------------------------------------

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
FILED_ON_TIME_ANY_ARRANGEMENT = ReasonTemplate(
    "reimbursement.filed_on_time_under_any_arrangement",
    "Filed on {filing_date}, on or before {last_on_time_day_earliest}, the earliest the last on-time "
    "day of the {window_months}-month window from the payment on {payment_date} can be: on time "
    "under every holiday arrangement still possible.",
    "于{filing_date}申请，不晚于自{payment_date}垫付起{window_months}个月期限最后一日可能的最早日期"
    "{last_on_time_day_earliest}：无论节假日如何安排，均属按时申请。",
    (_WINDOW, _ART_1259, _REGULATIONS),
)
FILED_LATE_ANY_ARRANGEMENT = ReasonTemplate(
    "reimbursement.filed_late_under_any_arrangement",
    "Filed on {filing_date}, after {last_on_time_day_latest}, the latest the last on-time day can "
    "be, and on or before {last_payable_day_earliest}, the earliest the last payable day can be: "
    "late, but still payable, under every holiday arrangement still possible.",
    "于{filing_date}申请，晚于按时申请最后一日可能的最晚日期{last_on_time_day_latest}，且不晚于可支付"
    "最后一日可能的最早日期{last_payable_day_earliest}：无论节假日如何安排，均属逾期申请，仍可支付。",
    (_WINDOW, _ONE_YEAR, _ART_1259, _REGULATIONS),
)
FILED_AFTER_ONE_YEAR_ANY_ARRANGEMENT = ReasonTemplate(
    "reimbursement.filed_after_one_year_under_any_arrangement",
    "Filed on {filing_date}, after {last_payable_day_latest}, the latest the last payable day "
    "({limit_years} year(s) after the payment on {payment_date}) can be: no payment is made under "
    "any holiday arrangement.",
    "于{filing_date}申请，已晚于自{payment_date}垫付起{limit_years}年的可支付最后一日可能的最晚日期"
    "{last_payable_day_latest}：无论节假日如何安排，均不予支付。",
    (_ONE_YEAR, _ART_1259, _REGULATIONS),
)
FILED_UNDETERMINED = ReasonTemplate(
    "reimbursement.filed_undetermined",
    "Filed on {filing_date}: the filing is {possible_en}, depending on where the holiday arrangement "
    "for {years}, not yet published, puts the last days (their ranges are given below). The "
    "State Council's notice for {years} will settle it.",
    "于{filing_date}申请：视尚未公布的{years}年节假日安排如何确定最后一日（范围见下），该申请{possible_zh}。"
    "国务院办公厅{years}年节假日安排的通知公布后即可确定。",
    (_WINDOW, _ONE_YEAR, _ART_1259, _REGULATIONS),
)

# -- reasons: a claim not filed yet ------------------------------------------------------------------

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
OPEN_ON_TIME_ANY_ARRANGEMENT = ReasonTemplate(
    "reimbursement.not_filed_on_time_under_any_arrangement",
    "Not filed yet. On {evaluation_date} a filing is on time under every holiday arrangement still "
    "possible: file by {last_on_time_day_earliest} to be sure ({days_left_on_time_min} day(s) "
    "left; the last on-time day itself waits for the holiday arrangement for {years}).",
    "尚未申请。无论节假日如何安排，{evaluation_date}申请均属按时申请：请于{last_on_time_day_earliest}前"
    "申请以确保按时（至少剩余{days_left_on_time_min}天；按时申请的最后一日有待{years}年节假日安排确定）。",
    (_WINDOW, _ONE_YEAR, _REGULATIONS),
)
OPEN_LATE_ANY_ARRANGEMENT = ReasonTemplate(
    "reimbursement.not_filed_late_under_any_arrangement",
    "Not filed yet. The on-time window ended on {last_on_time_day_latest} at the latest; a filing by "
    "{last_payable_day_earliest} ({days_left_payable_min} day(s) left) is late but payable under "
    "every holiday arrangement still possible (the last days wait for the holiday arrangement for "
    "{years}).",
    "尚未申请。按时申请期限最迟已于{last_on_time_day_latest}届满；无论节假日如何安排，于"
    "{last_payable_day_earliest}前申请（至少剩余{days_left_payable_min}天）均属逾期申请，仍可支付"
    "（最后一日有待{years}年节假日安排确定）。",
    (_WINDOW, _ONE_YEAR, _REGULATIONS),
)
OPEN_FORFEITED_ANY_ARRANGEMENT = ReasonTemplate(
    "reimbursement.not_filed_forfeited_under_any_arrangement",
    "Not filed yet, and {last_payable_day_latest}, the latest the last payable day can be, has "
    "passed: no payment is made under any holiday arrangement.",
    "尚未申请，且可支付最后一日可能的最晚日期{last_payable_day_latest}已过：无论节假日如何安排，均不予支付。",
    (_ONE_YEAR, _REGULATIONS),
)
OPEN_UNDETERMINED = ReasonTemplate(
    "reimbursement.not_filed_undetermined",
    "Not filed yet. A filing on {evaluation_date} is {possible_en}, depending on where the holiday "
    "arrangement for {years}, not yet published, puts the last days (their ranges are given "
    "below); file as soon as possible.",
    "尚未申请。视尚未公布的{years}年节假日安排如何确定最后一日（范围见下），{evaluation_date}申请"
    "{possible_zh}；请尽早申请。",
    (_WINDOW, _ONE_YEAR, _REGULATIONS),
)

# -- reasons: the off-site filing -------------------------------------------------------------------

OFFSITE_IN_SCOPE = ReasonTemplate(
    "reimbursement.offsite_filing_in_scope",
    "The off-site filing was done{when_en}, and the treatment was at an institution selected at the "
    "filing: the claim is within this reimbursement.",
    "已办理异地就医备案{when_zh}，且在备案时选定的医疗机构就医：属本零星报销范围。",
    (_OFFSITE, _WINDOW, _SIL_29_2),
)
NO_OFFSITE_FILING = ReasonTemplate(
    "reimbursement.no_offsite_filing",
    "No off-site filing was done. Source 002 has the insured person file the treatment in another "
    "place with the Guangzhou agency first and reimburses treatment at the institutions selected "
    "then: the claim is not within this reimbursement. File off-site first; a filing completed "
    "after the treatment counts only where a later rule allows it.",
    "未办理异地就医备案。来源要求参保人先到广州医保经办机构办理异地就医备案，并对在备案选定的医疗机构"
    "发生的费用办理零星报销：本申请不属本报销范围。请先办理备案；事后补办备案仅在后续规定允许时有效。",
    (_OFFSITE, _SIL_29_2),
)
INSTITUTION_NOT_SELECTED = ReasonTemplate(
    "reimbursement.institution_not_selected",
    "The treatment was not at an institution selected at the off-site filing; source 002 reimburses "
    "treatment in the selected remote medical institutions: the claim is not within this "
    "reimbursement.",
    "就医机构不是异地就医备案时选定的医疗机构；来源仅报销在选定的异地医疗机构发生的费用：本申请不属本"
    "报销范围。",
    (_WINDOW, _OFFSITE),
)
OFFSITE_AFTER_TREATMENT = ReasonTemplate(
    "reimbursement.offsite_filing_after_treatment",
    "The off-site filing was done on {offsite_date}, after the treatment began{began_en}. By the "
    "default reading of source 002 the filing comes first, so the claim is not within this "
    "reimbursement; a filing completed afterwards counts under the 2022 national notice on "
    "cross-province settlement (option offsite_filing_after_treatment_counts).",
    "异地就医备案于{offsite_date}办理，晚于就医开始{began_zh}。按来源的默认理解，须先备案，故本申请不属本"
    "报销范围；依2022年跨省异地就医结算通知，事后补办备案有效（选项offsite_filing_after_treatment_counts）。",
    (_OFFSITE, _AFTER_TREATMENT),
)
OFFSITE_COMPLETED_AFTERWARDS = ReasonTemplate(
    "reimbursement.offsite_filing_completed_afterwards",
    "The off-site filing was done on {offsite_date}, after the treatment began{began_en}; a filing "
    "completed afterwards counts (the reading chosen, following the 2022 national notice on "
    "cross-province settlement).",
    "异地就医备案于{offsite_date}办理，晚于就医开始{began_zh}；按所选理解（依2022年跨省异地就医结算通知），"
    "事后补办备案有效。",
    (_AFTER_TREATMENT, _OFFSITE),
)
OFFSITE_FACTS_UNKNOWN = ReasonTemplate(
    "reimbursement.offsite_facts_unknown",
    "Not known: {unknown_en}. The claim is within this reimbursement only if the off-site filing "
    "was done (before the treatment, by default) and the treatment was at an institution selected "
    "at it: until that is known the outcome is undetermined. Within it, the filing is {possible_en}.",
    "尚不清楚：{unknown_zh}。仅当已办理异地就医备案（默认须在就医前）且在备案选定的机构就医时，方属本报销"
    "范围：在此之前结果待定。如属范围内，该申请{possible_zh}。",
    (_OFFSITE, _WINDOW),
)
_UNKNOWN_EN = MappingProxyType(
    {
        "offsite_filing.done": "whether the off-site filing was done",
        "offsite_filing.date": "the day the off-site filing was done",
        "offsite_filing.institution_selected": (
            "whether the treating institution was selected at the off-site filing"
        ),
        "offsite_filing.treatment_start": "the first day of the treatment",
    }
)
_UNKNOWN_ZH = MappingProxyType(
    {
        "offsite_filing.done": "是否已办理异地就医备案",
        "offsite_filing.date": "异地就医备案的办理日期",
        "offsite_filing.institution_selected": "就医机构是否为备案时选定的机构",
        "offsite_filing.treatment_start": "就医开始日期",
    }
)

# -- reasons: scope and periods ----------------------------------------------------------------------

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

REASONS: tuple[ReasonTemplate, ...] = (
    OFFSITE_IN_SCOPE,
    NO_OFFSITE_FILING,
    INSTITUTION_NOT_SELECTED,
    OFFSITE_AFTER_TREATMENT,
    OFFSITE_COMPLETED_AFTERWARDS,
    OFFSITE_FACTS_UNKNOWN,
    FILED_ON_TIME,
    FILED_LATE,
    FILED_AFTER_ONE_YEAR,
    FILED_ON_TIME_ANY_ARRANGEMENT,
    FILED_LATE_ANY_ARRANGEMENT,
    FILED_AFTER_ONE_YEAR_ANY_ARRANGEMENT,
    FILED_UNDETERMINED,
    OPEN_ON_TIME,
    OPEN_LATE,
    OPEN_FORFEITED,
    OPEN_ON_TIME_ANY_ARRANGEMENT,
    OPEN_LATE_ANY_ARRANGEMENT,
    OPEN_FORFEITED_ANY_ARRANGEMENT,
    OPEN_UNDETERMINED,
    NOT_COVERED,
    START_NOT_COUNTED,
)

_WINDOW_EN, _WINDOW_ZH = "the on-time filing window", "按时申请期限"
_LIMIT_EN, _LIMIT_ZH = "the one-year payable limit", "可支付期限"
_POSSIBLE_EN = MappingProxyType(
    {
        FilingOutcome.ON_TIME: "on time",
        FilingOutcome.LATE: "late (still payable)",
        FilingOutcome.FORFEITED: "not payable",
    }
)
_POSSIBLE_ZH = MappingProxyType(
    {
        FilingOutcome.ON_TIME: "属按时申请",
        FilingOutcome.LATE: "属逾期申请（仍可支付）",
        FilingOutcome.FORFEITED: "不予支付",
    }
)


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
    parameters in force on the payment date apply. Where a last day waits for a holiday notice not yet
    published, the rule decides whenever every arrangement still possible gives the same outcome, and
    says ``undetermined`` with the possible outcomes otherwise.

    >>> import datetime as dt
    >>> case = ReimbursementFilingCase(
    ...     payment_date=dt.date(2025, 3, 10), treatment="hospitalisation",
    ...     filing_date=dt.date(2025, 9, 10), evaluation_date=dt.date(2025, 9, 10))
    >>> d = reimbursement_filing(case)
    >>> d.outcome, d.last_on_time_day, d.last_payable_day
    (<FilingOutcome.ON_TIME: 'on_time'>, datetime.date(2025, 9, 10), datetime.date(2026, 3, 10))
    >>> late = ReimbursementFilingCase.model_validate(
    ...     {**case.model_dump(), "filing_date": "2026-03-11", "evaluation_date": "2026-03-11"})
    >>> reimbursement_filing(late).outcome
    <FilingOutcome.FORFEITED: 'forfeited'>

    More examples, one per outcome and boundary, are in ``docs/deadlines.md``.
    """
    case = ensure_valid(case)
    if case.treatment not in COVERED_TREATMENTS:
        return _not_covered(case)
    window, limit = _filing_parameters(case, parameters)
    window_months, limit_years = window.number, limit.number
    on_time = _period(
        case.payment_date,
        window_months,
        calendar,
        options,
        "last_on_time_day",
        f"the {window_months}-month on-time window of the payment on {case.payment_date}",
    )
    payable = _period(
        case.payment_date,
        limit_years * 12,
        calendar,
        options,
        "last_payable_day",
        f"the {limit_years}-year payable limit of the payment on {case.payment_date}",
    )
    day = case.filing_date or case.evaluation_date
    window_outcomes = possible_filing_outcomes(day, on_time, payable)
    window_outcome = window_outcomes[0] if len(window_outcomes) == 1 else FilingOutcome.UNDETERMINED
    facts = _Facts(case, on_time, payable, window_months, limit_years, window_outcomes)
    scope = offsite_scope(case, options)
    possible: tuple[FilingOutcome, ...]
    if scope.failures:
        outcome, possible = FilingOutcome.OUTSIDE_OFFSITE_SCOPE, ()
        first: tuple[Reason, ...] = scope.failures
    elif scope.unknown:
        outcome = FilingOutcome.UNDETERMINED
        possible = (FilingOutcome.OUTSIDE_OFFSITE_SCOPE, *window_outcomes)
        first = (scope.unknown_reason(facts), _main_reason(window_outcome, facts))
    else:
        outcome = window_outcome
        possible = window_outcomes if outcome is FilingOutcome.UNDETERMINED else ()
        first = (_main_reason(window_outcome, facts), *scope.notes)
    reasons = (
        *first,
        START_NOT_COUNTED(payment_date=case.payment_date),
        *period_reasons(on_time, _WINDOW_EN, _WINDOW_ZH),
        *period_reasons(payable, _LIMIT_EN, _LIMIT_ZH),
        *calendar_reasons(
            on_time.unpublished_years + payable.unpublished_years,
            on_time.provisional_years + payable.provisional_years,
        ),
    )
    return build(
        ReimbursementFilingDecision,
        rule=RULE,
        outcome=outcome,
        reasons=reasons,
        evaluation_date=case.evaluation_date,
        jurisdiction=case.jurisdiction,
        parameters=(window.use(), limit.use()),
        provisional=bool(on_time.provisional_years or payable.provisional_years),
        unpublished_years=tuple(sorted({*on_time.unpublished_years, *payable.unpublished_years})),
        possible_outcomes=possible,
        missing_facts=scope.unknown if not scope.failures else (),
        payment_date=case.payment_date,
        treatment=case.treatment,
        filing_date=case.filing_date,
        last_on_time_day=on_time.last_day,
        last_payable_day=payable.last_day,
        last_on_time_day_earliest=on_time.earliest,
        last_on_time_day_latest=on_time.latest,
        last_payable_day_earliest=payable.earliest,
        last_payable_day_latest=payable.latest,
        **facts.days_left(),
    )


@dataclass(frozen=True, slots=True)
class OffsiteScope:
    """What the off-site filing says of a claim: the conditions it fails (each a cited reason), the
    facts not known that would settle it (field paths), and notes for a claim within it."""

    failures: tuple[Reason, ...] = ()
    unknown: tuple[str, ...] = ()
    notes: tuple[Reason, ...] = ()

    def unknown_reason(self, facts: _Facts) -> Reason:
        """The reason naming the facts not known, and what the filing windows say meanwhile."""
        shown = facts.shown()
        return OFFSITE_FACTS_UNKNOWN(
            unknown_en="; ".join(_UNKNOWN_EN[name] for name in self.unknown),
            unknown_zh="；".join(_UNKNOWN_ZH[name] for name in self.unknown),
            possible_en=shown["possible_en"],
            possible_zh=shown["possible_zh"],
        )


def offsite_scope(case: ReimbursementFilingCase, options: DeadlineOptions) -> OffsiteScope:
    """Whether the claim is within this reimbursement as far as its off-site filing goes.

    Source 002: "The insured person holds the medical insurance card and goes to the secondary
    medical insurance agency in Guangzhou to handle the off-site filing ..." and "In the selected
    remote medical institutions, hospitalization ... meet the prescribed medical expenses, and within
    6 months after the individual advances, go to the Guangzhou medical insurance agency to handle the
    reimbursement procedures for sporadic medical expenses." The filing comes first, and the
    treatment is at an institution selected at the filing; a filing after the treatment began counts
    only with ``options.offsite_filing_after_treatment_counts`` (医保发〔2022〕22号). Facts not known are
    named, never assumed.

    >>> import datetime as dt
    >>> case = ReimbursementFilingCase(
    ...     payment_date=dt.date(2026, 3, 20), treatment="hospitalisation",
    ...     offsite_filing={"done": True, "date": "2026-03-01", "institution_selected": None},
    ...     evaluation_date=dt.date(2026, 4, 1))
    >>> offsite_scope(case, DEFAULT_DEADLINE_OPTIONS).unknown
    ('offsite_filing.institution_selected', 'offsite_filing.treatment_start')
    """
    offsite = case.offsite_filing
    if offsite is None:
        return OffsiteScope()
    failures: list[Reason] = []
    unknown: list[str] = []
    notes: list[Reason] = []
    if offsite.done is None:
        unknown.append("offsite_filing.done")
    elif not offsite.done:
        failures.append(NO_OFFSITE_FILING())
    if offsite.done is not False:
        if offsite.institution_selected is None:
            unknown.append("offsite_filing.institution_selected")
        elif not offsite.institution_selected:
            failures.append(INSTITUTION_NOT_SELECTED())
    if offsite.done:
        after = _filed_after_treatment(offsite, case.payment_date)
        began = offsite.treatment_start
        began_en = f" on {began}" if began else f" (the payment was made on {case.payment_date})"
        began_zh = f"（{began}）" if began else f"（{case.payment_date}已付款）"
        if after is None and not options.offsite_filing_after_treatment_counts:
            unknown.append(
                "offsite_filing.date" if offsite.date is None else "offsite_filing.treatment_start"
            )
        elif after and not options.offsite_filing_after_treatment_counts:
            failures.append(
                OFFSITE_AFTER_TREATMENT(
                    offsite_date=offsite.date, began_en=began_en, began_zh=began_zh
                )
            )
        elif after:
            notes.append(
                OFFSITE_COMPLETED_AFTERWARDS(
                    offsite_date=offsite.date, began_en=began_en, began_zh=began_zh
                )
            )
        if not failures and not unknown:
            when_en = f" on {offsite.date}" if offsite.date else ""
            when_zh = f"（{offsite.date}）" if offsite.date else ""
            notes.insert(0, OFFSITE_IN_SCOPE(when_en=when_en, when_zh=when_zh))
    return OffsiteScope(tuple(failures), tuple(unknown), tuple(notes))


def _filed_after_treatment(offsite: OffsiteFiling, payment_date: dt.date) -> bool | None:
    """Whether the off-site filing was done after the treatment began (``None``: not known). A
    filing after the payment is after it (the payment is for a treatment already begun)."""
    if offsite.date is None:
        return None
    if offsite.date > payment_date:
        return True
    if offsite.treatment_start is None:
        return None
    return offsite.date > offsite.treatment_start


def possible_filing_outcomes(
    day: dt.date, on_time: PeriodEnd, payable: PeriodEnd
) -> tuple[FilingOutcome, ...]:
    """The outcomes a filing on ``day`` can still have, under every holiday arrangement still
    possible for the two last days (one when the outcome is decided).

    >>> import datetime as dt
    >>> on_time = period_end(dt.date(2026, 8, 15), months=6)  # 2027-02-15 to 2027-02-22
    >>> payable = period_end(dt.date(2026, 8, 15), years=1)
    >>> [o.value for o in possible_filing_outcomes(dt.date(2027, 2, 16), on_time, payable)]
    ['on_time', 'late']
    """
    possible = []
    if day <= on_time.latest:
        possible.append(FilingOutcome.ON_TIME)
    if day > on_time.earliest and day <= payable.latest:
        possible.append(FilingOutcome.LATE)
    if day > payable.earliest:
        possible.append(FilingOutcome.FORFEITED)
    return tuple(possible)


class _Facts:
    """The facts the filing reasons show, worked out once per decision."""

    def __init__(
        self,
        case: ReimbursementFilingCase,
        on_time: PeriodEnd,
        payable: PeriodEnd,
        window_months: int,
        limit_years: int,
        possible: tuple[FilingOutcome, ...],
    ) -> None:
        self.case, self.on_time, self.payable = case, on_time, payable
        self.window_months, self.limit_years, self.possible = window_months, limit_years, possible
        self.exact = on_time.exact and payable.exact

    def days_left(self) -> dict[str, int | None]:
        """The days left to file, for a claim not filed yet (empty fields for a filing)."""
        if self.case.filing_date is not None:
            return {}
        day = self.case.evaluation_date
        out: dict[str, int | None] = {}
        for name, end in (("on_time", self.on_time), ("payable", self.payable)):
            least, most = max(0, (end.earliest - day).days), max(0, (end.latest - day).days)
            out[f"days_left_{name}"] = least if least == most else None
            out[f"days_left_{name}_min"], out[f"days_left_{name}_max"] = least, most
        return out

    def shown(self) -> dict[str, object]:
        years = sorted({*self.on_time.unknown_years, *self.payable.unknown_years})
        left = self.days_left()
        return {
            "payment_date": self.case.payment_date,
            "filing_date": self.case.filing_date,
            "evaluation_date": self.case.evaluation_date,
            "window_months": self.window_months,
            "limit_years": self.limit_years,
            "last_on_time_day": self.on_time.last_day,
            "last_payable_day": self.payable.last_day,
            "last_on_time_day_earliest": self.on_time.earliest,
            "last_on_time_day_latest": self.on_time.latest,
            "last_payable_day_earliest": self.payable.earliest,
            "last_payable_day_latest": self.payable.latest,
            "days_left_on_time": left.get("days_left_on_time"),
            "days_left_payable": left.get("days_left_payable"),
            "days_left_on_time_min": left.get("days_left_on_time_min"),
            "days_left_payable_min": left.get("days_left_payable_min"),
            "years": ", ".join(str(y) for y in years),
            "possible_en": " or ".join(_POSSIBLE_EN[o] for o in self.possible),
            "possible_zh": "或".join(_POSSIBLE_ZH[o] for o in self.possible),
        }


_MAIN_TEMPLATES: Mapping[tuple[bool, FilingOutcome, bool], ReasonTemplate] = MappingProxyType(
    {
        (True, FilingOutcome.ON_TIME, True): FILED_ON_TIME,
        (True, FilingOutcome.LATE, True): FILED_LATE,
        (True, FilingOutcome.FORFEITED, True): FILED_AFTER_ONE_YEAR,
        (True, FilingOutcome.ON_TIME, False): FILED_ON_TIME_ANY_ARRANGEMENT,
        (True, FilingOutcome.LATE, False): FILED_LATE_ANY_ARRANGEMENT,
        (True, FilingOutcome.FORFEITED, False): FILED_AFTER_ONE_YEAR_ANY_ARRANGEMENT,
        (True, FilingOutcome.UNDETERMINED, False): FILED_UNDETERMINED,
        (False, FilingOutcome.ON_TIME, True): OPEN_ON_TIME,
        (False, FilingOutcome.LATE, True): OPEN_LATE,
        (False, FilingOutcome.FORFEITED, True): OPEN_FORFEITED,
        (False, FilingOutcome.ON_TIME, False): OPEN_ON_TIME_ANY_ARRANGEMENT,
        (False, FilingOutcome.LATE, False): OPEN_LATE_ANY_ARRANGEMENT,
        (False, FilingOutcome.FORFEITED, False): OPEN_FORFEITED_ANY_ARRANGEMENT,
        (False, FilingOutcome.UNDETERMINED, False): OPEN_UNDETERMINED,
    }
)
"""The reason stating the outcome, by (filed, outcome, last days exact)."""


def _main_reason(outcome: FilingOutcome, facts: _Facts) -> Reason:
    """The reason that states the outcome: for a filing or a claim not filed yet, with the exact last
    days or, where one waits for a holiday notice, with the bound that decides."""
    filed = facts.case.filing_date is not None
    exact = {
        FilingOutcome.ON_TIME: facts.on_time.exact and (filed or facts.payable.exact),
        FilingOutcome.LATE: facts.exact,
        FilingOutcome.FORFEITED: facts.payable.exact,
        FilingOutcome.UNDETERMINED: False,
    }[outcome]
    template = _MAIN_TEMPLATES[(filed, outcome, exact)]
    shown = facts.shown()
    return template(**{name: shown[name] for name in template.placeholders})


def _not_covered(case: ReimbursementFilingCase) -> ReimbursementFilingDecision:
    return build(
        ReimbursementFilingDecision,
        rule=RULE,
        outcome=FilingOutcome.NOT_COVERED,
        reasons=(NOT_COVERED(treatment=case.treatment),),
        evaluation_date=case.evaluation_date,
        jurisdiction=case.jurisdiction,
        payment_date=case.payment_date,
        treatment=case.treatment,
        filing_date=case.filing_date,
        last_on_time_day=None,
        last_payable_day=None,
    )


def _filing_parameters(
    case: ReimbursementFilingCase, parameters: ParameterSet | None
) -> tuple[ParameterVersion, ParameterVersion]:
    """The on-time window and the payable limit in force on the payment date (or given); an error
    names ``payment_date`` (or ``jurisdiction`` when it has no version on any date)."""
    try:
        p = parameters or parameters_for(case.jurisdiction, on=case.payment_date)
        return p.version("reimbursement.on_time_window"), p.version("reimbursement.payable_limit")
    except ParameterNotInForceError as exc:
        raise exc.about("payment_date") from None


def _period(
    start: dt.date,
    months: int,
    calendar: WorkingDayCalendar | None,
    options: DeadlineOptions,
    field: str,
    what: str,
) -> PeriodEnd:
    """The end of a period; a day the calendar cannot answer for names the decision's ``field`` and
    the period (``what``) that reached it."""
    try:
        return period_end(
            start, months=months, calendar=calendar, roll_forward=options.roll_forward
        )
    except CalendarYearNotCoveredError as exc:
        raise exc.about(field, what) from None


RULES: tuple[RuleSpec, ...] = (
    RuleSpec(
        name=RULE,
        function=reimbursement_filing,
        input_model=ReimbursementFilingCase,
        decision_model=ReimbursementFilingDecision,
        outcomes=FilingOutcome,
        summary_en="Is a sporadic-reimbursement filing on time, late or forfeited?",
        summary_zh="零星报销申请是按时、逾期还是不予支付？",
        reasons=(*REASONS, *CALENDAR_REASONS),
    ),
)
