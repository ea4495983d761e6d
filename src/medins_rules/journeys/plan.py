"""A person's whole journey: :func:`plan` turns a situation into the steps to take, in order.

A situation is one journey's typed input (a ``journey`` field names which); :func:`plan` calls the
rules that journey rests on and returns a :class:`Plan`: each step says what to do, where, how,
with what, by when and why, and keeps the rule calls it came from. The plan decides nothing
itself. For a situation with facts not known, :attr:`Plan.questions` lists the facts the decisions
name, ordered by how much each settles, found by planning again with each possible answer.
:func:`replan` re-evaluates on another day and says what changes.

>>> import datetime as dt
>>> p = plan({"journey": "offsite_reimbursement", "payment_date": "2026-03-03",
...           "treatment": "hospitalisation", "evaluation_date": "2026-12-01",
...           "offsite_filing": {"done": True, "date": "2026-02-20", "institution_selected": True,
...                              "treatment_start": "2026-02-25"}})
>>> [(s.id, s.status.value) for s in p.steps]
[('offsite_filing', 'done'), ('gather_materials', 'to_do'), ('file_claim', 'late')]
>>> claim = p.steps[-1]
>>> claim.rule, claim.decision.outcome.value, [d.day for d in claim.deadlines]
('deadlines.reimbursement_filing', 'late', [datetime.date(2026, 9, 3), datetime.date(2027, 3, 3)])
>>> later = replan(p, on=dt.date(2027, 3, 4))
>>> [(c.step, [k.value for k in c.kinds]) for c in later.changes]
[('offsite_filing', ['outcome']), ('file_claim', ['status', 'outcome']), ('gather_materials', ['removed'])]
>>> print(later.changes[1].describe())
File the reimbursement of the sporadic medical expenses at the medical insurance agency in Guangzhou: status late, still possible -> too late, outcome late -> forfeited
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType, ModuleType
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from medins_rules.core.calendar import WorkingDayCalendar
from medins_rules.core.model import FROZEN
from medins_rules.journeys import (
    card,
    enrolment,
    offsite_reimbursement,
    retirement,
    suspension_refund,
)
from medins_rules.journeys.card import CardSituation
from medins_rules.journeys.enrolment import EnrolmentSituation
from medins_rules.journeys.offsite_reimbursement import OffsiteReimbursementSituation
from medins_rules.journeys.retirement import RetirementSituation
from medins_rules.journeys.steps import (
    STATUS_TEXT,
    Channel,
    Deadline,
    DeadlineKind,
    Lang,
    Material,
    PlanOptions,
    Step,
    StepStatus,
    Text,
)
from medins_rules.journeys.suspension_refund import SuspensionRefundSituation
from medins_rules.processes.materials import DefectKind, ItemStatus

__all__ = [
    "Answer",
    "ChangeKind",
    "Deadline",
    "DeadlineKind",
    "Journey",
    "Plan",
    "PlanChange",
    "PlanOptions",
    "Question",
    "Replan",
    "Situation",
    "Step",
    "StepStatus",
    "parse_situation",
    "plan",
    "replan",
]


class Journey(StrEnum):
    """The journeys a plan knows."""

    OFFSITE_REIMBURSEMENT = "offsite_reimbursement"
    SUSPENSION_REFUND = "suspension_refund"
    ENROLMENT = "enrolment"
    CARD = "card"
    RETIREMENT = "retirement"


_MODULES: Mapping[Journey, ModuleType] = MappingProxyType(
    {
        Journey.OFFSITE_REIMBURSEMENT: offsite_reimbursement,
        Journey.SUSPENSION_REFUND: suspension_refund,
        Journey.ENROLMENT: enrolment,
        Journey.CARD: card,
        Journey.RETIREMENT: retirement,
    }
)
"""Each journey's module: its situation model, ``TITLE``, ``steps``, ``QUESTIONS``, ``candidates``."""

Situation = Annotated[
    OffsiteReimbursementSituation
    | SuspensionRefundSituation
    | EnrolmentSituation
    | CardSituation
    | RetirementSituation,
    Field(discriminator="journey"),
]
"""A situation of any journey, told apart by its ``journey`` field."""

