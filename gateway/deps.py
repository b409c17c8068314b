"""Dependencies of the endpoints: the wired services and the caller's identity, by the authorisation table.

Every route that acts for someone takes its actor from `Authorized` (or an alias below that says which
role to expect). The gate (gateway.authorization.Gate) verified the caller before the body was read; here
the entry of the route the router actually matched is checked again, so a route is never reached by a
role its entry does not name, and a route without an entry is reached by nobody.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from cases.errors import InvalidReferenceError
from gateway.authorization import key, rule_for
from gateway.bootstrap import Services
from gateway.identity import FORWARDED_IDENTITY_HEADER, AuthenticationError, Caller
from gateway.problems import ForbiddenError
from schemas.context import Actor, Citizen

_bearer = HTTPBearer(auto_error=False, description="A JWT from the portal's sign-in or the staff identity provider")
_forwarded = APIKeyHeader(name=FORWARDED_IDENTITY_HEADER, auto_error=False, scheme_name="ForwardedCitizen", description=(
    "A portal's service account acts for a citizen (submits, reads their applications, downloads the result, "
    "withdraws) by forwarding the citizen's own token, issued at their sign-in, here, beside its own bearer "
    "token; see gateway.identity"))


# The dependencies are `async def` although none awaits: FastAPI runs a plain `def` dependency on the
# thread pool, and the hop there and back costs more than what they do.

async def get_services(request: Request) -> Services:
    return request.app.state.services


async def authorized(request: Request,
                     credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> Actor:
    """The actor of a caller the table admits to the route matched; refuses everyone else."""
    route: str = getattr(request.scope.get("route"), "path_format", None) or ""  # as the table spells it: no convertors
    access = rule_for(request.method, route)
    if access is None or access.public:
        raise ForbiddenError("This route has no entry in the authorisation table, so nobody may call it.")
    gated = request.scope.get("authorized_route")
    caller: Caller | None = getattr(request.state, "caller", None)
    if gated != route or caller is None:  # the gate chose another entry, or did not run: refuse rather than guess
        raise ForbiddenError("The authorisation of this request could not be established.")
    if credentials is None:
        raise AuthenticationError("Sign in: send a bearer token in the Authorization header.")
    if not access.admits(caller.role) or caller.actor is None:
        raise ForbiddenError(f"{key(request.method, route)} is not open to the {caller.role} role.")
    return caller.actor


async def submitter(actor: Annotated[Actor, Depends(authorized)],
                    forwarded: Annotated[str | None, Depends(_forwarded)] = None) -> Actor:
    """The citizen acted for: the caller, or the citizen a portal forwards (the header documented in OpenAPI)."""
    return actor


@dataclass(frozen=True)
class ActingForCitizen:
    """The actor of a citizen's own route, and the citizen it acts for, known present."""

    actor: Actor
    citizen: Citizen


async def acting_for_citizen(actor: Annotated[Actor, Depends(submitter)]) -> ActingForCitizen:
    """The table opens these routes to citizens and to portals acting for one: the actor names its citizen."""
    if actor.citizen is None:
        raise ForbiddenError(f"This is for a citizen, directly or through a portal; the token is a {actor.role}'s.")
    return ActingForCitizen(actor, actor.citizen)


def _role(*roles: str):
    """Kept for routes written before the table: the table decides, and the role must also be one of these."""
    async def require(actor: Annotated[Actor, Depends(authorized)]) -> Actor:
        if actor.role not in roles:
            raise ForbiddenError(f"This is for the {' or '.join(roles)} role; the token is a {actor.role}'s.")
        return actor
    return require


async def expected_version(if_match: Annotated[str | None, Header(
        description='The version the employee saw (the ETag, e.g. "3"); a stale one is refused with 409')] = None) -> int | None:
    if if_match is None or if_match.strip() == "*":
        return None
    value = if_match.strip().removeprefix("W/").strip('"')
    if not value.isdigit():
        raise InvalidReferenceError("If-Match", 'If-Match carries the version seen, e.g. "3".')
    return int(value)


ServicesDep = Annotated[Services, Depends(get_services)]
Authorized = Annotated[Actor, Depends(authorized)]
SubmitterActor = Annotated[Actor, Depends(submitter)]  # the citizen, directly or through a portal's service account
CitizenActor = Annotated[ActingForCitizen, Depends(acting_for_citizen)]  # the citizen's reads and withdrawal, also a portal's for them
EmployeeActor = Authorized     # back office: employee, supervisor, auditor (reads), as the table says
OperatorActor = Authorized
SignedIn = Authorized
ExpectedVersion = Annotated[int | None, Depends(expected_version)]
