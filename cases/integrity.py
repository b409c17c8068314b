"""Tamper evidence: every event carries the hash of the event before it, so a stored history
that was changed afterwards no longer adds up.

Standard library only, on purpose: the hashing is the contract (docs/integrity.md), and an
auditor can check a history with this file alone, or re-implement it from that page.

    hash          = sha256(canonical_json(sealed form)), lower-case hex
    sealed form   = {"application_id", "version", "type", "time", "data"}; data holds every payload
                    field, `previous_hash` included, and never `hash` itself
    previous_hash = the `hash` of the event before; GENESIS for an application's first event
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from schemas.event_payloads import JsonObject

GENESIS = "0" * 64
"""The `previous_hash` of an application's first event."""

ENVELOPE_FIELDS = frozenset({"originator_id", "originator_version", "timestamp", "originator_topic"})
"""The event attributes that are not payload: the id, version and time enter the sealed form by
name; the originator topic (the aggregate's class, the same on every Submitted) is left out."""


# --- the canonical serialisation (RFC 8785, JSON Canonicalization Scheme) -------------------------

def canonical_json(value: Any) -> bytes:
    """JSON with members sorted by their UTF-16 code units, no whitespace, numbers as ECMAScript
    prints them, strings escaped only where JSON must; UTF-8. Refuses what JSON cannot hold."""
    text = _python_encoder(value) if _plain(value) else _serialise(value)
    return text.encode("utf-8")


MAX_EXACT_INTEGER = 2**53  # beyond it an IEEE double, which is what a JSON number is here, loses digits

# For values with no float, no integer beyond 2^53 and only ASCII member names, Python's own (C) encoder
# already writes RFC 8785: that is most events, and verify goes several times faster for it.
_python_encoder = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False).encode


def _plain(value: Any) -> bool:
    kind = type(value)
    if kind is str or kind is bool or value is None:
        return True
    if kind is int:
        number: int = value
        return -MAX_EXACT_INTEGER <= number <= MAX_EXACT_INTEGER
    if kind is dict:
        return all(type(k) is str and k.isascii() and _plain(v) for k, v in value.items())
    if kind is list or kind is tuple:
        return all(_plain(v) for v in value)
    return False


def _serialise(value: Any) -> str:
    if value is None or isinstance(value, bool):
        return {None: "null", True: "true", False: "false"}[value]
    if isinstance(value, int):
        if abs(value) > MAX_EXACT_INTEGER:
            raise ValueError("an integer beyond 2^53 has no exact JSON number form")
        return str(value)
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, Mapping):
        return "{" + ",".join(f"{_string(k)}:{_serialise(v)}" for k, v in _sorted_members(value)) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(_serialise(v) for v in value) + "]"
    raise TypeError(f"{type(value).__name__} has no canonical JSON form")


def _sorted_members(value: Mapping[str, Any]) -> list[tuple[str, Any]]:
    if all(isinstance(k, str) and k.isascii() for k in value):
        return sorted(value.items())  # ASCII: code points and UTF-16 code units sort alike
    return sorted(value.items(), key=lambda item: _utf16(item[0]))


def _utf16(key: Any) -> bytes:
    if not isinstance(key, str):
        raise TypeError(f"object keys must be strings, not {type(key).__name__}")
    return key.encode("utf-16-be", "surrogatepass")


def _string(text: str) -> str:
    """Escaped exactly as RFC 8785 (ECMAScript's JSON.stringify) escapes: the quote, the backslash,
    the short escapes for backspace, form feed, newline, carriage return and tab, and every other
    control character below U+0020 as a six-character escape with lower-case hex; everything else,
    Azerbaijani letters included, stays literal. Python's encoder with ensure_ascii=False does just
    that (tests/unit/test_integrity.py checks it character by character). A lone surrogate passes
    here and is refused when the whole is encoded to UTF-8."""
    return _encode_string(text)


_encode_string = json.JSONEncoder(ensure_ascii=False).encode


