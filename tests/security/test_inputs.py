"""Text from callers over HTTP: bounded, NFC with Azerbaijani letters kept, phones as E.164, e-mail checked,
unknown fields refused, and identities from tokens held to the same rules."""

from __future__ import annotations

import unicodedata

import pytest

from tests.http.problems import assert_problem
from tests.samples import METER_INSTALLATION, PDF, TECHNICAL_CONDITIONS, address_document

DECOMPOSED = unicodedata.normalize("NFD", "Şəkidə ağac kəsilib; İçərişəhər, Gəncə")


def submit_meter(client, headers, **changes):
    return client.post("/v1/applications/meter-installation", json=METER_INSTALLATION | changes, headers=headers)


def case_of(client, token, application_id: str) -> dict:
    return client.get(f"/v1/cases/{application_id}", headers=token("employee")).json()


def test_text_typed_with_combining_marks_is_stored_composed_and_azerbaijani_letters_are_kept(quick_client, quick_token):
    assert DECOMPOSED != unicodedata.normalize("NFC", DECOMPOSED)
    submitted = submit_meter(quick_client, quick_token("citizen"), description=DECOMPOSED).json()
    stored = case_of(quick_client, quick_token, submitted["id"])["details"]["description"]
    assert stored == "Şəkidə ağac kəsilib; İçərişəhər, Gəncə"


@pytest.mark.parametrize("typed", ["050 123 45 67", "+994 (50) 123-45-67", "00994501234567", "994501234567"])
def test_phone_numbers_are_stored_as_e164(quick_client, quick_token, typed):
    submitted = submit_meter(quick_client, quick_token("citizen"), phone=typed).json()
    assert case_of(quick_client, quick_token, submitted["id"])["contact"]["phone"] == "+994501234567"


@pytest.mark.parametrize(("field", "value"), [
    ("phone", "+7 495 123 45 67"), ("phone", "050 123 45 6７"), ("email", "resad.aliyev@"), ("email", "a@b"),
    ("description", "x" * 2001), ("description", "sətir\x00sonu"), ("subscriber_code", "10012345678901"),
], ids=["foreign-phone", "full-width-digit", "email-no-domain", "email-no-tld", "too-long", "nul", "long-code"])
def test_malformed_or_unbounded_fields_are_refused_naming_them_and_nothing_is_recorded(quick_client, quick_token, field, value):
    citizen = quick_token("citizen")
    body = assert_problem(submit_meter(quick_client, citizen, **{field: value}), 422, "invalid-request")
    assert field in body["detail"]
    assert quick_client.get("/v1/applications", headers=citizen).json()["count"] == 0


def test_unknown_fields_are_refused_in_json_and_in_forms(quick_client, quick_token):
    citizen = quick_token("citizen")
    assert "is_admin" in assert_problem(submit_meter(quick_client, citizen, is_admin=True), 422, "invalid-request")["detail"]
    form = quick_client.post("/v1/applications/technical-conditions", data=TECHNICAL_CONDITIONS | {"status": "answered"},
                             files=address_document(), headers=citizen)
    assert "status" in assert_problem(form, 422, "invalid-request")["detail"]
    assert quick_client.get("/v1/applications", headers=citizen).json()["count"] == 0


def test_a_meter_act_is_normalised_and_refuses_control_characters(quick_client, quick_token):
    submitted = submit_meter(quick_client, quick_token("citizen")).json()
    employee = quick_token("employee")
    case = submitted["id"]
    quick_client.post(f"/v1/cases/{case}/route", json={"unit": "BIN"}, headers=employee)
    quick_client.post(f"/v1/cases/{case}/executors", json={"executors": [{"id": "ex-1", "name": "Orxan"}]}, headers=employee)
    act = {"act_kind": "installation", "meter_serial": "SN-1\x00", "initial_reading": "0", "seal_number": "M-7"}
    files = {"result_document": ("akt.pdf", PDF, "application/pdf")}
    refused = quick_client.post(f"/v1/cases/{case}/execution", data=act, files=files, headers=employee)
    assert refused.status_code == 422, refused.text
    act |= {"meter_serial": unicodedata.normalize("NFD", "ŞN-1")}
    done = quick_client.post(f"/v1/cases/{case}/execution", data=act, files=files, headers=employee)
    assert done.status_code == 200, done.text
    assert done.json()["act"]["meter_serial"] == "ŞN-1"


@pytest.mark.parametrize("claims", [{"given_name": "R" * 5000}, {"address": "A" * 5000}, {"family_name": "Əli\x00yev"},
                                    {"given_name": 42}],
                         ids=["long-name", "long-address", "nul-in-name", "number-as-name"])
def test_a_token_whose_identity_is_unbounded_or_malformed_is_refused(quick_client, quick_token, claims):
    assert_problem(quick_client.get("/v1/applications", headers=quick_token("citizen", **claims)), 401, "unauthenticated")


def test_a_name_from_the_sign_in_is_stored_composed(quick_client, quick_token):
    citizen = quick_token("citizen", given_name=unicodedata.normalize("NFD", "Rəşad"))
    submitted = submit_meter(quick_client, citizen).json()
    assert quick_client.get(f"/v1/applications/{submitted['id']}", headers=citizen).json()["applicant_name"].startswith("Rəşad")
