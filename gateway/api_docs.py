"""The API's description: /openapi.json and Swagger UI at /docs, with Swagger UI's files served by the service.

The page names its script, style and icon by paths of this service (never a CDN, never an absolute URL made
from the request's Host header), so it works offline and behind a strict proxy. In production the description
is published only when API_DOCS_PUBLIC says so: it maps every route and field for whoever asks.
"""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter, FastAPI, HTTPException, Response
from fastapi.openapi.docs import get_swagger_ui_html

DOCS_URL = "/docs"
OPENAPI_URL = "/openapi.json"
ASSETS_URL = f"{DOCS_URL}/assets"  # under /docs: what gateway.availability serves without the database
ASSET_TYPES = {"swagger-ui-bundle.js": "application/javascript", "swagger-ui.css": "text/css",
               "favicon-32x32.png": "image/png"}
# validatorUrl None: Swagger UI would otherwise show a badge fetched from validator.swagger.io.
SWAGGER_UI_PARAMETERS = {"validatorUrl": None}


def published(settings) -> bool:
    return settings.environment != "production" or settings.api_docs_public


def openapi_url(settings) -> str | None:
    """For FastAPI(openapi_url=…): None means no /openapi.json route at all, so it answers 404."""
    return OPENAPI_URL if published(settings) else None


def install(app: FastAPI, settings) -> None:
    if published(settings):
        app.include_router(swagger_ui(app.title))


def swagger_ui(title: str) -> APIRouter:
    router = APIRouter(include_in_schema=False)
    assets = {name: resources.files("fastapi_swagger.resources").joinpath(name).read_bytes() for name in ASSET_TYPES}

    @router.get(DOCS_URL)
    def read_docs_page() -> Response:
        return get_swagger_ui_html(openapi_url=OPENAPI_URL, title=f"{title} - Swagger UI",
                                   swagger_js_url=f"{ASSETS_URL}/swagger-ui-bundle.js",
                                   swagger_css_url=f"{ASSETS_URL}/swagger-ui.css",
                                   swagger_favicon_url=f"{ASSETS_URL}/favicon-32x32.png",
                                   swagger_ui_parameters=SWAGGER_UI_PARAMETERS)

    @router.get(ASSETS_URL + "/{name}")
    def read_docs_asset(name: str) -> Response:
        if name not in assets:
            raise HTTPException(404, "No such file of the API's documentation.")
        return Response(assets[name], media_type=ASSET_TYPES[name], headers={"Cache-Control": "public, max-age=86400"})

    return router
