"""The published contract: the payload of every event on the application-events topic.

Downstream systems (billing, GIS, the portals) rely on these models, and on the JSON Schema files
generated from them (`python -m schemas.generate`, committed under schemas/json/). docs/events.md
tells the rules; the ones that shape this module:

- Open models: a field added later must not break a reader compiled against today's schema, so
  unknown fields are allowed (`additionalProperties: true`), and readers ignore what they do not know.
- Each event has a contract version, the `.vN` of its CloudEvents type and of its schema file. It
  changes only when a change would break a reader (a field removed, renamed or retyped, a meaning
  changed). It is NOT the event's `class_version` in the event store: that one numbers the stored
  shapes, which upcasters turn into the current one before anything is published.
- Open sets are plain strings: codes from the reference data (district, unit, purpose, reason), roles,
  portals, sign-in methods. New values appear without a new version, so readers must accept values
  they do not know. Closed sets are enums (`kind`, `outcome`, the act's `kind`, a document's media
  type): a new value there changes what an event means, and comes with a new contract version.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal, cast

from pydantic import BaseModel, ConfigDict, Field, RootModel

JsonObject = dict[str, Any]
"""An object of JSON as parsed (an event's recorded data, a part of it): its values are any JSON."""

Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$", description="SHA-256, lowercase hex")]
Code = Annotated[str, Field(min_length=1, max_length=64)]


class Part(BaseModel):
    """A part of a payload: open to fields added later (readers ignore what they do not know)."""

    model_config = ConfigDict(extra="allow", frozen=True)


class RecordedContext(Part):
    """Who did it, through which channel, in which request: recorded on every event."""

    subject: str = Field(description="The citizen's FİN, or the employee's id")
    role: str = Field(description="citizen, employee, supervisor… (roles may be added: accept one you do not know)")
    name: str = Field(description="The person's name as the sign-in gave it")
    unit: str | None = Field(description="The employee's unit code (/v1/reference/units); null for a citizen")
    portal: str | None = Field(description="The citizen's portal: e-gov, azersu or e-su; null for an employee")
    sign_in_method: str | None = Field(
        description="How the citizen signed in: id_number, sima_imza, asan_imza, sima_token, bsxm_e_imza or e_gov_login")
    correlation_id: str | None = Field(description="The request's X-Correlation-ID, to find it in the logs")
    traceparent: str | None = Field(
        default=None, description="The W3C trace context of the request that recorded it (docs/events.md, Traces); "
                                  "absent on events recorded before traces")
    service_account: str | None = Field(
        default=None, description="The portal's service account that acted for the citizen (its token's subject); "
                                  "null when the citizen or an employee acted directly, absent on events recorded before it")


class EventPayload(Part):
    """What every event carries besides its own facts."""

    context: RecordedContext
    previous_hash: Sha256 | None = Field(
        description="The `hash` of the application's event before this one (if that one has none, the hash it would have "
                    "had: docs/integrity.md); 64 zeros on its first event. Null only on an event recorded before the hash "
                    "chain began")
    hash: Sha256 | None = Field(
        description="SHA-256 of this event's canonical form, `previous_hash` included (docs/integrity.md): a reader "
                    "can check it from the record alone. Null only on an event recorded before the hash chain began")


class Applicant(Part):
    """The citizen the sign-in vouched for (recorded once, on submission)."""

    fin: str = Field(description="FİN, the personal identification number")
    first_name: str
    surname: str
    patronymic: str
    address: str


class Contact(Part):
    phone: str = Field(pattern=r"^\+[1-9][0-9]{6,14}$",
                       description="E.164, a mobile number (an Azerbaijani one, +994…, or another country's)")
    email: str


class Document(Part):
    """A document kept by the service; the event holds its description, never its bytes."""

    role: str = Field(description="address_document, power_of_attorney, result_document, or information_document")
    sha256: Sha256
    media_type: Literal["application/pdf", "image/png", "image/jpeg"]
    size: int = Field(ge=1, description="Bytes")
    name: str = Field(description="The file's original name, for display only")


class TechnicalConditionsDetails(Part):
    """The form of a request for the technical conditions of connecting a house."""

    purpose: Code = Field(description="/v1/reference/purposes")
    place: str | None = Field(description="A street, settlement or village of the district's list")
    place_not_in_list: bool
    address_text: str | None = Field(description="The address typed in, when the place is not in the list")
    house_number: str
    house_number_part: str | None
    on_behalf_of_another: bool = Field(description="Applied for another person, with a power of attorney")

    @property
    def place_name(self) -> str | None:
        """The street, settlement or village: from the list, or as typed when it is not there."""
        return self.address_text if self.place_not_in_list else self.place

    @property
    def house(self) -> str:
        """The house number with its second part (block), as an address writes it: 12/3."""
        return self.house_number + (f"/{self.house_number_part}" if self.house_number_part else "")

    def address(self, district_label: str) -> str:
        """The address as the status page and the back office show it."""
        return f"{district_label}, {self.place_name}, ev {self.house}"


class ActiveMeter(Part):
    serial: str
    installed_on: str = Field(description="ISO date")


class SubscriberRecord(Part):
    """The subscriber as the register (abonent reyestri) knew them at submission."""

    code: str
    owner: str
    district: Code
    address: str
    active_meters: list[ActiveMeter]
    owner_fin: str | None = Field(
        default=None, description="The owner's FİN, as the register knew it; absent on applications submitted before it "
                                  "was recorded. The applicant is shown the address only when it is theirs")


class MeterInstallationDetails(Part):
    """The form of a water-meter installation request."""

    subscriber_code: str = Field(pattern=r"^[0-9]{6,12}$")
    reason: Code = Field(description="/v1/reference/meter-reasons")
    confirm_additional_meter: bool
    description: str
    subscriber: SubscriberRecord


class SubmissionFacts(EventPayload):
    number: str = Field(pattern=r"^(TS|SQ)-[0-9]{4}-[0-9]{6}$", description="The application number, e.g. TS-2026-000123")
    applicant: Applicant
    contact: Contact
    documents: list[Document]
    district: Code = Field(description="/v1/reference/districts")
    intake_unit: Code = Field(description="The unit that receives it first (/v1/reference/units)")
    fingerprint: Sha256 = Field(description="Of the submitted form: a retried submission has the same")


class TechnicalConditionsSubmittedEvent(SubmissionFacts):
    """A citizen applied for the technical conditions of connecting a house to water or sewage."""

    kind: Literal["technical_conditions"]
    details: TechnicalConditionsDetails


class MeterInstallationSubmittedEvent(SubmissionFacts):
    """A citizen applied to have a water meter installed (or their own meter registered)."""

    kind: Literal["meter_installation"]
    details: MeterInstallationDetails


class SubmittedEvent(RootModel[TechnicalConditionsSubmittedEvent | MeterInstallationSubmittedEvent]):
    """An application was registered; `kind` tells which of the two forms `details` holds."""

    root: Annotated[TechnicalConditionsSubmittedEvent | MeterInstallationSubmittedEvent, Field(discriminator="kind")]


class RoutedEvent(EventPayload):
    """The case was forwarded to the unit that will execute it."""

    unit: Code = Field(description="/v1/reference/units")


class Executor(Part):
    id: str
    name: str


class ExecutorAssignedEvent(EventPayload):
    """Executors were assigned; one already assigned is not assigned twice."""

    executors: list[Executor] = Field(min_length=1)


class NoteAddedEvent(EventPayload):
    """An employee wrote a note; the applicant sees it only when `visible_to_applicant`."""

    text: str
    visible_to_applicant: bool


class MeterAct(Part):
    """The meter installation act (sayğac quraşdırma aktı)."""

    kind: Literal["installation", "registration"]
    meter_serial: str
    initial_reading: float = Field(ge=0)
    seal_number: str


class ExecutedEvent(EventPayload):
    """The work was done: the result document, and for a meter its act."""

    result_document: Document
    act: MeterAct | None = Field(description="For a meter installation; null for technical conditions")


class AnsweredEvent(EventPayload):
    """The applicant was answered: fulfilled (after execution) or refused (with a reason)."""

    outcome: Literal["fulfilled", "refused"]
    reason_code: Code | None = Field(description="For a refusal: /v1/reference/refusal-reasons; null when fulfilled")


class WithdrawnEvent(EventPayload):
    """The citizen withdrew the application before it was executed."""


class InformationRequestedEvent(EventPayload):
    """An employee asked the applicant for a missing document or information: the case waits for the
    applicant (status waiting_for_applicant), and the term's clock stands still until they answer."""

    question: str = Field(min_length=1, max_length=2000, description="What is asked, as the applicant is told it")
    answer_within_days: int = Field(ge=1, description="The request's own term, in working days after the day it was asked")
    answer_by: str = Field(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
                           description="The last day of that term (ISO date, Baku), as the applicant was told it")


class InformationProvidedEvent(EventPayload):
    """The applicant answered a request through the portal: a text, documents, or both; the clock runs again."""

    text: str | None = Field(description="The applicant's answer in words; null when only documents were sent")
    documents: list[Document] = Field(description="Documents sent with the answer (role information_document)")


class DeadlineExtendedEvent(EventPayload):
    """A supervisor extended the case's term."""

    working_days: int = Field(ge=1, description="Working days added to the term")
    reason: str = Field(min_length=1, max_length=2000)


AnyEventPayload = (TechnicalConditionsSubmittedEvent | MeterInstallationSubmittedEvent | RoutedEvent
                   | ExecutorAssignedEvent | NoteAddedEvent | ExecutedEvent | AnsweredEvent | WithdrawnEvent
                   | InformationRequestedEvent | InformationProvidedEvent | DeadlineExtendedEvent)


@dataclass(frozen=True)
class Contract:
    """One event as published: its name, its contract version, and the model of its payload."""

    name: str
    version: int
    payload: type[BaseModel]

    def read(self, data: JsonObject) -> AnyEventPayload:
        """The event's data, typed by its contract (the form a Submitted event holds, for a Submitted)."""
        typed = self.payload.model_validate(data)
        read = typed.root if isinstance(typed, RootModel) else typed
        # `payload` is typed as any model so a contract can be declared for an event not yet in the
        # union; each one in CONTRACTS reads one of AnyEventPayload's models.
        return cast(AnyEventPayload, read)

    @property
    def schema_file(self) -> str:
        return f"{self.name}.v{self.version}.schema.json"


CONTRACTS: dict[str, Contract] = {c.name: c for c in (
    Contract("Submitted", 1, SubmittedEvent),
    Contract("Routed", 1, RoutedEvent),
    Contract("ExecutorAssigned", 1, ExecutorAssignedEvent),
    Contract("NoteAdded", 1, NoteAddedEvent),
    Contract("Executed", 1, ExecutedEvent),
    Contract("Answered", 1, AnsweredEvent),
    Contract("Withdrawn", 1, WithdrawnEvent),
    Contract("InformationRequested", 1, InformationRequestedEvent),
    Contract("InformationProvided", 1, InformationProvidedEvent),
    Contract("DeadlineExtended", 1, DeadlineExtendedEvent),
)}
