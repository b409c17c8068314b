"""Liveness and readiness, for the orchestrator."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request, Response

from gateway.availability import note_failure
from gateway.deps import ServicesDep
from gateway.figures import case_figures, ledger_figures, log_figures, webhook_figures
from gateway.metrics import exposition, token_matches
from gateway.problems import database_unavailable

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
        note_failure(getattr(request.app.state, "database_watch", None), error)
        return database_unavailable(request, f"The database does not answer ({type(error).__name__}).")
    return {"status": "ok"}


@router.get("/metrics", response_class=Response, include_in_schema=False)
def read_metrics(services: ServicesDep, request: Request) -> Response:
    """Prometheus's text format: this host's counted figures, and the installation's read from the database."""
    settings = services.settings
    if not settings.metrics_open:
        token = settings.metrics_token
        if token is None or not token_matches(request.headers.get("authorization"), token.get_secret_value()):
            raise HTTPException(404, "Not Found")  # a scraper without the token learns nothing, not even that it exists
    body, content_type = exposition(lambda: log_figures(services), lambda: ledger_figures(services),
                                    lambda: webhook_figures(services), lambda: case_figures(services))
    return Response(body, media_type=content_type)
