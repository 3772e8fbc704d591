"""The changes the reference clients' request faults make: one request as a client is about to send it
(``Outgoing``), what a change may use (``Context``), and small builders of changes of one element in one way
(a header, a form parameter, a body value, the signed query's pairs, the tag). The faults themselves, which
change hits which request, are in request_faults.py."""


from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote_plus, urlsplit, urlunsplit


@dataclass
class Outgoing:
    """One request as the client is about to send it."""

    method: str
    url: str
    headers: list[tuple[str, str]]
    document: Any = None  # a JSON body, written out after the faults had their say
    raw: bytes | None = None  # a body given as bytes; wins over document

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)

    def drop_header(self, name: str) -> None:
        self.headers = [(k, v) for k, v in self.headers if k.lower() != name.lower()]

    def set_header(self, name: str, value: str) -> None:
        self.drop_header(name)
        self.headers.append((name, value))

    def body(self) -> bytes | None:
        if self.raw is not None:
            return self.raw
        return None if self.document is None else json.dumps(self.document).encode()

    # the URL's query, as raw name=value pairs
    def pairs(self) -> list[tuple[str, str]]:
        query = urlsplit(self.url).query
        return [(k, v) for k, _, v in (p.partition("=") for p in query.split("&") if p)]

    def set_pairs(self, pairs: list[tuple[str, str]]) -> None:
        parts = urlsplit(self.url)
        self.url = urlunsplit(parts._replace(query="&".join(f"{k}={v}" for k, v in pairs)))

    def set_path_tail(self, tail: str) -> None:
        parts = urlsplit(self.url)
        self.url = urlunsplit(parts._replace(path=parts.path.rsplit("/", 1)[0] + "/" + tail))


@dataclass
class Context:
    """What a fault may use: the client's configuration and values."""

    client_id: str = ""
    client_secret: str = ""
    token: str = ""
    access_key: str = ""
    secret: str = ""
    student_id: str = ""
    year: int = 2026
    verb: str = ""  # the LinkIt! call's verb
    fmt: str = ""  # the LinkIt! call's format


Mutation = Callable[[Any, Context], Any]



# --- small changes ------------------------------------------------------------------------------

def basic(text: str) -> str:
    return "Basic " + base64.b64encode(text.encode()).decode()


def with_values(**values: Any) -> Mutation:
    """A change to the request's attributes (method, raw)."""
    def change(request: Outgoing, _: Context) -> None:
        for name, value in values.items():
            setattr(request, name, value)
    return change


def authorization(make: Callable[[Context], str]) -> Mutation:
    def change(request: Outgoing, ctx: Context) -> None:
        request.set_header("Authorization", make(ctx))
    return change


def form_body(make: Callable[[Context], str]) -> Mutation:
    def change(request: Outgoing, ctx: Context) -> None:
        request.raw = make(ctx).encode()
    return change


def content_type(value: str | None) -> Mutation:
    def change(request: Outgoing, _: Context) -> None:
        request.drop_header("Content-Type")
        if value is not None:
            request.set_header("Content-Type", value)
    return change


def document_edit(edit: Callable[[dict, Context], Any]) -> Mutation:
    def change(request: Outgoing, ctx: Context) -> None:
        replaced = edit(request.document, ctx)
        if replaced is not None:
            request.document = replaced
    return change


def set_value(path: str, value: Any) -> Mutation:
    """Set (or, with value ..., remove) one property of the JSON body, by dotted path."""
    def edit(document: dict, _: Context) -> None:
        *parents, last = path.split(".")
        node = document
        for name in parents:
            node = node[name]
        if value is ...:
            node.pop(last, None)
        else:
            node[last] = value(_) if callable(value) else value
    return document_edit(edit)


def moved_student(document: dict, _: Context) -> None:
    document["studentUniqueId"] = document.pop("studentReference")["studentUniqueId"]


def truncated(request: Outgoing, _: Context) -> None:
    request.raw = (request.body() or b"")[:-7]


def begin_date_twice(request: Outgoing, ctx: Context) -> None:
    text = json.dumps(request.document)
    request.raw = ('{"beginDate": "' + f"9/14/{ctx.year}" + '", ' + text[1:]).encode()


def two_authorizations(request: Outgoing, _: Context) -> None:
    request.headers.append(("Authorization", f"Bearer {secrets.token_hex(16)}"))


