"""A method a path does not have is answered 405 with the methods it has (Allow), as problem+json: never
taken for another route's parameter and refused as a malformed id."""

from __future__ import annotations

import re
import uuid

import pytest

from gateway.app import create_app
from gateway.settings import Settings
from tests.http.problems import assert_problem

PATH_VALUES = {"application_id": str(uuid.uuid4()), "event_id": f"{uuid.uuid4()}:1", "channel": "email",
               "endpoint_id": str(uuid.uuid4())}
POST_ONLY = [path for path, item in create_app(Settings(_env_file=None)).openapi()["paths"].items() if set(item) == {"post"}]


def concrete(path: str) -> str:
    return re.sub(r"\{([^}]+)\}", lambda m: PATH_VALUES[m.group(1)], path)


def test_the_walk_covers_the_submissions_and_the_commands():
    assert {"/v1/applications/technical-conditions", "/v1/applications/meter-installation",
            "/v1/cases/{application_id}/route"} <= set(POST_ONLY)


@pytest.mark.parametrize("path", POST_ONLY)
def test_a_get_on_a_post_only_path_is_answered_405_with_allow_post(quick_client, quick_token, path):
    for headers in ({}, quick_token("citizen"), quick_token("employee")):
        refused = quick_client.get(concrete(path), headers=headers)
        assert_problem(refused, 405, "method-not-allowed")
        assert refused.headers["Allow"] == "POST"


def test_a_citizens_application_is_still_read_by_its_id(quick_client, quick_token):
    unknown = quick_client.get(f"/v1/applications/{uuid.uuid4()}", headers=quick_token("citizen"))
    assert_problem(unknown, 404, "application-not-found")