_SITUATION: TypeAdapter[Any] = TypeAdapter(Situation)
_SITUATION_TYPES = (
    OffsiteReimbursementSituation,
    SuspensionRefundSituation,
    EnrolmentSituation,
    CardSituation,
    RetirementSituation,
)


def parse_situation(data: object) -> Any:
    """A situation from a model, a mapping or a JSON text; bad input raises
    :class:`pydantic.ValidationError` naming the field (after the journey's name)."""
    if isinstance(data, _SITUATION_TYPES):
        return data
    if isinstance(data, str | bytes):
        try:
            parsed = json.loads(data)
        except ValueError:
            parsed = None  # not JSON: the union's own validation says so
        if parsed is not None:
            _journey_of(parsed)
        return _SITUATION.validate_json(data)
    _journey_of(data)
    return _SITUATION.validate_python(data)


class _Tagged(BaseModel):
    """A situation's ``journey`` field alone (its other fields are the journey's model's)."""

    model_config = ConfigDict(extra="allow")

    journey: Journey


def _journey_of(data: object) -> Journey:
    """The journey a mapping names; a missing or unknown one raises naming ``journey``."""
    if not isinstance(data, Mapping):
        return _Tagged.model_validate(data).journey  # refused: not a mapping
    return _Tagged.model_validate({"journey": data["journey"]} if "journey" in data else {}).journey


class Answer(BaseModel):
    """One answer tried for a question: the plan it gives has so many steps undetermined and so many
    outcomes still open among the steps the question is about."""

    model_config = FROZEN

    value: bool | int | str
    undetermined_steps: int
    open_outcomes: int


class Question(BaseModel):
    """A fact the decisions name as not known, with what answering it settles.

    ``outcomes_settled`` is how many of the undetermined steps' possible outcomes an answer rules
    out, on average over the answers tried; ``steps_settled`` how many of those steps it settles, on
    average. The plan orders its questions by them, most first.
    """

    model_config = FROZEN

    fact: str
    ask: Text
    answers: tuple[Answer, ...]
    outcomes_settled: float
    steps_settled: float


class Plan(BaseModel):
    """The steps of a journey for a situation, in order, and the questions that would settle it.

    Steps are in the order they are done; a step with a day comes after every earlier step's day.
    ``unpublished_years`` are the years whose holiday notice a decision needed and did not have.
    """

    model_config = FROZEN

    journey: Journey
    title: Text
    evaluation_date: dt.date
    situation: Situation
    options: PlanOptions = PlanOptions()
    steps: tuple[Step, ...]
    questions: tuple[Question, ...] = ()
    unpublished_years: tuple[int, ...] = ()

    def step(self, step_id: str) -> Step:
        """The step called ``step_id``; ``KeyError`` for another id."""
        for found in self.steps:
            if found.id == step_id:
                return found
        raise KeyError(step_id)

    def on(self, day: dt.date, *, calendar: WorkingDayCalendar | None = None) -> Plan:
        """The plan for the same situation evaluated on ``day`` (what if it were that day)."""
        return plan(_on(self.situation, day), options=self.options, calendar=calendar)

    def explain(self, lang: Lang = "en") -> str:
        """The plan as text to read, in English or Chinese."""
        return _explain(self, lang)


class ChangeKind(StrEnum):
    """What changed in a step between two plans."""

    ADDED = "added"
    REMOVED = "removed"
    STATUS = "status"
    OUTCOME = "outcome"
    DEADLINE = "deadline"


