"""What every console page shares: templates, the security headers, the session's actor checked against the
API's authorisation table, and refusals rendered as pages instead of problem+json."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi import Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.authorization import rule_for
from gateway.bootstrap import Services
from gateway.console.session import PATH, CsrfRefused, Session, Sessions, SignInRequired

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")
BAKU = ZoneInfo("Asia/Baku")


def _query(filters: dict[str, Any], **changes: Any) -> str:
    """A link's query string: the page's filters, with some changed, the empty ones left out."""
    return urlencode({k: v for k, v in (filters | changes).items() if v not in (None, "")})


def _baku(moment: datetime | None) -> str:
    return moment.astimezone(BAKU).strftime("%d.%m.%Y %H:%M:%S") if moment is not None else ""


def _day(day: date | None) -> str:
    return day.strftime("%d.%m.%Y") if day is not None else ""


def _days_left(left: int | None) -> str:
    """The working days left until the due date, in words: an overdue case says by how many days."""
    if left is None:
        return ""
    if left < 0:
        return f"{-left} iş günü gecikir"
    return "bu gün son gündür" if left == 0 else f"{left} iş günü qalıb"


templates.env.globals["query"] = _query
templates.env.filters["baku"] = _baku
templates.env.filters["day"] = _day
templates.env.filters["days_left"] = _days_left
templates.env.globals["ROLE_NAMES"] = {"employee": "İcraçı əməkdaş", "supervisor": "Rəhbər", "auditor": "Auditor",
                                        "operator": "Operator", "citizen": "Vətəndaş", "portal": "Portal"}
templates.env.globals["DELIVERY_STATUSES"] = {"pending": "Gözləyən", "sending": "Göndərilən", "sent": "Göndərilib",
                                               "delivered": "Çatdırılıb", "failed": "Çatdırılmadı", "parked": "Saxlanılıb"}

# Nothing from elsewhere, no script at all (the pages need none), no inline style, no plugin, no frame (a PDF is
# shown as images of its pages), and no site may frame the console.
CONTENT_SECURITY_POLICY = ("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; "
                           "frame-ancestors 'none'")
HEADERS = {"Content-Security-Policy": CONTENT_SECURITY_POLICY, "X-Content-Type-Options": "nosniff",
           "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY", "Cross-Origin-Opener-Policy": "same-origin",
           "Cross-Origin-Resource-Policy": "same-origin"}


class ConsoleHeaders:
    """ASGI middleware: the console's security headers on every answer under /console, unless a route set its own."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not is_console(scope["path"]):
            return await self.app(scope, receive, send)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    if name not in headers:
                        headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)


def is_console(path: str) -> bool:
    return path == PATH or path.startswith(PATH + "/")


class PageForbidden(Exception):
    """The API's table does not open this to the session's role (403)."""

    def __init__(self, route: str):
        super().__init__(route)
        self.route = route


class PageMissing(Exception):
    """A page of a document that is not there, or could not be drawn within the budget (404)."""


async def get_services(request: Request) -> Services:
    return request.app.state.services


def sessions(request: Request) -> Sessions:
    return request.app.state.console_sessions


def signed_in(request: Request) -> Session:
    """Not async: whether the session was signed out is a query, run in the thread pool."""
    return sessions(request).read(request, request.app.state.services.signed_out_sessions)


def may(session: Session, route: str) -> bool:
    """Whether the API's authorisation table opens `route` ("METHOD /v1/…") to the session's role."""
    method, path = route.split(" ", 1)
    access = rule_for(method, path)
    return access is not None and not access.public and access.admits(session.actor.role)


def permit(session: Session, route: str) -> None:
    if not may(session, route):
        raise PageForbidden(route)


ServicesDep = Annotated[Services, Depends(get_services)]
SessionDep = Annotated[Session, Depends(signed_in)]


def page(request: Request, template: str, session: Session | None, status_code: int = 200, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, template, {"session": session, "may": (lambda r: session is not None and
                                                                                       may(session, r)), **context},
                                      status_code=status_code)


