"""The FastAPI application: routers collected in one place."""

from __future__ import annotations

from contextlib import asynccontextmanager

from fastapi import FastAPI

from gateway import problems
from gateway.bootstrap import Services, bootstrap
from gateway.logs import CorrelationId, configure_logging
from gateway.routes import applications, cases, deliveries, health, reference
from gateway.settings import Settings
from gateway.uploads import BodySizeLimit

DESCRIPTION = """Case management of two Azərsu e-services: technical conditions for connecting a house
to water and sewage, and water-meter installation. Portals post the citizens' commands; employees
route, execute and answer the cases. Errors are application/problem+json."""


def create_app(settings: Settings | None = None, services: Services | None = None) -> FastAPI:
    """Builds the app; the services are wired at start-up (or given, by tests)."""
    settings = settings or Settings()
    configure_logging()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.services = services or bootstrap(settings)
        app.state.services.start_background()
        try:
            yield
        finally:
            if services is None:
                app.state.services.close()

    app = FastAPI(title="Azərsu e-services case backend", version="1.0.0", description=DESCRIPTION, lifespan=lifespan)
    for router in (health.router, reference.router, reference.subscribers, applications.router, cases.router, deliveries.router):
        app.include_router(router)
    problems.install(app)
    app.add_middleware(BodySizeLimit, limit=settings.max_request_bytes)
    app.add_middleware(CorrelationId)
    return app
