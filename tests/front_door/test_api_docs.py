"""/docs works offline, from the service's own files; in production it is there only when a setting says so."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from cryptography.hazmat.primitives import serialization
from fastapi.testclient import TestClient

from gateway.app import create_app
from gateway.bootstrap import bootstrap
from gateway.identity import development_private_key
from gateway.settings import Settings

DOCUMENTATION = ("/docs", "/openapi.json")


def production_client(tmp_path, monkeypatch, **environment: str) -> Iterator[TestClient]:
    key = development_private_key(tmp_path / "idp-private.pem").public_key()
    pem = tmp_path / "idp.pem"
    pem.write_bytes(key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    settings = Settings(_env_file=None, data_dir=tmp_path, database_url=None, environment="production",
                        jwt_issuers=[{"issuer": "https://sso.azersu.az", "public_keys": [pem], "roles": ["employee"]}],
                        application_id_secret="s" * 40, smtp_host="smtp.azersu.az", sms_gateway_url="https://sms.azersu.az/send")
    services = bootstrap(settings)
    with TestClient(create_app(settings, services)) as client:
        yield client
    services.close()


def linked_urls(page: str) -> list[str]:
    """Every address the page makes the browser load or call: scripts, styles, icons and the document itself."""
    return re.findall(r'(?:src|href)="([^"]+)"', page) + re.findall(r"url: ?'([^']+)'", page)


def test_the_docs_page_loads_everything_from_the_service_itself(quick_client):
    page = quick_client.get("/docs")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    urls = linked_urls(page.text)
    assert "/openapi.json" in urls and any(u.endswith(".js") for u in urls) and any(u.endswith(".css") for u in urls)
    for url in urls:
        assert url.startswith("/") and not url.startswith("//"), f"{url} is not the service's own"
        assert quick_client.get(url).status_code == 200, url
    assert "https://" not in page.text.replace("https://problems.azersu.az", "")  # no CDN, no external validator


def test_swagger_ui_is_served_whole_with_its_types(quick_client):
    urls = linked_urls(quick_client.get("/docs").text)
    script = quick_client.get(next(u for u in urls if u.endswith(".js")))
    assert script.headers["content-type"].startswith(("application/javascript", "text/javascript"))
    assert b"SwaggerUIBundle" in script.content and len(script.content) > 500_000
    assert quick_client.get(next(u for u in urls if u.endswith(".css"))).headers["content-type"].startswith("text/css")


@pytest.fixture
def production(tmp_path, monkeypatch) -> Iterator[TestClient]:
    monkeypatch.delenv("API_DOCS_PUBLIC", raising=False)
    yield from production_client(tmp_path, monkeypatch)


@pytest.fixture
def production_with_public_docs(tmp_path, monkeypatch) -> Iterator[TestClient]:
    yield from production_client(tmp_path, monkeypatch, API_DOCS_PUBLIC="true")


def test_production_answers_404_for_the_documentation(production):
    for path in (*DOCUMENTATION, "/redoc", "/docs/assets/swagger-ui-bundle.js"):
        response = production.get(path)
        assert response.status_code == 404, path
        assert response.headers["content-type"] == "application/problem+json"
    assert production.get("/healthz").status_code == 200


def test_production_serves_the_documentation_when_api_docs_public_says_so(production_with_public_docs):
    for path in DOCUMENTATION:
        assert production_with_public_docs.get(path).status_code == 200, path
    for url in linked_urls(production_with_public_docs.get("/docs").text):
        assert production_with_public_docs.get(url).status_code == 200, url
