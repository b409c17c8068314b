"""Which events tell the citizen what, in which words: the templates and their choice, without sending."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

import pytest

from consumers.notices import Templates, notices_for
from schemas.events import EventEnvelope
from schemas.views import CaseView

TEMPLATES = Templates()


def application(**changes) -> CaseView:
    now = datetime(2026, 11, 22, 10, tzinfo=UTC)
    return CaseView(id=uuid4(), number="SQ-2026-000042", kind="meter_installation", kind_label="Su sayğaclarının quraşdırılması",
                    status="registered", status_label="Qeydiyyata alınıb", source="e-gov", source_label="e-gov.az",
                    submitted_at=now, updated_at=now, version=1, applicant={"fin": "5ZK3P7Q"}, applicant_name="Rəşad Əliyev",
                    district="BIN", district_label="Binəqədi", address="Biləcəri", details={}, intake_unit="BIN",
                    contact={"phone": "+994501234567", "email": "resad@example.az"}).model_copy(update=changes)


def event(type_: str, view: CaseView, version: int = 1) -> EventEnvelope:
    return EventEnvelope(id=f"{view.id}:{version}", application_id=view.id, version=version, type=type_,
                         time=datetime.now(UTC), data={})


def by_channel(messages) -> dict:
    return {m.channel: m for m in messages}


def test_a_submission_sends_the_registration_text_with_the_number_by_email_and_sms():
    view = application()
    messages = by_channel(notices_for(event("Submitted", view), view, TEMPLATES))
    assert messages["sms"].recipient == "+994501234567"
    assert messages["sms"].body == ("Müraciətiniz qeydiyyata alındı. Xidmətimizdən istifadə etdiyiniz üçün sizə "
                                    "təşəkkür edirik. Müraciət nömrəniz: SQ-2026-000042")
    assert messages["email"].recipient == "resad@example.az"
    assert messages["email"].subject == "Müraciətiniz qeydiyyata alındı — SQ-2026-000042"
    assert "Hörmətli Rəşad Əliyev" in messages["email"].body and "Su sayğaclarının quraşdırılması" in messages["email"].body


def test_each_message_is_keyed_by_its_event_and_channel():
    view = application()
    messages = notices_for(event("Routed", view, version=2), view, TEMPLATES)
    assert sorted(m.key for m in messages) == [f"{view.id}:2/email", f"{view.id}:2/sms"]


def test_a_fulfilled_answer_says_where_to_download_the_result():
    view = application(status="answered", outcome="fulfilled")
    sms = by_channel(notices_for(event("Answered", view, 5), view, TEMPLATES))["sms"]
    assert "icra olundu" in sms.body and "Müraciətin statusunu yoxla" in sms.body


def test_a_refusal_gives_its_reason():
    view = application(status="answered", outcome="refused", reason_label="Sayğac ehtiyatı yoxdur")
    messages = by_channel(notices_for(event("Answered", view, 3), view, TEMPLATES))
    assert messages["sms"].body == "SQ-2026-000042 nömrəli müraciətiniz icra edilə bilmədi. Səbəb: Sayğac ehtiyatı yoxdur"
    assert "Səbəb: Sayğac ehtiyatı yoxdur" in messages["email"].body


@pytest.mark.parametrize("type_", ["ExecutorAssigned", "NoteAdded", "Executed"])
def test_internal_steps_send_nothing(type_):
    view = application()
    assert notices_for(event(type_, view, 3), view, TEMPLATES) == []


def test_a_channel_without_an_address_is_left_out():
    view = application(contact={"phone": "+994501234567", "email": None})
    assert [m.channel for m in notices_for(event("Withdrawn", view, 2), view, TEMPLATES)] == ["sms"]


def test_a_template_with_an_unknown_placeholder_is_refused_when_loaded(tmp_path):
    (tmp_path / "Submitted.sms.txt").write_text("Nömrə: $nomre", encoding="utf-8")
    with pytest.raises(ValueError, match="nomre"):
        Templates(tmp_path)
