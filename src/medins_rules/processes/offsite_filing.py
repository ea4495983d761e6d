"""Off-site filing: the proof of continuous residence.

Source 002: "Residents should bring the original certificate of continuous residence for more than 6
months issued by the local police station, street and neighborhood (village) committee, or a copy of
the temporary residence permit."
"""

import datetime as dt
import functools
from enum import StrEnum
from typing import Self

from pydantic import BaseModel, ConfigDict, model_validator

from medins_rules.core.errors import DATE_NOT_COVERED
from medins_rules.core.legal import Instrument, cite, cite_passage
from medins_rules.core.model import (
    Day,
    Decision,
    Jurisdiction,
    Reason,
    ReasonTemplate,
    RuleSpec,
)
from medins_rules.core.parameters import ParameterSet, ParameterVersion, parameters_for
from medins_rules.core.periods import PeriodEnd, period_end, period_reasons
from medins_rules.engine.memo import fast_constructor, identity_memo, value_memo

__all__ = [
    "REASONS",
    "RULES",
    "ResidenceCase",
    "ResidenceDecision",
    "ResidenceOutcome",
    "ResidenceProof",
    "offsite_filing_residence",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")

_RESIDENCE = cite_passage(Instrument.SOURCE_002, "residence_proof")
_ART_202 = cite(Instrument.CIVIL_CODE, 202)
_ART_1259 = cite(Instrument.CIVIL_CODE, 1259)

_use = identity_memo(ParameterVersion.use)


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


REASONS: tuple[ReasonTemplate, ...] = (
    RESIDENCE_MET,
    RESIDENCE_NOT_MET,
    RESIDENCE_PERMIT,
    RESIDENCE_PROOF_REFUSED,
    RESIDENCE_COPY_REFUSED,
)

RULES: tuple[RuleSpec, ...] = (
    RuleSpec(
        name="deadlines.offsite_filing_residence",
        function=offsite_filing_residence,
        input_model=ResidenceCase,
        decision_model=ResidenceDecision,
        outcomes=ResidenceOutcome,
        summary_en="Does the proof of residence meet the off-site filing requirement?",
        summary_zh="居住证明是否满足异地就医备案要求？",
        reasons=REASONS,
    ),
)
