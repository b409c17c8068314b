"""Read models: what the status page and the back office show."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, Field

from schemas.event_payloads import JsonObject


class DocumentPublic(BaseModel):
    role: str = Field(description="address_document, power_of_attorney or result")
    sha256: str
    media_type: str
    size: int
    name: str


class TimelineEntry(BaseModel):
    version: int
    type: str = Field(description="The event: Submitted, Routed, ExecutorAssigned, NoteAdded, Executed, Answered, Withdrawn")
    at: datetime
    label: str = Field(description="What happened, in Azerbaijani")
    status: str
    actor_role: str | None = None
    visible_to_applicant: bool = True


class Note(BaseModel):
    text: str
    visible_to_applicant: bool
    at: datetime
    by: str | None = None


class CaseView(BaseModel):
    """Everything the back office sees of a case; the stored form of the view."""

    id: UUID
    number: str
    kind: str
    kind_label: str
    status: str
    status_label: str
    source: str | None
    source_label: str | None
    submitted_at: datetime
    updated_at: datetime
    version: int
    applicant: JsonObject
    applicant_name: str
    district: str
    district_label: str
    address: str
    details: JsonObject
    contact: JsonObject
    intake_unit: str
    executing_unit: str | None = None
    executors: list[JsonObject] = []
    notes: list[Note] = []
    documents: list[DocumentPublic] = []
    result_document: DocumentPublic | None = None
    act: JsonObject | None = None
    outcome: str | None = None
    reason_code: str | None = None
    reason_label: str | None = None
    timeline: list[TimelineEntry] = []

    def for_applicant(self) -> ApplicationPublic:
        """The citizen's status-page view: internal notes, executors and staff details left out."""
        answered_fulfilled = self.status == "answered" and self.outcome == "fulfilled"
        return ApplicationPublic(
            **self.model_dump(include=set(ApplicationPublic.model_fields) - {"notes", "timeline", "result_document", "address"}),
            address=self.address_for_applicant(),
            notes=[n for n in self.notes if n.visible_to_applicant],
            timeline=[t for t in self.timeline if t.visible_to_applicant],
            result_document=self.result_document if answered_fulfilled else None,
        )


    def address_for_applicant(self) -> str:
        """A subscriber's address only to the subscriber (FİN match): anyone may type any subscriber code into a
        meter application, and must not learn a stranger's address from their own status page. Otherwise the
        district and the owner's initials, as the subscriber lookup shows them."""
        subscriber = self.details.get("subscriber") if self.kind == "meter_installation" else None
        if subscriber is None or subscriber.get("owner_fin") == self.applicant.get("fin"):
            return self.address
        return f"{self.district_label}, {initials(subscriber['owner'])}"


def initials(name: str) -> str:
    """'Əliyev Rəşad Vaqif oğlu' → 'Ə. R.': enough to recognise one's own record, not to learn a stranger's."""
    return " ".join(f"{part[0]}." for part in name.split()[:2])


class ApplicationPublic(BaseModel):
    """One row of "Müraciətin statusunu yoxla", with its timeline."""

    id: UUID
    number: str
    kind: str
    kind_label: str
    status: str
    status_label: str
    source: str | None
    source_label: str | None
    submitted_at: datetime
    version: int
    applicant_name: str
    address: str
    notes: list[Note]
    result_document: DocumentPublic | None
    outcome: str | None
    reason_label: str | None
    timeline: list[TimelineEntry]


class ApplicationsPublic(BaseModel):
    data: list[ApplicationPublic]
    count: int = Field(description="How many applications match, over all pages")


class CasesPublic(BaseModel):
    data: list[CaseView]
    count: int


class SubmissionPublic(BaseModel):
    """The answer to a submission: what the portal shows the citizen."""

    id: UUID
    number: str
    status: str
    status_label: str
    version: int
    message: str = Field(description="Müraciətiniz qeydiyyata alındı… with the number")


class SubmissionSummary(BaseModel):
    """A dry run's answer: the summary shown on the confirmation step, nothing recorded."""

    kind: str
    kind_label: str
    fields: dict[str, str | None]
    documents: list[DocumentPublic]


class CodeName(BaseModel):
    code: str
    name: str


class District(CodeName):
    pass


class Unit(CodeName):
    executes: list[str]


class RefusalReason(CodeName):
    applies_to: list[str]


class SubscriberPublic(BaseModel):
    """Enough for the active-meter warning, and no more of the owner's data."""

    code: str
    owner_initials: str
    district: str
    active_meters: int
    warning: str | None = None