def token_in_query(request: Outgoing, ctx: Context) -> None:
    request.drop_header("Authorization")
    request.url += ("&" if "?" in request.url else "?") + f"access_token={ctx.token}"


# LinkIt! parameters, before signing
def param(name: str, make: Callable[[str, Context], str | None]) -> Mutation:
    """Change one parameter's raw value; None removes it."""
    def change(pairs: list[tuple[str, str]], ctx: Context) -> list[tuple[str, str]]:
        out = []
        for key, value in pairs:
            if key == name:
                new = make(value, ctx)
                if new is not None:
                    out.append((key, new))
            else:
                out.append((key, value))
        return out
    return change


def repeated(name: str, make: Callable[[str, Context], str]) -> Mutation:
    """The parameter given a second time, with another value, after the others."""
    def change(pairs: list[tuple[str, str]], ctx: Context) -> list[tuple[str, str]]:
        value = next(v for k, v in pairs if k == name)
        return [*pairs, (name, make(value, ctx))]
    return change


def to_header(name: str) -> tuple[Mutation, Mutation]:
    """The parameter taken out of the URL (before signing) and sent as a header (after)."""
    kept: dict[str, str] = {}

    def params(pairs: list[tuple[str, str]], ctx: Context) -> list[tuple[str, str]]:
        kept[ctx.fmt] = next((v for k, v in pairs if k == name), "")
        return [(k, v) for k, v in pairs if k != name]

    def call(request: Outgoing, ctx: Context) -> None:
        request.set_header(name, kept.get(ctx.fmt, ""))
    return params, call


def stamp(moment: datetime) -> str:
    hour = moment.hour % 12 or 12
    text = f"{moment.month}/{moment.day}/{moment.year} {hour}:{moment.minute:02d}:{moment.second:02d} " \
           f"{'PM' if moment.hour >= 12 else 'AM'}"
    return quote_plus(text, safe="").replace("%2F", "%2f").replace("%3A", "%3a")


def other_verb(verb: str) -> str:
    return "deassign" if verb == "assign" else "assign"


# LinkIt! tag, after signing
def tag_made(make: Callable[[Outgoing, str, Context], str | None]) -> Mutation:
    def change(request: Outgoing, ctx: Context) -> None:
        pairs = request.pairs()
        tag = next(v for k, v in pairs if k == "tag")
        new = make(request, tag, ctx)
        rest = [(k, v) for k, v in pairs if k != "tag"]
        request.set_pairs(rest + ([("tag", new)] if new is not None else []))
    return change


def keyed_with_access_key(request: Outgoing, _: str, ctx: Context) -> str:
    parts = urlsplit(request.url)
    signed = parts.path + "?" + parts.query.split("&tag=")[0]
    return hmac.new(ctx.access_key.encode(), signed.encode(), hashlib.sha1).hexdigest()


def tag_twice(request: Outgoing, ctx: Context) -> None:
    request.url += f"&tag={secrets.token_hex(20)}"


def tag_first(request: Outgoing, _: Context) -> None:
    pairs = request.pairs()
    request.set_pairs([p for p in pairs if p[0] == "tag"] + [p for p in pairs if p[0] != "tag"])


# LinkIt! StudentID and body, after signing
def student_named(header: str | None, body: str | None) -> Mutation:
    """StudentID in the header and the body replaced (None: left out)."""
    def change(request: Outgoing, ctx: Context) -> None:
        request.drop_header("StudentID")
        if header is not None:
            request.set_header("StudentID", header)
        if body is None:
            request.raw = None
            request.drop_header("Content-Type")
        elif ctx.fmt == "json":
            request.raw = json.dumps({"StudentID": body}).encode()
        else:
            request.raw = f"<ProgramElement><StudentID>{body}</StudentID></ProgramElement>".encode()
    return change


def student_in_query() -> tuple[Mutation, Mutation]:
    def params(pairs: list[tuple[str, str]], ctx: Context) -> list[tuple[str, str]]:
        return [*pairs, ("StudentID", ctx.student_id)]
    return params, student_named(None, None)


def raw_body(make: Callable[[Context], str]) -> Mutation:
    def change(request: Outgoing, ctx: Context) -> None:
        request.raw = make(ctx).encode()
    return change
