"""Off-site filing: the proof of continuous residence.

Source 002: "Residents should bring the original certificate of continuous residence for more than 6
months issued by the local police station, street and neighborhood (village) committee, or a copy of
the temporary residence permit."

The Chinese wording is 6个月以上, which includes the number itself (Civil Code art. 1259): exactly six
months meets the requirement. Residence is given as a first day (``residence_start``) or as the
periods a certificate lists (``residence_periods``); the continuous run that reaches the filing day
counts, and how long a gap breaks it is a named choice (:class:`ResidenceOptions`).

The proof is one :class:`~medins_rules.vocab.documents.ResidenceProof` of the shared document
vocabulary (re-exported here), where each proof is the document it names; the off-site filing
materials checklist's ``residence_proof`` item accepts the same documents, drawn from the same
definition (:data:`~medins_rules.vocab.documents.RESIDENCE_PROOF`).

Limitations: the national notice 医保发〔2022〕22号 lets cross-province long-term residents file with a
personal commitment instead of a certificate; the source predates it (see ``docs/deadlines.md``).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Self

from pydantic import BaseModel, Field, ValidationInfo, field_validator, model_validator

from medins_rules.core.errors import CalendarYearNotCoveredError, ParameterNotInForceError
from medins_rules.core.inputs import FieldProblem, InputModel, ensure_valid, field_errors
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
from medins_rules.core.periods import MONTH_END_CLAMPED, PeriodEnd, period_end, period_reasons
from medins_rules.vocab.documents import RESIDENCE_CERTIFICATES, ResidenceProof

__all__ = [
    "DEFAULT_RESIDENCE_OPTIONS",
    "MAX_RESIDENCE_PERIODS",
    "REASONS",
    "RULES",
    "ResidenceCase",
    "ResidenceDecision",
    "ResidenceOptions",
    "ResidenceOutcome",
    "ResidencePeriod",
    "ResidenceProof",
    "continuous_residence_since",
    "offsite_filing_residence",
]

RULE = "deadlines.offsite_filing_residence"
MAX_RESIDENCE_PERIODS = 100
"""The most residence periods one case may list (a certificate lists a handful)."""

_RESIDENCE = cite_passage(Instrument.SOURCE_002, "residence_proof")
_ART_202 = cite(Instrument.CIVIL_CODE, 202)
_ART_1259 = cite(Instrument.CIVIL_CODE, 1259)


CERTIFICATES = RESIDENCE_CERTIFICATES
"""The residence certificates source 002 names (their original is asked for): the shared
vocabulary's :data:`~medins_rules.vocab.documents.RESIDENCE_CERTIFICATES`."""


class ResidenceOutcome(StrEnum):
    """Whether the residence requirement for off-site filing is met."""

    MEETS = "meets"
    DOES_NOT_MEET = "does_not_meet"


class ResidenceOptions(BaseModel):
    """Interpretive choices of the residence rule (``docs/interpretive-choices.md``).

    ``allowed_gap_days``: how many days outside every listed residence period still leave residence
    "continuous" (source 002: "continuous residence for more than 6 months"). By default none: any
    day outside a period breaks it (0). A caller whose agency tolerates short absences sets the
    number of days.
    """

    model_config = FROZEN

    allowed_gap_days: int = Field(default=0, ge=0, le=366)


DEFAULT_RESIDENCE_OPTIONS = ResidenceOptions()


class ResidencePeriod(InputModel):
    """One period of residence a certificate attests, first and last day included (``last_day``
    empty: still resident)."""

    model_config = FROZEN

    first_day: Day
    last_day: Day | None = None

    @field_validator("last_day")
    @classmethod
    def _not_before_first_day(
        cls, last_day: dt.date | None, info: ValidationInfo
    ) -> dt.date | None:
        first_day = info.data.get("first_day")
        if last_day is not None and first_day is not None and last_day < first_day:
            raise ValueError(
                f"last_day: {last_day} is before first_day {first_day}; a period ends on or after "
                "the day it begins"
            )
        return last_day


