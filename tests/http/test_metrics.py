"""The service's /metrics, read as Prometheus reads it: figures that move as work happens.

Counters belong to the process (the suite's), so each test compares a figure before and after."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from prometheus_client.parser import text_string_to_metric_families

from gateway.identity import development_private_key, issue_development_token
from gateway.settings import Settings
from tests.conftest import serve
from tests.samples import METER_INSTALLATION

METER = "/v1/applications/meter-installation"


def scrape(client, headers: dict | None = None) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    answer = client.get("/metrics", headers=headers or {})
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/plain; version=")
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(answer.text) for sample in family.samples}


def value(figures, name: str, **labels: str) -> float:
    return figures.get((name, tuple(sorted(labels.items()))), 0.0)


def test_a_submission_counts_as_a_recorded_command_and_a_request_of_its_route(client, token):
    before = scrape(client)
    assert client.post(METER, json=METER_INSTALLATION, headers=token("citizen")).status_code == 201
    after = scrape(client)
    recorded = {"command": "submit_meter_installation", "outcome": "recorded", "reason": ""}
    assert value(after, "azersu_commands_total", **recorded) == value(before, "azersu_commands_total", **recorded) + 1
    route = {"method": "POST", "route": METER, "status": "201"}
    assert value(after, "azersu_http_requests_total", **route) == value(before, "azersu_http_requests_total", **route) + 1
    timed = {"method": "POST", "route": METER}
    assert (value(after, "azersu_http_request_duration_seconds_count", **timed)
            == value(before, "azersu_http_request_duration_seconds_count", **timed) + 1)
    assert value(after, "azersu_event_log_head_position") == value(before, "azersu_event_log_head_position") + 1


def test_a_refused_command_counts_with_its_problem_type(client, token):
    before = scrape(client)
    assert client.post(METER, json={**METER_INSTALLATION, "phone": "12"}, headers=token("citizen")).status_code == 422
    refused = {"command": "submit_meter_installation", "outcome": "refused", "reason": "invalid-request"}
    assert value(scrape(client), "azersu_commands_total", **refused) == value(before, "azersu_commands_total", **refused) + 1


def test_paths_no_route_matches_share_one_series_whatever_they_are(client):
    before = scrape(client)
    for path in ("/wp-admin", "/v1/../../etc/passwd", "/x" * 50):
        client.get(path)
    after = scrape(client)
    unmatched = {"method": "GET", "route": "unmatched", "status": "404"}
    assert value(after, "azersu_http_requests_total", **unmatched) == value(before, "azersu_http_requests_total", **unmatched) + 3
    assert not any("wp-admin" in str(labels) or "passwd" in str(labels) for _, labels in after)


def test_on_the_embedded_default_the_followers_lag_is_zero_once_a_command_is_answered(quick_client, quick_token):
    quick_client.post(METER, json=METER_INSTALLATION, headers=quick_token("citizen"))
    figures = scrape(quick_client)
    assert value(figures, "azersu_follower_lag_events", follower="views") == 0
    assert ("azersu_follower_lag_events", (("follower", "notifications"),)) in figures
    assert value(figures, "azersu_deliveries", channel="sms", status="pending") + value(
        figures, "azersu_deliveries", channel="sms", status="sent") + value(
        figures, "azersu_deliveries", channel="sms", status="sending") == 1


STAFF_ISSUER = "https://sso.azersu.az"


def production(folder: Path, **overrides) -> Settings:
    """Production settings whose staff identity provider signs with a key the test holds."""
    folder.mkdir(parents=True, exist_ok=True)
    public = development_private_key(folder / "idp-private.pem").public_key()
    pem = folder / "idp.pem"
    pem.write_bytes(public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    return Settings(_env_file=None, data_dir=folder, database_url=None, environment="production",
                    jwt_issuers=[{"issuer": STAFF_ISSUER, "public_keys": [pem], "roles": ["operator"]}],
                    application_id_secret="s" * 40, smtp_host="smtp.azersu.az", sms_gateway_url="https://sms.azersu.az/send",
                    **overrides)


def test_in_production_metrics_answer_only_a_scraper_with_its_token(tmp_path, clock):
    for client in serve(production(tmp_path / "none"), clock):
        assert client.get("/metrics").status_code == 404  # no token configured: not there at all
    for client in serve(production(tmp_path / "token", metrics_token="s3cret-scrape-token"), clock):
        assert client.get("/metrics").status_code == 404
        assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 404
        assert "azersu_http_requests_total" in client.get(
            "/metrics", headers={"Authorization": "Bearer s3cret-scrape-token"}).text


def test_an_operators_sign_in_does_not_open_metrics_in_production(tmp_path, clock):
    settings = production(tmp_path, metrics_token="s3cret-scrape-token")
    key = development_private_key(tmp_path / "idp-private.pem")
    operator = {"Authorization": f"Bearer {issue_development_token(key, STAFF_ISSUER, settings.jwt_audience, 'operator')}"}
    for client in serve(settings, clock):
        assert client.get("/v1/deliveries", headers=operator).status_code == 200  # the token is good …
        assert client.get("/metrics", headers=operator).status_code == 404  # … but it is no scraper's


def test_a_case_past_its_due_date_counts_as_overdue_for_its_unit(client, token, clock):
    def overdue() -> float:
        return sum(v for (name, _), v in scrape(client).items() if name == "azersu_cases_overdue")

    assert client.post(METER, json=METER_INSTALLATION, headers=token("citizen")).status_code == 201
    assert overdue() == 0
    clock.current += timedelta(days=60)  # past any term of working days the defaults allow
    assert overdue() == 1


def test_a_suspended_webhook_endpoint_shows_until_it_is_resumed(client, token):
    def endpoints(status: str) -> float:
        return value(scrape(client), "azersu_webhook_endpoints", status=status)

    registered = client.post("/v1/webhooks", json={"name": "e-gov.az", "url": "https://portal.example.az/hooks"},
                             headers=token("operator"))
    assert registered.status_code == 201, registered.text
    assert (endpoints("active"), endpoints("suspended")) == (1, 0)
    endpoint = registered.json()["id"]
    assert client.post(f"/v1/webhooks/{endpoint}/suspend", headers=token("operator")).status_code == 200
    assert (endpoints("active"), endpoints("suspended")) == (0, 1)
    assert client.post(f"/v1/webhooks/{endpoint}/resume", headers=token("operator")).status_code == 200
    assert (endpoints("active"), endpoints("suspended")) == (1, 0)
