"""Liveness, readiness and the published API description, as an orchestrator and a portal's developers see them."""

from __future__ import annotations

from tests.http.problems import PROBLEM

V1_PATHS = {
    "/v1/reference/districts", "/v1/reference/districts/{code}/places", "/v1/reference/purposes",
    "/v1/reference/meter-reasons", "/v1/reference/refusal-reasons", "/v1/reference/statuses", "/v1/reference/units",
    "/v1/subscribers/{code}",
    "/v1/applications", "/v1/applications/technical-conditions", "/v1/applications/meter-installation",
    "/v1/applications/{application_id}", "/v1/applications/{application_id}/result",
    "/v1/applications/{application_id}/withdraw",
    "/v1/cases", "/v1/cases/{application_id}", "/v1/cases/{application_id}/route",
    "/v1/cases/{application_id}/executors", "/v1/cases/{application_id}/notes",
    "/v1/cases/{application_id}/execution", "/v1/cases/{application_id}/answer",
}


def test_liveness_answers_ok(quick_client):
    response = quick_client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readiness_answers_ok_when_the_database_answers(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readiness_answers_503_when_the_database_is_gone(client, services):
    services.database.close()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["type"] == PROBLEM + "database-unavailable"
    assert client.get("/healthz").status_code == 200  # alive, only not ready: restart is not the cure


def test_the_openapi_description_lists_every_v1_path(quick_client):
    response = quick_client.get("/openapi.json")
    assert response.status_code == 200
    assert V1_PATHS <= set(response.json()["paths"])


def test_every_v1_operation_is_described_for_the_portals_developers(quick_client):
    paths = quick_client.get("/openapi.json").json()["paths"]
    undescribed = [f"{method.upper()} {path}" for path, operations in paths.items() if path.startswith("/v1/")
                   for method, operation in operations.items() if not operation.get("description")]
    assert undescribed == []


def test_an_unknown_path_is_answered_with_problem_json(quick_client):
    response = quick_client.get("/v1/nowhere")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == PROBLEM + "not-found"
    assert response.json()["instance"] == "/v1/nowhere"


def test_a_wrong_method_is_answered_with_problem_json(quick_client):
    response = quick_client.delete("/v1/reference/districts")
    assert response.status_code == 405
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == PROBLEM + "method-not-allowed"
