"""Text that is not what it looks like: lone surrogates (no character at all) refused with 422 wherever
text enters, on both backends; bidi controls and zero-width characters refused in what people type and
dropped from what the sign-in sends."""

from __future__ import annotations

import json

import pytest

from tests.http.problems import assert_problem
from tests.samples import METER_INSTALLATION, PDF, TECHNICAL_CONDITIONS

METER = "/v1/applications/meter-installation"
TECHNICAL = "/v1/applications/technical-conditions"
SURROGATE = "\ud800"


def post_json(client, path: str, body: object, headers: dict):
    """The body as JSON with \\u escapes, as any client may send a lone surrogate."""
    return client.post(path, content=json.dumps(body).encode(), headers=headers | {"Content-Type": "application/json"})


def count(client, headers) -> int:
    return client.get("/v1/applications", headers=headers).json()["count"]


def submitted_case(client, token) -> str:
    return client.post(METER, json=METER_INSTALLATION, headers=token("citizen")).json()["id"]


# --- lone surrogates --------------------------------------------------------------------------------------

@pytest.mark.parametrize("field", ["description", "subscriber_code", "reason", "phone", "email"])
def test_a_lone_surrogate_in_any_field_of_a_submission_is_refused_with_422(client, token, field):
    citizen = token("citizen")
    refused = post_json(client, METER, METER_INSTALLATION | {field: f"1001{SURROGATE}"}, citizen)
    assert field in assert_problem(refused, 422, "invalid-request")["detail"]
    assert count(client, citizen) == 0


def test_a_lone_surrogate_in_a_key_or_as_raw_bytes_is_refused_with_422(client, token):
    citizen = token("citizen")
    assert_problem(post_json(client, METER, METER_INSTALLATION | {SURROGATE: 1}, citizen), 422, "invalid-request")
    raw = json.dumps(METER_INSTALLATION | {"description": "x"}).encode().replace(b'"x"', b'"\xed\xa0\x80"')
    refused = client.post(METER, content=raw, headers=citizen | {"Content-Type": "application/json"})
    assert refused.status_code in (400, 422) and refused.headers["content-type"] == "application/problem+json"
    assert count(client, citizen) == 0


@pytest.mark.parametrize(("command", "body"), [
    ("route", {"unit": SURROGATE}), ("notes", {"text": f"qeyd {SURROGATE}"}),
    ("executors", {"executors": [{"id": "ex-1", "name": SURROGATE}]}),
    ("answer", {"outcome": "refused", "reason_code": SURROGATE}),
])
def test_a_lone_surrogate_in_an_employees_command_is_refused_with_422(client, token, command, body):
    case = submitted_case(client, token)
    employee = token("employee")
    assert_problem(post_json(client, f"/v1/cases/{case}/{command}", body, employee), 422, "invalid-request")
    assert client.get(f"/v1/cases/{case}", headers=employee).json()["version"] == 1


def test_a_form_field_that_is_not_utf8_is_refused_with_422_not_read_as_latin1(client, token):
    citizen = token("citizen")
    fields = TECHNICAL_CONDITIONS | {"place_not_in_list": "true", "address_text": "Bakı"}
    fields.pop("place")
    boundary = "azersu-text-boundary"
    body = b"".join(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
                    + value.encode().replace("Bakı".encode(), b"Bak\xed\xa0\x80") + b"\r\n" for name, value in fields.items())
    body += (f'--{boundary}\r\nContent-Disposition: form-data; name="address_document"; filename="a.pdf"\r\n'
             f'Content-Type: application/pdf\r\n\r\n').encode() + PDF + f"\r\n--{boundary}--\r\n".encode()
    refused = client.post(TECHNICAL, content=body,
                          headers=citizen | {"Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert "UTF-8" in assert_problem(refused, 422, "invalid-request")["detail"]
    assert count(client, citizen) == 0


def test_a_query_whose_escapes_are_not_utf8_is_refused_with_422(client, token):
    refused = client.get("/v1/applications?q=%ED%A0%80", headers=token("citizen"))
    assert "UTF-8" in assert_problem(refused, 422, "invalid-request")["detail"]
    assert client.get("/v1/applications?q=%C9%99", headers=token("citizen")).status_code == 200  # ə


def test_a_path_whose_escapes_are_not_utf8_is_refused_with_422(client):
    refused = client.get("/v1/reference/districts/%ED%A0%80/places")
    assert "UTF-8" in assert_problem(refused, 422, "invalid-request")["detail"]


def test_a_token_whose_name_holds_a_lone_surrogate_is_refused_with_401(client, token):
    citizen = token("citizen", given_name=f"Rə{SURROGATE}şad")
    assert_problem(client.post(METER, json=METER_INSTALLATION, headers=citizen), 401, "unauthenticated")


# --- bidi controls and zero-width characters ---------------------------------------------------------

@pytest.mark.parametrize("invisible", ["\u202e", "\u200b", "\u2066", "\ufeff", "\u061c", "\u200f"])
def test_invisible_characters_typed_by_a_citizen_are_refused_with_a_clear_message(client, token, invisible):
    citizen = token("citizen")
    refused = client.post(METER, json=METER_INSTALLATION | {"description": f"Həyət{invisible}də"}, headers=citizen)
    assert "invisible characters" in assert_problem(refused, 422, "invalid-request")["detail"]
    assert count(client, citizen) == 0


def test_invisible_characters_in_an_address_typed_in_the_form_are_refused(client, token):
    citizen = token("citizen")
    fields = TECHNICAL_CONDITIONS | {"place_not_in_list": "true", "address_text": "Nizami küç.\u202e 5"}
    fields.pop("place")
    refused = client.post(TECHNICAL, data=fields, files={"address_document": ("a.pdf", PDF, "application/pdf")},
                          headers=citizen)
    assert "address_text" in assert_problem(refused, 422, "invalid-request")["detail"]


def test_invisible_characters_in_an_employees_note_are_refused(client, token):
    case = submitted_case(client, token)
    refused = client.post(f"/v1/cases/{case}/notes", json={"text": "Baxış\u200b keçirildi"}, headers=token("employee"))
    assert_problem(refused, 422, "invalid-request")


def test_invisible_characters_in_the_sign_ins_name_and_address_are_dropped_not_refused(client, token):
    citizen = token("citizen", given_name="Rə\u200bşad", family_name="\u202eƏliyev\u202c",
                    address="Bakı, Nizami\u2066 küç. 5")
    submitted = client.post(METER, json=METER_INSTALLATION, headers=citizen)
    assert submitted.status_code == 201, submitted.text
    applicant = client.get(f"/v1/cases/{submitted.json()['id']}", headers=token("employee")).json()["applicant"]
    assert (applicant["first_name"], applicant["surname"], applicant["address"]) == ("Rəşad", "Əliyev", "Bakı, Nizami küç. 5")
