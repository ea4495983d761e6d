"""Materials: what each business asks a person to bring or submit, and what is missing or defective.

The rule ``materials.check_materials`` (:func:`check_materials`) matches what was submitted against a
business's checklist and lists every missing item, every defect (a copy where the original is
required, a missing seal, a missing side, an issuer not accepted, an agent's document carrying the
insured person's own number, an invalid identity number, an expired document), which alternative
met an either/or item, and what was not needed. The package holds one concern per module, each
importing only those above it:

- :mod:`~medins_rules.processes.materials.vocabulary`: the closed sets (businesses, agent policies,
  item conditions; and the kinds of document, forms, sides, seals, issuers and holders of the
  shared document vocabulary, :mod:`medins_rules.vocab.documents`) and the model of their bilingual
  names;
- :mod:`~medins_rules.processes.materials.checklist_data`: the checklists as data
  (``data/checklists.toml``), validated into frozen models on first use;
- :mod:`~medins_rules.processes.materials.identity`: identity numbers per GB 11643 (address codes
  on the division table, :mod:`medins_rules.vocab.divisions`);
- :mod:`~medins_rules.processes.materials.render`: a checklist item's requirement in words, and a
  checklist as the Markdown table the docs show;
- :mod:`~medins_rules.processes.materials.matching`: which submitted document serves which item;
- :mod:`~medins_rules.processes.materials.check`: the source sentences, the input model, the options,
  the decision, the reason templates and the rule.

The names below are those modules' public names; importing the package reads no checklist data.

Limitations: see :mod:`~medins_rules.processes.materials.check` (the check sees the documents only as
the case describes them; the checklists have no dated versions).

>>> import datetime as dt
>>> case = MaterialsCase(business="offsite_filing", evaluation_date=dt.date(2026, 3, 2), items=[
...     {"kind": "medical_insurance_card"},
...     {"kind": "temporary_residence_permit", "form": "copy"}])
>>> d = check_materials(case)
>>> d.outcome, [(a.item, a.kind.value) for a in d.alternatives_used]
(<MaterialsOutcome.COMPLETE: 'complete'>, [('residence_proof', 'temporary_residence_permit')])
"""

from __future__ import annotations

from medins_rules.processes.materials.check import (
    DEFAULT_MATERIALS_OPTIONS,
    MAX_SUBMITTED_ITEMS,
    REASONS,
    RULES,
    AlternativeUse,
    Defect,
    DefectKind,
    ItemResult,
    ItemStatus,
    MaterialsCase,
    MaterialsDecision,
    MaterialsOptions,
    MaterialsOutcome,
    SubmittedItem,
    check_materials,
)
from medins_rules.processes.materials.checklist_data import (
    Alternative,
    Checklist,
    ChecklistData,
    ChecklistDataError,
    ChecklistItem,
    checklist,
    checklists,
    load_checklists,
)
from medins_rules.processes.materials.identity import (
    EARLIEST_BIRTH_DATE,
    PERMIT_PREFIXES,
    AddressCodeCheck,
    IdDocument,
    IdNumberCheck,
    IdProblem,
    check_id_number,
)
from medins_rules.processes.materials.render import render_checklist, requirement_text
from medins_rules.processes.materials.vocabulary import (
    IDENTITY_KINDS,
    AgentPolicy,
    Business,
    Form,
    FormRequirement,
    Holder,
    Issuer,
    ItemCondition,
    ItemKind,
    Name,
    Seal,
    Sides,
    Vocabulary,
)

__all__ = [
    "DEFAULT_MATERIALS_OPTIONS",
    "EARLIEST_BIRTH_DATE",
    "IDENTITY_KINDS",
    "MAX_SUBMITTED_ITEMS",
    "PERMIT_PREFIXES",
    "REASONS",
    "RULES",
    "AddressCodeCheck",
    "AgentPolicy",
    "Alternative",
    "AlternativeUse",
    "Business",
    "Checklist",
    "ChecklistData",
    "ChecklistDataError",
    "ChecklistItem",
    "Defect",
    "DefectKind",
    "Form",
    "FormRequirement",
    "Holder",
    "IdDocument",
    "IdNumberCheck",
    "IdProblem",
    "Issuer",
    "ItemCondition",
    "ItemKind",
    "ItemResult",
    "ItemStatus",
    "MaterialsCase",
    "MaterialsDecision",
    "MaterialsOptions",
    "MaterialsOutcome",
    "Name",
    "Seal",
    "Sides",
    "SubmittedItem",
    "Vocabulary",
    "check_id_number",
    "check_materials",
    "checklist",
    "checklists",
    "load_checklists",
    "render_checklist",
    "requirement_text",
]
