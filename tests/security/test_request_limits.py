"""Requests built to stall or exhaust the service: oversized JSON, floods of unknown fields, multipart
boundaries past the RFC's length. Each is refused with problem+json and nothing recorded."""

from __future__ import annotations

import json

from tests.http.problems import assert_problem
from tests.samples import METER_INSTALLATION, PDF, TECHNICAL_CONDITIONS

METER = "/v1/applications/meter-installation"
TECHNICAL = "/v1/applications/technical-conditions"


def count(client, headers) -> int:
    return client.get("/v1/applications", headers=headers).json()["count"]


# --- JSON bodies ----------------------------------------------------------------------------------------

def test_a_json_body_over_64_kib_is_refused_with_413_before_it_is_parsed(quick_client, quick_token):
    citizen = quick_token("citizen")
    body = json.dumps(METER_INSTALLATION | {"description": "su " * 30_000}).encode()
    refused = quick_client.post(METER, content=body, headers=citizen | {"Content-Type": "application/json"})
    assert "64 KiB" in assert_problem(refused, 413, "request-too-large")["detail"]
    assert count(quick_client, citizen) == 0


def test_a_body_without_a_content_type_is_held_to_the_json_limit(quick_client, quick_token):
    citizen = quick_token("citizen")
    body = json.dumps(METER_INSTALLATION | {"description": "su " * 30_000}).encode()
    assert_problem(quick_client.post(METER, content=body, headers=citizen), 413, "request-too-large")


def test_a_body_of_many_unknown_fields_is_refused_at_the_first_with_a_short_answer(quick_client, quick_token):
    citizen = quick_token("citizen")
    flood = METER_INSTALLATION | {f"k{n}": n for n in range(5000)}
    refused = quick_client.post(METER, json=flood, headers=citizen)
    body = assert_problem(refused, 422, "invalid-request")
    assert len(body["errors"]) == 1 and "k0" in body["detail"]
    assert len(refused.content) < 2000
    assert count(quick_client, citizen) == 0


def test_the_errors_listed_are_capped_and_the_answer_says_how_many_were_left_out(quick_client, quick_token):
    employee = quick_token("employee")
    executors = [{"id": "", "name": ""} for _ in range(20)]
    application = "00000000-0000-4000-8000-000000000001"
    refused = quick_client.post(f"/v1/cases/{application}/executors", json={"executors": executors}, headers=employee)
    body = assert_problem(refused, 422, "invalid-request")
    assert len(body["errors"]) == 20
    assert "20 more errors not listed" in body["detail"]


# --- multipart boundaries -------------------------------------------------------------------------------

def multipart(boundary: str, files: int) -> bytes:
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
             for name, value in TECHNICAL_CONDITIONS.items()]
    parts += [f'--{boundary}\r\nContent-Disposition: form-data; name="address_document"; filename="a{n}.pdf"\r\n'
              f'Content-Type: application/pdf\r\n\r\n'.encode() + PDF + b"\r\n" for n in range(files)]
    return b"".join(parts) + f"--{boundary}--\r\n".encode()


def test_a_multipart_boundary_over_70_characters_is_refused_with_400(quick_client, quick_token):
    citizen = quick_token("citizen")
    boundary = "b" * 71
    refused = quick_client.post(TECHNICAL, content=multipart(boundary, 40), headers=citizen | {
        "Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert "70" in assert_problem(refused, 400, "bad-multipart-boundary")["detail"]
    assert count(quick_client, citizen) == 0


def test_a_boundary_of_70_characters_is_still_counted_part_by_part(quick_client, quick_token):
    citizen = quick_token("citizen")
    boundary = "b" * 70
    refused = quick_client.post(TECHNICAL, content=multipart(boundary, 40), headers=citizen | {
        "Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert "parts" in assert_problem(refused, 413, "request-too-large")["detail"]
