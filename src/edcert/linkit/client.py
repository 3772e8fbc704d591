"""The LinkIt! client: builds the signed URL, sends the StudentID, records the exchange."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timezone
from urllib.parse import quote, urlsplit

from ..http.transport import Exchange, HttpClient
from ..masking import register
from ..profile import LinkitProfile
from .envelope import CONTENT_TYPES, request_body
from .signing import Signer, encode_timestamp, format_timestamp, load_signer

#: The document's query parameters, in the order of its examples; the tag comes last.
SIGNED_PARAMETERS = ("verb", "timestamp", "accesskey")


@dataclass(frozen=True)
class SignedUrl:
    """A signed LinkIt! URL kept in parts, so that one part can be changed after signing.

    ``query`` holds the signed parameters as (name, value as sent, already encoded); ``tag`` is
    None when the URL carries no tag at all; ``after_tag`` is sent unsigned after the tag.
    """

    base_url: str
    program_id: int | str
    query: tuple[tuple[str, str], ...]
    tag: str | None
    timestamp: str = ""  # as written before encoding ("6/26/2013 1:32:07 PM")
    after_tag: str = ""

    @property
    def url(self) -> str:
        query = "&".join(f"{name}={value}" for name, value in self.query)
        if self.tag is not None:
            query += f"&tag={quote(self.tag, safe='-_.~')}"
        return f"{self.base_url}/programs/{self.program_id}?{query}{self.after_tag}"

    def value(self, name: str) -> str | None:
        return next((value for key, value in self.query if key == name), None)

    def with_value(self, name: str, value: str) -> SignedUrl:
        """The same URL with one parameter's value (encoded) changed; the tag is left as it was."""
        return replace(self, query=tuple((key, value if key == name else old) for key, old in self.query))

    def with_program(self, program_id: int | str) -> SignedUrl:
        return replace(self, program_id=program_id)

    def with_tag(self, tag: str | None) -> SignedUrl:
        return replace(self, tag=tag)

    def with_after_tag(self, text: str) -> SignedUrl:
        return replace(self, after_tag=text)


@dataclass(frozen=True)
class LinkitRequest:
    """One request as it goes out: a row of the request model changes any part of it."""

    method: str
    url: str
    headers: dict[str, str]
    body: bytes
    fmt: str  # the format the answer is asked for


class LinkitClient:
    def __init__(self, profile: LinkitProfile, http: HttpClient) -> None:
        self.profile = profile
        self.http = http
        self.signer: Signer = load_signer(profile.signer)

    def signed_url(self, program_id: int | str, verb: str, *, moment: datetime | None = None,
                   access_key: str | None = None, tag: str | None = None,
                   omit: tuple[str, ...] = ()) -> SignedUrl:
        """The document's URL: verb, timestamp, accesskey, then the tag over everything before it.

        ``omit`` leaves parameters out before signing (the URL is then signed without them);
        ``tag`` replaces the tag the signer would give."""
        timestamp = format_timestamp(moment or datetime.now(timezone.utc))
        values = {"verb": verb, "timestamp": encode_timestamp(timestamp),
                  "accesskey": quote(access_key or self.profile.access_key, safe="-_.~")}
        unsigned = SignedUrl(self.profile.base_url, program_id,
                             tuple((name, values[name]) for name in SIGNED_PARAMETERS if name not in omit),
                             None, timestamp)
        if tag is None:
            tag = self.sign(unsigned)
        return unsigned.with_tag(tag)

    def sign(self, url: SignedUrl) -> str:
        """The tag of a URL: the profile's signer over its path and query up to, not including, &tag=."""
        parts = urlsplit(url.with_tag(None).url)
        tag = self.signer(f"{parts.path}?{parts.query}", self.profile.secret.reveal())
        register(tag)
        return tag

    def signed_query(self, program_id: int | str, query: tuple[tuple[str, str], ...], timestamp: str = "") -> SignedUrl:
        """A URL with exactly these parameters (name, value already encoded), signed as it stands."""
        unsigned = SignedUrl(self.profile.base_url, program_id, query, None, timestamp)
        return unsigned.with_tag(self.sign(unsigned))

    def request(self, url: SignedUrl | str, student_id: str | None, fmt: str, method: str = "PUT") -> LinkitRequest:
        """The document's request: StudentID in the body and/or header, as the profile says."""
        headers = {"Accept": CONTENT_TYPES[fmt], "Content-Type": CONTENT_TYPES[fmt]}
        body = b""
        if student_id is not None:
            if self.profile.student_id_in in ("both", "header"):
                headers["StudentID"] = student_id
            if self.profile.student_id_in in ("both", "body"):
                body = request_body(student_id, fmt)
        return LinkitRequest(method, url if isinstance(url, str) else url.url, headers, body, fmt)

    def send(self, request: LinkitRequest) -> Exchange:
        return self.http.send(request.method, request.url, headers=request.headers, body=request.body)

    def put(self, url: SignedUrl, student_id: str | None, fmt: str) -> Exchange:
        """PUT the signed URL with StudentID in the body and/or header, as the profile says."""
        return self.send(self.request(url, student_id, fmt))
