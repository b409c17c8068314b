"""What every refusal looks like: application/problem+json with a stable type."""

from __future__ import annotations

PROBLEM = "https://problems.azersu.az/"


def assert_problem(response, status: int, problem_type: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["type"] == PROBLEM + problem_type
    assert body["status"] == status
    assert body["title"] and body["detail"]
    return body
