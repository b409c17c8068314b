"""Which events the citizen is told about, and in which words: pure, no sending here.

The texts are templates in Azerbaijani under consumers/templates, one file per event (and outcome)
and channel, so that the wording can change without touching code. An e-mail template's first
line is its subject.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from pathlib import Path

from consumers.messages import CHANNELS, Channel, Message
from schemas.events import EventEnvelope
from schemas.views import CaseView

TEMPLATES = Path(__file__).parent / "templates"
NOTIFIED_EVENTS = {"Submitted", "Routed", "Answered", "Withdrawn"}
PLACEHOLDERS = {"number", "applicant_name", "kind_label", "reason_label"}


@dataclass(frozen=True)
class Text:
    subject: str
    body: str


class Templates:
    """Every template, read and checked once: an unknown placeholder fails at start-up, not at a citizen."""

    def __init__(self, folder: Path = TEMPLATES):
        self._texts: dict[tuple[str, Channel], string.Template] = {}
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


def notices_for(event: EventEnvelope, application: CaseView, templates: Templates) -> list[Message]:
    """The messages one event sends, given the application as it stood after that event."""
    if event.type not in NOTIFIED_EVENTS:
        return []
    notice = f"Answered.{application.outcome}" if event.type == "Answered" else event.type
    values = {"number": application.number, "applicant_name": application.applicant_name,
              "kind_label": application.kind_label, "reason_label": application.reason_label or ""}
    recipients: dict[Channel, str | None] = {"email": application.contact.get("email"), "sms": application.contact.get("phone")}
    messages = []
    for channel in CHANNELS:
        text = templates.render(notice, channel, values)
        if text is not None and recipients[channel]:
            messages.append(Message(key=f"{event.id}/{channel}", channel=channel, recipient=recipients[channel],
                                    subject=text.subject, body=text.body))
    return messages
