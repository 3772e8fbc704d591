"""Signed LinkIt! URLs changed the way an attacker (or a careless client) would change them.

Each function builds one request a correct server must not obey. Every one of them would add
the student to ``program_id`` (a program the student is not in) if a server obeyed it, so a
server that wrongly accepts it visibly changes the student's programs; the ``removing_``
ones would remove the student from ``program_id`` (a program the student is in). ``held_program_id``
is a program the student already holds: signing a call for it changes nothing if it ever ran.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

from .client import LinkitClient, SignedUrl
from .signing import encode_timestamp, format_timestamp

Tampering = Callable[[LinkitClient, int, int], "SignedUrl | None"]
_HEX = re.compile(r"[0-9a-fA-F]+")


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _other_character(character: str) -> str:
    """A different character of the same kind (digit, lowercase, uppercase), so the tag keeps its form."""
    if character.isdigit():
        return "1" if character == "0" else "0"
    if character.islower():
        return "b" if character == "a" else "a"
    return "B" if character == "A" else "A"


# --- one signed element changed after signing -----------------------------------------------

def program_changed(client: LinkitClient, program_id: int, held_program_id: int) -> SignedUrl:
    """Signed for the program the student holds, sent for the other one."""
    return client.signed_url(held_program_id, "assign").with_program(program_id)


def verb_changed(client: LinkitClient, program_id: int, held_program_id: int) -> SignedUrl:
    """Signed as a deassign of a program the student is not in (harmless), sent as assign."""
    return client.signed_url(program_id, "deassign").with_value("verb", "assign")


def _timestamp_changed(client: LinkitClient, program_id: int, verb: str) -> SignedUrl:
    moment = _now()
    earlier = encode_timestamp(format_timestamp(moment - timedelta(minutes=1)))
    return client.signed_url(program_id, verb, moment=moment).with_value("timestamp", earlier)


def timestamp_changed(client: LinkitClient, program_id: int, held_program_id: int) -> SignedUrl:
    """The timestamp moved one minute earlier: inside any server's window, so only the tag can tell."""
    return _timestamp_changed(client, program_id, "assign")


def access_key_changed(client: LinkitClient, program_id: int, held_program_id: int) -> SignedUrl:
    """The access key with its last character changed, as one guessing a neighbouring key would."""
    url = client.signed_url(program_id, "assign")
    key = url.value("accesskey") or ""
    return url.with_value("accesskey", key[:-1] + _other_character(key[-1:] or "0"))


# --- calls that would remove the student from a program they are in ------------------------------

def removing_verb_changed(client: LinkitClient, program_id: int, held_program_id: int) -> SignedUrl:
    """Signed as an assign of the program (harmless: the student is in it), sent as deassign."""
    return client.signed_url(program_id, "assign").with_value("verb", "deassign")


def removing_timestamp_changed(client: LinkitClient, program_id: int, held_program_id: int) -> SignedUrl:
    return _timestamp_changed(client, program_id, "deassign")


def removing_tag_character_changed(client: LinkitClient, program_id: int, held_program_id: int) -> SignedUrl:
    return _tag_character_changed(client, program_id, "deassign")


# --- the tag itself ---------------------------------------------------------------------------

def tag_is_hex(tag: str) -> bool:
    """Hex digits are case-insensitive: 3EAC... and 3eac... are the same number."""
    return bool(_HEX.fullmatch(tag))


def _last_alphanumeric(tag: str) -> int:
    """Where the tag's last letter or digit is: changes go there, before any padding such as '='."""
    return max((i for i, c in enumerate(tag) if c.isalnum()), default=len(tag) - 1)


def _tag_character_changed(client: LinkitClient, program_id: int, verb: str) -> SignedUrl:
    url = client.signed_url(program_id, verb)
    tag = url.tag or ""
    index = _last_alphanumeric(tag)
    if index < 0:
        return url.with_tag("0")
    return url.with_tag(tag[:index] + _other_character(tag[index]) + tag[index + 1:])


def tag_character_changed(client: LinkitClient, program_id: int, held_program_id: int) -> SignedUrl:
    """The last letter or digit of the tag changed (a server comparing only a prefix misses it)."""
    return _tag_character_changed(client, program_id, "assign")


def tag_cut(client: LinkitClient, program_id: int, held_program_id: int) -> SignedUrl:
    """The tag without its last letter or digit."""
    url = client.signed_url(program_id, "assign")
    tag = url.tag or ""
    index = _last_alphanumeric(tag)
    return url.with_tag(tag[:index] + tag[index + 1:] if index >= 0 else "")


def tag_extended(client: LinkitClient, program_id: int, held_program_id: int) -> SignedUrl:
    """The tag with one more character after its last letter or digit."""
    url = client.signed_url(program_id, "assign")
    tag = url.tag or ""
    index = _last_alphanumeric(tag)
    return url.with_tag(tag[:index + 1] + "0" + tag[index + 1:])


def tag_other_case(client: LinkitClient, program_id: int, held_program_id: int) -> SignedUrl | None:
    """The tag with every letter in the other case; None (not judged) when the tag is hex."""
    url = client.signed_url(program_id, "assign")
    tag = url.tag or ""
    if tag_is_hex(tag) or tag.swapcase() == tag:
        return None
    return url.with_tag(tag.swapcase())


# --- timestamps far from now, signed --------------------------------------------------------------

def signed_hours_away(client: LinkitClient, program_id: int, hours: int) -> SignedUrl:
    return client.signed_url(program_id, "assign", moment=_now() + timedelta(hours=hours))


# --- unsigned parameters after the tag ----------------------------------------------------------

def repeated_after_tag(text: str) -> Tampering:
    """A signed deassign of a program the student is not in, with ``text`` (e.g. '&verb=assign')
    appended after the tag, outside the signature."""
    def build(client: LinkitClient, program_id: int, held_program_id: int) -> SignedUrl:
        return client.signed_url(program_id, "deassign").with_after_tag(text)
    return build