def _number(x: float) -> str:
    """ECMAScript Number::toString of a double, from Python's shortest round-trip digits."""
    if not math.isfinite(x):
        raise ValueError("NaN and infinities have no JSON form")
    if x == 0:
        return "0"
    sign, (digits, exponent) = ("-" if x < 0 else ""), _shortest_digits(abs(x))
    k, n = len(digits), exponent + len(digits)  # value = 0.digits × 10^n
    if k <= n <= 21:
        text = digits + "0" * (n - k)
    elif 0 < n <= 21:
        text = digits[:n] + "." + digits[n:]
    elif -6 < n <= 0:
        text = "0." + "0" * -n + digits
    else:
        mantissa = digits[0] + ("." + digits[1:] if k > 1 else "")
        text = f"{mantissa}e{'+' if n - 1 >= 0 else '-'}{abs(n - 1)}"
    return sign + text


def _shortest_digits(x: float) -> tuple[str, int]:
    """(digits, exponent) with x = int(digits) × 10^exponent and no trailing zero in digits."""
    mantissa, _, exp = repr(x).partition("e")
    whole, _, fraction = mantissa.partition(".")
    digits = (whole + fraction).lstrip("0")
    exponent = int(exp or 0) - len(fraction)
    stripped = digits.rstrip("0")
    return stripped, exponent + len(digits) - len(stripped)


# --- sealing an event -----------------------------------------------------------------------------

def format_time(moment: datetime) -> str:
    """UTC, always six fraction digits: 2026-11-22T06:00:00.000000Z."""
    if moment.tzinfo is None:
        raise ValueError("an event's time must say its offset")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def sealed_form(application_id: UUID | str, version: int, type_: str, time: datetime, data: Mapping[str, Any]) -> JsonObject:
    """What an event's hash covers: the event without its `hash`."""
    return {"application_id": str(application_id), "version": version, "type": type_, "time": format_time(time),
            "data": {k: v for k, v in data.items() if k != "hash"}}


def hash_of(application_id: UUID | str, version: int, type_: str, time: datetime, data: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical_json(sealed_form(application_id, version, type_, time, data))).hexdigest()


def seal(application_id: UUID, version: int, type_: str, time: datetime, payload: JsonObject, previous_hash: str) -> JsonObject:
    """The payload with its place in the chain: `previous_hash`, and the `hash` over all of it."""
    chained = {**payload, "previous_hash": previous_hash}
    return {**chained, "hash": hash_of(application_id, version, type_, time, chained)}


def unsealed_link(application_id: UUID | str, version: int, type_: str, time: datetime, data: Mapping[str, Any],
                  previous_hash: str) -> str:
    """The hash standing for an event recorded before the chain existed (class version 1): computed
    as if it had been sealed after `previous_hash`. The first sealed event after it chains to this,
    so from then on the old events are covered too."""
    return hash_of(application_id, version, type_, time, {**data, "previous_hash": previous_hash})


# --- checking a history -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Break:
    """The first place where a history stops adding up."""

    application_id: str
    version: int
    problem: str  # one of PROBLEMS
    detail: str
    position: int | None = None  # where in the store's log, when known


PROBLEMS = {
    "unreadable": "the stored event cannot be read at all",
    "altered": "its content does not match its own hash",
    "broken_link": "its previous_hash is not the hash of the event before it",
    "missing": "versions are missing before it",
    "out_of_order": "it comes after a later version in the store's log",
    "unsealed": "it has no hash although the chain had started",
    "truncated": "the store ends before a version that was seen earlier",
    "anchor_mismatch": "the heads at a kept anchor position are not what they were",
}


@dataclass
class Head:
    """The last event of an application seen so far."""

    version: int
    hash: str
    sealed: bool  # the chain has started: an unsealed event after this is a downgrade


@dataclass(frozen=True)
class Link:
    """One stored event, as the checker needs it (an event envelope fits)."""

    application_id: UUID | str
    version: int
    type: str
    time: datetime
    data: Mapping[str, Any]
    position: int | None = None


def chained_form(event: Link, running: str) -> JsonObject:
    """What a recorded event's hash covers; for an event from before the chain, the form it would have
    had if sealed after `running` (the hash its successor links to)."""
    data = event.data if event.data.get("hash") is not None else {**event.data, "previous_hash": running}
    return sealed_form(event.application_id, event.version, event.type, event.time, data)


