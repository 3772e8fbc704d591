"""Conformant variants of the reference clients: other readings of the documents that a conformant client
may take, and that edcert must certify like the default one, with no warning."""

from __future__ import annotations

CLIENT_VARIANTS: dict[str, str] = {
    # Ed-Fi
    "form-credentials": "sends client_id and client_secret in the token request's form body (no Basic header)",
    "update-with-post": "does scenario 3 with a POST of scenario 1's natural key and the end date (an upsert)",
    "read-modify-write": "does scenario 3 by reading the record, setting endDate and PUTting the whole record back "
                         "(with the _etag, _lastModifiedDate and links the API returned)",
    "lower-case-schemes": "writes what HTTP compares without regard to case in another case: Authorization: basic "
                          "and bearer, Content-Type and Accept Application/JSON (Application/XML), a studentid "
                          "header",
    "upper-case-record-id": "PUTs scenario 3 to the record's id written in upper case",
    # LinkIt!
    "student-id-in-header-only": "sends StudentID in a StudentID header alone, with no body",
    "student-id-in-body-only": "sends StudentID in the body alone, with no StudentID header",
    "integer-student-id": "writes StudentID as a JSON integer, as the parameter table types it",
    "unescaped-timestamp": "writes the timestamp as the parameter table's example does (5/1/2013+5:10:5+PM): "
                           "slashes and colons unescaped, seconds unpadded",
    "xml-first": "does both examples in XML first, then in JSON",
}


def check_variant_names(names: list[str] | tuple[str, ...]) -> frozenset[str]:
    for name in names:
        if name not in CLIENT_VARIANTS:
            raise ValueError(f"unknown client variant {name!r}; known: {', '.join(sorted(CLIENT_VARIANTS))}")
    return frozenset(names)
