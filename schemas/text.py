"""Text as users type it: normalised once, compared the same way everywhere."""

from __future__ import annotations

import unicodedata


def normalise_text(value: str) -> str:
    """NFC keeps Azerbaijani letters (ə, ı, İ, ğ…) comparable however they were typed."""
    return unicodedata.normalize("NFC", value).strip()


def fold(text: str) -> str:
    """A search key: NFC and case-folded, so 'ƏLİYEV' finds 'Əliyev'."""
    return unicodedata.normalize("NFC", text).casefold()


def like_pattern(text: str) -> str:
    """A LIKE pattern that finds `text` anywhere; the user's % and _ match only themselves."""
    escaped = fold(text.strip()).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
