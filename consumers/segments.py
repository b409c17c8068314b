"""How many SMS segments a text takes, as a gateway bills it (3GPP TS 23.038, 23.040).

A text wholly in the GSM 7-bit alphabet takes 160 characters in one segment and 153 in each of several
(the characters of its extension table count twice). Any other character, and Azerbaijani's ə is one,
sends the whole text in UCS-2: 70 characters in one segment, 67 in each of several, a character beyond
the Basic Multilingual Plane counting twice.
"""

from __future__ import annotations

import math

GSM_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")
GSM_EXTENSION = set("^{}\\[~]|€\f")
SINGLE = {"gsm7": 160, "ucs2": 70}
SPLIT = {"gsm7": 153, "ucs2": 67}


def encoding_of(text: str) -> str:
    return "gsm7" if all(c in GSM_BASIC or c in GSM_EXTENSION for c in text) else "ucs2"


def units_of(text: str, encoding: str) -> int:
    if encoding == "gsm7":
        return sum(2 if c in GSM_EXTENSION else 1 for c in text)
    return sum(2 if ord(c) > 0xFFFF else 1 for c in text)  # a UTF-16 surrogate pair


def sms_segments(text: str) -> int:
    """The segments `text` goes in; an empty text still takes one."""
    encoding = encoding_of(text)
    units = units_of(text, encoding)
    return 1 if units <= SINGLE[encoding] else math.ceil(units / SPLIT[encoding])
