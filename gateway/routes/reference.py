"""Reference lists for the portals' forms, and the subscriber lookup for the active-meter warning."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query

from cases.errors import InvalidReferenceError, UnknownSubscriberError
from gateway.deps import CitizenActor, ServicesDep
from schemas.views import CodeName, District, RefusalReason, SubscriberPublic, Unit, initials

router = APIRouter(prefix="/v1/reference", tags=["reference"])
subscribers = APIRouter(prefix="/v1/subscribers", tags=["citizen"])


@router.get("/districts", response_model=list[District])
def list_districts(services: ServicesDep):
    """The districts (rayon) an application can be for."""
    return services.catalogue.items("districts")


@router.get("/districts/{code}/places", response_model=list[str], responses={404: {"description": "No such district"}})
def list_places(services: ServicesDep, code: Annotated[str, Path(max_length=16)],
                q: Annotated[str, Query(max_length=100, description="Type-ahead: part of the name")] = ""):
    """The streets, settlements and villages of a district, filtered as the citizen types."""
    try:
        return services.catalogue.places(code, q)
    except InvalidReferenceError:  # here the district is the resource in the path, not a field of a form
        raise HTTPException(404, f"No district has the code '{code}'.") from None


@router.get("/purposes", response_model=list[CodeName])
def list_purposes(services: ServicesDep):
    """Purposes of the object (obyektin təyinatı) for technical conditions."""
    return services.catalogue.items("technical_conditions_purposes")


@router.get("/meter-reasons", response_model=list[CodeName])
def list_meter_reasons(services: ServicesDep):
    """Template reasons (şablon müraciətlər) of a meter-installation application."""
    return services.catalogue.items("meter_installation_reasons")


@router.get("/refusal-reasons", response_model=list[RefusalReason])
def list_refusal_reasons(services: ServicesDep):
    """Reasons an application can be refused with, and the kinds each applies to."""
    return services.catalogue.items("refusal_reasons")


@router.get("/statuses", response_model=list[CodeName])
def list_statuses(services: ServicesDep):
    """The statuses an application passes through, with their Azerbaijani labels."""
    return services.catalogue.items("statuses")


@router.get("/units", response_model=list[Unit])
def list_units(services: ServicesDep):
    """The units cases can be routed to, and which kinds each executes."""
    return services.catalogue.items("units")


@subscribers.get("/{code}", response_model=SubscriberPublic)
def read_subscriber(services: ServicesDep, acting: CitizenActor,
                    code: Annotated[str, Path(pattern=r"^\d{6,12}$", description="Abonent kodu")]):
    """Whether the subscriber already has an active meter, before a meter application is filled in."""
    subscriber = services.subscribers.find(code)
    if subscriber is None:
        raise UnknownSubscriberError(code)
    active = len(subscriber.active_meters)
    warning = ("Bu abonent kodunda aktiv sayğac mövcuddur. Əlavə sayğac quraşdırılmasını istəyirsinizsə, "
               "davam edin.") if active else None
    return SubscriberPublic(code=code, owner_initials=initials(subscriber.owner), district=subscriber.district,
                            active_meters=active, warning=warning)

