"""Clients of the two APIs written from the source documents alone, to try edcert listen on clients it never saw.

They know only what a vendor knows: the Ed-Fi scenario sheet, the LinkIt! "Add/Remove Student from Program"
page, the published facts about the Ed-Fi API, and the configuration edcert listen writes (--config-out).
Each conformant client takes options for the ways real clients differ where the documents allow it; each
faulty client is a conformant one with a single defect, a subclass that overrides the one thing it gets wrong.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import time
import uuid
from datetime import datetime, timezone
from typing import Any
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo

import requests

TIMEOUT = 10

# The scenario sheet "v3 StudentCohort > StudentCohortAssociation", with its sample values.
SCENARIOS = {
    1: {"education_organization_id": 255901107, "cohort_identifier": "1", "student_unique_id": "111111"},
    2: {"education_organization_id": 255901001, "cohort_identifier": "2", "student_unique_id": "222222"},
}
# The students and cohorts the scenario sheets of Student and Cohort describe (the prerequisites).
STUDENTS = {
    "111111": {"firstName": "Austin", "middleName": "Samuel", "lastSurname": "Jones", "birthDate": "2009-01-01"},
    "222222": {"firstName": "Madison", "middleName": "Mary", "lastSurname": "Johnson", "birthDate": "2001-01-01"},
}
COHORT_TYPE = "uri://ed-fi.org/CohortTypeDescriptor#Study Hall"
COHORT_SCOPE = "uri://ed-fi.org/CohortScopeDescriptor#District"

# The LinkIt! page's examples.
STUDENT_ID = "151557"
PROGRAM_ID = 19740
XML_NAMESPACES = 'xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'


# --------------------------------------------------------------------------------------------- Ed-Fi SIS


class SisClient:
    """A Student Information System writing the three StudentCohortAssociation scenarios.

    credentials: "basic" (Authorization: Basic, the documented way) or "form" (client_id and client_secret
    in the form body, as Ed-Fi's certification tooling sends them). token: "reuse" (one token until a
    401), "lifetime" (renewed when expires_in runs out, and after a 401) or "per-call" (a new token for
    every request). update: "put" (scenario 3 by PUT to the record's id) or "post" (by a POST upsert of
    the natural key). read_first: GET the record and PUT back the whole document read, with its `id`,
    `_etag` and `link`s and an If-Match. find_by: "location" (the id from the POST's Location) or "query"
    (the record found by its natural key). put_id: send `id` in the PUT body (the Data Management
    Service wants it; the ODS/API ignores it). accept: send Accept: application/json (else no Accept at
    all). content_type: the Content-Type of writes. prerequisites: POST the cohort and the student first.
    """

    def __init__(self, config: dict, *, credentials: str = "basic", token: str = "reuse", update: str = "put",
                 read_first: bool = False, find_by: str = "location", put_id: bool = True, accept: bool = True,
                 content_type: str = "application/json", prerequisites: bool = False) -> None:
        edfi = config["edfi"]
        self.base = edfi["base_url"].rstrip("/") + "/ed-fi"
        self.token_url, self.client_id, self.secret = edfi["token_url"], edfi["client_id"], edfi["client_secret"]
        self.year = int(config["school_year"])
        self.credentials, self.token_policy, self.update = credentials, token, update
        self.read_first, self.find_by, self.put_id = read_first, find_by, put_id
        self.accept, self.content_type, self.prerequisites = accept, content_type, prerequisites
        self.resource = "studentCohortAssociations"
        self.scheme = "Bearer"
        self.http = requests.Session()
        self.access_token: str | None = None
        self.expires_at = 0.0
        self.errors: list[str] = []  # what the API refused; the client logs it and carries on, as SISs do

    # The scenarios, in the sheet's order.
    def run(self) -> None:
        if self.prerequisites:
            self.create_prerequisites()
        ids = {number: self.create(number) for number in (1, 2)}
        self.scenario_3(ids)

    def create(self, number: int) -> str | None:
        answer = self.call("POST", f"{self.base}/{self.resource}", self.association(number))
        return self.record_id(number, answer) if self.expect(answer, 200, 201) else None

    def scenario_3(self, ids: dict[int, str | None]) -> None:
        if self.update == "post":
            self.expect(self.call("POST", f"{self.base}/{self.resource}", self.ended(self.association(1))),
                        200, 201)
            return
        if ids[1] is None:
            return  # scenario 1 was refused: there is no record to update
        url = f"{self.base}/{self.resource}/{ids[1]}"
        headers = {}
        if self.read_first:
            read = self.call("GET", url)
            if not self.expect(read, 200):
                return
            body = self.ended(read.json())
            if read.headers.get("ETag"):
                headers["If-Match"] = read.headers["ETag"]
        else:
            body = self.ended(self.association(1))
            if self.put_id:
                body = {"id": ids[1], **body}
        self.expect(self.call("PUT", url, body, headers), 200, 204)

    # The values the sheet gives.
    def association(self, number: int) -> dict:
        values = SCENARIOS[number]
        return {
            "cohortReference": {"cohortIdentifier": values["cohort_identifier"],
                                "educationOrganizationId": values["education_organization_id"]},
            "studentReference": {"studentUniqueId": values["student_unique_id"]},
            "beginDate": self.date(9, 14),
        }

    def ended(self, body: dict) -> dict:
        return {**body, "endDate": self.date(9, 21)}

    def date(self, month: int, day: int) -> str:
        return f"{self.year:04d}-{month:02d}-{day:02d}"

    def create_prerequisites(self) -> None:
        for number, values in SCENARIOS.items():
            cohort = {"cohortIdentifier": values["cohort_identifier"],
                      "educationOrganizationReference": {"educationOrganizationId": values["education_organization_id"]},
                      "cohortTypeDescriptor": COHORT_TYPE, "cohortScopeDescriptor": COHORT_SCOPE,
                      "cohortDescription": f"Cohort {number} Description"}
            self.expect(self.call("POST", f"{self.base}/cohorts", cohort), 200, 201)
            student = {"studentUniqueId": values["student_unique_id"], **STUDENTS[values["student_unique_id"]]}
            self.expect(self.call("POST", f"{self.base}/students", student), 200, 201)

    def record_id(self, number: int, answer: requests.Response) -> str:
        location = answer.headers.get("Location")
        if self.find_by == "location" and location:
            return location.rstrip("/").rsplit("/", 1)[-1]
        values = self.association(number)
        query = {"studentUniqueId": values["studentReference"]["studentUniqueId"],
                 "cohortIdentifier": values["cohortReference"]["cohortIdentifier"],
                 "educationOrganizationId": values["cohortReference"]["educationOrganizationId"],
                 "beginDate": values["beginDate"]}
        found = self.call("GET", f"{self.base}/{self.resource}", params=query)
        return found.json()[0]["id"] if self.expect(found, 200) and found.json() else None

    # OAuth2 and the calls.
    def token(self, renew: bool = False) -> str:
        stale = self.token_policy == "per-call" or (self.token_policy == "lifetime" and time.time() >= self.expires_at)
        if self.access_token and not renew and not stale:
            return self.access_token
        answer = self.request_token()
        if not self.expect(answer, 200):
            return ""
        issued = answer.json()
        self.access_token = issued["access_token"]
        self.expires_at = time.time() + int(issued.get("expires_in", 1800)) - 60
        return self.access_token

    def request_token(self) -> requests.Response:
        form = {"grant_type": "client_credentials"}
        if self.credentials == "basic":
            return self.http.post(self.token_url, data=form, auth=(self.client_id, self.secret), timeout=TIMEOUT)
        form.update(client_id=self.client_id, client_secret=self.secret)
        return self.http.post(self.token_url, data=form, timeout=TIMEOUT)

    def call(self, method: str, url: str, body: dict | None = None, headers: dict | None = None,
             params: dict | None = None) -> requests.Response:
        answer = self.send(method, url, body, headers, params, self.token())
        if answer.status_code == 401:
            answer = self.send(method, url, body, headers, params, self.token_after_401())
        return answer

    def token_after_401(self) -> str:
        return self.token(renew=True)

    def send(self, method: str, url: str, body: dict | None, headers: dict | None, params: dict | None,
             token: str) -> requests.Response:
        sent: dict[str, Any] = {"Authorization": f"{self.scheme} {token}",
                                "Accept": "application/json" if self.accept else None}
        data = None
        if body is not None:
            sent["Content-Type"] = self.content_type
            data = self.encode(body)
        return self.http.request(method, url, data=data, params=params, headers={**sent, **(headers or {})},
                                 timeout=TIMEOUT)

    def encode(self, body: dict) -> bytes:
        return json.dumps(body).encode("utf-8")

    def expect(self, answer: requests.Response, *statuses: int) -> bool:
        if answer.status_code in statuses:
            return True
        self.errors.append(f"{answer.request.method} {answer.url}: {answer.status_code} {answer.text[:300]}")
        return False


class NullsForAbsentValues(SisClient):
    """Serialises its record class whole, as .NET serialisers do by default: "endDate": null in scenarios 1
    and 2 (the ODS/API reads null as absent; the Data Management Service prunes null values)."""

    def association(self, number: int) -> dict:
        return {**super().association(number), "endDate": None}


class EmptySections(SisClient):
    """Sends the optional sections collection empty ("sections": []), as a record read from an Ed-Fi API
    shows it (the Data Management Service prunes empty arrays)."""

    def association(self, number: int) -> dict:
        return {**super().association(number), "sections": []}


class JsonTokenRequest(SisClient):
    """Asks for its token with a JSON body holding grant_type, client_id and client_secret (the ODS/API
    reads the token request as a form or as JSON)."""

    def request_token(self) -> requests.Response:
        return self.http.post(self.token_url, json={"grant_type": "client_credentials", "client_id": self.client_id,
                                                    "client_secret": self.secret}, timeout=TIMEOUT)


class PascalCaseResource(SisClient):
    """Names the resource as the sheet's Resource column writes it, StudentCohortAssociations (the ODS/API
    matches resource names without regard to case)."""

    def __init__(self, config: dict, **options: Any) -> None:
        super().__init__(config, **options)
        self.resource = "StudentCohortAssociations"


class LowerCaseBearer(SisClient):
    """Writes the authentication scheme in lower case, Authorization: bearer <token> (schemes are
    case-insensitive, RFC 7235 section 2.1)."""

    def __init__(self, config: dict, **options: Any) -> None:
        super().__init__(config, **options)
        self.scheme = "bearer"


class HighSchoolFirst(SisClient):
    """Sends scenario 2 before scenario 1 (its batch is ordered by school), then scenario 3."""

    def run(self) -> None:
        ids = {number: self.create(number) for number in (2, 1)}
        self.scenario_3(ids)


class BeginDateOneDayOff(SisClient):
    """Holds dates as midnight UTC and writes them in the district's time (New York): 9/14 becomes 9/13."""

    def date(self, month: int, day: int) -> str:
        midnight = datetime(self.year, month, day, tzinfo=timezone.utc)
        return midnight.astimezone(ZoneInfo("America/New_York")).date().isoformat()


