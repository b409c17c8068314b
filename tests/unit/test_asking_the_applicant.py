"""Asking the applicant and extending a term, on the aggregate alone; the request's notices in Azerbaijani."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from cases.application import Kind, Outcome, Status
from cases.errors import (
    ApplicantTermNotOverError,
    ExtensionLimitReachedError,
    ExtensionTooLongError,
    InvalidReferenceError,
    MissingInformationError,
)
from consumers.notices import NoticeFacts, Templates, messages_for
from schemas.events import EventEnvelope
from tests.unit.test_application_rules import (
    APPLICANT,
    CATALOGUE,
    EMPLOYEE,
    SUPERVISOR,
    TERMS,
    application_in,
    assert_refused_and_nothing_recorded,
    document,
)

NO_ANSWER = "no_answer_from_applicant"


def waiting(answer_by: date = date(2026, 4, 8)):
    application = application_in("in_progress", Kind.TECHNICAL_CONDITIONS)
    application.request_information("Çıxarışı əlavə edin.", 5, answer_by, EMPLOYEE.recorded())
    application.collect_events()
    return application


def test_a_refusal_for_no_answer_is_refused_until_the_day_after_the_requests_last_day():
    application = waiting(answer_by=date(2026, 4, 8))
    assert_refused_and_nothing_recorded(
        application, lambda: application.answer(Outcome.REFUSED, NO_ANSWER, CATALOGUE, EMPLOYEE.recorded(),
                                                today=date(2026, 4, 8)),
        ApplicantTermNotOverError, "applicant-term-not-over")
    application.answer(Outcome.REFUSED, NO_ANSWER, CATALOGUE, EMPLOYEE.recorded(), today=date(2026, 4, 9))
    assert (application.status, application.reason_code) == (Status.ANSWERED, NO_ANSWER)


def test_no_answer_is_no_reason_once_the_applicant_answered():
    application = waiting()
    application.provide_information("Əlavə etdim.", [], APPLICANT.recorded())
    application.collect_events()
    assert_refused_and_nothing_recorded(
        application, lambda: application.answer(Outcome.REFUSED, NO_ANSWER, CATALOGUE, EMPLOYEE.recorded(),
                                                today=date(2026, 5, 1)),
        InvalidReferenceError, "invalid-reference")


def test_an_answer_carries_words_or_documents_or_both_never_nothing():
    application = waiting()
    assert_refused_and_nothing_recorded(application, lambda: application.provide_information(None, [], APPLICANT.recorded()),
                                        MissingInformationError, "missing-information")
    application.provide_information(None, [document("information_document")], APPLICANT.recorded())
    [provided] = application.collect_events()
    assert provided.text is None and provided.documents[0]["role"] == "information_document"
    assert application.provided_documents == provided.documents


def test_a_term_is_extended_at_most_as_often_and_as_far_as_the_rules_allow():
    application = application_in("in_progress", Kind.TECHNICAL_CONDITIONS)
    assert_refused_and_nothing_recorded(
        application, lambda: application.extend_deadline(16, "Baxış", TERMS, SUPERVISOR.recorded()),
        ExtensionTooLongError, "extension-too-long")
    application.extend_deadline(15, "Baxış", TERMS, SUPERVISOR.recorded())
    application.collect_events()
    assert_refused_and_nothing_recorded(
        application, lambda: application.extend_deadline(1, "Yenə", TERMS, SUPERVISOR.recorded()),
        ExtensionLimitReachedError, "extension-limit-reached")


@pytest.mark.parametrize("number", ["TS-2026-000001", "SQ-2099-999999"])
def test_the_request_tells_the_citizen_what_and_until_when_and_its_sms_fits_two_segments(number):
    facts = NoticeFacts(number=number, applicant_name="Rəşad Əliyev", kind_label="Texniki şərtlər", email="r@example.az",
                        phone="+994501234567", question="Çıxarışın oxunaqlı surətini əlavə edin.", answer_by="08.04.2026")
    event = EventEnvelope(id="x:3", application_id="0b7c3f5e-2a4d-4c1e-9f6a-3d2e1b0a9c8d", version=3,
                          type="InformationRequested", time=datetime.now(UTC), data={})
    messages = {m.channel: m for m in messages_for(event, facts, Templates())}
    assert "Çıxarışın oxunaqlı surətini əlavə edin." in messages["email"].body
    assert "08.04.2026" in messages["email"].body and number in messages["email"].subject
    assert "08.04.2026" in messages["sms"].body and number in messages["sms"].body
    assert len(messages["sms"].body) <= 134  # two UCS-2 segments of 67 characters
