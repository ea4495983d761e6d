"""The package's exceptions.

Every error the package raises on purpose derives from :class:`MedinsRulesError`, itself a
:class:`ValueError`, so ``except ValueError`` catches bad input of every kind. Input models raise
pydantic's :class:`pydantic.ValidationError` (also a ``ValueError``), which names the field path.

Hierarchy::

    ValueError
    ├── pydantic.ValidationError            bad field in an input model (names the field path)
    └── MedinsRulesError                    anything else this package refuses
        ├── UnknownJurisdictionError        a jurisdiction code the package does not encode
        ├── UnknownCitationError            an instrument, article or passage not in the registry
        ├── UnknownRuleError                a rule name no rule answers to
        ├── RecordTooLargeError             a record (text) larger than the limit set for one record
        ├── ParameterError
        │   ├── UnknownParameterError       a parameter name that does not exist
        │   ├── ParameterNotInForceError    no version of the parameter covers the date
        │   └── ParameterDataError          the shipped or supplied parameter data is malformed
        └── CalendarError
            ├── CalendarYearNotCoveredError the working-day calendar has no official data for a year
            └── CalendarDataError           a supplied year arrangement is malformed

Messages name the field or key, what was expected and what was given.
"""

from __future__ import annotations

import datetime as dt
from typing import Self

__all__ = [
    "CalendarDataError",
    "CalendarError",
    "CalendarYearNotCoveredError",
    "MedinsRulesError",
    "ParameterDataError",
    "ParameterError",
    "ParameterNotInForceError",
    "RecordTooLargeError",
    "UnknownCitationError",
    "UnknownJurisdictionError",
    "UnknownParameterError",
    "UnknownRuleError",
]


class MedinsRulesError(ValueError):
    """Base class of every error this package raises on purpose."""


class UnknownJurisdictionError(MedinsRulesError):
    """A jurisdiction code that the package does not encode."""

    def __init__(self, code: object, known: tuple[str, ...]) -> None:
        self.code = code
        super().__init__(
            f"jurisdiction: expected one of {', '.join(known)}; got {code!r} "
            "(the package encodes the national level, Guangdong and Guangzhou only)"
        )


class UnknownCitationError(MedinsRulesError):
    """A citation of an instrument, article or passage that the legal registry does not hold."""


class UnknownRuleError(MedinsRulesError):
    """A rule name that no rule answers to."""

    def __init__(self, name: object, known: tuple[str, ...]) -> None:
        self.name = name
        super().__init__(f"rule: expected one of {', '.join(known)}; got {name!r}")


class RecordTooLargeError(MedinsRulesError):
    """A record given as text that is larger than the limit on one record.

    The limit (``max_record_bytes``, 1 MiB unless set) keeps a runaway input from costing time and
    memory: the record is refused before it is parsed.
    """

    def __init__(self, size: int, limit: int) -> None:
        self.size = size
        self.limit = limit
        super().__init__(
            f"the record is larger than the limit of {limit:,} bytes on one record (got "
            f"{size:,} bytes or more); set max_record_bytes (--max-record-bytes) for larger records"
        )


class ParameterError(MedinsRulesError):
    """Base class of parameter lookup and data errors."""


class UnknownParameterError(ParameterError):
    """A parameter name that does not exist."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"parameter {name!r} does not exist")


class ParameterNotInForceError(ParameterError):
    """No version of a parameter is in force for the jurisdiction on the date asked about.

    Raised by a rule, its message starts with the input field at fault (``field``): the one whose
    date selected the parameters (``"payment_date: parameter ... is not in force ..."``), or
    ``jurisdiction`` when the jurisdiction has no version of the parameter on any date
    (``never_for_jurisdiction``), so that no other date would do.
    """

    def __init__(
        self,
        name: str,
        jurisdiction: str,
        on: dt.date,
        detail: str = "",
        *,
        field: str | None = None,
        never_for_jurisdiction: bool = False,
    ) -> None:
        self.name = name
        self.jurisdiction = jurisdiction
        self.on = on
        self.detail = detail
        self.field = field
        self.never_for_jurisdiction = never_for_jurisdiction
        message = f"parameter {name!r} is not in force for jurisdiction {jurisdiction} on {on.isoformat()}"
        message = f"{message}: {detail}" if detail else message
        super().__init__(f"{field}: {message}" if field else message)

    def about(self, field: str) -> Self:
        """The same error, naming the input ``field`` whose date selected the parameters (or
        ``jurisdiction``, when no date would do)."""
        if self.field is not None:
            return self
        return type(self)(
            self.name,
            self.jurisdiction,
            self.on,
            self.detail,
            field="jurisdiction" if self.never_for_jurisdiction else field,
            never_for_jurisdiction=self.never_for_jurisdiction,
        )


class ParameterDataError(ParameterError):
    """Parameter data (shipped or supplied by a caller) that fails validation."""


class CalendarError(MedinsRulesError):
    """Base class of working-day calendar errors."""


class CalendarYearNotCoveredError(CalendarError):
    """The working-day calendar holds no official arrangement for a year.

    The State Council publishes each year's public holidays and make-up working days (调休) late in
    the year before. A date in a year the calendar does not know cannot be called a working day
    without guessing, so the calendar refuses. Two ways on: add the year's official arrangement
    with :meth:`medins_rules.WorkingDayCalendar.with_year`, or opt in to
    :meth:`medins_rules.WorkingDayCalendar.provisional`, which treats only weekends as rest days
    and marks every decision it touches as provisional.

    Raised by a rule, its message starts with the input field whose date needs the year
    (``field``), for example ``"payment_date: working-day calendar: no official arrangement ..."``.
    """

    def __init__(
        self, year: int, covered: tuple[int, int] | None, *, field: str | None = None
    ) -> None:
        self.year = year
        self.covered = covered
        self.field = field
        span = f"{covered[0]}-{covered[1]}" if covered else "no years"
        message = (
            f"working-day calendar: no official arrangement for the year {year} "
            f"(the calendar covers {span}); add the year's State Council notice with "
            "WorkingDayCalendar.with_year(...) or opt in to WorkingDayCalendar.provisional()"
        )
        super().__init__(f"{field}: {message}" if field else message)

    def about(self, field: str) -> Self:
        """The same error, naming the input ``field`` whose date needs the year."""
        if self.field is not None:
            return self
        return type(self)(self.year, self.covered, field=field)


class CalendarDataError(CalendarError):
    """A year arrangement supplied to the calendar that fails validation."""


DATE_NOT_COVERED = (ParameterNotInForceError, CalendarYearNotCoveredError)
"""The errors of a date the parameters or the calendar do not cover; a rule re-raises them with
``error.about(field)`` so that the message names the input field the date came from."""
