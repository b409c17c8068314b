"""Every refusal as problem+json (RFC 9457), with a stable `type` per kind of problem.

This is the one place where domain errors become HTTP statuses.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

import psycopg
import structlog
from eventsourcing import persistence
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from cases import audit, errors, quotas
from consumers.ledger import DeliveryAlreadySentError, DeliveryNotFoundError, DeliveryNotSentError, LedgerError
from consumers.webhooks import WebhookEndpointNotFoundError
from gateway.availability import DatabaseUnavailableError, is_unreachable, note_failure
from gateway.identity import AuthenticationError, OnBehalfRefusedError
from gateway.ratelimit import RateLimitedError
from schemas.text import displayable

log = structlog.get_logger()

PROBLEM_BASE = "https://problems.azersu.az/"

STATUS_OF = {
    errors.ApplicationNotFoundError: 404,
    errors.TransitionNotAllowedError: 409,
    errors.StaleVersionError: 409,
    errors.ExecutorNotAssignedError: 409,
    errors.InvalidReferenceError: 422,
    errors.MissingInformationError: 422,
    errors.UnknownSubscriberError: 422,
    errors.AdditionalMeterNotConfirmedError: 422,
    errors.IdempotencyKeyReusedError: 422,
    errors.EmptyDocumentError: 422,
    errors.UnacceptableDocumentError: 415,
    errors.UnsafeDocumentError: 415,
    errors.DamagedDocumentError: 422,
    errors.CostlyDocumentError: 422,
    errors.DocumentTooLargeError: 413,
    errors.ApplicantTermNotOverError: 409,
    errors.ExtensionLimitReachedError: 409,
    errors.ExtensionTooLongError: 422,
    quotas.TooManyOpenApplicationsError: 422,
    quotas.DocumentQuotaExceededError: 429,
    DeliveryNotFoundError: 404,
    DeliveryAlreadySentError: 409,
    DeliveryNotSentError: 409,
    WebhookEndpointNotFoundError: 404,
    audit.NotYetSubmittedError: 404,
    audit.UnreadableEventError: 409,
}

TITLES = {
    400: "Bad request", 401: "Not signed in", 403: "Not allowed", 404: "Not found", 405: "Method not allowed",
    409: "Conflict with the application's state", 413: "Too large", 415: "Unsupported document type",
    422: "The request cannot be accepted", 429: "Too many requests", 503: "Temporarily unavailable",
}


DATABASE_ERRORS = (psycopg.Error, persistence.PersistenceError, sqlite3.OperationalError, DatabaseUnavailableError)


class ForbiddenError(Exception):
    """Signed in, but this role may not do this (403)."""


class RequestTooLargeError(StarletteHTTPException):
    """The request body is larger than the service accepts (413).

    An HTTPException because FastAPI turns any other error raised while it reads a body into a 400."""

    def __init__(self, detail: str):
        super().__init__(status_code=413, detail=detail)


@dataclass(frozen=True)
class Refusal:
    """How one kind of refusal of the caller is answered: its status, its problem type, and its headers."""

    status: int
    type_: str
    headers: Callable[[Exception], dict[str, str] | None] = lambda error: None


# Who the caller is and how often they call: answered alike whether the gate refused before the routes
# (`refusal`) or a route's dependency did (the exception handlers installed from this table).
REFUSALS: dict[type[Exception], Refusal] = {
    AuthenticationError: Refusal(401, "unauthenticated", lambda error: {"WWW-Authenticate": "Bearer"}),
    ForbiddenError: Refusal(403, "forbidden"),
    OnBehalfRefusedError: Refusal(403, "forbidden"),
    RateLimitedError: Refusal(429, "rate-limited", lambda error: _retry_after(error)),
}


def _retry_after(error: Exception) -> dict[str, str] | None:
    return {"Retry-After": str(error.retry_after)} if isinstance(error, RateLimitedError) else None


DATABASE_UNAVAILABLE = ("The service cannot reach its database just now. Try again shortly (a submission with the "
                        "same Idempotency-Key returns the application if it was recorded after all).")


def problem(request: Request, status: int, type_: str, detail: str, headers: dict | None = None, **extra) -> JSONResponse:
    correlation_id = getattr(request.state, "correlation_id", None)
    body = {"type": PROBLEM_BASE + type_, "title": TITLES.get(status, "Error"), "status": status,
            "detail": detail, "instance": request.url.path, "correlation_id": correlation_id, **extra}
    log_refusal(request, status, type_, correlation_id)
    request.state.problem_type = type_  # the reason gateway.metrics counts a refused command under
    return JSONResponse(body, status_code=status, media_type="application/problem+json", headers=headers)


def log_refusal(request: Request, status: int, type_: str, correlation_id: str | None) -> None:
    """Every refusal, with its correlation id and nothing personal: the route's template rather than the path
    (a path can carry a subscriber code), never the detail (it can quote what the caller typed), and of the
    application only its id and number, when the route names one."""
    route = getattr(request.scope.get("route"), "path_format", None) or request.scope.get("authorized_route") or "unmatched"
    application = request.path_params.get("application_id") or request.path_params.get("application")
    log.info("request_refused", status=status, problem=type_, method=request.method, route=route,
             correlation_id=correlation_id, **({"application": str(application)} if application else {}))


def database_unavailable(request: Request, detail: str = DATABASE_UNAVAILABLE) -> JSONResponse:
    """The 503 of a database that does not answer, wherever it is noticed: a route's query, the readiness
    check, or the guard that answers at once while the database is away."""
    return problem(request, 503, "database-unavailable", detail, headers={"Retry-After": "1"})


PROBLEM_SCHEMA = {
    "type": "object",
    "description": "RFC 9457 problem details; `type` is stable per kind of problem",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
        "detail": {"type": "string"}, "instance": {"type": "string"},
        "correlation_id": {"anyOf": [{"type": "string"}, {"type": "null"}]},
        "field": {"type": "string", "description": "The field at fault, when one is"},
        "errors": {"type": "array", "items": {"type": "object", "properties": {
            "field": {"type": "string"}, "message": {"type": "string"}}}},
    },
}
PROBLEM_CONTENT = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}


def document_problems(app: FastAPI) -> None:
    """Says in the OpenAPI document what every refusal looks like: each error status an operation lists, and
    any other (`default`), is problem+json; FastAPI's own 422 shape is never what we send."""
    generate = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is not None and app.openapi_schema.get("x-problems-documented"):
            return app.openapi_schema
        schema = generate()
        schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
        schema["components"]["schemas"].pop("HTTPValidationError", None)
        schema["components"]["schemas"].pop("ValidationError", None)
        for item in schema.get("paths", {}).values():
            for operation in item.values():
                responses = operation.setdefault("responses", {})
                for status, response in responses.items():
                    if status[0] in "45":
                        response["content"] = PROBLEM_CONTENT
                responses["default"] = {"description": "A refusal, as problem+json (401, 403, 404, 413, 415, 422, 429, 503…)",
                                        "content": PROBLEM_CONTENT}
                if {"ForwardedCitizen": []} in operation.get("security", []):  # forwarded beside a bearer, never alone
                    operation["security"] = [{"HTTPBearer": []}, {"HTTPBearer": [], "ForwardedCitizen": []}]
        schema["x-problems-documented"] = True
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented way to extend its schema