class ResidenceCase(InputModel):
    """The proof of residence and the dates for off-site filing.

    For a certificate give either ``residence_start``, the first day of continuous residence it
    attests, or ``residence_periods``, the periods it lists; neither is needed for a temporary
    residence permit copy. ``filing_date`` defaults to the evaluation date, which is never before it.
    """

    model_config = FROZEN

    proof: ResidenceProof
    residence_periods: tuple[ResidencePeriod, ...] | None = Field(
        default=None, min_length=1, max_length=MAX_RESIDENCE_PERIODS
    )
    residence_start: Day | None = Field(default=None, validate_default=True)
    certificate_is_original: bool = True
    filing_date: Day | None = None
    evaluation_date: Day
    jurisdiction: Jurisdiction = Jurisdiction.GUANGZHOU

    @field_validator("residence_start")
    @classmethod
    def _residence_given_once_for_a_certificate(
        cls, start: dt.date | None, info: ValidationInfo
    ) -> dt.date | None:
        periods = info.data.get("residence_periods")
        if start is not None and periods is not None:
            raise ValueError("residence_start: give residence_start or residence_periods, not both")
        if (
            info.data.get("proof") in CERTIFICATES
            and start is None
            and periods is None
            and "residence_periods" in info.data
        ):
            raise ValueError(
                "residence_start: required with a residence certificate (the day continuous "
                "residence began), or give residence_periods"
            )
        return start

    @field_validator("evaluation_date")
    @classmethod
    def _dates_in_order(cls, evaluation_date: dt.date, info: ValidationInfo) -> dt.date:
        filing = info.data.get("filing_date") or evaluation_date
        if info.data.get("filing_date") is not None and evaluation_date < filing:
            raise ValueError(
                f"evaluation_date: {evaluation_date} is before filing_date {filing}; a filing is "
                "evaluated on or after the day it is made"
            )
        return evaluation_date

    @model_validator(mode="after")
    def _residence_before_filing(self) -> Self:
        """Residence that begins after the filing day is an error in the residence facts: located at
        ``residence_start`` or ``residence_periods``, the fact the message is about."""
        filing = self.filing_date or self.evaluation_date
        problems: list[FieldProblem] = []
        if self.residence_start is not None and self.residence_start > filing:
            problems.append(
                FieldProblem(
                    "residence_start",
                    f"residence_start: {self.residence_start} is after the filing date {filing}",
                    self.residence_start.isoformat(),
                )
            )
        if self.residence_periods and min(p.first_day for p in self.residence_periods) > filing:
            first = min(p.first_day for p in self.residence_periods)
            problems.append(
                FieldProblem(
                    "residence_periods",
                    f"residence_periods: the first period begins on {first}, after the filing "
                    f"date {filing}",
                    first.isoformat(),
                )
            )
        if problems:
            raise field_errors(type(self).__name__, problems)
        return self


class ResidenceDecision(Decision[ResidenceOutcome]):
    """The residence decision: since when residence is continuous up to the filing day, and the first
    date the requirement is (or was) met."""

    proof: ResidenceProof
    filing_date: dt.date
    first_date_met: dt.date | None
    continuous_since: dt.date | None = None


# -- labels: the words a Chinese rendering uses (medins_rules.core.labels) ---------------------------

