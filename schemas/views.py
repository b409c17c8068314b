"""Read models: what the status page and the back office show."""

from __future__ import annotations

from datetime import date, datetime
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


class Wait(BaseModel):
    """One request to the applicant: the term's clock stands still from the day after it was asked
    until the day it was answered (cases/deadlines.py)."""

    requested_at: datetime
    requested_on: date = Field(description="Baku's day of the request")
    provided_on: date | None = Field(default=None, description="Baku's day of the answer; null while waiting")


class CaseClock(BaseModel):
    """What a case's due date is derived from (with the term of its kind and the calendar): never the due date itself."""

    submitted_on: date = Field(description="Baku's day of the submission: the term counts the working days after it")
    waits: list[Wait] = []
    extension_days: int = Field(default=0, description="Working days added by a supervisor's extensions")
    extensions: int = Field(default=0, description="How many times the term was extended")

    @property
    def waiting(self) -> bool:
        return bool(self.waits) and self.waits[-1].provided_on is None


class InformationRequestPublic(BaseModel):
    """What the employee asked of the applicant, and by when the answer is awaited."""

    question: str
    answer_by: date = Field(description="The last day of the request's own term (Baku)")
    requested_at: datetime


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
    clock: CaseClock | None = Field(default=None, description="What the due date is derived from")
    due_on: date | None = Field(
        default=None, description="The last day of the term (gözlənilən icra tarixi), Baku; null while the case waits "
                                  "for the applicant (the clock stands still) and once it is answered or withdrawn")
    working_days_left: int | None = Field(
        default=None, description="Working days from today to `due_on`: 0 on the day itself, negative once overdue")
    information_request: InformationRequestPublic | None = Field(
        default=None, description="While the case waits for the applicant: what was asked, and by when")
    answered_on: date | None = Field(default=None, description="Baku's day of the answer")
    working_days_taken: int | None = Field(
        default=None, description="Working days the term's clock ran until the answer (waits for the applicant left out)")
    answered_on_time: bool | None = Field(default=None, description="Whether the answer came by the due date")

    def for_applicant(self) -> ApplicationPublic:
        """The citizen's status-page view: internal notes, executors and staff details left out."""
        answered_fulfilled = self.status == "answered" and self.outcome == "fulfilled"
        return ApplicationPublic(
            **self.model_dump(include=set(ApplicationPublic.model_fields) - {"notes", "timeline", "result_document", "address"}),
            address=self.address_for_applicant(),
            notes=[n for n in self.notes if n.visible_to_applicant],
            timeline=[t for t in self.timeline if t.visible_to_applicant],
            result_document=self.result_document if answered_fulfilled else None,
            expected_completion_on=self.due_on,
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
    expected_completion_on: date | None = Field(
        default=None, description="Gözlənilən icra tarixi: the last day of the term, Baku; null while the application "
                                  "waits for the applicant's answer (the term stands still) and once it is closed")
    information_request: InformationRequestPublic | None = Field(
        default=None, description="While waiting for the applicant: what is asked of them, and by when")


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


class DaySwapPublic(BaseModel):
    """One recorded day swap: what, by which decree, why, who recorded it and when; `in_force` unless a later
    record of the same day superseded it."""

    day: date
    working: bool
    decree: str
    reason: str
    recorded_by: str
    recorded_at: datetime
    in_force: bool


class DaySwapsPublic(BaseModel):
    data: list[DaySwapPublic]
    count: int