class StudentUniqueIdAsNumber(SisClient):
    """Sends studentUniqueId as a JSON number (the sheet's 111111 looks like one)."""

    def association(self, number: int) -> dict:
        body = super().association(number)
        body["studentReference"]["studentUniqueId"] = int(body["studentReference"]["studentUniqueId"])
        return body


class EndDateOnTheWrongRecord(SisClient):
    """Scenario 3 PUTs the end date, without `id`, to the record it created last: scenario 2's."""

    def scenario_3(self, ids: dict[int, str | None]) -> None:
        body = self.ended(self.association(2))
        self.expect(self.call("PUT", f"{self.base}/{self.resource}/{ids[2]}", body), 200, 204)


class ChangedBeginDate(SisClient):
    """Scenario 3 sends the end date and moves the begin date along with it (9/21 both)."""

    def ended(self, body: dict) -> dict:
        return {**body, "beginDate": self.date(9, 21), "endDate": self.date(9, 21)}


class PasswordGrant(SisClient):
    """Asks for its token with the password grant (its id and secret as username and password)."""

    def token(self, renew: bool = False) -> str:
        if self.access_token is not None and not renew:
            return self.access_token
        answer = self.http.post(self.token_url, data={"grant_type": "password", "username": self.client_id,
                                                      "password": self.secret}, timeout=TIMEOUT)
        self.access_token = answer.json().get("access_token", "") if self.expect(answer, 200) else ""
        return self.access_token


