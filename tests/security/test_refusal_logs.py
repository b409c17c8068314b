"""Every refusal is logged with the request's correlation id, and with nothing personal beyond the
application's id and number: no FİN, name, address, phone, e-mail, subscriber code, file name or typed text."""

from __future__ import annotations

import json
import uuid

from tests.samples import METER_INSTALLATION, PDF, TECHNICAL_CONDITIONS, address_document, jpeg_image

FIN, OTHER_FIN = "5ZK3P7Q", "7XQ2M4P"
PERSONAL = [FIN, OTHER_FIN, "Rəşad", "Əliyev", "Aysel", "Quliyeva", "Biləcəri", "123 45 67", "1234567", "765 43 21",
            "resad.aliyev", "example.az", "1001234599", "çıxarış", "Gizli Qeyd", "Həyətdə"]


def log_lines(caplog) -> list[dict]:
    """The JSON lines logged since the last look (the service writes them to stdout; pytest captures them)."""
    lines = [record.getMessage() for record in caplog.records if record.getMessage().startswith("{")]
    caplog.clear()
    return [json.loads(line) for line in lines]


def correlated(correlation_id: str) -> dict[str, str]:
    return {"X-Correlation-ID": correlation_id}


def test_every_refusal_is_logged_with_its_correlation_id_and_without_personal_data(quick_client, quick_token, caplog):
    citizen, stranger = quick_token("citizen"), quick_token("citizen", sub=OTHER_FIN, given_name="Aysel",
                                                            family_name="Quliyeva")
    submitted = quick_client.post("/v1/applications/technical-conditions", data=TECHNICAL_CONDITIONS,
                                  files=address_document(), headers=citizen).json()
    caplog.clear()
    refusals = {
        "anonymous": lambda h: quick_client.get("/v1/applications", headers=h),
        "wrong-role": lambda h: quick_client.get("/v1/cases", headers=h | citizen),
        "someone-elses": lambda h: quick_client.get(f"/v1/applications/{submitted['id']}", headers=h | stranger),
        "invalid-phone-and-email": lambda h: quick_client.post(
            "/v1/applications/meter-installation", headers=h | citizen,
            json=METER_INSTALLATION | {"phone": "+1 555 123 4567", "email": "resad.aliyev@", "description": "Gizli Qeyd"}),
        "unknown-subscriber": lambda h: quick_client.get("/v1/subscribers/1001234599", headers=h | citizen),
        "fake-document": lambda h: quick_client.post(
            "/v1/applications/technical-conditions", data=TECHNICAL_CONDITIONS, headers=h | citizen,
            files=address_document(PDF[:-30], name="çıxarış-Əliyev.pdf")),
        "wrong-state": lambda h: quick_client.post(f"/v1/cases/{submitted['id']}/answer", headers=h | quick_token("employee"),
                                                   json={"outcome": "fulfilled"}),
        "search-with-control-character": lambda h: quick_client.get(
            "/v1/applications", params={"q": "Əliyev\x01"}, headers=h | citizen),
        "stranger-document": lambda h: quick_client.get(
            f"/v1/cases/{submitted['id']}/documents/{'0' * 64}", headers=h | quick_token("employee", unit="SAB")),
        "no-such-route": lambda h: quick_client.get(f"/v1/citizens/{FIN}/secrets", headers=h),
    }
    for name, call in refusals.items():
        correlation_id = f"test-{name}"
        response = call(correlated(correlation_id))
        assert 400 <= response.status_code < 500, (name, response.status_code, response.text)
        lines = log_lines(caplog)
        refused = [line for line in lines if line.get("event") == "request_refused"]
        assert len(refused) == 1, (name, lines)
        assert refused[0]["correlation_id"] == correlation_id
        assert refused[0]["status"] == response.status_code
        for line in lines:
            text = json.dumps(line, ensure_ascii=False)
            leaked = [value for value in PERSONAL if value in text]
            assert leaked == [], f"{name}: {leaked} in {text}"


def test_a_refusal_about_an_application_names_it_by_id_for_whoever_follows_it_up(quick_client, quick_token, caplog):
    submitted = quick_client.post("/v1/applications/technical-conditions", data=TECHNICAL_CONDITIONS,
                                  files=address_document(jpeg_image()), headers=quick_token("citizen")).json()
    caplog.clear()
    quick_client.post(f"/v1/cases/{submitted['id']}/execution", headers=quick_token("employee"),
                      files={"result_document": ("n.pdf", PDF, "application/pdf")})
    refused = [line for line in log_lines(caplog) if line.get("event") == "request_refused"]
    assert refused[0]["application"] == submitted["id"]
    assert refused[0]["route"] == "/v1/cases/{application_id}/execution"


def test_a_caller_without_a_usable_correlation_id_gets_one_and_it_is_in_the_refusal_log(quick_client, caplog):
    response = quick_client.get(f"/v1/applications/{uuid.uuid4()}", headers={"X-Correlation-ID": "bad id\nforged line"})
    issued = response.headers["x-correlation-id"]
    assert issued != "bad id\nforged line" and response.json()["correlation_id"] == issued
    refused = [line for line in log_lines(caplog) if line.get("event") == "request_refused"]
    assert [line["correlation_id"] for line in refused] == [issued]
