"""What edcert listen prints once: what the vendor configures its client with, and what the client must
now do, in the documents' words and values."""

from __future__ import annotations

from datetime import date
from typing import Any

from .session import ListenSettings


def _date(month: int, day: int, year: int) -> str:
    return f"{month}/{day}/{year} (written {date(year, month, day).isoformat()})"


def configuration_lines(config: dict[str, Any], settings: ListenSettings, config_out: str | None) -> list[str]:
    edfi, linkit = config["edfi"], config["linkit"]
    lines = ["Configure your client with:"]
    if settings.covers("edfi"):
        lines += ["  Ed-Fi     base URL       " + edfi["base_url"] + "    (resources at {base URL}/ed-fi/{resource})",
                  "            token URL      " + edfi["token_url"],
                  "            client id      " + edfi["client_id"],
                  "            client secret  " + edfi["client_secret"]]
    if settings.covers("linkit"):
        lines += ["  LinkIt!   base URL       " + linkit["base_url"] + "    (programs at {base URL}/programs/{id})",
                  "            access key     " + linkit["access_key"],
                  "            secret         " + linkit["secret"]]
    if config_out:
        lines.append(f"  (also written to {config_out}, readable by you alone)")
    lines.append("These credentials were made for this session; they are not in any report.")
    return lines


def _association(number: int, settings: ListenSettings) -> str:
    values = settings.values.edfi_values(number)
    return (f"student {values.student_unique_id}, cohort \"{values.cohort_identifier}\" of education organization "
            f"{values.education_organization_id}")


def instruction_lines(settings: ListenSettings) -> list[str]:
    year, values = settings.school_year, settings.values
    lines = ["", "Now have your client do the following, in this order:"]
    if settings.covers("edfi"):
        lines += [
            f"  Ed-Fi v3 StudentCohort > StudentCohortAssociation (school year {year}):",
            "    Scenario 1, POST: Create a student cohort association for an elementary school student:",
            f"        {_association(1, settings)}, beginDate {_date(9, 14, year)}",
            "    Scenario 2, POST: Create a student cohort association for a high school student:",
            f"        {_association(2, settings)}, beginDate {_date(9, 14, year)}",
            "    Scenario 3, PUT: Add an end date to the student cohort association for an elementary student:",
            f"        the record of scenario 1, endDate {_date(9, 21, year)}",
            "    Prerequisites: Cohort, Student. The sheet's cohorts and students are already here"
            + ("; create your own first." if values.edfi else "."),
            "    Get a token with the client_credentials grant, send it as a bearer token, and get a new one when",
            "    the API answers 401.",
        ]
    if settings.covers("linkit"):
        student, program = values.linkit_student, values.linkit_program
        held = ", ".join(f'{p.program_id} "{p.name}"' for p in values.linkit_held) or "no program"
        formats = " and ".join(f.upper() for f in (values.formats or ("json", "xml")))
        lines += [
            "  LinkIt! Add/Remove Student from Program, in each format your client uses (" + formats + "),",
            "  Example 1 then Example 2 in one format, then both in the other:",
            f"    Example 1: Add the student (StudentID: {student}) to the program (ProgramID: {program}):",
            f"        PUT /programs/{program}?verb=assign&timestamp={{TimeStamp}}&accesskey={{AccessKey}}&tag={{Token}}",
            f"    Example 2: Remove the student (StudentID: {student}) from the program (ProgramID: {program}):",
            f"        PUT /programs/{program}?verb=deassign&timestamp={{TimeStamp}}&accesskey={{AccessKey}}&tag={{Token}}",
            f"    The student already holds {held}. TimeStamp is the GMT time of the call (6/26/2013 1:32:07 PM).",
            "    " + (f"The tag is computed with your declared signer {values.signer}." if values.signer else
                      "The tag is the lowercase hex HMAC-SHA1 of the path and query up to the tag parameter, "
                      "keyed with the secret."),
        ]
    return lines


def waiting_line(settings: ListenSettings) -> str:
    return (f"Listening. Press Ctrl-C (or send SIGTERM) when your client is done; edcert listen also ends "
            f"{settings.idle_timeout:g} s after the last request, and after {settings.max_duration:g} s in all.")
