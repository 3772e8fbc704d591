"""A conformant Student Information System writing the Ed-Fi StudentCohortAssociation scenarios, and its faults.

It does what the Ed-Fi scenario sheet asks of an SIS: make sure the cohort and the student exist
(creating them when its own "system values" name records the API lacks), POST scenarios 1 and 2,
then PUT the end date of scenario 3 to the record of scenario 1. It gets a token with the
client_credentials grant (Basic header), keeps it, and gets a new one when the API answers 401.
Its switches are the named faults (faults.py) and the conformant variants (variants.py) turned on.
"""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Callable
from datetime import date
from urllib.parse import urlencode

from edcert.reference_clients.config import EdfiConfig, ScenarioValues, Values
from edcert.reference_clients.faults import FLOOD_BODY_BYTES, FLOOD_REQUESTS
from edcert.reference_clients.http import Answer, send
from edcert.reference_clients.request_faults import Context, Outgoing, apply_call, faults_on

ASSOCIATIONS = "studentCohortAssociations"
#: The students of the Ed-Fi student sheet, used when the SIS creates its own (system value) students.
STUDENTS = ({"firstName": "Austin", "middleName": "Samuel", "lastSurname": "Jones", "birthDate": "2009-01-01"},
            {"firstName": "Madison", "middleName": "Mary", "lastSurname": "Johnson", "birthDate": "2001-01-01"})