class PlanChange(BaseModel):
    """How a step differs between two plans: its status, its decision's outcome, its days.

    A step in one plan only is ``added`` or ``removed`` (its status on the missing side is
    ``None``).
    """

    model_config = FROZEN

    step: str
    action: Text
    kinds: tuple[ChangeKind, ...]
    status_before: StepStatus | None
    status_after: StepStatus | None
    outcome_before: str | None
    outcome_after: str | None
    deadlines_before: tuple[Deadline, ...] = ()
    deadlines_after: tuple[Deadline, ...] = ()

    def describe(self, lang: Lang = "en") -> str:
        """The change in words."""
        before = STATUS_TEXT[self.status_before].get(lang) if self.status_before else None
        after = STATUS_TEXT[self.status_after].get(lang) if self.status_after else None
        name = self.action.get(lang)
        if lang == "zh":
            if ChangeKind.REMOVED in self.kinds:
                return f"{name}：不再列为步骤"
            if ChangeKind.ADDED in self.kinds:
                return f"{name}：新增步骤（{after}）"
            parts = []
            if ChangeKind.STATUS in self.kinds:
                parts.append(f"状态由“{before}”变为“{after}”")
            if ChangeKind.OUTCOME in self.kinds:
                parts.append(f"规则结果由 {self.outcome_before} 变为 {self.outcome_after}")
            if ChangeKind.DEADLINE in self.kinds:
                days = "；".join(d.describe("zh") for d in self.deadlines_after) or "无"
                parts.append(f"日期变为：{days}")
            return f"{name}：" + "，".join(parts)
        if ChangeKind.REMOVED in self.kinds:
            return f"{name}: no longer a step"
        if ChangeKind.ADDED in self.kinds:
            return f"{name}: a new step ({after})"
        parts = []
        if ChangeKind.STATUS in self.kinds:
            parts.append(f"status {before} -> {after}")
        if ChangeKind.OUTCOME in self.kinds:
            parts.append(f"outcome {self.outcome_before} -> {self.outcome_after}")
        if ChangeKind.DEADLINE in self.kinds:
            days = "; ".join(d.describe("en") for d in self.deadlines_after) or "none"
            parts.append(f"days now: {days}")
        return f"{name}: " + ", ".join(parts)


class Replan(BaseModel):
    """A plan, the same situation's plan on another day, and the steps that changed."""

    model_config = FROZEN

    before: Plan
    after: Plan
    changes: tuple[PlanChange, ...]


# -- planning -----------------------------------------------------------------------------------------


def plan(
    situation: object,
    *,
    options: PlanOptions | None = None,
    calendar: WorkingDayCalendar | None = None,
) -> Plan:
    """The plan for ``situation`` (a situation model, a mapping or JSON text).

    ``options`` are the interpretive choices of the rules called (defaults: the rules' own);
    ``calendar`` the working-day calendar (default: the bundled one). Bad input raises
    :class:`pydantic.ValidationError` naming the field.
    """
    s = parse_situation(situation)
    chosen = options or PlanOptions()
    module = _MODULES[Journey(s.journey)]
    steps = _ordered(module.steps(s, chosen, calendar))
    years = sorted(
        {y for step in steps for call in step.calls for y in call.decision.unpublished_years}
    )
    return Plan(
        journey=Journey(s.journey),
        title=module.TITLE,
        evaluation_date=s.evaluation_date,
        situation=s,
        options=chosen,
        steps=steps,
        questions=_questions(s, module, steps, chosen, calendar),
        unpublished_years=tuple(years),
    )


def _ordered(steps: tuple[Step, ...]) -> tuple[Step, ...]:
    """The steps in their journey's order, moved only as far as a later day requires: a step with a
    day never comes before an earlier step with a later day (an undated step keeps its place after
    the step before it)."""
    keys: list[dt.date] = []
    last = dt.date.min
    for step in steps:
        day = step.key_day
        if day is not None:
            last = day
        keys.append(last)
    order = sorted(range(len(steps)), key=lambda i: keys[i])
    return tuple(steps[i] for i in order)


def _on(situation: Any, day: dt.date) -> Any:
    data = situation.model_dump(mode="python")
    data["evaluation_date"] = day
    return type(situation).model_validate(data)


def _with(situation: Any, path: str, value: object) -> Any:
    data = situation.model_dump(mode="python")
    *parents, name = path.split(".")
    here = data
    for part in parents:
        here = here[part]
    here[name] = value
    return type(situation).model_validate(data)


def _shown(value: object) -> bool | int | str:
    if isinstance(value, bool | int | str):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    return json.dumps(value, default=str)


