"""Signing in and out: the staff's OpenID Connect provider, and on the embedded default a development page
to pick a role and a unit (refused in production)."""

from __future__ import annotations

import re
import secrets
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from gateway.console.oidc import SignInFailedError
from gateway.console.session import PATH, CsrfRefused
from gateway.console.web import ServicesDep, SessionDep, error_page, page, see_other, sessions
from gateway.identity import DEVELOPMENT_IDENTITIES, AuthenticationError, actor_from_claims

router = APIRouter(prefix=PATH, include_in_schema=False)

STAFF = ("employee", "supervisor", "auditor", "operator")
SIGN_IN_COOKIE = "azersu_console_form"  # the development form's CSRF token, before any session exists
NEXT_PATTERN = r"^/console(/[A-Za-z0-9/_.:-]*)?$"  # only a page of the console: never a redirect elsewhere


@router.get("/sign-in", response_class=HTMLResponse)
def sign_in_page(request: Request, services: ServicesDep,
                 next: Annotated[str, Query(max_length=200, pattern=NEXT_PATTERN)] = PATH + "/"):
    """Where a signed-out visitor lands: the provider's button, and outside production the development form."""
    token = secrets.token_urlsafe(32)
    answer = page(request, "sign_in.html", None, development=services.settings.trusts_development_key,
                  openid=request.app.state.console_openid is not None, units=services.catalogue.items("units"),
                  roles=STAFF, form_token=token, next=next,
                  signed_out="signed_out" in request.query_params)
    answer.set_cookie(SIGN_IN_COOKIE, token, max_age=1800, path=PATH, secure=True, httponly=True, samesite="strict")
    return answer


@router.post("/sign-in", response_class=HTMLResponse)
async def sign_in_for_development(request: Request, services: ServicesDep):
    """The development sign-in: a role and a unit, never in production."""
    if not services.settings.trusts_development_key:
        return error_page(request, 403, "İstehsal mühitində giriş yalnız kimlik təminatçısı ilə olur.")
    form = await request.form(max_files=0, max_fields=8, max_part_size=1024)
    expected = request.cookies.get(SIGN_IN_COOKIE, "")
    if not expected or not secrets.compare_digest(str(form.get("csrf", "")).encode(), expected.encode()):
        raise CsrfRefused()
    role, unit = str(form.get("role", "")), str(form.get("unit", ""))
    units = {u["code"] for u in services.catalogue.items("units")}
    if role not in STAFF or (role == "employee" and unit not in units):
        return error_page(request, 422, "Rolu və (icraçı əməkdaş üçün) bölməni siyahıdan seçin.")
    claims = DEVELOPMENT_IDENTITIES[role] | {"role": role} | ({"unit": unit} if role == "employee" else {})
    answer = see_other(_next(str(form.get("next", ""))))
    sessions(request).start(answer, actor_from_claims(claims, None), "development")
    answer.delete_cookie(SIGN_IN_COOKIE, path=PATH, secure=True, httponly=True, samesite="strict")
    return answer


@router.get("/auth/start")
def start_openid_sign_in(request: Request) -> Response:
    """Sends the browser to the staff identity provider (authorization code with PKCE)."""
    openid = request.app.state.console_openid
    if openid is None:
        return error_page(request, 404, "Kimlik təminatçısı ilə giriş qurulmayıb.")
    try:
        started = openid.start(str(request.url_for("finish_openid_sign_in")))
    except SignInFailedError as unavailable:
        return error_page(request, 503, str(unavailable))
    answer = see_other(started.url)
    sessions(request).start_pending(answer, started.pending)
    return answer


@router.get("/auth/callback", response_class=HTMLResponse)
async def finish_openid_sign_in(request: Request, services: ServicesDep,
                                code: Annotated[str | None, Query(max_length=2048)] = None,
                                state: Annotated[str | None, Query(max_length=512)] = None,
                                error: Annotated[str | None, Query(max_length=200)] = None,
                                error_description: Annotated[str | None, Query(max_length=500)] = None):
    """The provider sends the browser back here; the session starts once the code, the ID token and the role
    are checked. The page then goes on by itself (a refresh, not a redirect, so the Strict cookie is sent)."""
    openid = request.app.state.console_openid
    if openid is None:
        return error_page(request, 404, "Kimlik təminatçısı ilə giriş qurulmayıb.")
    if error:
        return error_page(request, 401, f"Kimlik təminatçısı girişi rədd etdi: {error}")
    try:
        access_token = await run_in_threadpool(openid.finish, sessions(request).read_pending(request), state, code)
        caller = await run_in_threadpool(services.verifier.caller, access_token, None)
    except SignInFailedError as refused:
        return error_page(request, 401, str(refused))
    except AuthenticationError as refused:  # the same refusal the API gives that token: a role not granted, say
        return error_page(request, 403, f"Bu giriş konsolu açmır: {refused}")
    if caller.actor is None or caller.role not in STAFF:
        return error_page(request, 403, "Konsol yalnız Azərsu əməkdaşları üçündür.")
    answer = page(request, "signed_in.html", None, target=PATH + "/")
    sessions(request).start(answer, caller.actor, "openid")
    sessions(request).end_pending(answer)
    return answer


@router.post("/sign-out")
async def sign_out(request: Request, services: ServicesDep, session: SessionDep) -> Response:
    form = await request.form(max_files=0, max_fields=4, max_part_size=1024)
    session.check_csrf(form.get("csrf"))
    answer = see_other(f"{PATH}/sign-in", signed_out=1)
    await run_in_threadpool(sessions(request).end, answer, session, services.signed_out_sessions)
    return answer


def _next(value: str) -> str:
    return value if re.fullmatch(NEXT_PATTERN, value) else PATH + "/"
