"""The pick-lists the portals' forms are filled from, and the subscriber lookup behind the
active-meter warning. None of it touches the database, so SQLite alone is enough here."""

from __future__ import annotations

import pytest

from tests.http.problems import assert_problem
from tests.samples import SUBSCRIBER_WITH_METER

SUBSCRIBER_WITHOUT_METER = "1001234567"


# --- districts and their places ------------------------------------------------------------------

def test_districts_are_listed_by_code_and_azerbaijani_name_without_their_places(quick_client):
    districts = quick_client.get("/v1/reference/districts")
    assert districts.status_code == 200
    assert {"code": "BIN", "name": "Binəqədi rayonu"} in districts.json()
    assert all(set(d) == {"code", "name"} for d in districts.json())


def test_without_a_query_every_place_of_the_district_is_listed(quick_client):
    places = quick_client.get("/v1/reference/districts/BIN/places")
    assert places.status_code == 200
    assert places.json() == ["Binəqədi qəsəbəsi", "Biləcəri qəsəbəsi", "Xocəsən qəsəbəsi", "M.Ə.Rəsulzadə qəsəbəsi",
                             "Sulutəpə qəsəbəsi", "28 May qəsəbəsi"]


@pytest.mark.parametrize(("district", "typed", "expected"), [
    ("BIN", "biləc", ["Biləcəri qəsəbəsi"]),
    ("BIN", "BİLƏCƏRİ", ["Biləcəri qəsəbəsi"]),
    ("SBL", "istiqlal", ["İstiqlaliyyət küçəsi"]),
    ("SBL", "İSTİQLAL", ["İstiqlaliyyət küçəsi"]),
    ("QRD", "QIZIL", ["Qızıldaş qəsəbəsi"]),
    ("NSM", "ŞİD BEHBUD", ["Rəşid Behbudov küçəsi"]),
    ("NAR", "əliyev", ["Həsən Əliyev küçəsi", "Əliyar Əliyev küçəsi"]),
])
def test_type_ahead_finds_places_whatever_the_case_of_azerbaijani_letters(quick_client, district, typed, expected):
    places = quick_client.get(f"/v1/reference/districts/{district}/places", params={"q": typed})
    assert places.status_code == 200
    assert places.json() == expected


def test_type_ahead_keeps_dotless_and_dotted_i_apart(quick_client):
    # In Azerbaijani I is the capital of ı, not of i: "QIZIL" finds Qızıldaş, "QİZİL" finds nothing.
    places = quick_client.get("/v1/reference/districts/QRD/places", params={"q": "QİZİL"})
    assert places.status_code == 200
    assert places.json() == []


def test_type_ahead_that_matches_nothing_answers_an_empty_list(quick_client):
    places = quick_client.get("/v1/reference/districts/BIN/places", params={"q": "Mərdəkan"})
    assert places.status_code == 200
    assert places.json() == []


def test_places_of_an_unknown_district_are_not_found(quick_client):
    body = assert_problem(quick_client.get("/v1/reference/districts/XYZ/places"), 404, "not-found")
    assert "XYZ" in body["detail"]
    assert body["instance"] == "/v1/reference/districts/XYZ/places"


def test_a_type_ahead_query_over_100_characters_is_refused(quick_client):
    response = quick_client.get("/v1/reference/districts/BIN/places", params={"q": "a" * 101})
    body = assert_problem(response, 422, "invalid-request")
    assert [e["field"] for e in body["errors"]] == ["q"]


# --- the forms' pick-lists -----------------------------------------------------------------------

def test_purposes_of_the_object_are_listed_for_the_technical_conditions_form(quick_client):
    purposes = quick_client.get("/v1/reference/purposes")
    assert purposes.status_code == 200
    assert {"code": "individual_house", "name": "Fərdi yaşayış evləri üçün texniki şərtlərin verilməsi"} in purposes.json()


def test_template_reasons_of_a_meter_application_are_listed(quick_client):
    reasons = quick_client.get("/v1/reference/meter-reasons")
    assert reasons.status_code == 200
    assert [r["code"] for r in reasons.json()] == [
        "new_meter", "additional_meter", "faulty_meter", "verification_expired", "register_own_meter"]
    assert reasons.json()[0]["name"] == "Yeni sayğacın quraşdırılması"


