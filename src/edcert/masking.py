"""Keep secrets out of every report, log and message.

Secrets are wrapped in ``Secret`` (whose repr never shows the value) and registered here
when they enter the process: client secrets, signing keys, bearer tokens, Basic
credentials, signatures. ``mask`` replaces every rendering of every registered value in a
text (raw, escaped as in a Python repr or a JSON string, percent-encoded, HTML-escaped, base64 of the
value alone, and any character of it escaped alone: \\u002d, %2D, &#45;),
then masks Authorization headers, secret fields of JSON and form bodies and LinkIt! tags
even when their values were never registered. ``mask_data`` masks the strings of a structure
before it is serialized, never after, so masking can never break a document's syntax.

A value shorter than MIN_SECRET_LENGTH is never registered: replacing it everywhere would
alter ordinary words (a token "failed" would rewrite every status). Profiles refuse such
secrets, and a target's token that short is unusable and never sent.
"""

from __future__ import annotations

import base64
import bisect
import html
import json
import re
import threading
from collections.abc import Collection
from urllib.parse import quote, quote_plus

from . import credential_shape

MASK = "***"
MIN_SECRET_LENGTH = 8
#: Keys of the certification document whose values edcert writes from fixed vocabularies (statuses,
#: verdicts, requirement and scenario identifiers): never masked, so that no target can rewrite them
#: by choosing a token equal to one of them.
REPORT_IDENTIFIERS = frozenset({"verdict", "status", "role", "covers", "suite", "id", "requirement", "evidence",
                                "required"})

_MAX_RENDERED = 64 * 1024
_registered: set[str] = set()
_renderings: tuple[str, ...] = ()
_longest = 0
_lock = threading.Lock()

_SCHEMES = r"(?:bearer|basic|digest|negotiate|token|dpop)"
# Authorization: a quoted value is masked whole; an unquoted one is the scheme and one credential word.
_AUTH_HEADER = re.compile(
    r"""(?i)\b((?:proxy-)?authorization['"]?\s*[:=]\s*)"""
    r"""(?:(['"])((?s:\\.|(?!\2).)*?)\2|(""" + _SCHEMES + r""")[ \t]+[^\s'",}]+)""")
# Secret-bearing fields of JSON, Python reprs and form bodies, masked even before their value is registered.
# A quoted value is masked whole, escapes included, up to its closing quote (or the end of the line when
# the text was cut inside it); a bare one up to the next delimiter; JSON null, true and false stay.
_FIELD_NAMES = ("access_token", "refresh_token", "id_token", "client_secret", "password")
_SECRET_FIELD = re.compile(
    r"""(?i)(["']?)\b(""" + "|".join(_FIELD_NAMES) + r""")\1(\s*[:=]\s*)"""
    r"""(?:(["'])(?:\\.|(?!\4)[^\\\r\n])*(\4|$)|(?!(?:null|true|false)\b)[^\s"'&,;}\]]+)""", re.MULTILINE)
_TAG_PARAM = re.compile(r"(?i)((?:[?&]|&amp;)tag=)[^&\s'\"<]+")


