"""The FastAPI application: routers collected in one place."""

from __future__ import annotations

import gc
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI

from gateway import api_docs, problems
from gateway.authorization import Gate
from gateway.availability import DatabaseGuard, database_watch
from gateway.bootstrap import Services, bootstrap
from gateway.caching import NoStore
from gateway.console import app as console
from gateway.logs import CorrelationId, configure_logging
from gateway.metrics import HttpMetrics
from gateway.query import refuse_unknown_query_parameters
from gateway.routes import applications, audit, calendar, cases, deliveries, health, reference, statistics, webhooks
from gateway.settings import Settings
from gateway.tracing import FASTAPI_TELEMETRY
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
        await app.state.services.reads.open()
        app.state.services.start_background()
        # What start-up built (the app, its routes and models, the reference data) lives as long as the
        # process: out of the collector's sight, a full collection no longer walks it, and no request
        # waits the tens of milliseconds that walk takes.
        gc.freeze()
        try:
            yield
        finally:
            if app.state.database_watch is not None:
                app.state.database_watch.close()
            await app.state.services.reads.close()
            if services is None:
                app.state.services.close()

    app = FastAPI(title="Azərsu e-services case backend", version="1.0.0", description=DESCRIPTION, lifespan=lifespan,
                  dependencies=[Depends(refuse_unknown_query_parameters)],
                  openapi_url=api_docs.openapi_url(settings), docs_url=None, redoc_url=None,
                  telemetry=FASTAPI_TELEMETRY)  # /docs: gateway.api_docs; the requests' spans: gateway.tracing
    api_docs.install(app, settings)
    for router in (health.router, reference.router, reference.subscribers, applications.router, cases.router, deliveries.router,
                   webhooks.router, audit.router, calendar.router, statistics.router):
        app.include_router(router)
    problems.install(app)
    console.install(app, settings)  # the back office's pages under /console, on the same use cases and table
    app.state.database_watch = database_watch(settings, lambda: app.state.services)
    # 503 at once while Postgres is away
    app.add_middleware(DatabaseGuard, watch=app.state.database_watch,
                       unavailable=console.pages_when_unavailable(problems.database_unavailable))
    app.add_middleware(Gate, settings=settings)  # the authorisation table, before any body is read
    app.add_middleware(BodySizeLimit, limit=settings.max_request_bytes, file_limit=settings.max_document_bytes,
                       json_limit=settings.max_json_bytes)
    app.add_middleware(CorrelationId)
    app.add_middleware(NoStore)  # every answer, refusals included, unless the table calls it public
    app.add_middleware(HttpMetrics)  # outermost: counts every answer, the middlewares' refusals included
    return app