class DateTimeEndDate(SisClient):
    """Serialises dates as .NET DateTimes do: 2026-09-14T00:00:00."""

    def date(self, month: int, day: int) -> str:
        return datetime(self.year, month, day).isoformat()


class IdInPost(SisClient):
    """Sends its own record id (a GUID it made) in the body of the POSTs."""

    def association(self, number: int) -> dict:
        return {"id": uuid.uuid4().hex, **super().association(number)}


class SameTokenAfter401(SisClient):
    """After a 401 it repeats the request with the same token instead of getting a new one."""

    def token_after_401(self) -> str:
        return self.access_token or self.token()


# --------------------------------------------------------------------------------------------- LinkIt!


class LinkItApp:
    """An application calling LinkIt!'s Add/Remove Student from Program: Example 1 then Example 2 per format.

    formats: the formats it uses, in order. student_id: where StudentID goes, "body", "header" or "both".
    seconds: "padded" (1:32:07 PM) or "unpadded" (5:10:5 PM, as the parameter table's example writes it;
    this client pins its seconds below ten so that the difference shows). escapes: "lower" (%2f and %3a, as
    the examples), "upper" (%2F and %3A, as most URL libraries write them) or "none" (5/1/2013+5:10:5+PM, as
    the parameter table writes it). accept: send an Accept header
    for the format. content_types: the Content-Type of each format's body. xml_declaration and xml_namespaces:
    how the XML body opens. integer_student_id: StudentID as a JSON number (the document types it INTEGER).
    """

    def __init__(self, config: dict, *, formats: tuple[str, ...] = ("json", "xml"), student_id: str = "both",
                 seconds: str = "padded", escapes: str = "lower", accept: bool = True,
                 content_types: dict[str, str] | None = None, xml_declaration: bool = False,
                 xml_namespaces: bool = True, integer_student_id: bool = False) -> None:
        linkit = config["linkit"]
        self.base, self.access_key, self.secret = linkit["base_url"].rstrip("/"), linkit["access_key"], linkit["secret"]
        self.formats, self.student_id, self.seconds, self.escapes = formats, student_id, seconds, escapes
        self.accept, self.xml_declaration, self.xml_namespaces = accept, xml_declaration, xml_namespaces
        self.integer_student_id = integer_student_id
        self.content_types = {"json": "application/json", "xml": "application/xml", **(content_types or {})}
        self.errors: list[str] = []

    def run(self) -> None:
        for fmt in self.formats:
            self.put("assign", fmt)
            self.put("deassign", fmt)

    def put(self, verb: str, fmt: str) -> None:
        path_and_query = (f"{urlsplit(self.base).path}/programs/{PROGRAM_ID}?{self.verb_parameter(verb)}"
                          f"&timestamp={self.escape(self.timestamp())}&{self.key_parameter()}={self.access_key}")
        url = f"{self.base}/programs/{PROGRAM_ID}" + path_and_query.split(f"/programs/{PROGRAM_ID}", 1)[1]
        url += f"&tag={self.sign(path_and_query)}"
        headers = {"Accept": self.content_types[fmt].split(";")[0]} if self.accept else {}
        if self.student_id in ("header", "both"):
            headers["StudentID"] = STUDENT_ID
        body = None
        if self.student_id in ("body", "both"):
            body = self.body(fmt)
            headers["Content-Type"] = self.content_types[fmt]
        status, answer = self.send(url, headers, body)
        if status != 200 or b"SUCCESS" not in answer:
            self.errors.append(f"{verb} {fmt}: {status} {answer[:300].decode(errors='replace')}")

    def send(self, url: str, headers: dict[str, str], body: bytes | None) -> tuple[int, bytes]:
        """Sends the URL byte for byte as signed (URL libraries rewrite percent-escapes in upper case)."""
        parts = urlsplit(url)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=TIMEOUT)
        try:
            connection.request(self.method(), f"{parts.path}?{parts.query}", body=body, headers=headers)
            answer = connection.getresponse()
            return answer.status, answer.read()
        finally:
            connection.close()

    def method(self) -> str:
        return "PUT"

    def verb_parameter(self, verb: str) -> str:
        return f"verb={verb}"

    def key_parameter(self) -> str:
        return "accesskey"

    def now(self) -> datetime:
        now = datetime.now(timezone.utc)
        return now.replace(second=5) if self.seconds == "unpadded" else now

    def timestamp(self) -> str:
        """The GMT time of the call, as the examples write it: 6/26/2013 1:32:07 PM."""
        now = self.now()
        seconds = f"{now.second}" if self.seconds == "unpadded" else f"{now.second:02d}"
        return f"{now.month}/{now.day}/{now.year} {now.hour % 12 or 12}:{now.minute:02d}:{seconds} {now.strftime('%p')}"

    def escape(self, timestamp: str) -> str:
        if self.escapes == "none":  # as the parameter table's example writes it: 5/1/2013+5:10:5+PM
            return timestamp.replace(" ", "+")
        slash, colon = ("%2f", "%3a") if self.escapes == "lower" else ("%2F", "%3A")
        return timestamp.replace("/", slash).replace(":", colon).replace(" ", "+")

    def sign(self, path_and_query: str) -> str:
        return hmac.new(self.secret.encode(), path_and_query.encode(), hashlib.sha1).hexdigest()

    def body(self, fmt: str) -> bytes:
        student: int | str = int(STUDENT_ID) if self.integer_student_id else STUDENT_ID
        if fmt == "json":
            return json.dumps({"StudentID": student}).encode()
        opening = f"<ProgramElement {XML_NAMESPACES}>" if self.xml_namespaces else "<ProgramElement>"
        declaration = '<?xml version="1.0" encoding="utf-8"?>' if self.xml_declaration else ""
        return f"{declaration}{opening}<StudentID>{STUDENT_ID}</StudentID></ProgramElement>".encode()