def _questions(
    s: Any,
    module: ModuleType,
    steps: tuple[Step, ...],
    options: PlanOptions,
    calendar: WorkingDayCalendar | None,
) -> tuple[Question, ...]:
    """The facts the steps miss, each tried with every answer, ordered by what it settles."""
    open_steps = {st.id: st for st in steps if st.status is StepStatus.UNDETERMINED}
    facts = list(dict.fromkeys(f for st in steps for f in st.missing_facts))
    found: list[tuple[float, float, int, Question]] = []
    for index, fact in enumerate(facts):
        answers = []
        for value in module.candidates(s, fact):
            try:
                variant = _with(s, fact, value)
            except ValidationError:
                continue  # not a possible answer in this situation
            by_id = {st.id: st for st in module.steps(variant, options, calendar)}
            undetermined = outcomes = 0
            for step_id in open_steps:
                other = by_id.get(step_id)
                if other is not None and other.status is StepStatus.UNDETERMINED:
                    undetermined += 1
                    outcomes += max(1, len(other.possible_outcomes))
                else:
                    outcomes += 1
            answers.append(
                Answer(value=_shown(value), undetermined_steps=undetermined, open_outcomes=outcomes)
            )
        if answers:
            base = sum(max(1, len(st.possible_outcomes)) for st in open_steps.values())
            mean_open = sum(a.open_outcomes for a in answers) / len(answers)
            mean_left = sum(a.undetermined_steps for a in answers) / len(answers)
            outcomes_settled = round(base - mean_open, 3)
            steps_settled = round(len(open_steps) - mean_left, 3)
        else:
            outcomes_settled = steps_settled = 0.0
        ask = module.QUESTIONS.get(fact) or Text(en=f"What is {fact}?", zh=f"{fact}是什么？")
        question = Question(
            fact=fact,
            ask=ask,
            answers=tuple(answers),
            outcomes_settled=outcomes_settled,
            steps_settled=steps_settled,
        )
        found.append((-outcomes_settled, -steps_settled, index, question))
    return tuple(q for *_, q in sorted(found, key=lambda t: t[:3]))


def replan(
    plan_or_situation: object,
    *,
    on: dt.date,
    options: PlanOptions | None = None,
    calendar: WorkingDayCalendar | None = None,
) -> Replan:
    """What changes when the situation is evaluated on ``on`` instead: the plan before (``plan``
    given, or planned now from a situation), the plan after, and each step whose status, outcome or
    days changed (or that appeared or went).

    An evaluation day before a fact of the situation is refused, naming ``evaluation_date``.
    """
    if isinstance(plan_or_situation, Plan):
        before = plan_or_situation
    else:
        before = plan(plan_or_situation, options=options, calendar=calendar)
    after = plan(_on(before.situation, on), options=options or before.options, calendar=calendar)
    return Replan(before=before, after=after, changes=changes(before, after))


def changes(before: Plan, after: Plan) -> tuple[PlanChange, ...]:
    """The steps that differ between two plans, in the later plan's order, then those it lost."""
    old = {st.id: st for st in before.steps}
    new = {st.id: st for st in after.steps}
    out = []
    for step in after.steps:
        was = old.get(step.id)
        if was is None:
            out.append(
                PlanChange(
                    step=step.id,
                    action=step.action,
                    kinds=(ChangeKind.ADDED,),
                    status_before=None,
                    status_after=step.status,
                    outcome_before=None,
                    outcome_after=step.decision.outcome.value,
                    deadlines_after=step.deadlines,
                )
            )
            continue
        kinds = []
        if was.status is not step.status:
            kinds.append(ChangeKind.STATUS)
        if was.decision.outcome != step.decision.outcome:
            kinds.append(ChangeKind.OUTCOME)
        if [d.key() for d in was.deadlines] != [d.key() for d in step.deadlines]:
            kinds.append(ChangeKind.DEADLINE)
        if kinds:
            out.append(
                PlanChange(
                    step=step.id,
                    action=step.action,
                    kinds=tuple(kinds),
                    status_before=was.status,
                    status_after=step.status,
                    outcome_before=was.decision.outcome.value,
                    outcome_after=step.decision.outcome.value,
                    deadlines_before=was.deadlines,
                    deadlines_after=step.deadlines,
                )
            )
    for step in before.steps:
        if step.id not in new:
            out.append(
                PlanChange(
                    step=step.id,
                    action=step.action,
                    kinds=(ChangeKind.REMOVED,),
                    status_before=step.status,
                    status_after=None,
                    outcome_before=step.decision.outcome.value,
                    outcome_after=None,
                    deadlines_before=step.deadlines,
                )
            )
    return tuple(out)


# -- text ---------------------------------------------------------------------------------------------

