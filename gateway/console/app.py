"""Mounting the console on the service: its pages, its files, its headers, and its refusals as pages."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from gateway.console import audit, deliveries, operations, signin, statistics, work
from gateway.console.oidc import openid_from
from gateway.console.session import PATH, sessions_from
from gateway.console.web import HERE, ConsoleHeaders, install_error_pages, pages_when_unavailable
from gateway.settings import Settings

__all__ = ["install", "pages_when_unavailable"]


def install(app: FastAPI, settings: Settings) -> None:
    """After problems.install (its handlers are wrapped here) and before the outer middleware."""
    app.state.console_sessions = sessions_from(settings)
    app.state.console_openid = openid_from(settings)
    for router in (signin.router, work.router, audit.router, deliveries.router, statistics.router,
                   operations.router):
        app.include_router(router)
    app.mount(f"{PATH}/static", StaticFiles(directory=HERE / "static"), name="console-static")
    install_error_pages(app)
    app.add_middleware(ConsoleHeaders)
