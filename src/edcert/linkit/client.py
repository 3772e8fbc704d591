"""The LinkIt! client: builds the signed URL, sends the StudentID, records the exchange."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import quote, urlsplit

from ..masking import register
from ..profile import LinkitProfile
from ..transport import Exchange, HttpClient
from .envelope import CONTENT_TYPES, request_body
from .signing import Signer, encode_timestamp, format_timestamp, load_signer


@dataclass
class SignedUrl:
    url: str
    timestamp: str
    tag: str


class LinkitClient:
    def __init__(self, profile: LinkitProfile, http: HttpClient) -> None:
        self.profile = profile
        self.http = http
        self.signer: Signer = load_signer(profile.signer)

    def signed_url(self, program_id: int | str, verb: str, *, moment: datetime | None = None,
                   access_key: str | None = None, tag: str | None = None) -> SignedUrl:
        """The document's URL: verb, timestamp, accesskey, then the tag over everything before it."""
        timestamp = format_timestamp(moment or datetime.now(timezone.utc))
        unsigned = (f"{self.profile.base_url}/programs/{program_id}?verb={verb}"
                    f"&timestamp={encode_timestamp(timestamp)}"
                    f"&accesskey={quote(access_key or self.profile.access_key, safe='-_.~')}")
        parts = urlsplit(unsigned)
        if tag is None:
            tag = self.signer(f"{parts.path}?{parts.query}", self.profile.secret.reveal())
            register(tag)
        return SignedUrl(f"{unsigned}&tag={tag}", timestamp, tag)

    def put(self, url: SignedUrl, student_id: str | None, fmt: str) -> Exchange:
        """PUT the signed URL with StudentID in the body and/or header, as the profile says."""
        headers = {"Accept": CONTENT_TYPES[fmt], "Content-Type": CONTENT_TYPES[fmt]}
        body = b""
        if student_id is not None:
            if self.profile.student_id_in in ("both", "header"):
                headers["StudentID"] = student_id
            if self.profile.student_id_in in ("both", "body"):
                body = request_body(student_id, fmt)
        return self.http.send("PUT", url.url, headers=headers, body=body)
