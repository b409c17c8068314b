"""Text as users type it: normalised once, compared the same way everywhere."""

from __future__ import annotations

import re
import unicodedata

# Control characters are never part of what a citizen types, and PostgreSQL cannot store
# NUL in text: one such character would stop the views at that event. Tabs and line breaks stay.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
NO_CONTROL_CHARACTERS = r"^[^\x00-\x1f\x7f]*$"
"""A pattern for one-line inputs such as search queries."""


# A lone surrogate (JSON's "\ud800") is no character: it has no UTF-8 form, so a text holding one can be
# neither stored, hashed into the chain nor sent. It is refused wherever text enters.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")

# Invisible characters that reorder or hide text (bidi controls, zero-width spaces and joiners, the BOM):
# in a name or an address they make two different records look the same, or one record look like another.
_INVISIBLE = re.compile("[\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def normalise_text(value: str) -> str:
    """What a citizen or an employee typed. NFC keeps Azerbaijani letters (ə, ı, İ, ğ…) comparable however
    they were typed; invisible characters are refused, so the person sees what is wrong and types it again."""
    check_no_control_characters(value)
    if _INVISIBLE.search(value):
        raise ValueError("invisible characters (bidi controls, zero-width spaces) are not allowed; type the text again")
    return unicodedata.normalize("NFC", value).strip()


def normalise_signed_in_text(value: str) -> str:
    """A name or an address from the sign-in's identity provider: invisible characters are dropped rather
    than refused, since the citizen cannot change what their identity provider sends."""
    check_valid_unicode(value)
    return normalise_text(_INVISIBLE.sub("", value))


def check_valid_unicode(value: str) -> str:
    if _LONE_SURROGATE.search(value):
        raise ValueError("the text holds a lone surrogate (such as \\ud800), which is not a character")
    return value


def first_lone_surrogate(data: object, path: tuple[str | int, ...] = ()) -> tuple[str | int, ...] | None:
    """Where the first text holding a lone surrogate is, in a parsed JSON body (keys included), or None."""
    if isinstance(data, str):
        return path if _LONE_SURROGATE.search(data) else None
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in items:
        if isinstance(key, str) and _LONE_SURROGATE.search(key):
            return (*path, displayable(key))
        found = first_lone_surrogate(value, (*path, key))
        if found is not None:
            return found
    return None


def displayable(value: str) -> str:
    """A text safe to quote in an answer: any lone surrogate shown as U+FFFD."""
    return _LONE_SURROGATE.sub("\ufffd", value)


def decoded_utf8(raw: bytes) -> str:
    """Bytes that must be UTF-8 (a form's text part, a percent-encoded query): refused when they are not,
    rather than silently replaced."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError("the text is not valid UTF-8") from None


def check_no_control_characters(value: str) -> str:
    check_valid_unicode(value)
    if _CONTROL_CHARACTERS.search(value):
        raise ValueError("control characters are not allowed")
    return value


# Azerbaijani pairs dotted İ with i and dotless I with ı; Unicode's default folding
# would turn İ into i + a combining dot, and I into i, and then 'ƏLİYEV' misses 'Əliyev'.
_AZERBAIJANI_CAPITALS = str.maketrans({"İ": "i", "I": "ı"})


def fold(text: str) -> str:
    """A search key: NFC and case-folded by Azerbaijani rules, so 'ƏLİYEV' finds 'Əliyev'."""
    return unicodedata.normalize("NFC", text).translate(_AZERBAIJANI_CAPITALS).casefold()


def like_pattern(text: str) -> str:
    """A LIKE pattern that finds `text` anywhere; the user's % and _ match only themselves."""
    escaped = fold(text.strip()).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
