"""Every refusal as problem+json (RFC 9457), with a stable `type` per kind of problem.

This is the one place where domain errors become HTTP statuses.
"""

from __future__ import annotations

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from cases import errors
from consumers.ledger import DeliveryAlreadySentError, DeliveryNotFoundError
from gateway.identity import AuthenticationError

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
    errors.DocumentTooLargeError: 413,
    DeliveryNotFoundError: 404,
    DeliveryAlreadySentError: 409,
}

TITLES = {
    400: "Bad request", 401: "Not signed in", 403: "Not allowed", 404: "Not found", 405: "Method not allowed",
    409: "Conflict with the application's state", 413: "Too large", 415: "Unsupported document type",
    422: "The request cannot be accepted", 503: "Temporarily unavailable",
}


class ForbiddenError(Exception):
    """Signed in, but this role may not do this (403)."""


class RequestTooLargeError(StarletteHTTPException):
    """The request body is larger than the service accepts (413).

    An HTTPException because FastAPI turns any other error raised while it reads a body into a 400."""

    def __init__(self, detail: str):
        super().__init__(status_code=413, detail=detail)


def problem(request: Request, status: int, type_: str, detail: str, headers: dict | None = None, **extra) -> JSONResponse:
    body = {"type": PROBLEM_BASE + type_, "title": TITLES.get(status, "Error"), "status": status,
            "detail": detail, "instance": request.url.path,
            "correlation_id": getattr(request.state, "correlation_id", None), **extra}
    log.info("request_refused", status=status, problem=type_, path=request.url.path)
    return JSONResponse(body, status_code=status, media_type="application/problem+json", headers=headers)


def install(app: FastAPI) -> None:
    app.add_exception_handler(errors.CaseError, _case_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(AuthenticationError, _authentication_error)
    app.add_exception_handler(ForbiddenError, _forbidden)
    app.add_exception_handler(RequestTooLargeError, _too_large)
    app.add_exception_handler(StarletteHTTPException, _http_error)


async def _case_error(request: Request, error: errors.CaseError) -> JSONResponse:
    extra = {"field": error.field} if hasattr(error, "field") else {}
    return problem(request, STATUS_OF.get(type(error), 422), error.code, error.detail, **extra)


async def _validation_error(request: Request, error: RequestValidationError) -> JSONResponse:
    fields = [{"field": ".".join(str(p) for p in e["loc"][1:]) or str(e["loc"][0]), "message": e["msg"]}
              for e in error.errors()]
    detail = "; ".join(f"{f['field']}: {f['message']}" for f in fields)
    return problem(request, 422, "invalid-request", detail, errors=fields)


async def _authentication_error(request: Request, error: AuthenticationError) -> JSONResponse:
    return problem(request, 401, "unauthenticated", str(error), headers={"WWW-Authenticate": "Bearer"})


async def _forbidden(request: Request, error: ForbiddenError) -> JSONResponse:
    return problem(request, 403, "forbidden", str(error))


async def _too_large(request: Request, error: RequestTooLargeError) -> JSONResponse:
    return problem(request, 413, "request-too-large", error.detail)


async def _http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
    slug = {404: "not-found", 405: "method-not-allowed", 400: "bad-request"}.get(error.status_code, "http-error")
    return problem(request, error.status_code, slug, str(error.detail), headers=getattr(error, "headers", None))