RESIDENCE_OUTCOME_ZH = enum_labels(
    ResidenceOutcome,
    {ResidenceOutcome.MEETS: "满足居住要求", ResidenceOutcome.DOES_NOT_MEET: "不满足居住要求"},
)
FIELDS_ZH = field_labels(
    (ResidenceCase, ResidenceDecision, ResidencePeriod, ResidenceOptions),
    {
        "proof": "居住证明",
        "residence_periods": "居住期间",
        "residence_start": "连续居住起始日",
        "certificate_is_original": "证明是否为原件",
        "filing_date": "备案日期",
        "first_date_met": "首次满足要求的日期",
        "continuous_since": "连续居住起始日（至备案日）",
        "first_day": "起始日",
        "last_day": "截止日",
        "allowed_gap_days": "允许的中断天数",
    },
)

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
RESIDENCE_BROKEN = ReasonTemplate(
    "residence.continuity_broken",
    "Residence was broken from {gap_first} to {gap_last} ({gap_days} day(s) outside every listed "
    "period; continuity allows {allowed_gap_days}); continuous residence counts from "
    "{residence_start}.",
    "{gap_first}至{gap_last}期间居住中断（不在所列任何期间内{gap_days}天，连续性允许{allowed_gap_days}天），"
    "连续居住自{residence_start}起计算。",
    (_RESIDENCE,),
)
RESIDENCE_ENDED = ReasonTemplate(
    "residence.not_continuous_to_filing",
    "The listed residence ends on {residence_end}, {gap_days} day(s) before the filing on "
    "{filing_date} (continuity allows {allowed_gap_days}): there is no continuous residence up to the "
    "filing.",
    "所列居住期间止于{residence_end}，距{filing_date}办理尚有{gap_days}天（连续性允许{allowed_gap_days}天）："
    "截至办理日不存在连续居住。",
    (_RESIDENCE,),
)

REASONS: tuple[ReasonTemplate, ...] = (
    RESIDENCE_MET,
    RESIDENCE_NOT_MET,
    RESIDENCE_PERMIT,
    RESIDENCE_PROOF_REFUSED,
    RESIDENCE_COPY_REFUSED,
    RESIDENCE_BROKEN,
    RESIDENCE_ENDED,
)
_RESIDENCE_EN, _RESIDENCE_ZH = "the six months of residence", "连续居住期间"


def offsite_filing_residence(
    case: ResidenceCase,
    *,
    parameters: ParameterSet | None = None,
    options: ResidenceOptions = DEFAULT_RESIDENCE_OPTIONS,
) -> ResidenceDecision:
    """Whether the proof of residence meets the requirement for off-site filing.

    Source 002: "Residents should bring the original certificate of continuous residence for more than
    6 months issued by the local police station, street and neighborhood (village) committee, or a
    copy of the temporary residence permit."

    The Chinese wording is 6个月以上, which includes the number itself (Civil Code art. 1259): exactly
    six months meets the requirement. Six months after the first day of continuous residence is the
    corresponding day (art. 202, the month end where there is none); it is a duration already lived,
    not a deadline, so it is not moved for rest days. A temporary residence permit copy is accepted on
    its own. The parameters in force on the filing date apply. Every failing condition is listed.

    >>> import datetime as dt
    >>> case = ResidenceCase(proof="police_station_certificate", residence_start=dt.date(2026, 1, 10),
    ...                      filing_date=dt.date(2026, 7, 10), evaluation_date=dt.date(2026, 7, 10))
    >>> d = offsite_filing_residence(case)
    >>> d.outcome, d.first_date_met
    (<ResidenceOutcome.MEETS: 'meets'>, datetime.date(2026, 7, 10))
    """
    case = ensure_valid(case)
    filing = case.filing_date or case.evaluation_date
    minimum = _minimum_residence(case, filing, parameters)
    minimum_months = minimum.number
    reasons: list[Reason] = []
    meets = True
    first_met = since = None
    if case.proof is ResidenceProof.TEMPORARY_RESIDENCE_PERMIT_COPY:
        reasons.append(RESIDENCE_PERMIT())
    elif case.proof not in CERTIFICATES:
        meets = False
        reasons.append(RESIDENCE_PROOF_REFUSED(proof=case.proof))
    else:
        since, continuity = continuous_residence_since(case, filing, options)
        reasons += continuity
        if since is None:
            meets = False
        else:
            end = _six_months(since, minimum_months)
            first_met = end.nominal
            met = filing >= first_met
            meets = met
            facts = {
                "residence_start": since,
                "minimum_months": minimum_months,
                "first_date_met": first_met,
                "filing_date": filing,
            }
            reasons.insert(0, (RESIDENCE_MET if met else RESIDENCE_NOT_MET)(**facts))
            reasons += period_reasons(end, _RESIDENCE_EN, _RESIDENCE_ZH)
        if not case.certificate_is_original:
            meets = False
            reasons.append(RESIDENCE_COPY_REFUSED())
    return build(
        ResidenceDecision,
        rule=RULE,
        outcome=ResidenceOutcome.MEETS if meets else ResidenceOutcome.DOES_NOT_MEET,
        reasons=tuple(reasons),
        evaluation_date=case.evaluation_date,
        jurisdiction=case.jurisdiction,
        parameters=(minimum.use(),),
        proof=case.proof,
        filing_date=filing,
        first_date_met=first_met,
        continuous_since=since,
    )