def install(app: FastAPI) -> None:
    document_problems(app)
    _handle(app, errors.CaseError, _case_error)
    _handle(app, LedgerError, _case_error)
    _handle(app, RequestValidationError, _validation_error)
    _handle(app, ValidationError, _validation_error)  # a command built in a route from checked parts
    for refused in REFUSALS:
        _handle(app, refused, _refused)
    _handle(app, RequestTooLargeError, _too_large)
    for database_error in DATABASE_ERRORS:
        _handle(app, database_error, _database_unavailable)
    _handle(app, StarletteHTTPException, _http_error)


E = TypeVar("E", bound=Exception)


def _handle(app: FastAPI, kind: type[E], handler: Callable[[Request, E], Awaitable[Response]]) -> None:
    """Starlette calls a handler with the exception class it is installed for, but types every handler
    as taking any Exception."""
    app.add_exception_handler(kind, handler)  # type: ignore[arg-type]  # see the docstring


async def _case_error(request: Request, error: errors.CaseError | LedgerError) -> JSONResponse:
    extra = {"field": error.field} if hasattr(error, "field") else {}
    status = next((STATUS_OF[kind] for kind in type(error).__mro__ if kind in STATUS_OF), 422)
    headers = {"Retry-After": str(error.retry_after)} if hasattr(error, "retry_after") else None
    return problem(request, status, error.code, error.detail, headers=headers, **extra)


MAX_ERRORS_LISTED = 20  # enough to correct a form; a body of a million mistakes must not echo them all


async def _validation_error(request: Request, error: RequestValidationError | ValidationError) -> JSONResponse:
    # A request's errors are located from where they came (body, query…); a model's from its own fields.
    skip = 1 if isinstance(error, RequestValidationError) else 0
    found = error.errors()
    fields = [{"field": displayable(".".join(str(p) for p in e["loc"][skip:]) or ".".join(str(p) for p in e["loc"])
                                    or "request"),
               "message": displayable(e["msg"])} for e in found[:MAX_ERRORS_LISTED]]
    detail = "; ".join(f"{f['field']}: {f['message']}" for f in fields)
    if len(found) > MAX_ERRORS_LISTED:
        detail += f"; and {len(found) - MAX_ERRORS_LISTED} more errors not listed"
    return problem(request, 422, "invalid-request", detail, errors=fields)


async def _refused(request: Request, error: Exception) -> JSONResponse:
    return refusal(request, error)


async def _database_unavailable(request: Request, error: Exception) -> JSONResponse:
    if not is_unreachable(error):
        raise error  # not the database's absence: a fault, for the server-error handler
    note_failure(getattr(request.app.state, "database_watch", None), error)
    return database_unavailable(request)


def refusal(request: Request, error: Exception) -> JSONResponse:
    """The answer to a refusal of the caller, by the table above: raised by the authorisation gate before the
    routes, where no handler runs, or by a route's dependency."""
    kind = next((kind for kind in type(error).__mro__ if kind in REFUSALS), None)
    if kind is None:
        raise error
    answer = REFUSALS[kind]
    return problem(request, answer.status, answer.type_, str(error), headers=answer.headers(error))


async def _too_large(request: Request, error: RequestTooLargeError) -> JSONResponse:
    return problem(request, 413, getattr(error, "problem_type", "request-too-large"), error.detail)


async def _http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
    slug = getattr(error, "problem_type", None) or {404: "not-found", 405: "method-not-allowed", 400: "bad-request"}.get(
        error.status_code, "http-error")
    return problem(request, error.status_code, slug, str(error.detail), headers=getattr(error, "headers", None))