_CHANNEL_TEXT: Mapping[Channel, Text] = MappingProxyType(
    {
        Channel.IN_PERSON: Text(en="in person", zh="本人到场办理"),
        Channel.AGENT: Text(en="or through an agent", zh="或委托他人代办"),
        Channel.ONLINE: Text(en="online, by the insured person", zh="由参保人本人在线办理"),
    }
)
_ITEM_TEXT: Mapping[ItemStatus, Text] = MappingProxyType(
    {
        ItemStatus.SATISFIED: Text(en="ready", zh="已备齐"),
        ItemStatus.MISSING: Text(en="missing", zh="尚缺"),
        ItemStatus.DEFECTIVE: Text(en="not as required", zh="不符合要求"),
        ItemStatus.NOT_REQUIRED: Text(en="not needed", zh="无需提供"),
    }
)
_DEFECT_TEXT: Mapping[DefectKind, Text] = MappingProxyType(
    {
        DefectKind.COPY_NOT_ORIGINAL: Text(en="a copy, the original is asked for", zh="须为原件"),
        DefectKind.ORIGINAL_NOT_COPY: Text(en="an original, a copy is asked for", zh="须为复印件"),
        DefectKind.SIDE_MISSING: Text(en="a side is missing", zh="缺少一面"),
        DefectKind.SIDES_NOT_STATED: Text(en="the sides copied are not stated", zh="未注明复印面"),
        DefectKind.SEAL_MISSING: Text(en="a seal is missing", zh="缺少印章"),
        DefectKind.ISSUER_NOT_ACCEPTED: Text(
            en="issued by a body not accepted", zh="出具机构不符合要求"
        ),
        DefectKind.AGENT_IS_THE_INSURED: Text(
            en="the agent's document carries the insured person's own number",
            zh="代办人证件号码与参保人相同",
        ),
        DefectKind.INVALID_ID_NUMBER: Text(
            en="the identity number is not valid", zh="证件号码无效"
        ),
        DefectKind.DOCUMENT_EXPIRED: Text(en="expired", zh="已过期"),
    }
)
_OUTCOME_TEXT: Mapping[str, Text] = MappingProxyType(
    {
        "on_time": Text(en="on time", zh="按时申请"),
        "late": Text(en="late, still paid", zh="逾期申请（仍可支付）"),
        "forfeited": Text(en="not paid", zh="不予支付"),
        "not_covered": Text(en="a treatment not covered", zh="不属报销范围的治疗"),
        "outside_offsite_scope": Text(
            en="outside this reimbursement (the off-site filing)",
            zh="不属本报销范围（异地就医备案）",
        ),
        "no_further_premiums": Text(en="no further premiums", zh="退休后不再缴费"),
        "may_top_up": Text(en="may pay up to the years", zh="可缴费至规定年限"),
        "not_yet_retired": Text(en="not yet retired", zh="尚未退休"),
        "flexible_date_not_allowed": Text(
            en="the chosen retirement day is not allowed", zh="选定的退休日不予认可"
        ),
    }
)
"""The words for a possible outcome a step lists (others are shown as the rule names them)."""

_LABELS: Mapping[str, Text] = MappingProxyType(
    {
        "plan": Text(en="Plan", zh="办理计划"),
        "evaluated": Text(en="Evaluated on", zh="评估日期"),
        "where": Text(en="Where", zh="地点"),
        "how": Text(en="How", zh="方式"),
        "bring": Text(en="Bring", zh="所需材料"),
        "when": Text(en="When", zh="期限"),
        "rule": Text(en="Rule", zh="依据规则"),
        "why": Text(en="Why", zh="理由"),
        "possible": Text(en="Still possible", zh="可能的结果"),
        "missing": Text(en="Not known", zh="尚不清楚"),
        "questions": Text(en="Questions that settle most", zh="最能确定结果的问题"),
        "waiting": Text(en="Waiting for", zh="有待"),
        "source": Text(en="source", zh="依据"),
        "settles": Text(en="settles on average", zh="平均可确定"),
    }
)


def _label(name: str, lang: Lang) -> str:
    return _LABELS[name].get(lang)


def _zh_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _material(m: Material, lang: Lang) -> str:
    state = _ITEM_TEXT[m.status].get(lang)
    if m.defects:
        what = ("；" if lang == "zh" else "; ").join(
            dict.fromkeys(_DEFECT_TEXT[d.kind].get(lang) for d in m.defects)
        )
        state = f"{state}：{what}" if lang == "zh" else f"{state}: {what}"
    if lang == "zh":
        return f"{m.name.zh}（{state}）"
    return f"{m.name.en} ({state})"


