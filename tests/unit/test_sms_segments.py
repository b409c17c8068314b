"""An SMS costs the citizen's operator a segment per 70 characters of Azerbaijani (67 when split): every
template stays within two, with the longest values the notices can carry."""

from __future__ import annotations

import pytest

from cases.reference import load_catalogue
from consumers.messages import CHANNELS
from consumers.notices import TEMPLATES, Templates
from consumers.segments import encoding_of, sms_segments

CATALOGUE = load_catalogue()


@pytest.mark.parametrize(("text", "segments"), [
    ("", 1),
    ("a" * 160, 1), ("a" * 161, 2), ("a" * 306, 2), ("a" * 307, 3),  # GSM 7-bit: 160, then 153 a segment
    ("€" * 80, 1), ("€" * 81, 2),  # an extension character counts twice
    ("ə" * 70, 1), ("ə" * 71, 2), ("ə" * 134, 2), ("ə" * 135, 3),  # UCS-2: 70, then 67 a segment
    ("a" * 159 + "ə", 3),  # one ə sends the whole text in UCS-2
    ("💧" * 35, 1), ("💧" * 36, 2),  # beyond the BMP: two UTF-16 units each
])
def test_a_text_takes_the_segments_a_gateway_bills(text, segments):
    assert sms_segments(text) == segments


def test_azerbaijani_letters_need_ucs2():
    assert encoding_of("Müraciət") == "ucs2"
    assert encoding_of("Muraciet") == "gsm7"


def longest_values() -> dict[str, str]:
    reasons = [item["name"] for item in CATALOGUE.items("refusal_reasons")]
    kinds = [CATALOGUE.label("kinds", code) for code in ("technical_conditions", "meter_installation")]
    return {"number": "TS-2026-999999", "applicant_name": "Ə" * 40 + " " + "Ə" * 40,
            "kind_label": max(kinds, key=len), "reason_label": max(reasons, key=len),
            "question": "Ə" * 2000,  # the SMS never carries the question (the e-mail and the portal do) …
            "answer_by": "31.12.2026"}  # … only its last day, as the citizen writes a date


def sms_notices() -> list[str]:
    return sorted(path.stem.rsplit(".", 1)[0] for path in TEMPLATES.glob("*.sms.txt"))


@pytest.mark.parametrize("notice", sms_notices())
def test_every_sms_template_filled_with_the_longest_values_stays_within_two_segments(notice):
    text = Templates().render(notice, "sms", longest_values())
    assert text is not None
    assert sms_segments(text.body) <= 2, f"{notice}: {len(text.body)} characters, {sms_segments(text.body)} segments"


def test_every_notice_has_an_sms_template():
    assert len(sms_notices()) == 6 and "sms" in CHANNELS