class XmlWriterBody(LinkItApp):
    """Writes its XML as .NET's XmlSerializer with a UTF-8 StreamWriter does: a byte order mark, a declaration,
    then the document's <ProgramElement>; StudentID in the body only."""

    def body(self, fmt: str) -> bytes:
        if fmt == "json":
            return super().body(fmt)
        return ('\ufeff<?xml version="1.0" encoding="utf-8"?>\r\n'
                f"<ProgramElement {XML_NAMESPACES}>\r\n  <StudentID>{STUDENT_ID}</StudentID>\r\n</ProgramElement>"
                ).encode()


class ZeroPaddedTimestamp(LinkItApp):
    """Writes every field of the timestamp on two digits, 06/26/2013 01:32:07 PM (MM/dd/yyyy hh:mm:ss tt)."""

    def timestamp(self) -> str:
        return self.now().strftime("%m/%d/%Y %I:%M:%S %p")


class PercentEncodedTimestamp(LinkItApp):
    """Escapes the timestamp with a general URL quoting function: %2F, %3A and %20 for the space."""

    def escape(self, timestamp: str) -> str:
        return quote(timestamp, safe="")


class Sha256Tag(LinkItApp):
    """Computes the tag with HMAC-SHA256."""

    def sign(self, path_and_query: str) -> str:
        return hmac.new(self.secret.encode(), path_and_query.encode(), hashlib.sha256).hexdigest()


