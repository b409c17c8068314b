"""Which events the citizen is told about, and in which words: pure, no sending here.

The texts are templates in Azerbaijani under consumers/templates, one file per event (and outcome)
and channel, so that the wording can change without touching code. An e-mail template's first
line is its subject.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from consumers.messages import CITIZEN_CHANNELS, Channel, Message
from schemas.events import EventEnvelope
from schemas.views import CaseView

TEMPLATES = Path(__file__).parent / "templates"
NOTIFIED_EVENTS = {"Submitted", "Routed", "Answered", "Withdrawn", "InformationRequested"}
PLACEHOLDERS = {"number", "applicant_name", "kind_label", "reason_label", "question", "answer_by",
                "unit_label", "due_on", "days_left"}  # the last three: a supervisor's escalation (consumers.escalation)


@dataclass(frozen=True)
class Text:
    subject: str
    body: str


class Templates:
    """Every template, read and checked once: an unknown placeholder fails at start-up, not at a citizen."""

    def __init__(self, folder: Path = TEMPLATES):
        self._texts: dict[tuple[str, str], string.Template] = {}  # (notice, channel as the file names it)
        for path in sorted(folder.glob("*.txt")):
            notice, channel = path.stem.rsplit(".", 1)
            template = string.Template(path.read_text(encoding="utf-8"))
            unknown = set(template.get_identifiers()) - PLACEHOLDERS
            if unknown or not template.is_valid():
                raise ValueError(f"{path.name}: unknown placeholders {sorted(unknown)}; known: {sorted(PLACEHOLDERS)}")
            self._texts[(notice, channel)] = template

    def render(self, notice: str, channel: Channel, values: dict[str, str]) -> Text | None:
        template = self._texts.get((notice, channel))
        if template is None:
            return None
        text = template.substitute(values).strip()
        if channel == "email":
            subject, _, body = text.partition("\n")
            return Text(subject.strip(), body.strip() + "\n")
        return Text("", text)


@dataclass(frozen=True)
class NoticeFacts:
    """What a notice says, and to whom: all the templates read of an application."""

    number: str
    applicant_name: str
    kind_label: str
    email: str | None
    phone: str | None
    outcome: str | None = None       # an answer's, for the choice of its template
    reason_label: str | None = None  # a refusal's reason, in words
    question: str | None = None      # a request's: what is asked of the applicant
    answer_by: str | None = None     # a request's last day, as the citizen writes a date (08.04.2026)


def notices_for(event: EventEnvelope, application: CaseView, templates: Templates) -> list[Message]:
    """The messages one event sends, given the application as it stood after that event."""
    return messages_for(event, NoticeFacts(
        number=application.number, applicant_name=application.applicant_name, kind_label=application.kind_label,
        email=application.contact.get("email"), phone=application.contact.get("phone"),
        outcome=application.outcome, reason_label=application.reason_label,
        question=application.information_request.question if application.information_request else None,
        answer_by=citizens_date(application.information_request.answer_by) if application.information_request else None),
        templates)


def messages_for(event: EventEnvelope, facts: NoticeFacts, templates: Templates) -> list[Message]:
    """The messages one event sends, given the facts of its application after that event."""
    if event.type not in NOTIFIED_EVENTS:
        return []
    notice = f"Answered.{facts.outcome}" if event.type == "Answered" else event.type
    values = {"number": facts.number, "applicant_name": facts.applicant_name,
              "kind_label": facts.kind_label, "reason_label": facts.reason_label or "",
              "question": facts.question or "", "answer_by": facts.answer_by or ""}
    recipients: dict[Channel, str | None] = {"email": facts.email, "sms": facts.phone}
    messages = []
    for channel in CITIZEN_CHANNELS:
        text = templates.render(notice, channel, values)
        recipient = recipients[channel]
        if text is not None and recipient:
            messages.append(Message(key=f"{event.id}/{channel}", channel=channel, recipient=recipient,
                                    subject=text.subject, body=text.body))
    return messages


def citizens_date(day: date) -> str:
    """A date as Azerbaijani letters write it: day, month, year."""
    return day.strftime("%d.%m.%Y")
