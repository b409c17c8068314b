"""Liveness and readiness, for the orchestrator."""

from __future__ import annotations

from fastapi import APIRouter, Request

from gateway.availability import is_connection_lost
from gateway.deps import ServicesDep
from gateway.problems import problem

router = APIRouter(tags=["health"])


@router.get("/healthz")
def read_health() -> dict:
    """The process is up (it answers even while the database is away)."""
    return {"status": "ok"}


@router.get("/readyz", responses={503: {"description": "The database does not answer"}})
def read_readiness(services: ServicesDep, request: Request):
    """The process can serve: its database answers (503 problem+json within a second when it does not)."""
    try:
        services.database.ping()
        services.registry.recorder.max_notification_id()
    except Exception as error:  # any failure to reach the database means "not ready", whatever its kind
        watch = getattr(request.app.state, "database_watch", None)
        if watch is not None and is_connection_lost(error):
            watch.went_down(error)
        return problem(request, 503, "database-unavailable", f"The database does not answer ({type(error).__name__}).",
                       headers={"Retry-After": "1"})
    return {"status": "ok"}
