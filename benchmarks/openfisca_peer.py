"""The filing rule encoded in OpenFisca: the peer of the columnar path (the optional extra 'bench').

The country template's Person entity, two date inputs and the rule as a vectorised formula (numpy
month arithmetic with the month-end clamp; no roll-forward: OpenFisca has no working-day calendar).
A simulation is built per batch, as a nightly run would.
"""

from __future__ import annotations

from typing import Any

import numpy as np


def build_peer() -> Any:
    """A function ``decide(payment, day) -> outcome codes`` running the rule in OpenFisca."""
    from datetime import date

    from openfisca_core.periods import ETERNITY, YEAR
    from openfisca_core.simulations import SimulationBuilder
    from openfisca_core.variables import Variable
    from openfisca_country_template import CountryTaxBenefitSystem
    from openfisca_country_template.entities import Person

    def add_months(day: Any, months: int) -> Any:
        month = day.astype("datetime64[M]")
        offset = (day - month.astype("datetime64[D]")).astype(np.int64)
        target = month + np.timedelta64(months, "M")
        first = target.astype("datetime64[D]")
        length = ((target + np.timedelta64(1, "M")).astype("datetime64[D]") - first).astype(
            np.int64
        )
        return first + np.minimum(offset, length - 1).astype("timedelta64[D]")

    class payment_date(Variable):  # noqa: N801 - OpenFisca names variables in snake case
        value_type = date
        entity = Person
        definition_period = ETERNITY
        label = "Day the person paid out of pocket"

    class filing_day(Variable):  # noqa: N801
        value_type = date
        entity = Person
        definition_period = ETERNITY
        label = "Day the claim was filed (or the evaluation day)"

    class filing_status(Variable):  # noqa: N801
        value_type = int
        entity = Person
        definition_period = YEAR
        label = "0 on time, 1 late, 2 forfeited"

        def formula(person: Any, period: Any, parameters: Any) -> Any:  # noqa: N805
            paid = person("payment_date", period).astype("datetime64[D]")
            day = person("filing_day", period).astype("datetime64[D]")
            late = day > add_months(paid, 6)
            return late * (1 + (day > add_months(paid, 12)))

    system = CountryTaxBenefitSystem()
    system.add_variables(payment_date, filing_day, filing_status)

    def decide(payment: Any, day: Any) -> Any:
        simulation = SimulationBuilder.build_default_simulation(system, count=len(payment))
        simulation.set_input("payment_date", "ETERNITY", payment)
        simulation.set_input("filing_day", "ETERNITY", day)
        return simulation.calculate("filing_status", "2025")

    return decide
