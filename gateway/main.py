"""Entry point for uvicorn: `uvicorn gateway.main:app --factory`."""

from gateway.app import create_app
from gateway.tracing import configure_tracing


def app():
    configure_tracing("azersu-cases")
    return create_app()