class Secret:
    """A string that never shows itself in repr, str, logs or Allure parameters."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value
        register(value)

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return f"Secret({MASK!r})"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __bool__(self) -> bool:
        return bool(self._value)


def _escapes(text: str) -> set[str]:
    """The ways one string is written inside another: Python repr (str and bytes), unicode-escape, JSON."""
    forms = {text, repr(text)[1:-1], text.encode("unicode_escape").decode("ascii"),
             repr(text.encode("utf-8"))[2:-1], json.dumps(text)[1:-1], json.dumps(text, ensure_ascii=False)[1:-1]}
    forms |= {form.replace("'", "\\'") for form in forms} | {form.replace('"', '\\"') for form in forms}
    return forms


def _lower_hex(text: str) -> str:
    return re.sub(r"%[0-9A-F]{2}", lambda m: m.group().lower(), text)


def renderings(value: str) -> set[str]:
    """Every form in which a secret may reach a text: escaped up to three times (a header's repr in an
    exception's message, that exception's repr, inside a JSON string), percent-encoded in either hex case
    and with +, and HTML- or XML-escaped."""
    forms = {value}
    if len(value) > _MAX_RENDERED:  # no token is this long; its escaped forms would only cost memory
        return forms
    for _ in range(3 if len(value) <= 256 else 1):
        forms = set().union(*(_escapes(form) for form in forms))
    encoded = {quote(value, safe=""), quote(value, safe="/"), quote_plus(value, safe=""), quote_plus(value, safe="/")}
    forms |= encoded | {_lower_hex(form) for form in encoded}
    forms |= {html.escape(form, quote=quote_marks) for form in set(forms) for quote_marks in (True, False)}
    forms |= {form.replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#09;") for form in set(forms)}
    return {form for form in forms if len(form) >= MIN_SECRET_LENGTH}


def _base64_forms(value: str) -> set[str]:
    """The secret alone in base64, standard and URL-safe alphabet, with and without padding."""
    raw = value.encode("utf-8")
    forms = {base64.b64encode(raw).decode(), base64.urlsafe_b64encode(raw).decode()}
    return forms | {form.rstrip("=") for form in forms}


# --- renderings no list can hold: characters escaped one by one ----------------------------------
# A JSON writer may escape any character as \\u00XX ("tok\\u002d..."), a URL any byte as %XX, HTML any
# character as &#NN;. A text holding such escapes is read with them undone, and every registered value
# found in that reading is masked where it stood in the text.
_ESCAPE = re.compile(r"\\{1,3}u([0-9a-fA-F]{4})|\\{1,3}x([0-9a-fA-F]{2})|&#[xX]([0-9a-fA-F]{1,6});|&#([0-9]{1,7});"
                     r"|%([0-9a-fA-F]{2})")


def _unescaped(text: str) -> tuple[str, list[tuple[int, int, int]]]:
    """The text with its escapes undone, and its segments (start in the reading, start in the text, length
    in the text: 0 for a run of plain characters, else the length of the one escape read as one character)."""
    pieces: list[str] = []
    segments: list[tuple[int, int, int]] = []
    read = position = 0
    for match in _ESCAPE.finditer(text):
        if match.start() > position:
            segments.append((read, position, 0))
            pieces.append(text[position:match.start()])
            read += match.start() - position
        segments.append((read, match.start(), match.end() - match.start()))
        pieces.append(_one_char(match))
        read += 1
        position = match.end()
    segments.append((read, position, 0))
    pieces.append(text[position:])
    return "".join(pieces), segments


def _in_text(segments: list[tuple[int, int, int]], at: int, end: bool) -> int:
    """Where the character ``at`` of the reading stands in the text (its end, with ``end``)."""
    index = bisect.bisect_right(segments, (at, 1 << 62, 0)) - 1
    read, origin, length = segments[index]
    if length:
        return origin + (length if end else 0)
    return origin + (at - read) + (1 if end else 0)


def _one_char(match: re.Match[str]) -> str:
    digits = next(group for group in match.groups() if group is not None)
    code = int(digits, 10 if match.group(4) is not None else 16)
    return chr(code) if code <= 0x10FFFF else "\ufffd"


def _mask_escaped(text: str) -> str:
    if not _ESCAPE.search(text):
        return text
    quick = _ESCAPE.sub(_one_char, text)  # the reading alone, cheaper: most texts hold no secret at all
    if not any(value in quick for value in _escapable):
        return text
    reading, segments = _unescaped(text)
    spans: list[tuple[int, int]] = []
    for value in _escapable:
        found = reading.find(value)
        while found >= 0:
            spans.append((_in_text(segments, found, False), _in_text(segments, found + len(value) - 1, True)))
            found = reading.find(value, found + len(value))
    if not spans:
        return text
    out, position = [], 0
    for start, stop in sorted(spans):
        if stop <= position:
            continue
        out.append(text[position:max(start, position)])
        out.append(MASK if start >= position else "")
        position = stop
    out.append(text[position:])
    return "".join(out)


_escapable: tuple[str, ...] = ()


def register(value: str | None) -> None:
    """Mask this value, in every rendering, wherever it appears from now on (values too short are not)."""
    global _renderings, _longest, _escapable
    if not isinstance(value, str) or len(value) < MIN_SECRET_LENGTH or value.isspace():
        return
    with _lock:
        if value in _registered:
            return
        _registered.add(value)
        encoded = _base64_forms(value) if len(value) <= _MAX_RENDERED else set()
        forms = set(_renderings) | renderings(value) | {form for form in encoded if len(form) >= MIN_SECRET_LENGTH}
        _renderings = tuple(sorted(forms, key=len, reverse=True))
        _longest = len(_renderings[0]) * 6 if _renderings else 0  # a character escaped alone is up to 6 long
        _escapable = tuple(sorted((v for v in _registered if len(v) <= 256), key=len, reverse=True))


def register_basic(client_id: str, secret: str) -> None:
    """Mask the Basic credentials of a client id and secret, as requests encodes them (Latin-1 or UTF-8)."""
    for encoding in ("latin-1", "utf-8"):
        try:
            register(base64.b64encode(f"{client_id}:{secret}".encode(encoding)).decode())
        except UnicodeEncodeError:
            continue


def _keep_scheme(value: str) -> str:
    scheme = value.split(None, 1)[0] if value.strip() else ""
    return f"{scheme} {MASK}" if re.fullmatch(_SCHEMES, scheme, re.IGNORECASE) else MASK


def _masked_header(match: re.Match[str]) -> str:
    if match.group(2):
        return f"{match.group(1)}{match.group(2)}{_keep_scheme(match.group(3))}{match.group(2)}"
    return f"{match.group(1)}{match.group(4)} {MASK}"


def _masked_field(match: re.Match[str]) -> str:
    opening, closing = match.group(4) or "", match.group(5) or ""
    return f"{match.group(1)}{match.group(2)}{match.group(1)}{match.group(3)}{opening}{MASK}{closing}"


def mask(text: str) -> str:
    """The text with every rendering of every registered secret, every Authorization credential, every
    secret field's value and every LinkIt! tag replaced by ***."""
    if not text:
        return text
    for form in _renderings:
        if form in text:
            text = text.replace(form, MASK)
    if _escapable:
        text = _mask_escaped(text)
    # Most texts hold none of the words the patterns need: a plain search first keeps masking cheap. (A
    # replacement by *** never creates one, so the words of the text as it came are enough.)
    lowered = text.lower()
    if "authorization" in lowered:
        text = _AUTH_HEADER.sub(_masked_header, text)
    if any(name in lowered for name in _FIELD_NAMES):
        text = _SECRET_FIELD.sub(_masked_field, text)
    if "tag=" in lowered:
        text = _TAG_PARAM.sub(lambda m: f"{m.group(1)}{MASK}", text)
    return text


def mask_excerpt(text: str, limit: int) -> str:
    """The first ``limit`` characters of the masked text: masked before it is cut, so a secret that straddles
    the cut is never shown in part."""
    window = text[:limit + _longest + 1]
    return mask(window)[:limit]


def mask_data(value: object, keep: Collection[str] = REPORT_IDENTIFIERS) -> object:
    """A copy of a JSON-like structure with every string masked: mask before serializing, never after, so a
    secret can never corrupt the document's syntax. Values under the ``keep`` keys are edcert's own
    identifiers and stay as they are."""
    if isinstance(value, str):
        return mask(value)
    if isinstance(value, dict):
        return {key: item if key in keep else mask_data(item, keep) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [mask_data(item, keep) for item in value]
    return value


_SECRET_HEADERS = {"authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key"}


def mask_headers(headers: dict[str, str]) -> dict[str, str]:
    """Headers as evidence may show them: credentials replaced, the authentication scheme kept."""
    def shown(name: str, value: str) -> str:
        if name.lower() in ("authorization", "proxy-authorization"):
            return credential_shape.shown(value)
        return MASK if name.lower() in _SECRET_HEADERS else mask(value)

    return {name: shown(name, value) for name, value in headers.items()}

