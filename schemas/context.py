"""Who is acting, and through which channel: recorded on every event."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator

from schemas.event_payloads import JsonObject
from schemas.text import check_no_control_characters

Role = Literal["citizen", "employee", "supervisor", "auditor", "operator"]


class Citizen(BaseModel):
    """The identity a portal's sign-in vouches for; never typed by the citizen."""

    model_config = ConfigDict(frozen=True)

    fin: str
    first_name: str
    surname: str
    patronymic: str = ""
    address: str = ""

    @field_validator("*")
    @classmethod
    def no_control_characters(cls, value: str) -> str:
        """The identity is recorded and searched; a stray NUL would stop the views (see schemas.text)."""
        return check_no_control_characters(value)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.surname}"


class Actor(BaseModel):
    """Who did it, through which portal, signed in how, in which request."""

    model_config = ConfigDict(frozen=True)

    subject: str
    role: Role
    name: str = ""
    unit: str | None = None
    portal: str | None = None
    sign_in_method: str | None = None
    correlation_id: str | None = None
    traceparent: str | None = None  # the request's W3C trace context (gateway.tracing), recorded beside the correlation id
    service_account: str | None = None  # the portal's service account that acted for the citizen, if one did
    citizen: Citizen | None = None

    def recorded(self) -> JsonObject:
        """The part stored on each event (the citizen's identity is recorded once, on submission)."""
        return self.model_dump(exclude={"citizen"})
