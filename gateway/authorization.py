"""Who may call what: the one authorisation table of the HTTP API.

Every route in the OpenAPI document has exactly one entry in RULES, keyed "METHOD /path" exactly as the
document spells the path. An entry names the roles whose tokens may call the route; any other role is
refused with 403, a caller without a valid token with 401. Scope inside a role is not decided here but by
the use case, and answered 404 so nobody learns what exists: a citizen reaches only their own applications,
an employee only the cases of their unit (supervisors and auditors see every unit: cases.scope).

Adding a route is one line in RULES, for example

    "GET /v1/audit/applications/{application_id}/history": allow(AUDITOR),

and the route takes its caller from `gateway.deps.Authorized` (or one of the role aliases there), which
checks the entry again for the route the router actually chose. A route with no entry refuses everyone
(it fails closed), and tests/security/test_authorization_table.py, which walks every route of
/openapi.json with every role, fails until the entry is written. `allow(..., submission=True)` puts the
route under the per-portal and per-citizen submission rate limits (gateway.ratelimit; a dry run counts too,
as it costs as much to check), `allow(..., lookup=True)` under the per-citizen lookup limit. The walk
knows scope by the path parameter `{application_id}`: a route that reads one application under another
name should say so there too.

The table is enforced twice, on purpose: the `Gate` middleware checks it before a byte of the body is
read (an anonymous caller cannot make the service parse a 25 MiB multipart upload, and a throttled portal
is refused at once), and the route's dependency checks it for the route actually matched.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass

from starlette.concurrency import run_in_threadpool
from starlette.convertors import CONVERTOR_TYPES
from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from gateway.identity import FORWARDED_IDENTITY_HEADER, AuthenticationError, Caller, OnBehalfRefusedError
from gateway.problems import ForbiddenError, refusal
from gateway.ratelimit import RateLimitedError, RateLimiter
from gateway.tracing import request_traceparent

CITIZEN = "citizen"
PORTAL = "portal"          # a portal's service account, acting for the citizen whose token it forwards (gateway.identity)
EMPLOYEE = "employee"      # the cases of one unit
SUPERVISOR = "supervisor"  # the cases of every unit; may reassign a case to another unit
AUDITOR = "auditor"        # reads everything, changes nothing
OPERATOR = "operator"      # e-mail and SMS deliveries, the working calendar's day swaps
ROLES = (CITIZEN, PORTAL, EMPLOYEE, SUPERVISOR, AUDITOR, OPERATOR)


@dataclass(frozen=True)
class Access:
    """Who may call one route."""

    roles: frozenset[str]
    public: bool = False       # no token needed at all
    submission: bool = False   # counted against the submission rate limits
    lookup: bool = False       # counted against the subscriber-lookup limit
    provider: bool = False     # a provider's callback: no token of ours, the route checks the one agreed with it

    def admits(self, role: str) -> bool:
        return self.public or role in self.roles


def allow(*roles: str, submission: bool = False, lookup: bool = False) -> Access:
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles {sorted(unknown)}")
    return Access(frozenset(roles), submission=submission, lookup=lookup)


PUBLIC = Access(frozenset(), public=True)
PROVIDER_CALLBACK = Access(frozenset(), public=True, provider=True)  # DELIVERY_REPORT_TOKEN, checked by the route
BACK_OFFICE_READ = allow(EMPLOYEE, SUPERVISOR, AUDITOR)
BACK_OFFICE_WRITE = allow(EMPLOYEE, SUPERVISOR)

RULES: dict[str, Access] = {
    # health and reference lists: nothing personal, the portals show them before sign-in
    "GET /healthz": PUBLIC,
    "GET /readyz": PUBLIC,
    "GET /metrics": PUBLIC,  # the route checks the scraper's own token in production (gateway.routes.health)
    "GET /v1/reference/districts": PUBLIC,
    "GET /v1/reference/districts/{code}/places": PUBLIC,
    "GET /v1/reference/purposes": PUBLIC,
    "GET /v1/reference/meter-reasons": PUBLIC,
    "GET /v1/reference/refusal-reasons": PUBLIC,
    "GET /v1/reference/statuses": PUBLIC,
    "GET /v1/reference/units": PUBLIC,
    # the citizen, directly or through a portal's back end acting for them (the gate verifies the forwarded token)
    "GET /v1/subscribers/{code}": allow(CITIZEN, PORTAL, lookup=True),
    "POST /v1/applications/technical-conditions": allow(CITIZEN, PORTAL, submission=True),
    "POST /v1/applications/meter-installation": allow(CITIZEN, PORTAL, submission=True),
    "GET /v1/applications": allow(CITIZEN, PORTAL),
    "GET /v1/applications/{application_id}": allow(CITIZEN, PORTAL),
    "GET /v1/applications/{application_id}/result": allow(CITIZEN, PORTAL),
    "POST /v1/applications/{application_id}/withdraw": allow(CITIZEN, PORTAL),
    "POST /v1/applications/{application_id}/information": allow(CITIZEN, PORTAL),
    # the back office
    "GET /v1/cases": BACK_OFFICE_READ,
    "GET /v1/cases/{application_id}": BACK_OFFICE_READ,
    "GET /v1/cases/{application_id}/documents/{sha256}": BACK_OFFICE_READ,
    "POST /v1/cases/{application_id}/route": BACK_OFFICE_WRITE,
    "POST /v1/cases/{application_id}/executors": BACK_OFFICE_WRITE,
    "POST /v1/cases/{application_id}/notes": BACK_OFFICE_WRITE,
    "POST /v1/cases/{application_id}/execution": BACK_OFFICE_WRITE,
    "POST /v1/cases/{application_id}/answer": BACK_OFFICE_WRITE,
    "POST /v1/cases/{application_id}/information-requests": BACK_OFFICE_WRITE,
    "POST /v1/cases/{application_id}/extensions": allow(SUPERVISOR),
    # statistics of terms kept, for supervisors and auditors
    "GET /v1/statistics": allow(SUPERVISOR, AUDITOR),
    # the working calendar: the Cabinet's day swaps, recorded by an operator
    "GET /v1/calendar/day-swaps": allow(OPERATOR, SUPERVISOR, AUDITOR),
    "POST /v1/calendar/day-swaps": allow(OPERATOR),
    # e-mail and SMS deliveries
    "GET /v1/cases/{application_id}/messages": allow(EMPLOYEE, SUPERVISOR, AUDITOR, OPERATOR),
    # e-mail, SMS and webhook deliveries
    "GET /v1/deliveries": allow(OPERATOR, AUDITOR),
    "GET /v1/deliveries/failures.csv": allow(OPERATOR, AUDITOR),
    "POST /v1/deliveries/{event_id}/{channel}/retry": allow(OPERATOR),
    # the providers' callbacks: no token of ours, but the one agreed with the provider (checked by the route)
    "POST /v1/deliveries/sms-reports": PROVIDER_CALLBACK,
    "POST /v1/deliveries/email-bounces": PROVIDER_CALLBACK,
    # the portals' webhook endpoints
    "GET /v1/webhooks": allow(OPERATOR, AUDITOR),
    "POST /v1/webhooks": allow(OPERATOR),
    "GET /v1/webhooks/{endpoint_id}": allow(OPERATOR, AUDITOR),
    "POST /v1/webhooks/{endpoint_id}/rotate-secret": allow(OPERATOR),
    "POST /v1/webhooks/{endpoint_id}/suspend": allow(OPERATOR),
    "POST /v1/webhooks/{endpoint_id}/resume": allow(OPERATOR),
    "POST /v1/webhooks/{endpoint_id}/replay": allow(OPERATOR),
    "POST /v1/webhooks/{endpoint_id}/deliveries/{event_id}/retry": allow(OPERATOR),
    # the auditor: read-only history, state as of a moment, integrity checks, export
    "GET /v1/audit/applications/{application}/history": allow(AUDITOR),
    "GET /v1/audit/applications/{application}/state": allow(AUDITOR),
    "GET /v1/audit/applications/{application}/verify": allow(AUDITOR),
    "GET /v1/audit/applications/{application}/export": allow(AUDITOR),
    "GET /v1/audit/verify": allow(AUDITOR),
}


def key(method: str, path: str) -> str:
    return f"{method.upper()} {path}"


def rule_for(method: str, path_template: str) -> Access | None:
    """The entry of a route, by its path template; HEAD is answered as GET."""
    method = "GET" if method.upper() == "HEAD" else method
    return RULES.get(key(method, path_template))


# Path parameters the routes declare with a convertor (`/{application_id:uuid}`), so that
# `GET /v1/applications/technical-conditions` is answered 405 rather than taken for an application's id.
# The gate matches them as the router does; any other parameter matches one segment, as the default does.
CONVERTED_PARAMETERS = {"application_id": CONVERTOR_TYPES["uuid"].regex}


@functools.cache  # one pattern per template, made once: the gate matches on every request
def _pattern(template: str) -> re.Pattern:
    return re.compile("^" + re.sub(r"\\{([^}]+)\\}", lambda p: f"(?:{CONVERTED_PARAMETERS.get(p.group(1), '[^/]+')})",
                                   re.escape(template)) + "$")


def match(method: str, path: str) -> tuple[str, Access] | None:
    """The entry a request path falls under, before the router has chosen: the most literal template wins,
    as it does in the router (a fixed segment is declared before a parameter in the same place)."""
    method = "GET" if method.upper() == "HEAD" else method.upper()
    found = [(template, access) for entry, access in RULES.items()
             for verb, template in [entry.split(" ", 1)]
             if verb == method and _pattern(template).match(path)]
    if not found:
        return None
    return min(found, key=lambda item: item[0].count("{"))


# --- enforcement before the route: the gate ---------------------------------------------------------

class Gate:
    """Checks the caller against the table before anything reads the body (ASGI middleware).

    Authentication, the role check and the submission rate limits all happen here; the verified caller is
    left in the request's state for `gateway.deps.authorized`, which checks again for the route matched."""

    def __init__(self, app: ASGIApp, settings):
        self.app = app
        self.limiter = RateLimiter({"portal": settings.rate_limit_submissions_per_portal,
                                    "citizen": settings.rate_limit_submissions_per_citizen},
                                   settings.rate_limit_window_seconds)
        self.lookups = RateLimiter({"citizen": settings.rate_limit_lookups_per_citizen},
                                   settings.rate_limit_window_seconds, what="subscriber lookups")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        found = match(scope["method"], scope["path"])
        if found is not None:
            template, access = found
            scope["authorized_route"] = template
            if not access.public:
                request = Request(scope)
                try:
                    if request.app.state.services.verifier.may_wait_on_the_network:  # a JWKS refresh: not on the loop
                        caller = await run_in_threadpool(self.admit, request, access)
                    else:
                        caller = self.admit(request, access)
                    scope.setdefault("state", {})["caller"] = traced(caller, request_traceparent(request.headers))
                except (AuthenticationError, ForbiddenError, OnBehalfRefusedError, RateLimitedError) as error:
                    return await refusal(request, error)(scope, receive, send)
        await self.app(scope, receive, send)

    def admit(self, request: Request, access: Access) -> Caller:
        verifier = request.app.state.services.verifier
        correlation_id = getattr(request.state, "correlation_id", None)
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise AuthenticationError("Sign in: send a bearer token in the Authorization header.")
        caller = verifier.caller(token.strip(), correlation_id)
        if not access.admits(caller.role):
            raise ForbiddenError(f"A {caller.role}'s token does not open this; it is for: {', '.join(sorted(access.roles))}.")
        if caller.role == PORTAL:
            caller = verifier.on_behalf_of(caller, request.headers.get(FORWARDED_IDENTITY_HEADER), correlation_id)
        if access.submission:
            self.limiter.take(buckets_of(caller))
        if access.lookup:
            self.lookups.take({"citizen": caller.acting.subject})
        return caller


def buckets_of(caller: Caller) -> dict[str, str | None]:
    """The real caller's buckets: a portal's service account spends its portal's and the citizen's it acts
    for; a citizen calling directly spends only their own, never their portal's."""
    buckets: dict[str, str | None] = {"citizen": caller.acting.subject}
    if caller.role == PORTAL:
        buckets["portal"] = caller.portal
    return buckets


def traced(caller: Caller, traceparent: str | None) -> Caller:
    """The caller whose actor records the request's trace context (gateway.tracing) on what it does."""
    if caller.actor is None or traceparent is None:
        return caller
    return dataclasses.replace(caller, actor=caller.actor.model_copy(update={"traceparent": traceparent}))
