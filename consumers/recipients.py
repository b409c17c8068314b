"""Whom the notices of an application go to, kept by the notifier from the application's `Submitted`.

Only `Submitted` says who applied and how to reach them, and nothing later changes it; a later event
adds only what it says itself (an answer's outcome and reason). So the notifier keeps these few facts
(in the ledger's database, see consumers.ledger) instead of re-reading the application's history from
the event store for every event it is told of.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol
from uuid import UUID

from consumers.notices import NoticeFacts, citizens_date
from schemas.event_payloads import AnsweredEvent, InformationRequestedEvent, SubmissionFacts
from schemas.events import EventEnvelope


class Labels(Protocol):
    """The reference data's words for a code (cases.reference.Catalogue)."""

    def label(self, list_name: str, code: str) -> str: ...


class SubmissionSource(Protocol):
    """The way back to the event store, for an application whose `Submitted` the notifier never took
    (a notifier started on a store that already had events)."""

    def submitted(self, application_id: UUID) -> EventEnvelope:
        """The application's `Submitted` event, as recorded."""


@dataclass(frozen=True)
class Recipient:
    """An application's number and applicant, in the words of its notices, and where to reach them."""

    application_id: str
    number: str
    applicant_name: str
    kind_label: str
    email: str | None
    phone: str | None

    @classmethod
    def of_submitted(cls, submitted: EventEnvelope, labels: Labels) -> Recipient:
        facts = submitted.payload
        if not isinstance(facts, SubmissionFacts):
            raise TypeError(f"a recipient is read from a Submitted event, not from {submitted.type}")
        applicant, contact = facts.applicant, facts.contact
        return cls(application_id=str(submitted.application_id), number=facts.number,
                   applicant_name=f"{applicant.first_name} {applicant.surname}",
                   kind_label=labels.label("kinds", facts.kind),
                   email=contact.email, phone=contact.phone)

    def facts_after(self, event: EventEnvelope, labels: Labels) -> NoticeFacts:
        """What the notice of `event` says: these facts, an answer's outcome and reason, a request's question."""
        outcome = reason_label = question = answer_by = None
        if event.type == "Answered":
            answered = event.payload
            if not isinstance(answered, AnsweredEvent):
                raise TypeError(f"Answered's contract reads an AnsweredEvent, not {type(answered).__name__}")
            outcome, reason = answered.outcome, answered.reason_code
            reason_label = labels.label("refusal_reasons", reason) if reason else None
        if isinstance(event.payload, InformationRequestedEvent):
            question, answer_by = event.payload.question, citizens_date(date.fromisoformat(event.payload.answer_by))
        return NoticeFacts(number=self.number, applicant_name=self.applicant_name, kind_label=self.kind_label,
                           email=self.email, phone=self.phone, outcome=outcome, reason_label=reason_label,
                           question=question, answer_by=answer_by)