def _explain(p: Plan, lang: Lang) -> str:
    zh = lang == "zh"
    sep = "：" if zh else ": "
    day = _zh_date(p.evaluation_date) if zh else p.evaluation_date.isoformat()
    lines = [
        f"{_label('plan', lang)}{sep}{p.title.get(lang)}",
        f"{_label('evaluated', lang)}{sep}{day}",
    ]
    for number, step in enumerate(p.steps, start=1):
        status = STATUS_TEXT[step.status].get(lang)
        head = (
            f"第{number}步　{step.action.zh}【{status}】"
            if zh
            else (f"{number}. {step.action.en} [{status}]")
        )
        lines += ["", head]
        if step.where is not None:
            where = step.where.name.get(lang)
            source = step.where.source
            if source is not None:
                quote = source.text_zh if zh else source.text_en
                if zh:
                    where += f"（{_label('source', lang)}：{source.label_zh}"
                    where += f"：{quote}）" if quote else "）"
                elif quote:
                    where += f' ({_label("source", lang)}: "{quote}")'
            lines.append(f"   {_label('where', lang)}{sep}{where}")
        if step.channels:
            joined = ("，" if zh else " ").join(_CHANNEL_TEXT[c].get(lang) for c in step.channels)
            lines.append(f"   {_label('how', lang)}{sep}{joined}")
        if step.materials:
            items = ("；" if zh else "; ").join(_material(m, lang) for m in step.materials)
            lines.append(f"   {_label('bring', lang)}{sep}{items}")
        for deadline in step.deadlines:
            text = deadline.describe(lang)
            left = deadline.days_left
            if left is not None and deadline.passed(p.evaluation_date) is False:
                text += f"（还剩{left}天）" if zh else f" ({left} day(s) left)"
            lines.append(f"   {_label('when', lang)}{sep}{text}")
        if step.possible_outcomes:
            shown = ("、" if zh else ", ").join(
                _OUTCOME_TEXT[o].get(lang) if o in _OUTCOME_TEXT else o
                for o in step.possible_outcomes
            )
            lines.append(f"   {_label('possible', lang)}{sep}{shown}")
        if step.missing_facts:
            asked = [_ask(p, fact, lang) for fact in step.missing_facts]
            lines.append(f"   {_label('missing', lang)}{sep}" + ("" if zh else " ").join(asked))
        outcome = step.decision.outcome.value
        rule = f"{step.rule}（{outcome}）" if zh else f"{step.rule} -> {outcome}"
        lines.append(f"   {_label('rule', lang)}{sep}{rule}")
        for reason in step.why:
            lines.append(f"   {_label('why', lang)}{sep}{reason.message(lang)}")
    if p.questions:
        lines += ["", f"{_label('questions', lang)}{sep.rstrip()}"]
        for number, q in enumerate(p.questions, start=1):
            if zh:
                lines.append(
                    f"{number}. {q.ask.zh}（{q.fact}；{_label('settles', lang)}"
                    f"{q.outcomes_settled:g}个可能结果）"
                )
            else:
                lines.append(
                    f"{number}. {q.ask.en} ({q.fact}; {_label('settles', lang)} "
                    f"{q.outcomes_settled:g} possible outcome(s))"
                )
    if p.unpublished_years:
        years = ("、" if zh else ", ").join(str(y) for y in p.unpublished_years)
        if zh:
            lines += [
                "",
                f"{_label('waiting', lang)}{sep}国务院办公厅{years}年节假日安排的通知尚未公布，"
                "相关日期按《全国年节及纪念日放假办法》给出范围；通知公布后请重新评估。",
            ]
        else:
            lines += [
                "",
                f"{_label('waiting', lang)}{sep}the State Council's holiday notice for {years} is "
                "not published; the days it decides are given as ranges from the national holiday "
                "regulations. Plan again once it is out.",
            ]
    return "\n".join(lines)


def _ask(p: Plan, fact: str, lang: Lang) -> str:
    for q in p.questions:
        if q.fact == fact:
            return q.ask.get(lang)
    return fact
