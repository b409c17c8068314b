"""Entry point for uvicorn: `uvicorn gateway.main:app --factory`."""

from gateway.app import create_app


def app():
    return create_app()
