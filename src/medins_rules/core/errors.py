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
        ├── CalendarError
        │   ├── CalendarYearNotCoveredError the working-day calendar has no official data for a year
        │   └── CalendarDataError           a supplied year arrangement is malformed
        ├── UnknownDivisionError *          a division code in no code list, or not in use in a year
        │                                   (also a LookupError)
        ├── DivisionDataError *             the shipped division table is malformed
        ├── ChecklistDataError *            the shipped or supplied materials checklists are malformed
        ├── ColumnarInputError *            a column record the rule's input model would refuse
        └── CaseFileError *                 a case file that cannot be read or breaks the format

    * defined beside what raises it, not here: ``UnknownDivisionError`` and ``DivisionDataError``
      in ``medins_rules.vocab.divisions``, ``ChecklistDataError`` in
      ``medins_rules.processes.materials.checklist_data``, ``ColumnarInputError`` in
      ``medins_rules.engine.columnar``, ``CaseFileError`` in ``medins_rules.interfaces.casefiles``
      (this module is the bottom layer and imports none of them; they import it).

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
    """The working-day calendar cannot answer for a day.

    Each year's public holidays and make-up working days (调休) are arranged by the State Council
    late in the year before. Where a year's notice is not published the default calendar still
    answers from the national holiday regulations where they fix the day, and rules decide from the
    earliest and latest possible days; this error is raised where one answer is asked for and none
    can be given (``reason``):

    * ``"unknown_day"``: the day is near a holiday of a year whose notice is not published, and
      the notice may make it either a working or a rest day (``day`` names it);
    * ``"unpublished"``: a strict calendar refuses every day whose notice is not published;
    * ``"span"``, ``"festivals"``, ``"regulations"``: the year is outside what the package can
      compute (before the first published year or after the last year of its festival table).

    ``year`` is the year whose notice would settle it (for the last days of December, the next
    year). Raised by a rule, the message starts with the field whose date needed the day
    (``field``), for example ``"last_payable_day: ..."``, and says which period reached it.

    The message ends with what a Python caller can do about it (:attr:`advice`, for a year
    without its notice). :attr:`problem` is the message without it: the command line and the case
    files show it with advice of their own, naming their own flags and keys
    (``medins_rules.interfaces.hints``).
    """

    def __init__(
        self,
        year: int,
        covered: tuple[int, int] | None,
        *,
        reason: str = "unpublished",
        day: dt.date | None = None,
        field: str | None = None,
        context: str | None = None,
    ) -> None:
        self.year = year
        self.covered = covered
        self.reason = reason
        self.day = day
        self.field = field
        self.context = context
        span = f"{covered[0]}-{covered[1]}" if covered else "no years"
        if reason == "unknown_day" and day is not None:
            message = (
                f"working-day calendar: whether {day.isoformat()} is a working day depends on the "
                f"State Council's holiday arrangement for {year}, not yet published"
            )
        elif reason == "unpublished":
            message = (
                f"working-day calendar: no official arrangement for the year {year} "
                f"(published: {span})"
            )
        else:
            message = (
                f"working-day calendar: the year {year} is outside the years the calendar answers "
                f"for ({span})"
            )
        if context:
            message = f"{context}: {message}"
        self.problem = f"{field}: {message}" if field else message
        """The message without :attr:`advice`: what cannot be answered, and for which field."""
        self.advice = (
            "add the year's notice (WorkingDayCalendar.with_year, or a notice file) or use the "
            "partial calendar, which decides from the national holiday regulations where it can"
            if reason == "unpublished"
            else None
        )
        """What a Python caller can do about it, or ``None``."""
        super().__init__(f"{self.problem}; {self.advice}" if self.advice else self.problem)

    def about(self, field: str, context: str | None = None) -> Self:
        """The same error, naming the ``field`` whose date needed the day and, optionally, the
        period that reached it (``context``, e.g. "the one-year payable limit of the payment on
        2026-02-10")."""
        if self.field is not None:
            return self
        return type(self)(
            self.year,
            self.covered,
            reason=self.reason,
            day=self.day,
            field=field,
            context=context or self.context,
        )


class CalendarDataError(CalendarError):
    """A year arrangement supplied to the calendar that fails validation."""


DATE_NOT_COVERED = (ParameterNotInForceError, CalendarYearNotCoveredError)
"""The errors of a date the parameters or the calendar do not cover; a rule re-raises them with
``error.about(field)`` so that the message names the input field the date came from."""
