"""The peers the rules are measured against: tables, plain numpy, OpenFisca, and the parse floor.

* :func:`filing_table`: per payment date, the last on-time and the last payable day, from the
  package's own ``period_end`` over the bundled calendar (roll-forward included) and the window and
  limit in the shipped parameters. The table the columnar path's answer rests on, built once.
* :func:`decide_filing_table`: the filing decision over arrays as a plain numpy table look-up of
  that table (the outcome, the two last days and the days left): the columnar path's peer.
* :func:`build_openfisca`: the same rule encoded in OpenFisca (the optional extra ``bench``), like for
  like: the same table looked up in the formulas, roll-forward therefore included, and the treatment
  kinds as an OpenFisca enum with "not covered" as its own outcome. A simulation per batch, as a
  nightly run would build it.
* :func:`residence_table`, :func:`decide_residence_table`, :func:`settlement_table`,
  :func:`decide_settlement_table`: the same for the two other deadline rules (the first day the
  residence is met per start day; the settlement day per application day).

The parse floor and the bare decider over files are in :mod:`benchmarks.lines`.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from medins_rules.core.calendar import bundled_calendar
from medins_rules.core.errors import MedinsRulesError
from medins_rules.core.model import Jurisdiction
from medins_rules.core.parameters import parameters_for
from medins_rules.core.periods import add_months, period_end
from medins_rules.processes.enrolment import EnrolmentChannel, SettlementOutcome
from medins_rules.processes.offsite_filing import CERTIFICATES, ResidenceOutcome, ResidenceProof
from medins_rules.processes.reimbursement import COVERED_TREATMENTS, FilingOutcome, TreatmentKind

TREATMENTS: tuple[TreatmentKind, ...] = tuple(TreatmentKind)
"""Treatment code ``i`` is ``TREATMENTS[i]`` (the columnar path's codes)."""
OUTCOME_CODES: tuple[FilingOutcome, ...] = tuple(FilingOutcome)
"""Outcome code ``i`` is ``OUTCOME_CODES[i]`` (the columnar path's codes)."""
_NOT_COVERED = OUTCOME_CODES.index(FilingOutcome.NOT_COVERED)
_COVERED = np.array([kind in COVERED_TREATMENTS for kind in TREATMENTS], dtype=bool)
_NAT = np.iinfo(np.int64).min
_EPOCH = dt.date(1970, 1, 1).toordinal()


@dataclass(frozen=True)
class FilingTable:
    """Per payment day from ``first`` (a day number): the last on-time and last payable day (day
    numbers; ``_NAT`` where a last day is not known), and the seconds the build took."""

    first: int
    on_time: np.ndarray[Any, np.dtype[np.int64]]
    payable: np.ndarray[Any, np.dtype[np.int64]]
    seconds: float

    def __len__(self) -> int:
        return len(self.on_time)


def filing_table(first: dt.date, last: dt.date) -> FilingTable:
    """The filing rule's table for payment days ``first`` to ``last``, with the package's own
    ``period_end``, calendar and parameters (Guangzhou)."""
    began = time.perf_counter()
    calendar = bundled_calendar()
    size = (last - first).days + 1
    on_time = np.full(size, _NAT, dtype=np.int64)
    payable = np.full(size, _NAT, dtype=np.int64)
    for i in range(size):
        day = first + dt.timedelta(days=i)
        try:
            p = parameters_for(Jurisdiction.GUANGZHOU, on=day)
            window = p.int_value("reimbursement.on_time_window")
            limit = p.int_value("reimbursement.payable_limit")
        except MedinsRulesError:
            continue
        ends = (
            period_end(day, months=window, calendar=calendar),
            period_end(day, years=limit, calendar=calendar),
        )
        for column, end in zip((on_time, payable), ends, strict=True):
            if end.last_day is not None:
                column[i] = end.last_day.toordinal() - _EPOCH
    return FilingTable(first.toordinal() - _EPOCH, on_time, payable, time.perf_counter() - began)


def decide_filing_table(
    table: FilingTable,
    payment: np.ndarray[Any, Any],
    kinds: np.ndarray[Any, Any],
    filed: np.ndarray[Any, Any],
    evaluation: np.datetime64,
) -> tuple[np.ndarray[Any, Any], ...]:
    """The filing decision as a plain table look-up: ``(outcome codes, last on-time day, last
    payable day, days left on time, days left payable)``; days left are -1 where filed or not
    covered. Raises where a record needs a day the table does not know."""
    pay = payment.astype("datetime64[D]").view(np.int64)
    position = pay - table.first
    on_time = table.on_time[position]
    payable = table.payable[position]
    covered = _COVERED[kinds]
    if ((on_time == _NAT) | (payable == _NAT))[covered].any():
        raise ValueError("a covered record's last day is not known to the table")
    is_filed = ~np.isnat(filed)
    day = np.where(
        is_filed, filed.view(np.int64), evaluation.astype("datetime64[D]").view(np.int64)
    )
    late = (day > on_time).astype(np.int8) + (day > payable)
    outcome = np.where(covered, late, np.int8(_NOT_COVERED)).astype(np.int8)
    open_claim = covered & ~is_filed
    left_on_time = np.where(open_claim, np.maximum(on_time - day, 0), -1)
    left_payable = np.where(open_claim, np.maximum(payable - day, 0), -1)
    nat = np.int64(_NAT)
    return (
        outcome,
        np.where(covered, on_time, nat).view("datetime64[D]"),
        np.where(covered, payable, nat).view("datetime64[D]"),
        left_on_time,
        left_payable,
    )


def build_openfisca(
    table: FilingTable,
) -> Callable[[np.ndarray[Any, Any], np.ndarray[Any, Any], np.ndarray[Any, Any]], Any]:
    """``decide(payment, kinds, day) -> (outcome codes, last on-time day, last payable day)`` in
    OpenFisca, ``day`` being the filing day or, where not filed, the evaluation day."""
    from datetime import date

    from openfisca_core.indexed_enums import Enum
    from openfisca_core.periods import ETERNITY, YEAR
    from openfisca_core.simulations import SimulationBuilder
    from openfisca_core.variables import Variable
    from openfisca_country_template import CountryTaxBenefitSystem
    from openfisca_country_template.entities import Person

    treatment_kind = Enum("TreatmentKind", [(k.name, k.value) for k in TREATMENTS])
    covered_kinds = [treatment_kind[k.name] for k in TREATMENTS if k in COVERED_TREATMENTS]
    first, on_table, payable_table = table.first, table.on_time, table.payable

    def look_up(column: Any, paid: Any) -> Any:
        return column[paid.view(np.int64) - first].view("datetime64[D]")

    class payment_date(Variable):  # noqa: N801 - OpenFisca names variables in snake case
        value_type = date
        entity = Person
        definition_period = ETERNITY
        label = "Day the person paid out of pocket"

    class filing_day(Variable):  # noqa: N801
        value_type = date
        entity = Person
        definition_period = ETERNITY
        label = "Day the claim was filed (or, not filed yet, the evaluation day)"

    class treatment(Variable):  # noqa: N801
        value_type = Enum
        possible_values = treatment_kind
        default_value = treatment_kind[TreatmentKind.OTHER.name]
        entity = Person
        definition_period = ETERNITY
        label = "Kind of treatment paid for"

    class last_on_time_day(Variable):  # noqa: N801
        value_type = date
        entity = Person
        definition_period = YEAR
        label = "Last on-time day: the window's end, rolled forward (the table)"

        def formula(person: Any, period: Any, parameters: Any) -> Any:  # noqa: N805
            return look_up(on_table, person("payment_date", period))

    class last_payable_day(Variable):  # noqa: N801
        value_type = date
        entity = Person
        definition_period = YEAR
        label = "Last payable day: the limit's end, rolled forward (the table)"

        def formula(person: Any, period: Any, parameters: Any) -> Any:  # noqa: N805
            return look_up(payable_table, person("payment_date", period))

    class filing_outcome(Variable):  # noqa: N801
        value_type = int
        entity = Person
        definition_period = YEAR
        label = "0 on time, 1 late, 2 forfeited, 3 not covered"

        def formula(person: Any, period: Any, parameters: Any) -> Any:  # noqa: N805
            kind = person("treatment", period)
            covered = np.zeros(len(kind), dtype=bool)
            for member in covered_kinds:
                covered |= kind == member
            day = person("filing_day", period)
            late = (day > person("last_on_time_day", period)).astype(np.int8)
            late += day > person("last_payable_day", period)
            return np.where(covered, late, _NOT_COVERED)

    system = CountryTaxBenefitSystem()
    system.add_variables(
        payment_date, filing_day, treatment, last_on_time_day, last_payable_day, filing_outcome
    )

    def decide(payment: Any, kinds: Any, day: Any) -> Any:
        simulation = SimulationBuilder().build_default_simulation(system, count=len(payment))
        simulation.set_input("payment_date", "ETERNITY", payment)
        simulation.set_input("filing_day", "ETERNITY", day)
        simulation.set_input("treatment", "ETERNITY", kinds.astype(np.int16))
        return (
            simulation.calculate("filing_outcome", "2025"),
            simulation.calculate("last_on_time_day", "2025"),
            simulation.calculate("last_payable_day", "2025"),
        )

    return decide


# -- the other deadline rules --------------------------------------------------------------------------

_RESIDENCE_PROOFS = tuple(ResidenceProof)
_CERTIFICATE = np.array([p in CERTIFICATES for p in _RESIDENCE_PROOFS], dtype=bool)
_PERMIT = _RESIDENCE_PROOFS.index(ResidenceProof.TEMPORARY_RESIDENCE_PERMIT_COPY)
_MEETS = tuple(ResidenceOutcome).index(ResidenceOutcome.MEETS)
_DOES_NOT_MEET = tuple(ResidenceOutcome).index(ResidenceOutcome.DOES_NOT_MEET)
_COUNTY = tuple(EnrolmentChannel).index(EnrolmentChannel.COUNTY_CENTRE)
_ON_THE_SPOT = tuple(SettlementOutcome).index(SettlementOutcome.SETTLED_ON_THE_SPOT)
_BY_DATE = tuple(SettlementOutcome).index(SettlementOutcome.SETTLED_BY_DATE)


@dataclass(frozen=True)
class DayTable:
    """Per day from ``first`` (a day number), a day (a day number): a rule's table."""

    first: int
    days: np.ndarray[Any, np.dtype[np.int64]]
    seconds: float


def residence_table(first: dt.date, last: dt.date) -> DayTable:
    """Per residence start day, the first day the minimum residence (shipped parameters, read on
    the start day) is met, with the package's ``add_months``."""
    began = time.perf_counter()
    size = (last - first).days + 1
    days = np.empty(size, dtype=np.int64)
    for i in range(size):
        day = first + dt.timedelta(days=i)
        months = parameters_for(Jurisdiction.GUANGZHOU, on=day).int_value(
            "offsite_filing.minimum_residence"
        )
        days[i] = add_months(day, months)[0].toordinal() - _EPOCH
    return DayTable(first.toordinal() - _EPOCH, days, time.perf_counter() - began)


def decide_residence_table(
    table: DayTable,
    proofs: np.ndarray[Any, Any],
    start: np.ndarray[Any, Any],
    original: np.ndarray[Any, Any],
    filing: np.datetime64,
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """``(outcome codes, first day met)``: a certificate meets the requirement from its table day
    (if original), a temporary residence permit copy always, anything else never."""
    certificate = _CERTIFICATE[proofs]
    position = np.where(certificate, start.view(np.int64) - table.first, 0)
    met = np.where(certificate, table.days[position], np.int64(_NAT))
    day = filing.astype("datetime64[D]").view(np.int64)
    meets = np.where(certificate, (day >= met) & original, proofs == _PERMIT)
    return np.where(meets, _MEETS, _DOES_NOT_MEET).astype(np.int8), met.view("datetime64[D]")


def settlement_table(first: dt.date, last: dt.date) -> DayTable:
    """Per application day, the Nth working day after it (N from the shipped parameters), with the
    package's calendar."""
    began = time.perf_counter()
    calendar = bundled_calendar()
    size = (last - first).days + 1
    days = np.empty(size, dtype=np.int64)
    for i in range(size):
        day = first + dt.timedelta(days=i)
        n = parameters_for(Jurisdiction.GUANGZHOU, on=day).int_value(
            "enrolment.service_point_settlement"
        )
        days[i] = calendar.nth_working_day_after(day, n).toordinal() - _EPOCH
    return DayTable(first.toordinal() - _EPOCH, days, time.perf_counter() - began)


def decide_settlement_table(
    table: DayTable, application: np.ndarray[Any, Any], channels: np.ndarray[Any, Any]
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """``(outcome codes, settlement day)``: on the spot at a county centre, else the table's day."""
    day = application.view(np.int64)
    point = channels != _COUNTY
    settled = np.where(point, table.days[day - table.first], day)
    outcome = np.where(point, _BY_DATE, _ON_THE_SPOT).astype(np.int8)
    return outcome, settled.view("datetime64[D]")