def continuous_residence_since(
    case: ResidenceCase, filing: dt.date, options: ResidenceOptions = DEFAULT_RESIDENCE_OPTIONS
) -> tuple[dt.date | None, list[Reason]]:
    """The first day of the continuous residence that reaches ``filing`` (``None`` when none does),
    and the reasons about breaks in it.

    The periods are merged where they overlap or where the days between them are no more than
    ``options.allowed_gap_days``; the run that reaches the filing day counts.

    >>> import datetime as dt
    >>> case = ResidenceCase(proof="police_station_certificate", residence_periods=[
    ...     {"first_day": "2025-03-01", "last_day": "2025-10-31"}, {"first_day": "2025-11-03"}],
    ...     evaluation_date="2026-05-20")
    >>> since, reasons = continuous_residence_since(case, dt.date(2026, 5, 20))
    >>> since, [r.code for r in reasons]
    (datetime.date(2025, 11, 3), ['residence.continuity_broken'])
    """
    if case.residence_start is not None:
        return case.residence_start, []
    periods = sorted(case.residence_periods or (), key=lambda p: p.first_day)
    allowed = options.allowed_gap_days
    runs: list[tuple[dt.date, dt.date | None]] = []
    breaks: list[tuple[dt.date, dt.date]] = []
    for period in periods:
        if period.first_day > filing:
            break
        if runs:
            start, end = runs[-1]
            if end is None or (period.first_day - end).days - 1 <= allowed:
                last = None if end is None or period.last_day is None else max(end, period.last_day)
                runs[-1] = (start, last)
                continue
            breaks.append((end + dt.timedelta(days=1), period.first_day - dt.timedelta(days=1)))
        runs.append((period.first_day, period.last_day))
    start, end = runs[-1]
    if end is not None and end < filing and (filing - end).days - 1 > allowed:
        return None, [
            RESIDENCE_ENDED(
                residence_end=end,
                gap_days=(filing - end).days - 1,
                filing_date=filing,
                allowed_gap_days=allowed,
            )
        ]
    reasons = []
    if breaks:
        gap_first, gap_last = breaks[-1]
        reasons.append(
            RESIDENCE_BROKEN(
                gap_first=gap_first,
                gap_last=gap_last,
                gap_days=(gap_last - gap_first).days + 1,
                allowed_gap_days=allowed,
                residence_start=start,
            )
        )
    return start, reasons


def _six_months(since: dt.date, months: int) -> PeriodEnd:
    """The day the residence since ``since`` reaches ``months``; a day beyond the last
    representable one names ``first_date_met``."""
    try:
        return period_end(since, months=months, roll_forward=False)
    except CalendarYearNotCoveredError as exc:
        raise exc.about("first_date_met", f"{months} months of residence since {since}") from None


def _minimum_residence(
    case: ResidenceCase, filing: dt.date, parameters: ParameterSet | None
) -> ParameterVersion:
    """The minimum residence in force on the filing day (or given); an error names the field the day
    came from."""
    try:
        p = parameters or parameters_for(case.jurisdiction, on=filing)
        return p.version("offsite_filing.minimum_residence")
    except ParameterNotInForceError as exc:
        raise exc.about("filing_date" if case.filing_date else "evaluation_date") from None


RULES: tuple[RuleSpec, ...] = (
    RuleSpec(
        name=RULE,
        function=offsite_filing_residence,
        input_model=ResidenceCase,
        decision_model=ResidenceDecision,
        outcomes=ResidenceOutcome,
        summary_en="Does the proof of residence meet the off-site filing requirement?",
        summary_zh="居住证明是否满足异地就医备案要求？",
        reasons=(*REASONS, MONTH_END_CLAMPED),
    ),
)