def test_refusal_reasons_say_which_kind_of_application_they_apply_to(quick_client):
    reasons = {r["code"]: r for r in quick_client.get("/v1/reference/refusal-reasons").json()}
    assert reasons["no_meter_in_stock"]["applies_to"] == ["meter_installation"]
    assert reasons["water_line_unsuitable"]["applies_to"] == ["meter_installation"]
    assert reasons["no_network_capacity"]["applies_to"] == ["technical_conditions"]
    assert reasons["no_meter_in_stock"]["name"] == "Sayğac ehtiyatı yoxdur"


def test_statuses_are_listed_in_the_order_of_an_applications_life(quick_client):
    statuses = quick_client.get("/v1/reference/statuses")
    assert statuses.status_code == 200
    assert [s["code"] for s in statuses.json()] == [
        "registered", "in_progress", "waiting_for_applicant", "executed", "answered", "withdrawn"]
    assert statuses.json()[0]["name"] == "Qeydiyyata alınıb"


def test_units_say_which_kinds_of_application_they_execute(quick_client):
    units = {u["code"]: u for u in quick_client.get("/v1/reference/units").json()}
    assert units["TSS"] == {"code": "TSS", "name": "Texniki şərtlər şöbəsi", "executes": ["technical_conditions"]}
    assert units["BIN"]["executes"] == ["meter_installation"]


# --- the subscriber lookup before a meter application -------------------------------------------

def test_a_subscriber_with_an_active_meter_gets_the_additional_meter_warning(quick_client, quick_token):
    response = quick_client.get(f"/v1/subscribers/{SUBSCRIBER_WITH_METER}", headers=quick_token("citizen"))
    assert response.status_code == 200
    assert response.json() == {
        "code": SUBSCRIBER_WITH_METER, "owner_initials": "M. G.", "district": "NSM", "active_meters": 1,
        "warning": "Bu abonent kodunda aktiv sayğac mövcuddur. Əlavə sayğac quraşdırılmasını istəyirsinizsə, davam edin."}


def test_a_subscriber_without_a_meter_gets_no_warning(quick_client, quick_token):
    response = quick_client.get(f"/v1/subscribers/{SUBSCRIBER_WITHOUT_METER}", headers=quick_token("citizen"))
    assert response.status_code == 200
    assert response.json()["active_meters"] == 0
    assert response.json()["warning"] is None


def test_the_lookup_shows_the_owners_initials_and_never_their_name_or_address(quick_client, quick_token):
    response = quick_client.get(f"/v1/subscribers/{SUBSCRIBER_WITHOUT_METER}", headers=quick_token("citizen"))
    assert response.json()["owner_initials"] == "Ə. R."
    assert "Əliyev" not in response.text and "Binəqədi qəsəbəsi" not in response.text


def test_an_unknown_subscriber_code_is_refused_by_name(quick_client, quick_token):
    response = quick_client.get("/v1/subscribers/9999999999", headers=quick_token("citizen"))
    body = assert_problem(response, 422, "unknown-subscriber")
    assert "9999999999" in body["detail"]


@pytest.mark.parametrize("code", ["12345", "1234567890123", "10012345ab"])
def test_a_subscriber_code_that_is_not_6_to_12_digits_is_refused(quick_client, quick_token, code):
    body = assert_problem(quick_client.get(f"/v1/subscribers/{code}", headers=quick_token("citizen")), 422, "invalid-request")
    assert [e["field"] for e in body["errors"]] == ["code"]


def test_the_subscriber_lookup_needs_a_signed_in_citizen(quick_client, quick_token):
    path = f"/v1/subscribers/{SUBSCRIBER_WITH_METER}"
    anonymous = quick_client.get(path)
    assert_problem(anonymous, 401, "unauthenticated")
    assert anonymous.headers["www-authenticate"] == "Bearer"
    assert_problem(quick_client.get(path, headers=quick_token("employee")), 403, "forbidden")