@dataclass
class ChainWalker:
    """Follows events in the order they were stored (per application by version) and records the
    first break of each application. Events of an application after its first break are skipped:
    past that point nothing it says can be trusted."""

    heads: dict[str, Head] = field(default_factory=dict)
    breaks: dict[str, Break] = field(default_factory=dict)
    events: int = 0
    unsealed: int = 0

    def add(self, event: Link) -> Break | None:
        app = str(event.application_id)
        self.events += 1
        if app in self.breaks:
            return None
        problem = self._check(app, event)
        if problem is not None:
            self.breaks[app] = problem
        return problem

    def unreadable(self, application_id: str, version: int, detail: str, position: int | None = None) -> None:
        self.events += 1
        self.breaks.setdefault(application_id, Break(application_id, version, "unreadable", detail, position))

    def _check(self, app: str, event: Link) -> Break | None:
        head = self.heads.get(app)
        expected, previous = (head.version + 1, head.hash) if head else (1, GENESIS)

        def broken(problem: str, detail: str) -> Break:
            return Break(app, event.version, problem, detail, event.position)

        if event.version < expected:
            return broken("out_of_order", f"version {event.version} is stored after version {expected - 1}")
        if event.version > expected:
            return broken("missing", f"version {expected} to {event.version - 1} are not in the store")
        try:
            if event.data.get("hash") is None:
                return self._unsealed(app, event, head, previous, broken)
            if hash_of(event.application_id, event.version, event.type, event.time, event.data) != event.data["hash"]:
                return broken("altered", f"the {event.type} event was changed after it was recorded")
        except (TypeError, ValueError) as error:  # a value no event could have been sealed with
            return broken("altered", f"the {event.type} event holds what no event is recorded with: {error}")
        if event.data.get("previous_hash") != previous:
            return broken("broken_link", f"the event before it (version {expected - 1}) is not the one it was chained to")
        self.heads[app] = Head(event.version, event.data["hash"], sealed=True)
        return None

    def _unsealed(self, app: str, event: Link, head: Head | None, previous: str,
                  broken: Callable[[str, str], Break]) -> Break | None:
        if head is not None and head.sealed:
            return broken("unsealed", f"the {event.type} event has no hash, but version {head.version} had one")
        self.unsealed += 1
        link = unsealed_link(event.application_id, event.version, event.type, event.time, event.data, previous)
        self.heads[app] = Head(event.version, link, sealed=False)
        return None

    def check_seen(self, application_id: str, seen_version: int) -> Break | None:
        """Compares with the version another reader (the views) saw: a store that ends before it
        lost its last events, which the chain alone cannot show."""
        head = self.heads.get(application_id)
        stored = head.version if head else 0
        if application_id in self.breaks or stored >= seen_version:
            return None
        problem = Break(application_id, stored + 1, "truncated",
                        f"the views saw version {seen_version}, the store ends at version {stored}")
        self.breaks[application_id] = problem
        return problem

    @property
    def first_break(self) -> Break | None:
        return next(iter(self.breaks.values()), None)


# --- anchors: what an auditor keeps outside the system ---------------------------------------------

@dataclass(frozen=True)
class Anchor:
    """The heads of every application at a position of the log, as one digest.

    Kept outside the service (printed, exported, filed), it closes what the chain cannot: a later
    check recomputes the heads at the same position, so a last event deleted or rewritten since
    the anchor was taken changes the digest."""

    position: int
    applications: int
    digest: str

    def __str__(self) -> str:
        return f"{self.position}:{self.digest}"

    @classmethod
    def parse(cls, text: str) -> Anchor:
        position, _, digest = text.strip().partition(":")
        if not position.isdigit() or len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
            raise ValueError("an anchor reads POSITION:DIGEST, as verify prints it")
        return cls(int(position), 0, digest)


def anchor_of(heads: Mapping[str, Head], position: int) -> Anchor:
    """sha256 over one line per application, sorted: "<application id> <version> <hash>\\n"."""
    lines = "".join(f"{app} {head.version} {head.hash}\n" for app, head in sorted(heads.items()))
    return Anchor(position, len(heads), hashlib.sha256(lines.encode("ascii")).hexdigest())


def heads_digest_matches(heads: Mapping[str, Head], kept: Anchor) -> bool:
    return anchor_of(heads, kept.position).digest == kept.digest


def walk(events: Iterable[Link]) -> ChainWalker:
    """Checks one history (or many, interleaved as the log stores them)."""
    walker = ChainWalker()
    for event in events:
        walker.add(event)
    return walker
