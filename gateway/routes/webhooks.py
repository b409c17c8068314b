"""The operator's webhook endpoints of the portals: register, rotate the secret, suspend, resume, replay, retry."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from consumers.webhooks import MAX_EVENT_TYPES, MAX_URL_LENGTH, WebhookEndpoint
from gateway.bootstrap import Services
from gateway.deps import OperatorActor, ServicesDep
from gateway.routes.deliveries import EVENT_ID, DeliveryPublic
from schemas.event_payloads import CONTRACTS
from schemas.text import normalise_text

router = APIRouter(prefix="/v1/webhooks", tags=["operator"])

ENDPOINT_ID = r"^[0-9a-f-]{36}$"


def known_event_type(name: str) -> str:
    if name not in CONTRACTS:
        raise ValueError(f"no such event type; known: {', '.join(sorted(CONTRACTS))}")
    return name


class WebhookEndpointCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, Field(min_length=1, max_length=100), AfterValidator(normalise_text)] = Field(
        description="Whose endpoint it is, e.g. e-gov.az")
    url: str = Field(max_length=MAX_URL_LENGTH, description="https:// in production; no credentials, no private address")
    event_types: list[Annotated[str, AfterValidator(known_event_type)]] = Field(
        default=[], max_length=MAX_EVENT_TYPES, description="The events it wants (Submitted, Routed, …); empty: every one")


class WebhookEndpointPublic(BaseModel):
    id: str
    name: str
    url: str
    event_types: list[str]
    status: str = Field(description="active, or suspended (nothing goes until an operator resumes it)")
    failing_since: datetime | None
    suspended_at: datetime | None
    last_error: str | None
    secrets_valid_until: list[datetime | None] = Field(description="Of each signing secret, newest first; null: current")

    @classmethod
    def of(cls, e: WebhookEndpoint) -> WebhookEndpointPublic:
        moment = lambda t: datetime.fromtimestamp(t).astimezone() if t is not None else None  # noqa: E731
        return cls(id=e.id, name=e.name, url=e.url, event_types=e.event_types, status=e.status,
                   failing_since=moment(e.failing_since), suspended_at=moment(e.suspended_at), last_error=e.last_error,
                   secrets_valid_until=[moment(s.expires_at) for s in e.secrets])


class WebhookEndpointWithSecret(WebhookEndpointPublic):
    secret: str = Field(description="The new signing secret (whsec_…): shown this once, give it to the portal")

    @classmethod
    def of_new(cls, e: WebhookEndpoint) -> WebhookEndpointWithSecret:
        return cls(**WebhookEndpointPublic.of(e).model_dump(), secret=e.secrets[0].value)


class RotateSecret(BaseModel):
    model_config = ConfigDict(extra="forbid")

    overlap_seconds: float = Field(default=86400, ge=0, le=30 * 86400,
                                   description="How long the old secret still signs beside the new one")


class Replay(BaseModel):
    model_config = ConfigDict(extra="forbid")

    from_position: int | None = Field(default=None, ge=1, description="The event store's log position to start at")
    since: AwareDatetime | None = Field(default=None, description="Or: every event recorded at or after this moment, "
                                                                    "with its offset")

    @model_validator(mode="after")
    def one_start(self) -> Replay:
        if (self.from_position is None) == (self.since is None):
            raise ValueError("give from_position or since, one of them")
        return self


class Replayed(BaseModel):
    events: int = Field(description="How many events go to the endpoint again, in order")


@router.get("", response_model=list[WebhookEndpointPublic])
def list_webhook_endpoints(services: ServicesDep, actor: OperatorActor):
    """Every portal's endpoint, oldest first; no secret is shown."""
    return [WebhookEndpointPublic.of(e) for e in services.webhooks.all()]


@router.post("", response_model=WebhookEndpointWithSecret, status_code=201)
def register_webhook_endpoint(services: ServicesDep, actor: OperatorActor, endpoint: WebhookEndpointCreate):
    """Registers a portal's endpoint; every later event it wants goes to it. The answer holds its signing secret, once."""
    created = services.webhooks.register(endpoint.name, endpoint.url, endpoint.event_types, services.notifier.clock())
    return WebhookEndpointWithSecret.of_new(created)


@router.get("/{endpoint_id}", response_model=WebhookEndpointPublic)
def read_webhook_endpoint(services: ServicesDep, actor: OperatorActor, endpoint_id: Annotated[str, Path(pattern=ENDPOINT_ID)]):
    """One endpoint, with whether it is failing and since when."""
    return WebhookEndpointPublic.of(services.webhooks.get(endpoint_id))


@router.post("/{endpoint_id}/rotate-secret", response_model=WebhookEndpointWithSecret)
def rotate_webhook_secret(services: ServicesDep, actor: OperatorActor, endpoint_id: Annotated[str, Path(pattern=ENDPOINT_ID)],
                          rotation: RotateSecret):
    """A new signing secret, shown once; deliveries carry both signatures until the overlap ends."""
    rotated = services.webhooks.rotate_secret(endpoint_id, rotation.overlap_seconds, services.notifier.clock())
    return WebhookEndpointWithSecret.of_new(rotated)


@router.post("/{endpoint_id}/suspend", response_model=WebhookEndpointPublic)
def suspend_webhook_endpoint(services: ServicesDep, actor: OperatorActor, endpoint_id: Annotated[str, Path(pattern=ENDPOINT_ID)]):
    """Nothing goes to the endpoint until it is resumed; what it misses is kept."""
    return WebhookEndpointPublic.of(services.webhooks.suspend(endpoint_id, services.notifier.clock()))


@router.post("/{endpoint_id}/resume", response_model=WebhookEndpointPublic)
def resume_webhook_endpoint(services: ServicesDep, actor: OperatorActor, endpoint_id: Annotated[str, Path(pattern=ENDPOINT_ID)]):
    """Active again: what it missed goes first, in order."""
    resumed = services.webhooks.resume(endpoint_id, services.notifier.clock())
    _wake(services)
    return WebhookEndpointPublic.of(resumed)


@router.post("/{endpoint_id}/replay", response_model=Replayed)
def replay_to_webhook_endpoint(services: ServicesDep, actor: OperatorActor,
                               endpoint_id: Annotated[str, Path(pattern=ENDPOINT_ID)], replay: Replay):
    """Every event the endpoint wants from a log position (or a moment) on goes to it again, with the same webhook-id."""
    events = services.stored_events((replay.from_position or 1) - 1, replay.since)
    count = services.webhooks.replay(endpoint_id, services.notifier.ledger, events, services.notifier.clock())
    _wake(services)
    return Replayed(events=count)


@router.post("/{endpoint_id}/deliveries/{event_id}/retry", response_model=DeliveryPublic,
             responses={404: {"description": "No such delivery"}, 409: {"description": "Already delivered"}})
def retry_webhook_delivery(services: ServicesDep, actor: OperatorActor,
                           endpoint_id: Annotated[str, Path(pattern=ENDPOINT_ID)],
                           event_id: Annotated[str, Path(pattern=EVENT_ID)]):
    """Makes one parked or failed event of the endpoint due at once (after its earlier ones, as always)."""
    delivery = services.notifier.ledger.retry(f"{event_id}/webhook/{endpoint_id}", services.notifier.clock())
    _wake(services)
    return DeliveryPublic.of(delivery)


def _wake(services: Services) -> None:
    if services.dispatcher is not None:
        services.dispatcher.wake()
