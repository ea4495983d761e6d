"""Properties of the materials check, stated with hypothesis."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from medins_rules.processes.materials import (
    EARLIEST_BIRTH_DATE,
    IDENTITY_KINDS,
    PERMIT_PREFIXES,
    REASONS,
    AddressCodeCheck,
    Business,
    DefectKind,
    Form,
    IdProblem,
    ItemKind,
    ItemStatus,
    MaterialsCase,
    MaterialsDecision,
    MaterialsOptions,
    MaterialsOutcome,
    SubmittedItem,
    check_id_number,
    check_materials,
    checklist,
)
from medins_rules.testing.strategies.materials import (
    LabelledSubmission,
    born_on,
    complete_submissions,
    evaluation_dates,
    hmt_permit_numbers,
    invalid_id_numbers,
    materials_cases,
    submissions_missing_one_item,
    submissions_with_one_defect,
    too_early_id_numbers,
    unneeded_items,
    valid_ric_numbers,
)
from medins_rules.vocab import divisions

CODES = {r.code for r in REASONS}
OPTIONS = st.builds(
    MaterialsOptions,
    original_satisfies_copy=st.booleans(),
    hedged_items_required=st.booleans(),
    address_code_check=st.sampled_from(AddressCodeCheck),
)
fast = settings(max_examples=max(25, settings.default.max_examples // 2), deadline=None)


def with_items(case: MaterialsCase, items: tuple[SubmittedItem, ...]) -> MaterialsCase:
    return MaterialsCase.model_validate({**case.model_dump(), "items": items})


def unsatisfied(d: MaterialsDecision) -> int:
    return len(d.missing) + len(d.defective)


@fast
@given(complete_submissions())
def test_a_complete_submission_is_complete(sub: LabelledSubmission) -> None:
    d = check_materials(sub.case)
    assert d.outcome is MaterialsOutcome.COMPLETE, d.explain()
    assert d.not_needed == tuple(n for n, s in enumerate(sub.serves) if s is None)


@fast
@given(submissions_missing_one_item())
def test_removing_a_required_item_always_yields_incomplete_naming_that_item(
    drawn: tuple[MaterialsCase, str],
) -> None:
    case, removed = drawn
    d = check_materials(case)
    assert d.outcome is MaterialsOutcome.INCOMPLETE
    assert len(d.missing) == 1
    assert d.defects == ()
    if d.missing != (removed,):
        # Only where two items take the same document (the original card and its copy) may the
        # remaining document move to the removed item, leaving its twin missing.
        found = checklist(case.business)
        kinds = {a.kind for a in found.item(removed).accepts}
        assert kinds & {a.kind for a in found.item(d.missing[0]).accepts}


@fast
@given(submissions_with_one_defect())
def test_one_defect_makes_it_incomplete_and_is_named(
    drawn: tuple[MaterialsCase, str, DefectKind],
) -> None:
    case, item, defect = drawn
    d = check_materials(case)
    assert d.outcome is MaterialsOutcome.INCOMPLETE
    assert d.missing == ()
    assert (item, defect) in [(x.item, x.kind) for x in d.defects], d.explain()


@fast
@given(st.data())
def test_adding_an_unneeded_item_never_changes_the_outcome(data: st.DataObject) -> None:
    case = data.draw(materials_cases())
    extra = data.draw(unneeded_items(case.business, case.through_agent))
    options = data.draw(OPTIONS)
    before = check_materials(case, options=options)
    after = check_materials(with_items(case, (*case.items, extra)), options=options)
    assert after.outcome is before.outcome
    assert (after.missing, after.defects) == (before.missing, before.defects)
    assert after.not_needed == (*before.not_needed, len(case.items))


@fast
@given(complete_submissions(), st.data())
def test_adding_anything_to_a_complete_submission_keeps_it_complete(
    sub: LabelledSubmission, data: st.DataObject
) -> None:
    extra = data.draw(unneeded_items(sub.case.business, sub.case.through_agent))
    at = data.draw(st.integers(0, len(sub.case.items)))
    items = (*sub.case.items[:at], extra, *sub.case.items[at:])
    assert check_materials(with_items(sub.case, items)).outcome is MaterialsOutcome.COMPLETE


@fast
@given(materials_cases(), st.data())
def test_an_original_in_place_of_a_copy_never_makes_it_worse(
    case: MaterialsCase, data: st.DataObject
) -> None:
    copies = [n for n, item in enumerate(case.items) if item.form is Form.COPY]
    assume(copies)
    n = data.draw(st.sampled_from(copies))
    original = SubmittedItem.model_validate(
        {**case.items[n].model_dump(), "form": "original", "sides": None}
    )
    before = check_materials(case)
    after = check_materials(
        with_items(case, tuple(original if m == n else i for m, i in enumerate(case.items)))
    )
    if before.outcome is MaterialsOutcome.COMPLETE:
        assert after.outcome is MaterialsOutcome.COMPLETE
    assert len(after.missing) <= len(before.missing)
    assert unsatisfied(after) <= unsatisfied(before)


@fast
@given(materials_cases(), OPTIONS)
def test_every_case_gets_a_decision_that_accounts_for_every_item(
    case: MaterialsCase, options: MaterialsOptions
) -> None:
    d = check_materials(case, options=options)
    assert d.reasons
    assert set(d.reason_codes) <= CODES
    assert all(r.citations for r in d.reasons)
    complete = not d.missing and not d.defective and not d.agent_not_permitted
    assert (d.outcome is MaterialsOutcome.COMPLETE) == complete
    matched = [r.submitted for r in d.items if r.submitted is not None]
    assert sorted([*matched, *d.not_needed]) == list(range(len(case.items)))
    assert [r.item for r in d.items] == [i.id for i in checklist(case.business).items]
    assert {x.item for x in d.defects} == set(d.defective)
    assert set(d.missing) == {r.item for r in d.items if r.status is ItemStatus.MISSING}
    assert {a.item for a in d.alternatives_used} <= {
        r.item for r in d.items if r.status is ItemStatus.SATISFIED
    }


@fast
@given(materials_cases(), OPTIONS)
def test_every_decision_round_trips_through_json(
    case: MaterialsCase, options: MaterialsOptions
) -> None:
    d = check_materials(case, options=options)
    assert MaterialsDecision.model_validate_json(d.model_dump_json()) == d


@fast
@given(materials_cases())
def test_every_case_round_trips_through_json(case: MaterialsCase) -> None:
    assert MaterialsCase.model_validate_json(case.model_dump_json()) == case


@fast
@given(materials_cases(business=Business.ONLINE_SUSPENSION))
def test_online_suspension_through_an_agent_is_never_complete(case: MaterialsCase) -> None:
    d = check_materials(case)
    if case.through_agent:
        assert d.outcome is MaterialsOutcome.INCOMPLETE


@fast
@given(valid_ric_numbers(), st.sampled_from(AddressCodeCheck))
def test_drawn_identity_card_numbers_are_valid(number: str, check: AddressCodeCheck) -> None:
    assert check_id_number(number, address_check=check).valid


_RECORDS = sorted(
    (d for rs in divisions.table().values() for d in rs if d.province not in PERMIT_PREFIXES),
    key=lambda d: (d.code, d.first_listed),
)


def _number(code: str, birth: dt.date, order: int) -> str:
    return born_on(f"{code}19000101{order:03d}" + "0", birth)


@fast
@given(st.sampled_from(_RECORDS), st.data())
def test_the_county_check_accepts_a_code_exactly_when_it_was_in_use_since_the_birth_year(
    record: divisions.Division, data: st.DataObject
) -> None:
    birth = data.draw(st.dates(min_value=EARLIEST_BIRTH_DATE, max_value=dt.date(2030, 12, 31)))
    on = data.draw(st.dates(min_value=birth, max_value=dt.date(2035, 12, 31)))
    number = _number(record.code, birth, data.draw(st.integers(0, 999)))
    result = check_id_number(number, on=on, address_check=AddressCodeCheck.COUNTY_AT_BIRTH)
    # In use at some time from the birth year to the check's year (the first list for a check
    # before 1981): some record begins by then and ends (a year after its last list) no earlier.
    last = max(on.year, divisions.FIRST_LIST_YEAR)
    in_use = any(
        r.first_listed <= last and (r.last_listed is None or birth.year <= r.last_listed + 1)
        for r in divisions.records(record.code)
    )
    assert result.valid == in_use
    if record.first_listed <= birth.year and record.listed:
        assert result.valid
    assert check_id_number(number, on=on).valid  # every listed code's province is known


_ABOLISHED = [d for d in _RECORDS if not d.listed and d is divisions.records(d.code)[-1]]
"""The last records of codes no longer listed (abolished, or gone to another code)."""


@fast
@given(st.sampled_from(_ABOLISHED), st.data())
def test_a_code_abolished_before_the_birth_year_fails_only_the_county_check(
    record: divisions.Division, data: st.DataObject
) -> None:
    assert record.last_listed is not None
    born = record.last_listed + 2  # the first year the code is no longer in use
    birth = data.draw(st.dates(min_value=dt.date(born, 1, 1), max_value=dt.date(2030, 12, 31)))
    number = _number(record.code, birth, 1)
    on = dt.date(2031, 1, 1)
    strict = check_id_number(number, on=on, address_check=AddressCodeCheck.COUNTY_AT_BIRTH)
    assert strict.problem is IdProblem.ADDRESS_CODE
    assert check_id_number(number, on=on).valid


@fast
@given(hmt_permit_numbers())
def test_drawn_permit_numbers_are_valid_permits_and_not_identity_cards(number: str) -> None:
    assert check_id_number(number, kind=ItemKind.HMT_RESIDENCE_PERMIT).valid
    assert not check_id_number(number).valid


@fast
@given(
    invalid_id_numbers(),
    st.sampled_from([ItemKind.RESIDENT_IDENTITY_CARD, ItemKind.HMT_RESIDENCE_PERMIT]),
)
def test_drawn_invalid_numbers_are_invalid_whatever_the_document(
    number: str, kind: ItemKind
) -> None:
    assert not check_id_number(number, kind=kind).valid


@fast
@given(
    st.text(max_size=40),
    st.sampled_from([ItemKind.RESIDENT_IDENTITY_CARD, ItemKind.HMT_RESIDENCE_PERMIT]),
)
def test_any_text_is_answered_without_an_exception(number: str, kind: ItemKind) -> None:
    result = check_id_number(number, kind=kind)
    assert result.valid or (result.problem_en and result.problem_zh)


def kind_of(number: str) -> ItemKind:
    """The document a drawn number belongs on."""
    return (
        ItemKind.HMT_RESIDENCE_PERMIT
        if number[:6] in PERMIT_PREFIXES
        else ItemKind.RESIDENT_IDENTITY_CARD
    )


VALID_NUMBERS = st.one_of(valid_ric_numbers(), hmt_permit_numbers())
LAST_TOO_EARLY = EARLIEST_BIRTH_DATE - dt.timedelta(days=1)


@fast
@given(VALID_NUMBERS, st.dates(max_value=LAST_TOO_EARLY), st.none() | evaluation_dates())
def test_a_valid_number_moved_to_a_birth_date_before_1900_is_too_early(
    number: str, birth: dt.date, on: dt.date | None
) -> None:
    result = check_id_number(born_on(number, birth), kind=kind_of(number), on=on)
    assert result.problem is IdProblem.BIRTH_DATE_TOO_EARLY
    assert result.birth_date == birth


@fast
@given(VALID_NUMBERS, st.dates(EARLIEST_BIRTH_DATE, dt.date(2030, 12, 31)), st.data())
def test_a_valid_number_born_from_1900_to_the_evaluation_date_stays_valid(
    number: str, birth: dt.date, data: st.DataObject
) -> None:
    on = data.draw(st.dates(min_value=birth, max_value=dt.date(2031, 12, 31)))
    check = data.draw(st.sampled_from(AddressCodeCheck))
    result = check_id_number(
        born_on(number, birth), kind=kind_of(number), on=on, address_check=check
    )
    assert result.valid, result.problem_en
    assert result.birth_date == birth


@fast
@given(
    too_early_id_numbers(),
    st.sampled_from([Business.CARD_APPLICATION, Business.ENROLMENT, Business.ONLINE_CANCELLATION]),
    st.data(),
)
def test_a_number_born_before_1900_never_completes_the_materials(
    number: str, business: Business, data: st.DataObject
) -> None:
    full = data.draw(complete_submissions(business, extras=False))
    identity = [n for n, i in enumerate(full.case.items) if i.kind in IDENTITY_KINDS]
    n = data.draw(st.sampled_from(identity))
    spoiled = full.case.items[n].model_copy(update={"number": number})
    items = tuple(spoiled if m == n else i for m, i in enumerate(full.case.items))
    d = check_materials(with_items(full.case, items))
    assert d.outcome is MaterialsOutcome.INCOMPLETE
    assert any(x.kind is DefectKind.INVALID_ID_NUMBER and x.submitted == n for x in d.defects)


@settings(fast, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(complete_submissions(Business.ENROLMENT), st.data())
def test_an_agents_document_with_the_insured_persons_number_is_never_the_agents_certificate(
    sub: LabelledSubmission, data: st.DataObject
) -> None:
    case = sub.case
    insured = [n for n, s in enumerate(sub.serves) if s == "identity_document"]
    agent = [n for n, s in enumerate(sub.serves) if s == "agent_identity_document"]
    assume(agent and case.items[insured[0]].number is not None)
    number = case.items[insured[0]].number
    assert number is not None
    written = data.draw(st.sampled_from((number, number.lower(), f" {number} ")))
    items = tuple(
        i.model_copy(update={"number": written}) if n == agent[0] else i
        for n, i in enumerate(case.items)
    )
    d = check_materials(with_items(case, items))
    assert d.outcome is MaterialsOutcome.INCOMPLETE
    assert ("agent_identity_document", DefectKind.AGENT_IS_THE_INSURED) in [
        (x.item, x.kind) for x in d.defects
    ]
    assert d.missing == ()


@fast
@given(VALID_NUMBERS, st.data())
def test_an_evaluation_date_before_the_birth_date_in_a_number_makes_it_invalid_never_an_error(
    number: str, data: st.DataObject
) -> None:
    birth = check_id_number(number, kind=kind_of(number)).birth_date
    assert birth is not None
    on = data.draw(st.dates(max_value=birth - dt.timedelta(days=1)))
    result = check_id_number(number, kind=kind_of(number), on=on)
    assert result.problem is IdProblem.BIRTH_DATE_AFTER_EVALUATION
    assert on.isoformat() in (result.problem_en or "")
