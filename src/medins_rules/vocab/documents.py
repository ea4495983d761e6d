"""Documents: the kinds of document the processes name, their forms and issuers, and what is accepted.

Every process that speaks of a document speaks this vocabulary: the residence rule's proof of
residence, the materials checklists' items (``data/checklists.toml``) and the enrolment rule's
"valid certificate". Each closed set is one :class:`~enum.StrEnum`: what a document is
(:class:`DocumentKind`), its form, the sides a copy shows, its seals, who issued it and whose it
is. Their English and Chinese names are the materials checklists' data (the ``[vocabulary]``
tables of ``data/checklists.toml``), which must name every member.

Requirements
    What satisfies a requirement is a tuple of :class:`AcceptedDocument` (a kind, the form it must
    take, the bodies that may issue it). Two requirements are read by more than one rule, and are
    defined here once (:data:`REQUIREMENTS`); a checklist item draws its alternatives from one
    (``accepts_from`` in ``data/checklists.toml``) instead of listing them, so the checklist and the
    rule that read the same passage cannot differ.
The proof of residence
    Source 002: "Residents should bring the original certificate of continuous residence for more
    than 6 months issued by the local police station, street and neighborhood (village) committee,
    or a copy of the temporary residence permit." The residence rule takes the proof as one
    :class:`ResidenceProof`: a certificate by its issuer, or the permit copy.
    :data:`PROOF_DOCUMENTS` gives the document each one is, and :data:`RESIDENCE_PROOF`, what the
    off-site filing checklist accepts, is built from it; :func:`residence_proof_of` reads a
    document back as the proof it is.
Certificates
    Source 003 asks for "valid identity documents", source 004 for the insured person's "valid
    certificate" and, through an agent, "the valid certificates of himself and the insured", source
    001 for "identification documents". :data:`IDENTITY_DOCUMENTS` are the kinds each of them is
    read as (the Resident Identity Card and the residence permit for Hong Kong, Macao and Taiwan
    residents), :data:`VALID_CERTIFICATE` the requirement, and :class:`Holder` whose certificate it
    is. The materials check judges the documents themselves; the enrolment rule takes its judgement
    of each holder's certificate (``docs/interpretive-choices.md``, "One certificate vocabulary").
Limitations
    The kinds are those the sources name, and ``other``; the personal commitment
    (个人承诺) that 医保发〔2022〕22号 accepts instead of a residence certificate is not one of them
    (the source predates it). A temporary residence permit is read as the permit the source names,
    whatever its current title (居住证).

>>> [p.value for p in ResidenceProof][:2]
['police_station_certificate', 'street_office_certificate']
>>> [(a.kind.value, a.form.value) for a in RESIDENCE_PROOF]
[('residence_certificate', 'original'), ('temporary_residence_permit', 'copy')]
>>> residence_proof_of(DocumentKind.RESIDENCE_CERTIFICATE, Issuer.VILLAGE_COMMITTEE).value
'neighbourhood_or_village_committee_certificate'
>>> sorted(k.value for k in IDENTITY_DOCUMENTS)
['hmt_residence_permit', 'resident_identity_card']
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType

from pydantic import BaseModel

from medins_rules.core.labels import enum_labels
from medins_rules.core.model import FROZEN

__all__ = [
    "IDENTITY_DOCUMENTS",
    "NOT_PAPER",
    "PROOF_DOCUMENTS",
    "REQUIREMENTS",
    "RESIDENCE_CERTIFICATES",
    "RESIDENCE_PROOF",
    "VALID_CERTIFICATE",
    "AcceptedDocument",
    "DocumentKind",
    "Form",
    "FormRequirement",
    "Holder",
    "Issuer",
    "ResidenceProof",
    "Seal",
    "Sides",
    "residence_proof_of",
]


class DocumentKind(StrEnum):
    """What a document (or, online, a verification step) is."""

    MEDICAL_INSURANCE_CARD = "medical_insurance_card"
    HOSPITALISATION_INVOICE = "hospitalisation_invoice"
    HOSPITALISATION_SUMMARY_LIST = "hospitalisation_summary_list"
    DIAGNOSIS_PROOF = "diagnosis_proof"
    MEDICAL_RECORD_HOME_PAGE = "medical_record_home_page"
    ADMISSION_RECORD = "admission_record"
    DISCHARGE_SUMMARY = "discharge_summary"
    RESIDENCE_CERTIFICATE = "residence_certificate"
    TEMPORARY_RESIDENCE_PERMIT = "temporary_residence_permit"
    BATCH_IMPORT_FORM = "batch_import_form"
    RESIDENT_IDENTITY_CARD = "resident_identity_card"
    HMT_RESIDENCE_PERMIT = "hmt_residence_permit"
    PHOTO = "photo"
    HOUSEHOLD_REGISTER = "household_register"
    FACE_RECOGNITION = "face_recognition"
    SOCIAL_SECURITY_CARD = "social_security_card"
    OTHER = "other"


IDENTITY_DOCUMENTS = frozenset(
    {DocumentKind.RESIDENT_IDENTITY_CARD, DocumentKind.HMT_RESIDENCE_PERMIT}
)
"""The identity documents, each a "valid certificate" of its holder: they may carry a number
(checked per GB 11643) and an expiry date."""

NOT_PAPER = frozenset({DocumentKind.FACE_RECOGNITION})
"""The kinds that are a verification step, not a document: no form, copy, seal or issuer."""


class Form(StrEnum):
    """The form of a document."""

    ORIGINAL = "original"
    COPY = "copy"


class FormRequirement(StrEnum):
    """The form a requirement asks for (``any``: original or copy)."""

    ORIGINAL = "original"
    COPY = "copy"
    ANY = "any"


class Sides(StrEnum):
    """The sides a copy shows."""

    FRONT = "front"
    BACK = "back"
    BOTH = "both"


class Seal(StrEnum):
    """A seal a document bears."""

    MEDICAL_INSTITUTION_SEAL = "medical_institution_seal"
    MEDICAL_RECORDS_SEAL = "medical_records_seal"


class Issuer(StrEnum):
    """The body that issued a document."""

    POLICE_STATION = "police_station"
    STREET_OFFICE = "street_office"
    NEIGHBOURHOOD_COMMITTEE = "neighbourhood_committee"
    VILLAGE_COMMITTEE = "village_committee"
    EMPLOYER = "employer"
    MEDICAL_INSTITUTION = "medical_institution"
    OTHER = "other"


class Holder(StrEnum):
    """Whose document it is."""

    INSURED = "insured"
    AGENT = "agent"


class AcceptedDocument(BaseModel):
    """A document a requirement accepts: its kind, the form it must take, who may issue it (empty:
    anyone)."""

    model_config = FROZEN

    kind: DocumentKind
    form: FormRequirement
    issuers: tuple[Issuer, ...] = ()


# -- the proof of residence (source 002, residence_proof) --------------------------------------------


class ResidenceProof(StrEnum):
    """The proof of residence brought for off-site filing: a certificate of continuous residence by
    its issuer, the temporary residence permit copy, or another document (see
    :data:`PROOF_DOCUMENTS`)."""

    POLICE_STATION_CERTIFICATE = "police_station_certificate"
    STREET_OFFICE_CERTIFICATE = "street_office_certificate"
    COMMITTEE_CERTIFICATE = "neighbourhood_or_village_committee_certificate"
    TEMPORARY_RESIDENCE_PERMIT_COPY = "temporary_residence_permit_copy"
    OTHER = "other"


RESIDENCE_PROOF_ZH = enum_labels(
    ResidenceProof,
    {
        ResidenceProof.POLICE_STATION_CERTIFICATE: "派出所出具的连续居住证明",
        ResidenceProof.STREET_OFFICE_CERTIFICATE: "街道办事处出具的连续居住证明",
        ResidenceProof.COMMITTEE_CERTIFICATE: "居（村）民委员会出具的连续居住证明",
        ResidenceProof.TEMPORARY_RESIDENCE_PERMIT_COPY: "暂住证复印件",
        ResidenceProof.OTHER: "其他证明",
    },
)
"""The Chinese label of each proof (:mod:`medins_rules.core.labels`)."""

PROOF_DOCUMENTS: Mapping[ResidenceProof, AcceptedDocument] = MappingProxyType(
    {
        ResidenceProof.POLICE_STATION_CERTIFICATE: AcceptedDocument(
            kind=DocumentKind.RESIDENCE_CERTIFICATE,
            form=FormRequirement.ORIGINAL,
            issuers=(Issuer.POLICE_STATION,),
        ),
        ResidenceProof.STREET_OFFICE_CERTIFICATE: AcceptedDocument(
            kind=DocumentKind.RESIDENCE_CERTIFICATE,
            form=FormRequirement.ORIGINAL,
            issuers=(Issuer.STREET_OFFICE,),
        ),
        ResidenceProof.COMMITTEE_CERTIFICATE: AcceptedDocument(
            kind=DocumentKind.RESIDENCE_CERTIFICATE,
            form=FormRequirement.ORIGINAL,
            issuers=(Issuer.NEIGHBOURHOOD_COMMITTEE, Issuer.VILLAGE_COMMITTEE),
        ),
        ResidenceProof.TEMPORARY_RESIDENCE_PERMIT_COPY: AcceptedDocument(
            kind=DocumentKind.TEMPORARY_RESIDENCE_PERMIT, form=FormRequirement.COPY
        ),
    }
)
"""The document each accepted proof of residence is (source 002: "the original certificate of
continuous residence ... issued by the local police station, street and neighborhood (village)
committee, or a copy of the temporary residence permit"); ``other`` is none of them."""

RESIDENCE_CERTIFICATES = frozenset(
    proof
    for proof, document in PROOF_DOCUMENTS.items()
    if document.kind is DocumentKind.RESIDENCE_CERTIFICATE
)
"""The proofs that are a certificate of continuous residence (their original is asked for)."""

RESIDENCE_PROOF: tuple[AcceptedDocument, ...] = (
    AcceptedDocument(
        kind=DocumentKind.RESIDENCE_CERTIFICATE,
        form=FormRequirement.ORIGINAL,
        issuers=tuple(
            issuer
            for proof in ResidenceProof
            if proof in RESIDENCE_CERTIFICATES
            for issuer in PROOF_DOCUMENTS[proof].issuers
        ),
    ),
    PROOF_DOCUMENTS[ResidenceProof.TEMPORARY_RESIDENCE_PERMIT_COPY],
)
"""What the proof of residence accepts, built from :data:`PROOF_DOCUMENTS`: the certificate's
original from any of its issuers, or the permit's copy."""


def residence_proof_of(kind: DocumentKind, issuer: Issuer | None = None) -> ResidenceProof:
    """The proof of residence a document is, as the residence rule takes it.

    A certificate of continuous residence is the proof of its issuer (``other`` when the issuer is
    not one the source names, or not stated); a temporary residence permit is the permit copy (an
    original shows what its copy shows); any other document is ``other``. The form is the rule's
    separate fact (``certificate_is_original``).

    >>> residence_proof_of(DocumentKind.RESIDENCE_CERTIFICATE, Issuer.POLICE_STATION).value
    'police_station_certificate'
    >>> residence_proof_of(DocumentKind.RESIDENCE_CERTIFICATE, Issuer.EMPLOYER).value
    'other'
    >>> residence_proof_of(DocumentKind.TEMPORARY_RESIDENCE_PERMIT).value
    'temporary_residence_permit_copy'
    """
    for proof, document in PROOF_DOCUMENTS.items():
        if document.kind is kind and (not document.issuers or issuer in document.issuers):
            return proof
    return ResidenceProof.OTHER


# -- certificates (sources 003, 004, 001) -------------------------------------------------------------

VALID_CERTIFICATE: tuple[AcceptedDocument, ...] = tuple(
    AcceptedDocument(kind=kind, form=FormRequirement.ANY)
    for kind in DocumentKind
    if kind in IDENTITY_DOCUMENTS
)
"""What a valid certificate (an identity document) may be; the form is the business's (brought in
person: the original; uploaded: either)."""

REQUIREMENTS: Mapping[str, tuple[AcceptedDocument, ...]] = MappingProxyType(
    {"residence_proof": RESIDENCE_PROOF, "valid_certificate": VALID_CERTIFICATE}
)
"""The requirements more than one rule reads, by the name a checklist item's ``accepts_from``
gives."""