class IsoTimestamp(LinkItApp):
    """Writes the timestamp in ISO 8601: 2026-05-01T17:10:05Z."""

    def timestamp(self) -> str:
        return self.now().strftime("%Y-%m-%dT%H:%M:%SZ")


class LocalTimestamp(LinkItApp):
    """Writes the time of the call on the clock of its office in New York, not GMT."""

    def now(self) -> datetime:
        return datetime.now(ZoneInfo("America/New_York"))


class NoStudentIdInXml(LinkItApp):
    """Its XML body is an empty <ProgramElement/>, and it sends no StudentID header (its JSON is right)."""

    def body(self, fmt: str) -> bytes:
        return f"<ProgramElement {XML_NAMESPACES}></ProgramElement>".encode() if fmt == "xml" else super().body(fmt)

    def put(self, verb: str, fmt: str) -> None:
        self.student_id = "both" if fmt == "json" else "body"
        super().put(verb, fmt)


class UpperCaseVerb(LinkItApp):
    """Writes the verb in upper case: verb=ASSIGN."""

    def verb_parameter(self, verb: str) -> str:
        return f"verb={verb.upper()}"


class AccessKeyUnderAnotherName(LinkItApp):
    """Sends the access key as `apikey=` instead of `accesskey=`."""

    def key_parameter(self) -> str:
        return "apikey"


