"""Which URLs edcert sends requests to, and which origins may receive credentials.

Credentials go only to the profile's own origins (``Profile.origins``) (scheme, host and port, default ports made
explicit). A URL the target supplies (a Location) is resolved against the API's base URL and
must be a plain http(s) URL: no user credentials, no whitespace or control characters, valid
UTF-8, a valid port and host, and a sane length. Anything else is an ``UnusableUrl`` whose
message says why, for the caller to turn into a failure of the requirement that produced it.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import quote, urljoin, urlsplit

#: RFC 9110 section 4.1 asks senders and recipients to support URIs of at least 8000 octets.
MAX_URL_CHARS = 8000
SCHEMES = ("http", "https")
DEFAULT_PORTS = {"http": 80, "https": 443}
_CONTROL_OR_SPACE = re.compile(r"[\x00-\x20\x7f-\x9f]")
_REG_NAME = re.compile(r"[a-z0-9._~-]+")  # a host name after IDNA encoding
_USERINFO = re.compile(r"(//)[^/?#@]*@")
# Characters a URL may carry unescaped; anything else (non-ASCII text) is percent-encoded as UTF-8.
_URL_SAFE = "!#$%&'()*+,/:;=?@[]~"

Origin = tuple[str, str, int]


class UnusableUrl(ValueError):
    """A URL edcert will not send a request to; the message says why."""


class UserinfoInUrl(UnusableUrl):
    """A URL that carries a user name or password (user:password@host)."""


def shown(url: object, limit: int = 200) -> str:
    """A URL as a message may show it: user credentials replaced, control characters escaped, shortened."""
    text = _USERINFO.sub(r"\1***@", str(url))
    text = repr(text[:limit])[1:-1]
    return text + ("..." if len(str(url)) > limit else "")


def check(url: str) -> Origin:
    """The origin of an absolute http(s) URL edcert may send a request to; UnusableUrl when it is not one."""
    if len(url) > MAX_URL_CHARS:
        raise UnusableUrl(f"it is {len(url)} characters long, over the {MAX_URL_CHARS} edcert accepts")
    if _CONTROL_OR_SPACE.search(url):
        raise UnusableUrl("it holds whitespace or control characters")
    try:
        parts = urlsplit(url)
    except ValueError as exc:  # for example an unclosed IPv6 bracket
        raise UnusableUrl(f"it does not parse as a URL ({exc})") from None
    if "@" in parts.netloc:
        raise UserinfoInUrl("it carries a user name or password (user:password@host)")
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise UnusableUrl(f"its scheme is {scheme + ':' if scheme else 'missing'}, not http or https")
    host = parts.hostname or ""
    if not host:
        raise UnusableUrl("it names no host")
    try:
        port = parts.port
    except ValueError:
        raise UnusableUrl("its port is not a number between 1 and 65535") from None
    if port == 0:
        raise UnusableUrl("its port is not a number between 1 and 65535")
    return scheme, _checked_host(host, parts.netloc), port or DEFAULT_PORTS[scheme]


def _checked_host(host: str, netloc: str) -> str:
    if "[" in netloc:
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            raise UnusableUrl(f"its IPv6 address [{host}] is not valid") from None
        return host.lower()
    try:
        encoded = host.encode("idna").decode("ascii") if not host.isascii() else host.lower()
    except UnicodeError:
        raise UnusableUrl("its host name is not a valid domain name") from None
    if not _REG_NAME.fullmatch(encoded) or any(len(label) > 63 for label in encoded.split(".")):
        raise UnusableUrl("its host name is not a valid domain name")
    return encoded


def origin(url: str) -> Origin | None:
    """Scheme, host and port of a URL (default ports made explicit), or None for a URL edcert would not use."""
    try:
        return check(url)
    except UnusableUrl:
        return None


def same_origin(base_url: str, url: str) -> bool:
    """Whether the URL is usable and on the base URL's own scheme, host and port."""
    own = origin(base_url)
    return own is not None and origin(url) == own


def resolve(base_url: str, location: str) -> str:
    """An absolute URL for a Location that may be absolute, path-absolute or relative; UnusableUrl for one
    edcert cannot follow.

    ``/ed-fi/...`` is read as relative to the API's resource base (DMS style), unless it already holds the base
    path (an API served under a path that itself begins with /ed-fi); ``ed-fi/...`` likewise. Any other relative
    reference is resolved against the POST's target, ``{base_url}/ed-fi/{resource}``, as RFC 9110 section
    10.2.2 and RFC 3986 section 5 say.
    """
    if len(location) > MAX_URL_CHARS:
        raise UnusableUrl(f"it is {len(location)} characters long, over the {MAX_URL_CHARS} edcert accepts")
    location = _as_text(location)
    if _CONTROL_OR_SPACE.search(location):
        raise UnusableUrl("it holds whitespace or control characters")
    if not location:
        raise UnusableUrl("it is empty")
    try:
        has_scheme = bool(urlsplit(location).scheme)
    except ValueError as exc:
        raise UnusableUrl(f"it does not parse as a URL ({exc})") from None
    base_path = urlsplit(base_url).path.rstrip("/")
    if has_scheme:
        absolute = location
    elif location.startswith("/ed-fi/") and not location.startswith(base_path + "/ed-fi/"):
        absolute = base_url + location
    elif location.startswith("ed-fi/"):  # read by RFC 3986 it would double /ed-fi/, which no Ed-Fi URL holds
        absolute = f"{base_url}/{location}"
    else:
        try:
            # Every Location edcert reads answers a POST to {base_url}/ed-fi/{resource}: resolving against
            # {base_url}/ed-fi/ gives the same URL for any reference that names an item.
            absolute = urljoin(base_url + "/ed-fi/", location)
        except ValueError as exc:
            raise UnusableUrl(f"it does not parse as a URL ({exc})") from None
    absolute = quote(absolute, safe=_URL_SAFE)
    check(absolute)
    return absolute


def _as_text(location: str) -> str:
    """Header values arrive decoded as ISO-8859-1; a URL's non-ASCII characters must be UTF-8."""
    if location.isascii():
        return location
    try:
        return location.encode("latin-1").decode("utf-8")
    except UnicodeEncodeError:  # already text beyond ISO-8859-1: it did not come from a header
        return location
    except UnicodeDecodeError:
        raise UnusableUrl("its bytes are not valid UTF-8") from None