class EdfiSis:
    def __init__(self, config: EdfiConfig, values: Values, school_year: int, switches: frozenset[str],
                 log: Callable[[str], None]) -> None:
        self.config, self.values, self.year, self.switches, self.log = config, values, school_year, switches, log
        self.token: str | None = None

    # --- dates and bodies -------------------------------------------------------------------
    def _date(self, month: int, day: int) -> str:
        if "dates-written-m-d-yyyy" in self.switches:
            return f"{month}/{day}/{self.year}"
        return date(self.year, month, day).isoformat()

    def _association(self, values: ScenarioValues, end_date: bool = False) -> dict:
        ed_org: int | str = values.education_organization_id
        if "education-organization-id-as-string" in self.switches:
            ed_org = str(ed_org)
        body: dict = {"studentReference": {"studentUniqueId": values.student_unique_id},
                      "cohortReference": {"cohortIdentifier": values.cohort_identifier, "educationOrganizationId": ed_org},
                      "beginDate": self._date(9, 14)}
        if end_date:
            body["endDate"] = self._date(9, 21)
        return body

    # --- authentication ---------------------------------------------------------------------
    def _get_token(self) -> str | None:
        form = {"grant_type": "client_credentials"}
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"}
        url = self.config.token_url
        if "credentials-in-token-url" in self.switches:
            url += "?" + urlencode({"client_id": self.config.client_id, "client_secret": self.config.client_secret})
        elif "form-credentials" in self.switches:
            form.update(client_id=self.config.client_id, client_secret=self.config.client_secret)
        else:
            basic = f"{self.config.client_id}:{self.config.client_secret}".encode()
            scheme = "basic" if "lower-case-schemes" in self.switches else "Basic"
            headers["Authorization"] = f"{scheme} " + base64.b64encode(basic).decode()
        answer = self._faulty(Outgoing("POST", url, list(headers.items()), raw=urlencode(form).encode()), "token")
        if answer is None or answer.status != 200:
            answer = send("POST", url, headers, urlencode(form).encode())
        self.log(f"token: HTTP {answer.status}")
        if answer.status != 200:
            return None
        return json.loads(answer.body).get("access_token")

    def _bearer(self) -> str | None:
        if self.token is None or "token-for-every-call" in self.switches:
            self.token = self._get_token()
        return self.token

    def _faulty(self, request: Outgoing, part: str) -> Answer | None:
        """The request with the request faults of this part of the work applied, sent; None when none applies."""
        if not faults_on(self.switches, part):
            return None
        context = Context(client_id=self.config.client_id, client_secret=self.config.client_secret,
                          token=self.token or "", year=self.year)
        request = apply_call(self.switches, part, request, context)
        return send(request.method, request.url, request.headers, request.body())

    def _call(self, method: str, url: str, body: dict | None = None, *, bearer: bool = True, part: str = "") -> Answer:
        """One resource call; answered 401, get a new token and try once more."""
        answer = self._send(method, url, body, bearer, part)
        if answer.status == 401:
            if "keeps-token-after-401" not in self.switches:
                self.token = None
            answer = self._send(method, url, body, bearer, part)
        return answer

    def _send(self, method: str, url: str, body: dict | None, bearer: bool, part: str = "") -> Answer:
        headers = {"Accept": "application/json"}
        token = self._bearer() if bearer else None
        if token:
            headers["Authorization"] = f"{'bearer' if 'lower-case-schemes' in self.switches else 'Bearer'} {token}"
        payload = None
        if body is not None:
            payload = json.dumps(body).encode()
            form = "form-content-type" in self.switches and url.rstrip("/").split("/")[-1] != "students"
            headers["Content-Type"] = "application/x-www-form-urlencoded" if form else "application/json"
            if "lower-case-schemes" in self.switches and not form:
                headers["Content-Type"] = "Application/JSON"
        answer = self._faulty(Outgoing(method, url, list(headers.items()), document=body), part) if part else None
        if answer is None:
            answer = send(method, url, headers, payload)
        self.log(f"{method} {url.split('?')[0]}: HTTP {answer.status}")
        return answer

    def _url(self, resource: str, query: dict[str, object] | None = None) -> str:
        url = f"{self.config.base_url}/ed-fi/{resource}"
        return f"{url}?{urlencode(query)}" if query else url

    # --- prerequisites ----------------------------------------------------------------------
    def _exists(self, resource: str, query: dict[str, object]) -> bool:
        answer = self._call("GET", self._url(resource, query))
        return answer.status == 200 and bool(json.loads(answer.body or b"[]"))

    def ensure_prerequisites(self, values: ScenarioValues, student: dict) -> None:
        """The sheet's prerequisites, Cohort and Student: created when the SIS's own values name missing ones."""
        if "skips-prerequisites" in self.switches:
            return
        cohort_key = {"cohortIdentifier": values.cohort_identifier,
                      "educationOrganizationId": values.education_organization_id}
        if not self._exists("cohorts", cohort_key):
            self._call("POST", self._url("cohorts"), {
                "cohortIdentifier": values.cohort_identifier,
                "educationOrganizationReference": {"educationOrganizationId": values.education_organization_id},
                "cohortTypeDescriptor": "uri://ed-fi.org/CohortTypeDescriptor#Study Hall",
                "cohortScopeDescriptor": "uri://ed-fi.org/CohortScopeDescriptor#District",
                "cohortDescription": f"Cohort {values.cohort_identifier} Description"})
        if not self._exists("students", {"studentUniqueId": values.student_unique_id}):
            self._call("POST", self._url("students"), {"studentUniqueId": values.student_unique_id, **student})

    # --- the scenarios ----------------------------------------------------------------------
    def _post_association(self, body: dict, part: str = "") -> str | None:
        if "id-in-post-body" in self.switches:
            body = {"id": uuid.uuid4().hex, **body}
        answer = self._call("POST", self._url(ASSOCIATIONS), body, part=part)
        location = answer.header("location")
        return location.rstrip("/").rsplit("/", 1)[-1] if answer.status in (200, 201) and location else None

    def _find_id(self, values: ScenarioValues) -> str | None:
        query = {"educationOrganizationId": values.education_organization_id,
                 "cohortIdentifier": values.cohort_identifier, "studentUniqueId": values.student_unique_id,
                 "beginDate": self._date(9, 14)}
        answer = self._call("GET", self._url(ASSOCIATIONS, query))
        records = json.loads(answer.body or b"[]") if answer.status == 200 else []
        return records[0].get("id") if records else None

    def scenario_1(self) -> None:
        self.ensure_prerequisites(self.values.scenario_1, STUDENTS[0])
        self._post_association(self._association(self.values.scenario_1), "SCA-S1")

    def scenario_2(self) -> None:
        if "skips-scenario-2" in self.switches:
            return
        values = self.values.scenario_2
        if "scenario-2-in-cohort-1" in self.switches:
            values = ScenarioValues(self.values.scenario_1.cohort_identifier,
                                    self.values.scenario_1.education_organization_id, values.student_unique_id)
        self.ensure_prerequisites(values, STUDENTS[1])
        self._post_association(self._association(values), "SCA-S2")

    def scenario_3(self) -> None:
        record_id = self._find_id(self.values.scenario_1)
        if record_id is None:
            self.log("scenario 3: the record of scenario 1 is not on the API; nothing to update")
            return
        body = self._association(self.values.scenario_1, end_date=True)
        if "update-by-delete-and-recreate" in self.switches:
            self._call("DELETE", self._url(f"{ASSOCIATIONS}/{record_id}"))
            self._post_association(body)
            return
        if "update-with-post" in self.switches:
            self._post_association(body)
            return
        if "read-modify-write" in self.switches:
            answer = self._call("GET", self._url(f"{ASSOCIATIONS}/{record_id}"))
            if answer.status == 200:
                body = {**json.loads(answer.body), "endDate": body["endDate"]}
        path_id = record_id.upper() if "upper-case-record-id" in self.switches else record_id
        self._call("PUT", self._url(f"{ASSOCIATIONS}/{path_id}"), {"id": record_id, **body},
                   bearer="no-bearer-on-update" not in self.switches, part="SCA-S3")

    def clean_up(self) -> None:
        if faults_on(self.switches, "read"):  # a last read to check its work, made with the faulty token
            self._call("GET", self._url(ASSOCIATIONS), part="read")
        if "deletes-scenario-2-record" in self.switches:
            record_id = self._find_id(self.values.scenario_2)
            if record_id:
                self._call("DELETE", self._url(f"{ASSOCIATIONS}/{record_id}"))

    def flood(self) -> None:
        """A retry loop without a bound: the same POST again and again, each with a large body."""
        body = {**self._association(self.values.scenario_1), "_note": "x" * FLOOD_BODY_BYTES}
        for _ in range(FLOOD_REQUESTS):
            self._call("POST", self._url(ASSOCIATIONS), body)

    def run(self, scenarios: tuple[str, ...]) -> None:
        for name in scenarios:
            {"SCA-S1": self.scenario_1, "SCA-S2": self.scenario_2, "SCA-S3": self.scenario_3}[name]()
        self.clean_up()
        if "retries-without-bound" in self.switches:
            self.flood()