def see_other(path: str, **query: Any) -> RedirectResponse:
    given = {k: v for k, v in query.items() if v not in (None, "")}
    return RedirectResponse(path + ("?" + urlencode(given) if given else ""), status_code=303)


async def posted_form(request: Request, session: Session, *, files: int = 0) -> dict[str, Any]:
    """The form's fields, after its CSRF token is checked; a form of this console has a dozen fields at most."""
    form = await request.form(max_files=files, max_fields=24, max_part_size=64 * 1024)
    session.check_csrf(form.get("csrf"))
    return dict(form.items())


# --- refusals as pages ------------------------------------------------------------------------------

TITLES = {400: "Sorğu yanlışdır", 403: "Bu sizə açıq deyil", 404: "Tapılmadı", 409: "Müraciətin vəziyyəti imkan vermir",
          413: "Fayl çox böyükdür", 415: "Bu fayl növü qəbul edilmir", 422: "Göndərilən qəbul edilə bilmir",
          429: "Çox sorğu", 503: "Xidmət müvəqqəti əlçatmazdır"}


def install_error_pages(app: FastAPI) -> None:
    """Every handler problems.install registered answers a console page with an HTML page of the same status
    and detail; the API keeps its problem+json."""
    for kind, handler in list(app.exception_handlers.items()):
        app.exception_handlers[kind] = _as_page(handler)
    app.add_exception_handler(SignInRequired, _to_sign_in)
    app.add_exception_handler(CsrfRefused, _csrf_refused)
    app.add_exception_handler(PageForbidden, _forbidden)
    app.add_exception_handler(PageMissing, _page_missing)


def pages_when_unavailable(answer: Callable[[Request], Response]) -> Callable[[Request], Response]:
    """The database guard's 503 (gateway.availability), as a page under /console and as it is elsewhere."""
    def unavailable(request: Request) -> Response:
        if not is_console(request.url.path):
            return answer(request)
        return error_page(request, 503, "Xidmət verilənlər bazasına çata bilmir. Bir azdan yenidən cəhd edin.", "1")
    return unavailable


def _as_page(handler: Callable[[Request, Any], Response | Awaitable[Response]]) -> Callable[[Request, Any], Awaitable[Response]]:
    async def answer(request: Request, error: Any) -> Response:
        response = handler(request, error)
        if not isinstance(response, Response):
            response = await response
        if not is_console(request.url.path) or response.media_type != "application/problem+json":
            return response
        body = json.loads(bytes(response.body))
        return error_page(request, response.status_code, str(body.get("detail", "")), response.headers.get("Retry-After"))
    return answer


def error_page(request: Request, status: int, detail: str, retry_after: str | None = None) -> HTMLResponse:
    session = _session_if_any(request)
    answer = page(request, "error.html", session, status, title=TITLES.get(status, "Xəta"), detail=detail, status=status)
    if retry_after:
        answer.headers["Retry-After"] = retry_after
    return answer


def _session_if_any(request: Request) -> Session | None:
    try:
        return sessions(request).read(request, None)
    except SignInRequired:
        return None


async def _to_sign_in(request: Request, error: Exception) -> Response:
    if request.method != "GET":  # a form posted after the session ended: its data is not carried anywhere
        return error_page(request, 401, "Sessiyanın vaxtı bitib. Yenidən daxil olun; göndərdiyiniz qeyd edilmədi.")
    return see_other(f"{PATH}/sign-in", next=request.url.path)


async def _csrf_refused(request: Request, error: Exception) -> Response:
    return error_page(request, 403, "Formanın təhlükəsizlik açarı uyğun gəlmir. Səhifəni yeniləyib yenidən göndərin.")


async def _forbidden(request: Request, error: Exception) -> Response:
    route = error.route if isinstance(error, PageForbidden) else ""
    return error_page(request, 403, f"Bu səhifə ({route}) sizin rolunuza açıq deyil.")


async def _page_missing(request: Request, error: Exception) -> Response:
    return error_page(request, 404, "Sənədin bu səhifəsi yoxdur və ya göstərilə bilmədi; sənədi yükləyib baxa bilərsiniz.")
