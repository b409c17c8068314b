"""Liveness and readiness, for the orchestrator."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from gateway.deps import ServicesDep

router = APIRouter(tags=["health"])


@router.get("/healthz")
def read_health() -> dict:
    """The process is up."""
    return {"status": "ok"}


@router.get("/readyz", responses={503: {"description": "The database does not answer"}})
def read_readiness(services: ServicesDep):
    """The process can serve: its database answers."""
    try:
        services.database.ping()
        services.registry.recorder.max_notification_id()
    except Exception as error:  # any failure to reach the database means "not ready", whatever its kind
        return JSONResponse({"status": "unavailable", "detail": type(error).__name__}, status_code=503)
    return {"status": "ok"}
