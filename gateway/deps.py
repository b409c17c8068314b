"""Dependencies of the endpoints: the wired services and the caller's identity, by role."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from cases.errors import InvalidReferenceError
from gateway.bootstrap import Services
from gateway.identity import AuthenticationError
from gateway.problems import ForbiddenError
from schemas.context import Actor

_bearer = HTTPBearer(auto_error=False, description="A JWT from the portal's sign-in or the staff identity provider")


def get_services(request: Request) -> Services:
    return request.app.state.services


def current_actor(request: Request, services: Annotated[Services, Depends(get_services)],
                  credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> Actor:
    if credentials is None:
        raise AuthenticationError("Sign in: send a bearer token in the Authorization header.")
    return services.verifier.actor(credentials.credentials, request.state.correlation_id)


def _role(*roles: str):
    def require(actor: Annotated[Actor, Depends(current_actor)]) -> Actor:
        if actor.role not in roles:
            raise ForbiddenError(f"This is for the {' or '.join(roles)} role; the token is a {actor.role}'s.")
        return actor
    return require


def expected_version(if_match: Annotated[str | None, Header(
        description='The version the employee saw (the ETag, e.g. "3"); a stale one is refused with 409')] = None) -> int | None:
    if if_match is None or if_match.strip() == "*":
        return None
    value = if_match.strip().removeprefix("W/").strip('"')
    if not value.isdigit():
        raise InvalidReferenceError("If-Match", 'If-Match carries the version seen, e.g. "3".')
    return int(value)


ServicesDep = Annotated[Services, Depends(get_services)]
CitizenActor = Annotated[Actor, Depends(_role("citizen"))]
EmployeeActor = Annotated[Actor, Depends(_role("employee"))]
OperatorActor = Annotated[Actor, Depends(_role("operator"))]
SignedIn = Annotated[Actor, Depends(current_actor)]
ExpectedVersion = Annotated[int | None, Depends(expected_version)]
