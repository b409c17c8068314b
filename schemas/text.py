"""Text as users type it: normalised once, compared the same way everywhere."""

from __future__ import annotations

import re
import unicodedata

# Control characters are never part of what a citizen types, and PostgreSQL cannot store
# NUL in text: one such character would stop the views at that event. Tabs and line breaks stay.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
NO_CONTROL_CHARACTERS = r"^[^\x00-\x1f\x7f]*$"
"""A pattern for one-line inputs such as search queries."""


def normalise_text(value: str) -> str:
    """NFC keeps Azerbaijani letters (ə, ı, İ, ğ…) comparable however they were typed."""
    check_no_control_characters(value)
    return unicodedata.normalize("NFC", value).strip()


def check_no_control_characters(value: str) -> str:
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
