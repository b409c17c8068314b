"""No cache keeps what may be personal: every answer but the public ones (health, reference lists) says
`Cache-Control: no-store`, so a shared computer's browser or a proxy between the portal and us never
holds a citizen's status page, a case or a document after the answer is delivered."""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.authorization import rule_for


class NoStore:
    """ASGI middleware: `no-store` unless the route's entry in the authorisation table is public.

    Decided by the entry the gate matched (`authorized_route`), so a path no entry matches, a refusal
    before the route and an error are all `no-store` too: when in doubt, nothing is kept."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_policy(message: Message) -> None:
            if message["type"] == "http.response.start" and not _public(scope):
                MutableHeaders(scope=message)["Cache-Control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_with_policy)


def _public(scope: Scope) -> bool:
    template = scope.get("authorized_route")
    access = rule_for(scope["method"], template) if template else None
    return access is not None and access.public