class EscapesRewrittenAfterSigning(LinkItApp):
    """Signs the URL with the examples' %2f and %3a, then sends it through requests, whose URL handling
    writes the escapes in upper case: the URL sent is not the URL signed."""

    def send(self, url: str, headers: dict[str, str], body: bytes | None) -> tuple[int, bytes]:
        answer = requests.request(self.method(), url, headers=headers, data=body, timeout=TIMEOUT)
        return answer.status_code, answer.content


class DataContractXml(LinkItApp):
    """Serialises <ProgramElement> with .NET's DataContractSerializer, which puts it and <StudentID> in a
    namespace of its own: not the document's elements, which are in no namespace."""

    def body(self, fmt: str) -> bytes:
        if fmt == "json":
            return super().body(fmt)
        return ('<ProgramElement xmlns:i="http://www.w3.org/2001/XMLSchema-instance" '
                'xmlns="http://schemas.datacontract.org/2004/07/LinkIt.Api.Models">'
                f"<StudentID>{STUDENT_ID}</StudentID></ProgramElement>").encode()


class TagWithoutBasePath(LinkItApp):
    """Signs the path as the document's examples write it, /programs/19740?..., leaving out the base URL's own
    path (/linkit) that it sends."""

    def sign(self, path_and_query: str) -> str:
        return super().sign(path_and_query[len(urlsplit(self.base).path):])


class Scenario3ByPatch(SisClient):
    """Adds the end date of scenario 3 with a PATCH of the record holding only the end date."""

    def scenario_3(self, ids: dict[int, str | None]) -> None:
        if ids[1] is not None:
            self.expect(self.call("PATCH", f"{self.base}/{self.resource}/{ids[1]}", {"endDate": self.date(9, 21)}),
                        200, 204)


class XmlAskingForJson(LinkItApp):
    """Its XML calls carry the Accept: application/json header of its JSON calls (one header set for both)."""

    def send(self, url: str, headers: dict[str, str], body: bytes | None) -> tuple[int, bytes]:
        return super().send(url, {**headers, "Accept": "application/json"}, body)
